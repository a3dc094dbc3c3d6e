#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/tools/setup.sh"
bash "$root/tools/build.sh"
cd "${FAZHI_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2 "$@"
