#!/usr/bin/env bash
# run_bench_smoke.sh — the benchmark harness runs end to end on a tiny corpus.
#
# Usage (from ctest): run_bench_smoke.sh UNDERTONE BUILD_DIR
# Two passes: with a stand-in `undertone` (a script that only counts lines),
# so the table, the stage timers and the results JSON are checked whatever
# state the real CLI is in; then with the real binary, which must either be
# measured or be reported as missing, never crash the harness.
set -eu -o pipefail
UNDERTONE=${1:?usage: run_bench_smoke.sh UNDERTONE BUILD_DIR}
BUILD=${2:?usage: run_bench_smoke.sh UNDERTONE BUILD_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/run_bench_smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v zstd >/dev/null || { echo "skipped: the zstd command is not installed"; exit 0; }

cat >"$WORK/undertone" <<'FAKE'
#!/usr/bin/env bash
case "$1" in
--version) echo "undertone stand-in" ;;
pack) [ "$2" = --help ] && exit 0; zstd -qdc "$2" | zstd -q -f -o "$4" ;;
analyze)
    [ "$2" = --help ] && exit 0
    in=$2; shift 2; out=""
    while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done
    mkdir -p "$out"
    printf '{"records": %s, "stages": {"read": 0.001, "score": 0.002}}\n' "$(zstd -qdc "$in" | wc -l)" >"$out/summary.json" ;;
*) exit 2 ;;
esac
FAKE
chmod +x "$WORK/undertone"

out=$("$ROOT/bench/run_bench.sh" --reviews 3000 --runs 1 --threads "1 2" --gen "$BUILD/gen" \
    --undertone "$WORK/undertone" --workdir "$WORK/corpora" --json "$WORK/a.json" 2>&1) || fail "harness failed: $out"
grep -q '^zstd -d  *1 ' <<<"$out" || fail "no zstd -d row in: $out"
[ "$(grep -c '^undertone  *[12] ' <<<"$out")" = 2 ] || fail "expected two undertone rows in: $out"
grep -q '3000 reviews' <<<"$out" || fail "record count from summary.json not shown: $out"
grep -q 'stages: read=0.001' <<<"$out" || fail "stage timers not shown: $out"
grep -q '"packed": true' "$WORK/a.json" || fail "pack was not used: $(cat "$WORK/a.json")"
if command -v jq >/dev/null; then
    [ "$(jq '.analyze | length' "$WORK/a.json")" = 2 ] || fail "results JSON: $(cat "$WORK/a.json")"
    [ "$(jq '.corpus.reviews' "$WORK/a.json")" = 3000 ] || fail "results JSON reviews: $(cat "$WORK/a.json")"
fi

# Against a baseline: the ratios per thread count (jq reads the baseline).
if command -v jq >/dev/null; then
    out=$("$ROOT/bench/run_bench.sh" --reviews 3000 --runs 1 --threads "1 2" --gen "$BUILD/gen" \
        --undertone "$WORK/undertone" --workdir "$WORK/corpora" --json "$WORK/a2.json" --baseline "$WORK/a.json" 2>&1) ||
        fail "harness failed with --baseline: $out"
    grep -q 'undertone -j 2: wall MB/s x' <<<"$out" || fail "no baseline comparison in: $out"
fi

# The real CLI: measured, or reported as missing; the harness still succeeds.
out=$("$ROOT/bench/run_bench.sh" --reviews 3000 --runs 1 --threads 1 --gen "$BUILD/gen" \
    --undertone "$UNDERTONE" --workdir "$WORK/corpora" --json "$WORK/b.json" 2>&1) || fail "harness failed on the real CLI: $out"
grep -q '^zstd -d ' <<<"$out" || fail "no zstd -d row with the real CLI: $out"
[ -s "$WORK/b.json" ] || fail "no results JSON with the real CLI"

# A missing binary is a clear message, not a failure.
out=$("$ROOT/bench/run_bench.sh" --reviews 1000 --runs 1 --gen "$BUILD/gen" --undertone "$WORK/none" \
    --workdir "$WORK/corpora" --json "$WORK/c.json" 2>&1) || fail "harness failed without a binary: $out"
grep -q 'no undertone binary' <<<"$out" || fail "missing binary not reported: $out"
echo "ok"
