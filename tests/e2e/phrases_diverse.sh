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

# shard_states CORPUS FIRST_LINES NAME: the corpus's first lines and the
# rest analysed apart (-j2 and -j1) into $T/NAME-a.state and $T/NAME-b.state
shard_states() {
  head -n "$2" "$1" >"$T/$3-a.jsonl"
  tail -n +$(($2 + 1)) "$1" >"$T/$3-b.jsonl"
  "$UT" analyze "$T/$3-a.jsonl" "${fields[@]}" -j 2 --state "$T/$3-a.state" -o "$T/$3-a"
  "$UT" analyze "$T/$3-b.jsonl" "${fields[@]}" -j 1 --state "$T/$3-b.state" -o "$T/$3-b"
}
shard_states "$T/c.jsonl" $(($(wc -l <"$T/c.jsonl") / 3)) c
"$UT" merge -q "$T/c-a.state" "$T/c-b.state" -o "$T/ab"
"$UT" merge -q "$T/c-b.state" "$T/c-a.state" -o "$T/ba"
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
shard_states "$T/s.jsonl" $(($(wc -l <"$T/s.jsonl") / 2)) s
"$UT" merge -q "$T/s-b.state" "$T/s-a.state" -o "$T/sba"
check "sampled cells: merged shards = single run" same_outputs "$T/s1" "$T/sba"
finish
