#!/usr/bin/env bash
# Rebuilds fuzz/corpus/fuzz_results/ from small results databases of the current schema,
# written by the release `parley` (build/release/parley, or $PARLEY), so that the harness
# reaches past the schema version check. Run it again after every change of the schema.
#
# The databases: a minimal scenario; two-party's base and one variant; patron (regions from a
# CSV file, a patron, a mediator); two-track (talks tracks and agendas); every-key (every
# scenario key); the calibration test case (a forecast origin, an uncertain input, an
# observations file); the report's test case (a September start, an origin and a map); and
# copies of two-party made incomplete (the variant's runs removed, and every run) and damaged
# (an unknown outcome, an origin outside the horizon). Each is VACUUMed with 512-byte pages and
# must stay under 200 kB.
#
# Idempotent and deterministic: the same parley and scenarios give the same files, named by
# their SHA-1 as libFuzzer names its inputs, and the old corpus is replaced as a whole. The
# runs use fixed seeds and one thread, relative paths, and fixed timestamps.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
parley=${PARLEY:-$root/build/release/parley}
corpus=$root/fuzz/corpus/fuzz_results
limit=$((200 * 1024))
[ -x "$parley" ] || { echo "remake-fuzz-results-corpus: no parley at $parley (build the release preset, or set PARLEY)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "remake-fuzz-results-corpus: needs the sqlite3 tool" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME SCENARIO ARGS...: a database of SCENARIO (relative to the repository) in $work.
run() {
  local name=$1 scenario=$2
  shift 2
  (cd "$root" && "$parley" run "$scenario" --seed 11 --threads 1 -q --out "$work/$name.db" "$@" >/dev/null)
}

run minimal tests/data/scenarios/minimal.yaml --runs 3
run two-party scenarios/two-party/scenario.yaml --runs 2 --variant base --variant ceasefire
run patron scenarios/patron/scenario.yaml --runs 2
run two-track scenarios/two-track/scenario.yaml --runs 2
run every-key tests/data/scenarios/every-key.yaml --runs 2 --all-variants
run origin-inputs tests/data/calibrate/scenario.yaml --runs 4
run report-map tests/data/report/leading.yaml --runs 3 --all-variants

# Incomplete: the runs of the variants after the first removed (and all of them), as an
# interrupted experiment leaves them (without the checkpoint's aggregate state).
cp "$work/two-party.db" "$work/incomplete.db"
sqlite3 "$work/incomplete.db" "DELETE FROM runs WHERE variant <> 'base'; DELETE FROM run_tracks WHERE variant <> 'base';
  DELETE FROM run_inputs_compact WHERE variant_position <> (SELECT position FROM variants WHERE variant = 'base');
  DELETE FROM run_yearly_deaths_compact WHERE variant_position <> (SELECT position FROM variants WHERE variant = 'base');
  DELETE FROM run_observations_compact WHERE variant_position <> (SELECT position FROM variants WHERE variant = 'base');
  UPDATE experiment SET status = 'incomplete', finished_at = NULL, items_done = (SELECT COUNT(*) FROM runs);"
cp "$work/two-party.db" "$work/incomplete-empty.db"
sqlite3 "$work/incomplete-empty.db" "DELETE FROM runs; DELETE FROM run_tracks; DELETE FROM run_inputs_compact;
  DELETE FROM run_yearly_deaths_compact; DELETE FROM run_observations_compact;
  UPDATE experiment SET status = 'incomplete', finished_at = NULL, items_done = 0;"
# Damaged: what a hand edit or a bad disk leaves; the reader must refuse both with a message.
cp "$work/two-party.db" "$work/damaged-outcome.db"
sqlite3 "$work/damaged-outcome.db" "UPDATE runs SET outcome = 'stalemate' WHERE run = 0;"
cp "$work/origin-inputs.db" "$work/damaged-origin.db"
sqlite3 "$work/damaged-origin.db" "UPDATE variants SET origin = months + 5;"

# Everything is made and checked before the old corpus goes: a failure leaves it as it was.
mkdir -p "$work/out"
for db in "$work"/*.db; do
  # Fixed timestamps, no temporary folder in the command line, then 512-byte pages: the same
  # bytes on every run of this script.
  sqlite3 "$db" "UPDATE experiment SET started_at = '2026-01-01T00:00:00Z',
    command_line = replace(command_line, '$work/', ''),
    finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE '2026-01-01T00:00:01Z' END;
    PRAGMA page_size = 512; VACUUM;"
  size=$(stat -c %s "$db")
  if [ "$size" -gt "$limit" ]; then
    echo "remake-fuzz-results-corpus: $(basename "$db") is $size bytes, over the limit of $limit" >&2
    exit 1
  fi
  sum=$(sha1sum "$db" | cut -d' ' -f1)
  cp "$db" "$work/out/$sum"
  echo "$(basename "$db" .db): $size bytes -> fuzz/corpus/fuzz_results/$sum"
done
mkdir -p "$corpus"
rm -f "$corpus"/*
cp "$work/out"/* "$corpus"/
echo "fuzz/corpus/fuzz_results: $(ls "$corpus" | wc -l) databases, $(du -sk "$corpus" | cut -f1) kB"
