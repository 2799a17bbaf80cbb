#!/usr/bin/env bash
# Compares the month step of this checkout with that of an older build, alternating them so
# that both see the same machine: each round runs the old binary's BM_StepMonth, then this
# build's BM_StepMonthV1Settings (every version 2 mechanism off), BM_StepMonthAllMechanisms
# and BM_StepMonth (the flagship-sized world as shipped), five repetitions each, and prints
# the medians (ns of CPU per month) and their ratios to the old one. Issue 13's targets: with
# the mechanisms off within 1.10 of the old BM_StepMonth, with them all on within 2.
#
# Usage: OLD=path/to/old/parley_bench bash bench/compare-month-step.sh [ROUNDS]   (default 6)
#   The old binary, for instance of df62360 (before version 2), built in a worktree:
#     git worktree add ../wt-bench df62360 && cd ../wt-bench && cmake --preset release &&
#     cmake --build --preset release --target parley_bench
# Run it on an idle machine: another job on the other core moves single rounds by 10-20%.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OLD:?set OLD to the parley_bench of the old build}"
NEW="${NEW:-build/release/bench/parley_bench}"
rounds="${1:-6}"
for bin in "$OLD" "$NEW"; do
  [ -x "$bin" ] || { echo "compare-month-step: $bin is not an executable (build it first)" >&2; exit 2; }
done
median() { awk -v name="$1" '$1 == name "_median" {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
echo "round old_ns v1_ns all_ns shipped_ns v1_ratio all_ratio shipped_ratio load"
for round in $(seq "$rounds"); do
  old_out="$("$OLD" --benchmark_filter='^BM_StepMonth$' --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null)"
  new_out="$("$NEW" --benchmark_filter='^BM_StepMonth(V1Settings|AllMechanisms)?$' --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null)"
  old="$(median BM_StepMonth <<<"$old_out")"
  v1="$(median BM_StepMonthV1Settings <<<"$new_out")"
  all="$(median BM_StepMonthAllMechanisms <<<"$new_out")"
  shipped="$(median BM_StepMonth <<<"$new_out")"
  echo "$round $old $v1 $all $shipped $(ratio "$v1" "$old") $(ratio "$all" "$old") $(ratio "$shipped" "$old") $(cut -d' ' -f1 /proc/loadavg)"
done
