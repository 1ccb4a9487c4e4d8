#!/usr/bin/env bash
# Fuzzes kg's native ingestion (tests/fuzz/record_fuzz.cc) with libFuzzer
# under AddressSanitizer + UBSan for a bounded time.
#
#   tools/fuzz.sh [SECONDS]     default 60
#
# Builds build-fuzz/ with clang (-DKG_FUZZ=ON -DKG_SANITIZE=ON), runs the
# target on a copy of the seed corpus tests/fuzz/corpus/ (the corpus that
# libFuzzer grows stays in build-fuzz/corpus/, the seeds are not touched),
# and exits non-zero when the target crashes, keeping the crashing input in
# build-fuzz/crashes/ (turn it into a regression test under tests/regress/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=build-fuzz

command -v clang++ >/dev/null || tools/setup.sh
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_FUZZ=ON -DKG_SANITIZE=ON >/dev/null
cmake --build "$build" -j 2 --target record_fuzz

rm -rf "$build/corpus"
mkdir -p "$build/corpus" "$build/crashes"
cp tests/fuzz/corpus/* "$build/corpus/"

# max_malloc_fill_size=0: ASan need not fill every new allocation with junk
# (RocksDB makes many large ones); uninitialized reads are not its job.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:max_malloc_fill_size=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
log="$build/fuzz.log"
status=0
# -entropic=0: libFuzzer's default (entropic) schedule spends a third of the
# time on its own bookkeeping here; the plain one runs twice as many inputs.
"$build/record_fuzz" "$build/corpus" -dict=tests/fuzz/record.dict -entropic=0 \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -timeout=25 \
  -print_final_stats=1 -artifact_prefix="$build/crashes/" >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+.*DONE|stat::)' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log" >&2
  echo "fuzz: record_fuzz failed (exit $status); inputs kept in $build/crashes/:" >&2
  ls -l "$build/crashes/" >&2
  exit 1
fi
echo "fuzz: no crash in ${seconds} s"
