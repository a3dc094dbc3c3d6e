#!/usr/bin/env bash
# Configures (once) and builds fazhi into build/; binaries land in build/bin/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAZHI_BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Two jobs: gRPC translation units need ~1 GB each; more jobs do not help on 2 cores.
cmake --build "$build" -- -j"${FAZHI_JOBS:-2}"
