#!/usr/bin/env bash
# The flagship's backtest, regenerated end to end: the same model and structure from the
# vantage point of May 2012 (scenarios/afghanistan-2012), calibrated by `parley calibrate` on
# 2009-2011 only, run forward with that posterior, and scored by `parley score` against what
# happened in 2012-2014 (the rows of its observations.csv marked `use: score`), beside the
# persistence, trend and climatology baselines built from 2009-2011.
# Writes scenarios/afghanistan-2012/posterior.db (and calibration.txt), out/backtest-2012.db,
# and the scores as text and JSON (out/backtest-2012-scores.txt, .json). A few minutes.
# Usage: bash scripts/backtest.sh   (PARLEY_RUNS overrides the 10,000 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
parley=build/release/parley
if [ ! -x "$parley" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target parley
fi
runs="${PARLEY_RUNS:-10000}"
dir=scenarios/afghanistan-2012
bash scripts/calibrate.sh backtest
mkdir -p out
rm -f out/backtest-2012.db out/backtest-2012-scores.txt out/backtest-2012-scores.json
"$parley" run "$dir/scenario.yaml" --posterior "$dir/posterior.db" --runs "$runs" --seed 2012 \
  --out out/backtest-2012.db --quiet > /dev/null
"$parley" score out/backtest-2012.db "$dir/observations.csv" -o out/backtest-2012-scores.txt
"$parley" score out/backtest-2012.db "$dir/observations.csv" --json -o out/backtest-2012-scores.json
cat out/backtest-2012-scores.txt
