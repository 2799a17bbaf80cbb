#!/usr/bin/env bash
# Whole-command timings for docs/performance.md: parley run on the flagship-sized scenario,
# 1 and 2 threads, with /usr/bin/time -v (wall time, CPU time, peak memory).
# Usage: bash bench/whole_commands.sh [runs] [repeats]   (from the repository's top folder)
set -euo pipefail
runs=${1:-10000}
repeats=${2:-3}
parley=build/release/parley
scenario=bench/scenarios/large/scenario.yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for threads in 1 2; do
  for i in $(seq "$repeats"); do
    echo "== parley run $scenario --runs $runs -j $threads -q --out DB   (repeat $i, load $(cut -d' ' -f1 /proc/loadavg))"
    /usr/bin/time -v "$parley" run "$scenario" --runs "$runs" -j "$threads" -q --out "$out/r.db" 2>&1 >/dev/null |
      grep -E "Elapsed|Maximum resident|User time|System time"
    rm -f "$out/r.db"
  done
done
