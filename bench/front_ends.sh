#!/usr/bin/env bash
# Throughput of the front ends against the plain command, measured in turns (A B A B ...) so
# that a noisy machine affects both sides alike:
#   mpirun -n 2 (one thread per rank)  vs  parley run --threads 2   (flagship, every variant)
#   parley.run from /usr/bin/python3    vs  parley run               (flagship, base, 10,000 runs)
# Usage: bash bench/front_ends.sh [REPEATS] [RUNS_PER_VARIANT]   (defaults 3 and 1000)
# Prints one line per measurement: what, wall seconds, user seconds, system seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
per_variant="${2:-1000}"
parley=build/release/parley
flagship=scenarios/afghanistan-2015/scenario.yaml
root=""; [ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
measure() {  # name command...
  local name="$1"; shift
  rm -f "$tmp"/*.db
  /usr/bin/time -f "$name %e %U %S" -o "$tmp/time" "$@" >/dev/null
  cat "$tmp/time"
}
export PYTHONPATH="$(pwd)/build/release/python"
for _ in $(seq "$repeats"); do
  measure threads2 "$parley" run "$flagship" --all-variants --runs "$per_variant" --seed 1 --threads 2 --quiet --out "$tmp/a.db"
  measure mpirun2 mpirun $root --oversubscribe -n 2 "$parley" run "$flagship" --all-variants --runs "$per_variant" \
    --seed 1 --threads 1 --quiet --out "$tmp/b.db"
  measure cli10k "$parley" run "$flagship" --runs 10000 --seed 1 --threads 2 --quiet --out "$tmp/c.db"
  measure python10k /usr/bin/python3 -c "import parley; parley.run('$flagship', runs=10000, seed=1, threads=2, out='$tmp/d.db', progress=False)"
  # The call alone, in a Python that has imported parley (and so pandas) already.
  rm -f "$tmp"/*.db
  /usr/bin/python3 -c "
import os, time
t, c = time.perf_counter(), os.times()
import parley
t1, c1 = time.perf_counter(), os.times()
print(f'python-import {t1 - t:.2f} {c1.user - c.user:.2f} {c1.system - c.system:.2f}')
parley.run('$flagship', runs=10000, seed=1, threads=2, out='$tmp/e.db', progress=False)
t2, c2 = time.perf_counter(), os.times()
print(f'python10k-call {t2 - t1:.2f} {c2.user - c1.user:.2f} {c2.system - c1.system:.2f}')"
  # Each rank's own times under mpirun -n 2: rank 0 simulates half and writes everything.
  rm -f "$tmp"/*.db
  mpirun $root --oversubscribe -n 2 sh -c \
    '/usr/bin/time -f "mpirun2-rank$OMPI_COMM_WORLD_RANK %e %U %S" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' \
    "$tmp/time" "$parley" run "$flagship" --all-variants --runs "$per_variant" --seed 1 --threads 1 --quiet \
    --out "$tmp/f.db" >/dev/null
  cat "$tmp/time.rank0" "$tmp/time.rank1"
done
