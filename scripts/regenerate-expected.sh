#!/usr/bin/env bash
# Rewrites tests/data/scenarios/*.expected: the exact output of `parley validate NAME.yaml`
# run inside that folder (standard output, then standard error). Run it ON PURPOSE, after a
# change meant to alter validate's output, and read the diff before committing it:
#   scripts/regenerate-expected.sh build/release/parley
# The test ScenarioFiles/ValidateOutput (tests/unit/scenario_expected_test.cpp) compares
# every .yaml there with its .expected.
set -euo pipefail
if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/parley" >&2
  exit 2
fi
parley=$(realpath "$1")
cd "$(dirname "$0")/../tests/data/scenarios"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for yaml in *.yaml; do
  name=${yaml%.yaml}
  status=0
  "$parley" validate "$yaml" >"$tmp/out" 2>"$tmp/err" || status=$?
  case "$name" in
    bad-*) want=2 ;;
    *) want=0 ;;
  esac
  if [[ $status -ne $want ]]; then
    echo "$yaml: parley validate exited with $status, expected $want; $name.expected not written" >&2
    exit 1
  fi
  cat "$tmp/out" "$tmp/err" >"$name.expected"
  echo "wrote $name.expected"
done
