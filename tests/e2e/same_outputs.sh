#!/usr/bin/env bash
# same_outputs.sh — bench/same_outputs.sh, the byte-identity check that speed
# changes are held to, passes a build against itself and catches a change.
#
# Usage (from ctest): same_outputs.sh UNDERTONE BUILD_DIR
# The check is only worth something if it fails when an output changes, so
# after a clean pass one byte of a golden CSV is changed and a field of the
# golden summary dropped, and each must make it fail.
set -eu -o pipefail
UNDERTONE=${1:?usage: same_outputs.sh UNDERTONE BUILD_DIR}
BUILD=${2:?usage: same_outputs.sh UNDERTONE BUILD_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/same_outputs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BUILD/gen" --reviews 4000 --seed 3 --out "$WORK/c.jsonl" >/dev/null
BIN_DIR=$(dirname "$UNDERTONE")
check() { "$ROOT/bench/same_outputs.sh" --golden "$WORK/golden" "$BIN_DIR" "$WORK/c.jsonl"; }

out=$(check) || fail "writing the golden outputs failed: $out"
grep -q "golden outputs written" <<<"$out" || fail "no golden written: $out"
for f in scores.csv themes.csv groups.csv clusters.csv phrases.csv trends.csv summary.filtered; do
    [ -s "$WORK/golden/$f" ] || fail "golden lacks $f"
done
out=$(check) || fail "a build differs from itself: $out"
grep -q "outputs identical" <<<"$out" || fail "no verdict: $out"

# one changed byte in a CSV must be caught
cp "$WORK/golden/themes.csv" "$WORK/themes.keep"
sed -i '2s/[0-9]/X/' "$WORK/golden/themes.csv"
set +e; out=$(check); rc=$?; set -e
[ $rc = 1 ] || fail "a changed themes.csv was not caught (exit $rc): $out"
grep -q "themes.csv" <<<"$out" || fail "the differing file is not named: $out"
cp "$WORK/themes.keep" "$WORK/golden/themes.csv"

# a dropped summary field must be caught
sed -i '/"records"/d' "$WORK/golden/summary.filtered"
set +e; out=$(check); rc=$?; set -e
[ $rc = 1 ] || fail "a changed summary was not caught (exit $rc): $out"

set +e; out=$("$ROOT/bench/same_outputs.sh" "$BIN_DIR" 2>&1); rc=$?; set -e
[ $rc = 2 ] || fail "a missing corpus argument should be a usage error (exit $rc)"
echo "ok"
