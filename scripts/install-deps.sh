#!/usr/bin/env bash
# Installs every Debian 12 package parley needs to build, test and run.
# Idempotent and non-interactive; run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev libpcg-cpp-dev
  libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev   # the fuzz preset: clang++-14 and libFuzzer (fuzz/)
  python3-pandas   # the pandas example in docs/results-format.md (use /usr/bin/python3)
  pybind11-dev python3-dev python3-numpy   # the Python module (python/), for /usr/bin/python3
  python3-matplotlib python3-nbconvert python3-ipykernel   # the example notebook, executed by a test
  libopenmpi-dev openmpi-bin   # parley run under mpirun (src/cli/mpi.cpp) and its tests
  chromium chromium-driver python3-selenium   # the report_browser test (tests/browser/), offline
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
