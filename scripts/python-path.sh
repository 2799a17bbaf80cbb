#!/usr/bin/env bash
# Makes `import parley` work for Debian's /usr/bin/python3, and so for Jupyter notebooks on its
# kernel: writes parley.pth, naming build/<preset>/python, into that Python's site-packages
# (/usr/local/lib/python3.11/dist-packages). Without write access it says what to set instead.
# Usage: bash scripts/python-path.sh [PRESET]   (default: release; main.sh and test.sh run it)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
dir="$(pwd)/build/$preset/python"
if [ ! -f "$dir/parley/__init__.py" ]; then
  echo "python-path: no Python module in build/$preset (built without pybind11, or a sanitizer preset)"
  exit 0
fi
site="$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')"
if mkdir -p "$site" 2>/dev/null && [ -w "$site" ]; then
  echo "$dir" > "$site/parley.pth"
  echo "python-path: /usr/bin/python3 imports parley from $dir (via $site/parley.pth)"
else
  echo "python-path: cannot write $site; run Python with PYTHONPATH=$dir"
fi
