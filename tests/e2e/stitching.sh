#!/usr/bin/env bash
# Records that straddle work units are stitched, never lost or duplicated:
# for window sizes from 1 byte up (each job then ends mid-record at a
# different place), the record count and every per-review row equal those of
# one whole-file pass. (test_record_split checks every split position of the
# splitting primitives themselves; this checks the pipeline that uses them.) CSV with quoted newlines, commas and doubled quotes,
# JSON lines with escapes, a BOM, CRLF and blank lines, plain and zstd.
source "$(dirname "$0")/common.bash"
{
  printf '\xef\xbb\xbfid,text,stars\r\n'
  printf '1,"great, really ""great""\nsecond line",5\r\n'
  printf '\r\n'
  printf '2,plain and simple,4\n'
  printf '3,"rude staff,\n\nnever again",1\n'
  printf '4,"a ""quoted"" word",3\n'
  printf '5,"multi\r\nline\r\nwith CRLF inside",2\n'
  printf '6,no newline at the end,5'
} >"$T/t.csv"
{
  printf '{"id":"a","text":"Loved it \\u00e9\\ud83d\\ude00, would buy again"}\n'
  printf '\n{"id":"b","text":"broken after two days.\\nRefund took weeks"}\r\n'
  printf '{"id":"c","text":"fine"}\n'
  printf '{"id":"d" "text":"bad json"}\n'
  printf '{"id":"e","text":"the last one, no newline"}'
} >"$T/t.jsonl"
zstd -q -c "$T/t.csv" >"$T/t.csv.zst"
"$UT" analyze "$T/t.csv" --id id --rating stars -q -o "$T/csv.ref" --scores "$T/csv.ref.csv"
"$UT" analyze "$T/t.jsonl" --id id -q -o "$T/jsonl.ref" --scores "$T/jsonl.ref.csv" 2>/dev/null
check "csv: 6 records" [ "$(json_field "$T/csv.ref/summary.json" records)" = 6 ]
check "jsonl: 4 records + 1 bad" [ "$(json_field "$T/jsonl.ref/summary.json" records)" = 4 ]
windows() { seq 1 24; echo 31 47 64 97 128 $(($1 - 1)) $1 $(($1 + 1)); }
for w in $(windows "$(stat -c %s "$T/t.csv")"); do
  for input in t.csv t.csv.zst; do
    "$UT" analyze "$T/$input" -f csv --id id --rating stars -q -j 2 --window $w -o "$T/o" --scores "$T/s.csv"
    check "$input window $w: same rows" same "$T/csv.ref.csv" "$T/s.csv"
    check "$input window $w: same summary" [ "$(json_field "$T/o/summary.json" records)" = 6 ]
  done
done
for w in $(windows "$(stat -c %s "$T/t.jsonl")"); do
  "$UT" analyze "$T/t.jsonl" --id id -q -j 3 --window $w -o "$T/o" --scores "$T/s.csv" 2>"$T/err"
  check "jsonl window $w: bad record named alike" grep -q 'record 4 (byte offset 154): json_syntax' "$T/err"
  check "jsonl window $w: same rows" same "$T/jsonl.ref.csv" "$T/s.csv"
  check "jsonl window $w: bad record counted once" grep -q '"json_syntax": 1' "$T/o/summary.json"
done
finish
