#!/usr/bin/env bash
# The main job: installs what parley needs, builds it, validates every shipped scenario,
# runs the Afghanistan 2015 scenario with all its variants (10,000 runs each, about a minute
# on two cores) into out/afghanistan-2015.db, each run's uncertain values drawn from the
# shipped posterior (scenarios/afghanistan-2015/posterior.db, fitted by scripts/calibrate.sh
# to the history before May 2015), measures which uncertain values move its outputs (parley
# sensitivity, over their priors: out/afghanistan-2015-sensitivity.db), and writes the
# analyst's report to out/afghanistan-2015.html. PARLEY_RUNS overrides the number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bash scripts/python-path.sh release   # import parley from /usr/bin/python3 and notebooks
parley=build/release/parley
runs="${PARLEY_RUNS:-10000}"
echo
"$parley" validate --quiet scenarios/*/scenario.yaml
mkdir -p out
rm -f out/afghanistan-2015.db out/afghanistan-2015-sensitivity.db
# The per-variant summary goes to a text file; the report says it all, better.
"$parley" run scenarios/afghanistan-2015/scenario.yaml --all-variants --runs "$runs" --seed 2015 \
  --posterior scenarios/afghanistan-2015/posterior.db --out out/afghanistan-2015.db --quiet > out/afghanistan-2015-summary.txt
"$parley" sensitivity scenarios/afghanistan-2015/scenario.yaml --seed 2015 --quiet \
  --out out/afghanistan-2015-sensitivity.db > out/afghanistan-2015-sensitivity.txt
"$parley" report out/afghanistan-2015.db --sensitivity out/afghanistan-2015-sensitivity.db -o out/afghanistan-2015.html
echo
echo "Report:  $(pwd)/out/afghanistan-2015.html  (open it in a browser; it needs no network)"
echo "Results: $(pwd)/out/afghanistan-2015.db  (tables in docs/results-format.md; parley summary / compare / export read it)"
echo "Summary: $(pwd)/out/afghanistan-2015-summary.txt"
echo "Sensitivity: $(pwd)/out/afghanistan-2015-sensitivity.txt (which uncertain values move which outputs)"
