#!/usr/bin/env bash
# Regenerates the shipped posteriors, by `parley calibrate` alone (never by hand):
#   flagship  scenarios/afghanistan-2015/posterior.db: origin May 2015, fitted to 2012-2014
#   backtest  scenarios/afghanistan-2012/posterior.db: origin May 2012, fitted to 2009-2011
# Each fit uses only its scenario's observations dated before its origin (parley calibrate
# refuses any other) and writes what it found beside the posterior (calibration.txt).
# A few minutes each on two cores. Usage: bash scripts/calibrate.sh [flagship|backtest|all]
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
parley=build/release/parley
if [ ! -x "$parley" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target parley
fi
# 1,200 particles (an effective sample size above 500 at the end); the tolerance falls
# to the 60% quantile of the last distances each generation (a slower fall keeps the
# weights even); at most 12 generations or 600,000 simulations.
settings=(--particles 1200 --quantile 0.6 --generations 12 --budget 600000 --checks 1000)
fit() {
  local dir="$1" seed="$2"
  rm -f "$dir/posterior.db" "$dir/posterior.db.partial"
  "$parley" calibrate "$dir/scenario.yaml" --out "$dir/posterior.db" "${settings[@]}" --seed "$seed" \
    > "$dir/calibration.txt"
  cat "$dir/calibration.txt"
}
case "$which" in
  flagship) fit scenarios/afghanistan-2015 2015 ;;
  backtest) fit scenarios/afghanistan-2012 2012 ;;
  all) fit scenarios/afghanistan-2015 2015; fit scenarios/afghanistan-2012 2012 ;;
  *) echo "usage: bash scripts/calibrate.sh [flagship|backtest|all]" >&2; exit 2 ;;
esac
