#!/usr/bin/env bash
# CTest `report_browser` (label browser): simulate the Afghanistan 2015 flagship, write its
# HTML report with the real parley commands, and check the report in headless Chromium
# (tests/browser/check_report.py: offline, no console errors, every chart drawn, 34
# provinces, a working month slider). The screenshot goes to SCREENSHOT.
# Usage: report_browser_test.sh PARLEY_BINARY PARLEY_SOURCE_DIR SCREENSHOT
# The temporary directory is removed at the end; set PARLEY_KEEP_TMP=1 to keep it.
set -uo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 PARLEY_BINARY PARLEY_SOURCE_DIR SCREENSHOT" >&2
  exit 2
fi
parley="$1"
source_dir="$2"
screenshot="$3"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/parley-report-browser.XXXXXX")"
if [ "${PARLEY_KEEP_TMP:-0}" = 1 ]; then
  echo "report_browser: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

step() {  # step NAME COMMAND...: run it, say which step failed and with what status
  local name="$1"
  shift
  if [ "$1" = quiet ]; then echo "report_browser: $name: ${*:3}"; else echo "report_browser: $name: $*"; fi
  "$@"
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "report_browser: FAILED at step '$name' (exit status $rc)" >&2
    exit 1
  fi
}

quiet() {  # quiet LOG COMMAND...: output to LOG, shown (the last 40 lines) only on failure
  local log="$1"
  shift
  "$@" >"$log" 2>&1 || { local rc=$?; tail -n 40 "$log"; return "$rc"; }
}

step "parley run" quiet "$tmp/run.log" "$parley" run "$source_dir/scenarios/afghanistan-2015/scenario.yaml" \
  --all-variants --runs 100 --seed 1 --quiet --out "$tmp/results.db"
step "parley report" "$parley" report "$tmp/results.db" -o "$tmp/report.html"
if [ ! -s "$tmp/report.html" ]; then
  echo "report_browser: FAILED at step 'parley report': it exited 0 but wrote no $tmp/report.html" >&2
  exit 1
fi
step "check_report.py" /usr/bin/python3 "$source_dir/tests/browser/check_report.py" "$tmp/report.html" \
  --provinces 34 --screenshot "$screenshot"
echo "report_browser: passed; screenshot: $screenshot"
