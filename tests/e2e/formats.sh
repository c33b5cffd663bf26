#!/usr/bin/env bash
# The same corpus as .jsonl, .jsonl.zst (one frame), multi-frame .zst (frames
# cut at arbitrary bytes, so records straddle frames), a packed .zst, .csv,
# and standard input gives the same records and identical --scores (TSV
# too has the same records, but TSV cannot hold the line breaks inside a
# review, which end sentences, so its scores may differ slightly); and
# every output is byte-identical for -j1, -j2 and -j3.
source "$(dirname "$0")/common.bash"
fields=(--text text --title title --id id --rating stars --date date --group branch)
"$GEN" --reviews 4000 --seed 11 --format jsonl --out "$T/c.jsonl"
"$GEN" --reviews 4000 --seed 11 --format csv --out "$T/c.csv"
"$GEN" --reviews 4000 --seed 11 --format tsv --out "$T/c.tsv"
zstd -q -19 "$T/c.jsonl" -o "$T/single.jsonl.zst"
split -b 50000 -a 3 "$T/c.jsonl" "$T/part."
for p in "$T"/part.*; do zstd -q -c "$p"; done >"$T/multi.jsonl.zst"
"$UT" pack "$T/c.jsonl" -o "$T/packed.jsonl.zst" --frame-size 64K

run() { # run NAME INPUT [extra options]
  local name=$1 input=$2; shift 2
  "$UT" analyze "$input" "${fields[@]}" -q -o "$T/out.$name" --scores "$T/scores.$name.csv" "$@"
}
run jsonl "$T/c.jsonl"
run single "$T/single.jsonl.zst"
run multi "$T/multi.jsonl.zst"
run packed "$T/packed.jsonl.zst"
run csv "$T/c.csv"
run tsv "$T/c.tsv"
"$UT" analyze - -f jsonl "${fields[@]}" -q -o "$T/out.stdin" --scores "$T/scores.stdin.csv" <"$T/c.jsonl"
zstd -q -c "$T/c.jsonl" | "$UT" analyze - -f jsonl "${fields[@]}" -q -o "$T/out.stdinzst" --scores "$T/scores.stdinzst.csv"

check "4000 records" [ "$(json_field "$T/out.jsonl/summary.json" records)" = 4000 ]
check "scores rows" [ "$(wc -l <"$T/scores.jsonl.csv")" = 4001 ]
check "records tsv" [ "$(json_field "$T/out.tsv/summary.json" records)" = 4000 ]
check "scores rows tsv" [ "$(wc -l <"$T/scores.tsv.csv")" = 4001 ]
for v in single multi packed csv stdin stdinzst; do
  check "scores $v = jsonl" same "$T/scores.jsonl.csv" "$T/scores.$v.csv"
  check "records $v" [ "$(json_field "$T/out.$v/summary.json" records)" = 4000 ]
  for f in themes.csv groups.csv clusters.csv phrases.csv trends.csv; do
    check "$f $v = jsonl" same "$T/out.jsonl/$f" "$T/out.$v/$f"
  done
done

# thread-count independence, with small windows so work is cut finely
for j in 1 2 3; do
  "$UT" analyze "$T/multi.jsonl.zst" "${fields[@]}" -q -j $j --window 20K -o "$T/j$j" --scores "$T/j$j.scores.csv"
  "$UT" analyze "$T/c.csv" "${fields[@]}" -q -j $j --window 7K -o "$T/cj$j" --scores "$T/cj$j.scores.csv"
done
for j in 2 3; do
  check "scores -j$j = -j1" same "$T/j1.scores.csv" "$T/j$j.scores.csv"
  check "csv scores -j$j = -j1" same "$T/cj1.scores.csv" "$T/cj$j.scores.csv"
  for f in themes.csv groups.csv clusters.csv phrases.csv trends.csv; do
    check "$f -j$j = -j1" same "$T/j1/$f" "$T/j$j/$f"
    check "csv $f -j$j = -j1" same "$T/cj1/$f" "$T/cj$j/$f"
  done
done
check "window-cut scores = plain" same "$T/scores.jsonl.csv" "$T/j2.scores.csv"

# JSON lines scores carry the same numbers
"$UT" analyze "$T/c.jsonl" "${fields[@]}" -q --scores "$T/s.jsonl"
check "jsonl scores rows" [ "$(wc -l <"$T/s.jsonl")" = 4000 ]
check "jsonl scores keys" grep -q '^{"id":"[^"]*","compound":[-0-9.]*,"positive":[0-9.]*,"neutral":[0-9.]*,"negative":[0-9.]*,"rating":[0-9.]*,"themes":{' "$T/s.jsonl"
# scores on stdout, summary not mixed in
"$UT" analyze "$T/c.jsonl" "${fields[@]}" --scores - >"$T/stdout.csv" 2>/dev/null
check "stdout scores = file" same "$T/scores.jsonl.csv" "$T/stdout.csv"
finish
