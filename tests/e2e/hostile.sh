#!/usr/bin/env bash
# Hostile input: every case ends with a clear message naming the file (and
# record or offset), the contract's exit status, bad records counted by
# reason, bounded memory, and no partial output files.
source "$(dirname "$0")/common.bash"
rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# empty file and no trailing newline
: >"$T/empty.jsonl"
check "empty file" expect_status 0 "$UT" analyze "$T/empty.jsonl" -q -o "$T/o1"
printf '{"text":"good"}\n{"text":"last line, no newline"}' >"$T/nonl.jsonl"
check "no trailing newline" expect_status 0 "$UT" analyze "$T/nonl.jsonl" -q -o "$T/o2"
check "no trailing newline: 2 records" [ "$(json_field "$T/o2/summary.json" records)" = 2 ]

# a single 50 MB line: analysed under the default limit, skipped as too_large under a small one
{ printf '{"text":"'; head -c 50000000 /dev/zero | tr '\0' 'a'; printf ' terrible"}\n{"text":"fine"}\n'; } >"$T/huge.jsonl"
check "50 MB line analysed" expect_status 0 "$UT" analyze "$T/huge.jsonl" -q -o "$T/o3"
check "50 MB line: 2 records" [ "$(json_field "$T/o3/summary.json" records)" = 2 ]
check "50 MB line over limit" expect_status 0 "$UT" analyze "$T/huge.jsonl" -q --max-record-size 1M -o "$T/o4"
check "too_large counted" grep -q '"too_large": *1' "$T/o4/summary.json"
check "too_large names record 1" stderr_has "record 1"
rm -f "$T/huge.jsonl"

# NUL bytes, invalid and overlong UTF-8, lone surrogates in \u escapes
printf '{"text":"nul \\u0000 escaped"}\n{"text":"raw nul \0 inside"}\n{"text":"bad \xff\xfe \xc0\xaf utf8"}\n{"text":"lone \\ud800 surrogate \\udc00"}\n' >"$T/bytes.jsonl"
check "odd bytes: exit 0" expect_status 0 "$UT" analyze "$T/bytes.jsonl" -q -o "$T/o5" --scores "$T/o5.csv"
check "odd bytes: every record accounted" [ $(( $(json_field "$T/o5/summary.json" records) + $(bad_total "$T/o5/summary.json") )) = 4 ]
printf 'text\nline one\n"unbalanced quote at EOF\n' >"$T/quote.csv"
check "unbalanced CSV quote: exit 0" expect_status 0 "$UT" analyze "$T/quote.csv" -q -o "$T/o6"
check "unbalanced CSV quote: counted" grep -q '"csv_unterminated_quote": *1' "$T/o6/summary.json"
check "unbalanced CSV quote: analysed + bad = 2 present" [ $(( $(json_field "$T/o6/summary.json" records) + $(bad_total "$T/o6/summary.json") )) = 2 ]
check "unbalanced CSV quote: names file, record and offset" stderr_has "quote.csv: record 2 (byte offset 14): csv_unterminated_quote"
check "unbalanced CSV quote: fail mode exit 3" expect_status 3 "$UT" analyze "$T/quote.csv" -q --on-error fail

# JSON nested 100k levels deep: no unbounded recursion
{ printf '{"text":"deep","x":'; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}\n{"text":"after"}\n'; } >"$T/deep.jsonl"
check "deep nesting: exit 0" expect_status 0 "$UT" analyze "$T/deep.jsonl" -q -o "$T/o7"
check "deep nesting: counted" grep -q '"json_too_deep": *1' "$T/o7/summary.json"
check "deep nesting: next record kept" [ "$(json_field "$T/o7/summary.json" records)" = 1 ]
check "deep nesting: analysed + bad = 2 present" [ $(( $(json_field "$T/o7/summary.json" records) + $(bad_total "$T/o7/summary.json") )) = 2 ]

# truncated and corrupt zstd
"$GEN" --reviews 2000 --seed 5 --format jsonl --out "$T/g.jsonl"
zstd -q -c "$T/g.jsonl" >"$T/g.jsonl.zst"
head -c $(( $(stat -c %s "$T/g.jsonl.zst") / 2 )) "$T/g.jsonl.zst" >"$T/trunc.jsonl.zst"
check "truncated zstd: exit 1" expect_status 1 "$UT" analyze "$T/trunc.jsonl.zst" -q -o "$T/o8"
check "truncated zstd: names file" stderr_has "trunc.jsonl.zst"
check "truncated zstd: no partial outputs" [ ! -e "$T/o8/summary.json" ]
cp "$T/g.jsonl.zst" "$T/flip.jsonl.zst"
printf '\xff\xff\xff\xff' | dd of="$T/flip.jsonl.zst" bs=1 seek=200 conv=notrunc status=none
check "corrupt zstd: exit 1" expect_status 1 "$UT" analyze "$T/flip.jsonl.zst" -q -o "$T/o9"
check "corrupt zstd: names file" stderr_has "flip.jsonl.zst"

# a zstd bomb: 2 GB of one repeated line from a few KB; memory stays bounded
(yes '{"text":"the same review again and again"}' || true) | head -c 2000000000 | zstd -q -19 -c >"$T/bomb.jsonl.zst"
kb=$(rss_kb "$UT" analyze "$T/bomb.jsonl.zst" -q -j 2)
check "bomb: bounded memory (${kb} KB)" [ "$kb" -lt 400000 ]
rm -f "$T/bomb.jsonl.zst"

# a directory, an unreadable path, outputs that cannot be written
check "directory input" expect_status 1 "$UT" analyze "$T" -q
check "directory input: named" stderr_has "$T"
printf 'x' >"$T/afile"
check "output under a file: exit 1" expect_status 1 "$UT" analyze "$T/g.jsonl" -q -o "$T/afile/sub"
check "full disk on stdout: exit 1" expect_status 1 sh -c "'$UT' analyze '$T/g.jsonl' -q --scores - >/dev/full"
check "full disk: says so" stderr_has "standard output"

# SIGINT mid-run: exit 1, says interrupted, leaves no outputs
( cat "$T/g.jsonl"; sleep 3; cat "$T/g.jsonl" ) | "$UT" analyze - -f jsonl -q -o "$T/o10" --scores "$T/o10.csv" 2>"$T/stderr" &
pid=$!
sleep 1
kill -INT $pid
status=0; wait $pid || status=$?
check "SIGINT: exit 1 (got $status)" [ "$status" = 1 ]
check "SIGINT: says interrupted" stderr_has "interrupted"
check "SIGINT: no summary" [ ! -e "$T/o10/summary.json" ]
check "SIGINT: no scores file" [ -z "$(ls "$T" | grep o10.csv)" ]
# An output that cannot be written: the files are written on the run's
# threads, and the first failure in file order is the one reported.
mkdir -p "$T/o11/clusters.csv" "$T/o11/trends.csv"
printf '{"text":"the staff were rude","g":"a","date":"2025-01-02"}\n{"text":"great food","g":"b","date":"2025-02-02"}\n' >"$T/two.jsonl"
check "unwritable output: exit 1" expect_status 1 "$UT" analyze "$T/two.jsonl" --group g --date date -q -j 2 -o "$T/o11"
check "unwritable output: names the first file" stderr_has "o11/clusters.csv: cannot replace: Is a directory"
check "unwritable output: the others written" [ -s "$T/o11/themes.csv" ]
finish
