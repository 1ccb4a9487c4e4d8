#!/usr/bin/env bash
# Installs kg's build and test dependencies from Debian 12 packages (only those
# missing), then configures and builds kg with CMake and Ninja.
#
#   tools/setup.sh            release build in build/
#   tools/setup.sh --asan     AddressSanitizer + UBSan build in build-asan/
#   tools/setup.sh --tsan     ThreadSanitizer build in build-tsan/
#
# A compiler launcher such as ccache is used when the environment names one
# (CMAKE_CXX_COMPILER_LAUNCHER=ccache, read by CMake on the first configure);
# nothing here needs it.
#
# Idempotent; runs apt-get as root, or through sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev libboost-graph-dev rapidjson-dev libcli11-dev catch2
  zlib1g-dev libutf8proc-dev libcsv-dev
  graphviz python3 python3-networkx gdal-bin gzip
  clang libclang-rt-14-dev
  libcpp-httplib-dev libjs-leaflet chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  echo "setup: installing ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=build
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--asan" ]; then
  build=build-asan
  # Debug keeps assertions on; -O1 keeps the sanitized suite quick.
  cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DKG_SANITIZE=ON)
elif [ "${1:-}" = "--tsan" ]; then
  build=build-tsan
  cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DKG_TSAN=ON)
elif [ -n "${1:-}" ]; then
  echo "usage: tools/setup.sh [--asan | --tsan]" >&2
  exit 2
fi
cmake -S . -B "$build" "${cmake_args[@]}" >/dev/null
cmake --build "$build" -j 2
