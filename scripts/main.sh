#!/usr/bin/env bash
# The main job: installs what parley needs, builds it, and runs the teaching scenarios
# through the validator, which checks them and prints a summary of each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
./build/release/parley validate scenarios/two-party/scenario.yaml scenarios/patron/scenario.yaml
echo
echo "parley is built at build/release/parley; try: build/release/parley --help"
