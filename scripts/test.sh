#!/usr/bin/env bash
# Installs what parley needs, builds the optimised preset, and runs every test
# (labels: unit, stat, browser, python and mpi). Usage: bash scripts/test.sh [PRESET]   (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
bash scripts/python-path.sh "$preset"
ctest --preset "$preset"
