#!/usr/bin/env bash
# The main job: installs what parley needs, builds it, validates and summarises the teaching
# scenarios, and tells the story of one simulated run of the patron scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
./build/release/parley validate scenarios/two-party/scenario.yaml scenarios/patron/scenario.yaml
echo
mkdir -p out
./build/release/parley run scenarios/patron/scenario.yaml --runs 1 --seed 2015 --trace --trace-csv out/patron-trace.csv
echo
echo "parley is built at build/release/parley; try: build/release/parley --help"
