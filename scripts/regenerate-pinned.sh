#!/usr/bin/env bash
# Regenerates the pinned regression outputs in tests/data/pinned/ ON PURPOSE: run it only when
# a change of the model's numbers (or of the printed text) is intended, and say why in the
# commit. Each NAME.cmd holds the parley arguments (@SRC@ stands for the source tree); the
# command runs in an empty folder and its standard output becomes NAME.out, and the trace CSV
# it writes (if any) NAME.trace.csv. tests/unit/pinned_test.cpp checks them byte for byte.
# Usage: bash scripts/regenerate-pinned.sh [path/to/parley]   (default: build/release/parley)
set -euo pipefail
cd "$(dirname "$0")/.."
src="$(pwd)"
parley="$(realpath "${1:-build/release/parley}")"
for cmd in tests/data/pinned/*.cmd; do
  name="${cmd%.cmd}"
  work="$(mktemp -d)"
  args="$(sed "s|@SRC@|$src|g" "$cmd")"
  # shellcheck disable=SC2086  # the arguments are words on purpose
  (cd "$work" && "$parley" $args >stdout.txt)
  cp "$work/stdout.txt" "$name.out"
  if [[ -f "$work/trace.csv" ]]; then cp "$work/trace.csv" "$name.trace.csv"; else rm -f "$name.trace.csv"; fi
  rm -rf "$work"
  echo "regenerated $name.out"
done
