#!/usr/bin/env bash
# Builds the libFuzzer targets with clang under ASan+UBSan and runs each for
# a bounded time on a copy of its seed corpus. Any crash fails the script;
# the crashing input is left in build-fuzz/findings/ to become a regression
# seed in tests/fuzz/corpus/<target>/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUT_FUZZ=ON -DUT_SANITIZE=ON \
  -DUT_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" >/dev/null
mkdir -p build-fuzz/findings
status=0
for bin in build-fuzz/fuzz_*; do
  name=$(basename "$bin"); target=${name#fuzz_}
  work=build-fuzz/corpus-$target
  rm -rf "$work"; mkdir -p "$work"
  cp tests/fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
  echo "fuzzing $target for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix=build-fuzz/findings/"$target"- "$work" >build-fuzz/"$target".log 2>&1; then
    echo "FINDING in $target: see build-fuzz/$target.log and build-fuzz/findings/"
    tail -30 build-fuzz/"$target".log
    status=1
  else
    grep -E '^(#[0-9]+|Done)' build-fuzz/"$target".log | tail -1
  fi
done
exit $status
