#!/usr/bin/env bash
# score_speed_smoke.sh — bench/score_speed.sh runs end to end, and what
# bench_tokenizer --score times is the real scorer: the sum of its compounds
# equals the sum of `undertone analyze --scores` over the same texts.
#
# Usage (from ctest): score_speed_smoke.sh UNDERTONE BUILD_DIR
set -eu -o pipefail
UNDERTONE=${1:?usage: score_speed_smoke.sh UNDERTONE BUILD_DIR}
BUILD=${2:?usage: score_speed_smoke.sh UNDERTONE BUILD_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/score_speed_smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v zstd >/dev/null || { echo "skipped: the zstd command is not installed"; exit 0; }

"$BUILD/gen" --reviews 2000 --seed 5 --out "$WORK/c.jsonl" >/dev/null

# the saved texts are the "text" values, one per review
out=$("$BUILD/bench_tokenizer" --save-texts "$WORK/texts" "$WORK/c.jsonl") || fail "--save-texts: $out"
grep -q '^2000 texts' <<<"$out" || fail "expected 2000 texts: $out"
first=$(head -1 "$WORK/c.jsonl" | sed -E 's/.*"text":"([^"\\]*)".*/\1/')
[ "$(head -c ${#first} "$WORK/texts")" = "$first" ] || fail "saved texts do not start with the first review's text"

# one round: the checksum is the compounds summed once per pass, two passes
out=$("$BUILD/bench_tokenizer" --score -r 1 "$WORK/c.jsonl") || fail "--score: $out"
checksum=$(sed -E -n 's/.*checksum (-?[0-9.]+).*/\1/p' <<<"$out")
[ -n "$checksum" ] || fail "no checksum in: $out"
"$UNDERTONE" analyze "$WORK/c.jsonl" --text text --scores "$WORK/scores.csv" -o "$WORK/out" >/dev/null 2>&1 ||
    fail "analyze failed"
awk -F, -v c="$checksum" 'NR > 1 { s += $2; n++ }
    END { d = c / 2 - s; if (d < 0) d = -d;
          if (n != 2000 || d > n * 5e-5) { printf "scorer sum %.4f vs analyze %.4f over %d\n", c / 2, s, n; exit 1 } }' \
    "$WORK/scores.csv" || fail "bench_tokenizer --score does not score as analyze does"

out=$("$ROOT/bench/score_speed.sh" --build "$BUILD" --rounds 1 "$WORK/c.jsonl") || fail "score_speed.sh: $out"
for row in 'zstd -d' 'baseline' '| tokenize |' 'tokenize+score' 'score alone'; do
    grep -qF "$row" <<<"$out" || fail "no '$row' row in: $out"
done
# every rate and ratio is a positive number
awk -F'|' '/^\| [a-z]/ && !/path/ { if (!($3 + 0 > 0) || !($4 + 0 > 0)) { print "bad row: " $0; exit 1 } }' <<<"$out" ||
    fail "a row without a rate: $out"
echo "ok"
