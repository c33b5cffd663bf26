#!/usr/bin/env bash
# The test command (what CI runs): installs what is missing, then
#  1. builds and runs the whole suite (cmocka unit tests, end-to-end CLI
#     tests, fuzz-corpus replays);
#  2. rebuilds with AddressSanitizer + UndefinedBehaviorSanitizer and runs
#     the suite again;
#  3. runs the CLI once under valgrind;
#  4. runs every fuzz target for a bounded time (UT_FUZZ_SECONDS, default 30);
# and first checks that every C file is clang-formatted (.clang-format).
# Usage: scripts/test.sh [--quick]   (--quick: step 1 only)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = --quick ] && quick=1
if [ $quick = 1 ]; then scripts/install-deps.sh; else UT_WITH_EXTRAS=1 scripts/install-deps.sh; fi
jobs=$(nproc 2>/dev/null || echo 2)

echo "== 0. the C sources are clang-formatted (generated tables aside)"
if command -v clang-format >/dev/null; then
  git ls-files '*.c' '*.h' 2>/dev/null | grep -v -e 'engine/text/charclass_table.c' -e 'engine/model/score_rules_table.c' |
    xargs -r clang-format --dry-run -Werror
  echo "clang-format: clean"
else
  echo "clang-format not installed: format check skipped"
fi

echo "== 1. build and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUT_MPI=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
[ $quick = 1 ] && exit 0

echo "== 2. the suite under ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DUT_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== 3. the CLI under valgrind"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
build/gen --reviews 3000 --seed 4 --format csv --out "$t/c.csv"
valgrind -q --error-exitcode=9 --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite \
  build/undertone analyze "$t/c.csv" --text text --title title --id id --rating stars --date date \
  --group branch -j 2 -q -o "$t/out" --scores "$t/s.csv" --state "$t/state"
valgrind -q --error-exitcode=9 --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite \
  build/undertone merge "$t/state" -q -o "$t/merged"
echo "valgrind: clean"

echo "== 4. fuzzing, ${UT_FUZZ_SECONDS:-30}s per target"
scripts/fuzz.sh "${UT_FUZZ_SECONDS:-30}"
echo "all test stages passed"
