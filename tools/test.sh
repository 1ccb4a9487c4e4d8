#!/usr/bin/env bash
# Installs what is missing, builds kg and runs the whole test suite.
#
#   tools/test.sh           release build in build/
#   tools/test.sh --asan    the same suite under AddressSanitizer + UBSan, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh "$@"
build=build
[ "${1:-}" = "--asan" ] && build=build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" -j2 --output-on-failure --timeout 600
