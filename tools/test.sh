#!/usr/bin/env bash
# Installs what is missing, builds kg and runs the whole test suite.
#
#   tools/test.sh           release build in build/
#   tools/test.sh --asan    the same suite under AddressSanitizer + UBSan, in build-asan/
#   tools/test.sh --tsan    the same suite under ThreadSanitizer, in build-tsan/; a data
#                           race in kg (or in a kg it runs) fails the test that met it
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh "$@"
build=build
case "${1:-}" in
  --asan) build=build-asan ;;
  --tsan) build=build-tsan ;;
esac
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan_suppressions.txt"
ctest --test-dir "$build" -j2 --output-on-failure --timeout 600
