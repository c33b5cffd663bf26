#!/usr/bin/env bash
# score_speed.sh — the default model's tokenize+score rate on real review
# text, as a ratio to `zstd -d` on the same bytes, measured in one run.
#
# The sentiment issue states its speed target per core against zstd
# decompression, so the review texts are extracted once (bench_tokenizer
# --save-texts), `zstd -b` times decompressing exactly those bytes, and
# bench_tokenizer times, on one thread's CPU time, best of R rounds each:
#   baseline         a bare loop that finds words, lower-cases and hashes them
#                    (a floor for any word-level tokenizer written this way)
#   tokenize         ut_tokenize
#   tokenize+score   ut_tokenize, then ut_score_tokens (default model)
#   score alone      ut_score_tokens over texts tokenized beforehand
#
# Usage: bench/score_speed.sh [--build DIR] [--rounds R] [FILE.jsonl...]
#        (default: build-rel, 20 rounds, ../shared/data/reviews/*.jsonl)
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-rel"
ROUNDS=20
FILES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --build) BUILD=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) FILES+=("$1"); shift ;;
    esac
done
[ ${#FILES[@]} -gt 0 ] || FILES=("$ROOT"/../shared/data/reviews/*.jsonl)
BENCH="$BUILD/bench_tokenizer"
[ -x "$BENCH" ] || { echo "score_speed: no $BENCH (build with cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release)" >&2; exit 2; }
command -v zstd >/dev/null || { echo "score_speed: zstd is not installed" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BENCH" --save-texts "$WORK/texts" "${FILES[@]}" >/dev/null || exit 1

# zstd -b prints "... (x3.101),  203.1 MB/s, 1321.0 MB/s": the last figure is decompression
zstd_line=$(zstd -b3 -i3 "$WORK/texts" 2>&1 | tr '\r' '\n' | grep -E 'MB/s, +[0-9.]+ MB/s' | tail -1)
zstd_mbs=$(sed -E 's/.*, +([0-9.]+) MB\/s *$/\1/' <<<"$zstd_line")
[ -n "$zstd_mbs" ] || { echo "score_speed: cannot read zstd -b output: $zstd_line" >&2; exit 1; }

rate() { sed -E -n "s/.*$1 [0-9.]+ ms = ([0-9.]+) MB\/s.*/\1/p"; }
baseline=$("$BENCH" --baseline -r "$ROUNDS" "${FILES[@]}" | rate 'cpu')
tokenize=$("$BENCH" -r "$ROUNDS" "${FILES[@]}" | rate 'cpu')
score_out=$("$BENCH" --score -r "$ROUNDS" "${FILES[@]}")
both=$(rate 'tokenize\+score' <<<"$score_out")
alone=$(rate 'texts' <<<"$score_out")
texts=$(sed -E -n 's/^([0-9]+ texts, [0-9.]+ MB).*/\1/p' <<<"$score_out")

echo "review texts: $texts; one thread, best of $ROUNDS rounds (CPU time); zstd -b3 -i3 on the same bytes"
printf '| path | MB/s | ratio to zstd -d |\n|---|---|---|\n'
printf '| zstd -d (level 3) | %s | 1 |\n' "$zstd_mbs"
for row in "baseline (find, lower-case, hash words)|$baseline" "tokenize|$tokenize" \
           "tokenize+score (default model)|$both" "score alone (pre-tokenized)|$alone"; do
    name=${row%|*} mbs=${row##*|}
    printf '| %s | %s | %s |\n' "$name" "$mbs" "$(awk -v a="$mbs" -v z="$zstd_mbs" 'BEGIN { printf "%.3f", a / z }')"
done
