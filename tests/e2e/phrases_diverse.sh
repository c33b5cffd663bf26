#!/usr/bin/env bash
# Phrase mining on real, mixed text (bench/diverse_corpus.py over
# ../shared/data): phrases.csv and every clusters.csv column, top_phrases
# included, are byte-identical at -j1, -j2 and -j3 and for --state shards
# merged in either order; the background sketch is in the state file, so a
# merged state gives a single run's phrase scores. The corpus stays within
# the phrase budgets (phrases_approximate false), so the check is exact.
# A second corpus of two shops has cells with more negative mentions than a
# cell's sample holds: their top_phrases are estimated from the sample, the
# same at any -j and for shards merged in either order.
source "$(dirname "$0")/common.bash"
DATA=../shared/data
if [ ! -d "$DATA/vader/ground_truth" ] || ! command -v python3 >/dev/null; then
  echo "skipped: needs ../shared/data and python3"
  exit 0
fi
python3 bench/diverse_corpus.py --data "$DATA" --mb 1.5 --shops 12 --seed 3 --out "$T/c.jsonl" 2>/dev/null
fields=(--text text --id id --group shop --rating rating --date date -q)
outputs=(themes.csv groups.csv clusters.csv phrases.csv trends.csv)
same_outputs() { # same_outputs DIR_A DIR_B
  local ok=0 f
  for f in "${outputs[@]}"; do same "$1/$f" "$2/$f" || ok=1; done
  return $ok
}
"$UT" analyze "$T/c.jsonl" "${fields[@]}" -j 1 -o "$T/j1"
"$UT" analyze "$T/c.jsonl" "${fields[@]}" -j 2 -o "$T/j2"
"$UT" analyze "$T/c.jsonl" "${fields[@]}" -j 3 -o "$T/j3"
check "phrases mined" [ "$(wc -l <"$T/j1/phrases.csv")" -gt 20 ]
check "top_phrases filled" grep -q ',[a-z][^,]*; [a-z]' "$T/j1/clusters.csv"
check "within the phrase budgets" [ "$(json_field "$T/j1/summary.json" phrases_approximate)" = false ]
check "-j2 = -j1" same_outputs "$T/j1" "$T/j2"
check "-j3 = -j1" same_outputs "$T/j1" "$T/j3"

lines=$(wc -l <"$T/c.jsonl")
head -n $((lines / 3)) "$T/c.jsonl" >"$T/a.jsonl"
tail -n +$((lines / 3 + 1)) "$T/c.jsonl" >"$T/b.jsonl"
"$UT" analyze "$T/a.jsonl" "${fields[@]}" -j 2 --state "$T/a.state" -o "$T/a"
"$UT" analyze "$T/b.jsonl" "${fields[@]}" -j 1 --state "$T/b.state" -o "$T/b"
"$UT" merge -q "$T/a.state" "$T/b.state" -o "$T/ab"
"$UT" merge -q "$T/b.state" "$T/a.state" -o "$T/ba"
check "merged shards = single run" same_outputs "$T/j1" "$T/ab"
check "merge order does not matter" same_outputs "$T/j1" "$T/ba"

python3 bench/diverse_corpus.py --data "$DATA" --mb 3 --shops 2 --seed 4 --out "$T/s.jsonl" 2>/dev/null
"$UT" analyze "$T/s.jsonl" "${fields[@]}" -j 1 -o "$T/s1"
"$UT" analyze "$T/s.jsonl" "${fields[@]}" -j 3 -o "$T/s3"
# a leaf cell (no sub-theme) whose negative mentions outnumber the sample
sampled() {
  python3 - "$1/clusters.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
themes = {r['theme'] for r in rows}
leaves = [r for r in rows if not any(t.startswith(r['theme'] + '/') for t in themes)]
sys.exit(0 if any(int(r['negative_mentions']) > 256 and r['top_phrases'] for r in leaves) else 1)
PY
}
check "cells past the sample" sampled "$T/s1"
check "sampled cells: -j3 = -j1" same_outputs "$T/s1" "$T/s3"
lines=$(wc -l <"$T/s.jsonl")
head -n $((lines / 2)) "$T/s.jsonl" >"$T/sa.jsonl"
tail -n +$((lines / 2 + 1)) "$T/s.jsonl" >"$T/sb.jsonl"
"$UT" analyze "$T/sa.jsonl" "${fields[@]}" -j 2 --state "$T/sa.state" -o "$T/sa"
"$UT" analyze "$T/sb.jsonl" "${fields[@]}" -j 1 --state "$T/sb.state" -o "$T/sb"
"$UT" merge -q "$T/sb.state" "$T/sa.state" -o "$T/sba"
check "sampled cells: merged shards = single run" same_outputs "$T/s1" "$T/sba"
finish
