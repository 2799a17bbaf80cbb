#!/usr/bin/env bash
# The main job: installs what parley needs, builds it, validates every shipped scenario,
# runs the Afghanistan 2015 scenario with all its variants (2000 runs each) into
# out/afghanistan-2015.db, and prints the summary and the comparison with the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
parley=build/release/parley
echo
"$parley" validate --quiet scenarios/*/scenario.yaml
mkdir -p out
rm -f out/afghanistan-2015.db
"$parley" run scenarios/afghanistan-2015/scenario.yaml --all-variants --runs 2000 --seed 2015 \
  --out out/afghanistan-2015.db
echo
"$parley" compare out/afghanistan-2015.db --baseline base
echo
echo "Results: out/afghanistan-2015.db (tables described in docs/results-format.md)."
echo "One run's story: $parley run scenarios/afghanistan-2015/scenario.yaml --runs 1 --trace"
