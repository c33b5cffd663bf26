#!/usr/bin/env bash
# Bad input gets a clear message naming the file and the record or offset,
# the contract's exit status, and bad records are counted, never lost.
source "$(dirname "$0")/common.bash"
printf '{"text":"great"}\n{"text": broken\n{"text":"awful, never again"}\n' >"$T/bad.jsonl"

check "missing file: exit 1" expect_status 1 "$UT" analyze "$T/nope.jsonl" -q
check "missing file: named" stderr_has "nope.jsonl"
check "directory: exit 1" expect_status 1 "$UT" analyze "$T" -q
check "directory: named" stderr_has "$T"
check "unknown option: exit 2" expect_status 2 "$UT" analyze --no-such-option "$T/bad.jsonl"
check "no input: exit 2" expect_status 2 "$UT" analyze -q
check "bad --threads: exit 2" expect_status 2 "$UT" analyze -j zero "$T/bad.jsonl"
check "unknown command: exit 2" expect_status 2 "$UT" frobnicate

check "skip: exit 0" expect_status 0 "$UT" analyze "$T/bad.jsonl" -q -o "$T/out"
check "skip: reported" stderr_has "record 2"
check "skip: 2 records" [ "$(json_field "$T/out/summary.json" records)" = 2 ]
check "skip: counted by reason" grep -q '"json_syntax": *1' "$T/out/summary.json"
check "skip: analysed + bad = 3 present" [ $(( $(json_field "$T/out/summary.json" records) + $(bad_total "$T/out/summary.json") )) = 3 ]
check "skip: names file, record and offset" stderr_has "bad.jsonl: record 2 (byte offset 17): json_syntax"
check "fail: exit 3" expect_status 3 "$UT" analyze "$T/bad.jsonl" -q --on-error fail -o "$T/out2"
check "fail: names file and record" stderr_has "bad.jsonl: record 2"
check "fail: no outputs" [ ! -e "$T/out2/summary.json" ]

# missing text field is a bad record, by reason
printf '{"body":"fine"}\n{"title":"no text here"}\n' >"$T/notext.jsonl"
check "missing text: exit 0" expect_status 0 "$UT" analyze "$T/notext.jsonl" --text body -q -o "$T/nt"
check "missing text: counted" grep -q '"missing_text": *1' "$T/nt/summary.json"
check "missing text: analysed + bad = 2 present" [ $(( $(json_field "$T/nt/summary.json" records) + $(bad_total "$T/nt/summary.json") )) = 2 ]

# an unreadable rating or date keeps the review and is counted
printf '{"text":"good","stars":"N/A","date":"someday"}\n{"text":"bad","stars":2,"date":"2024-01-02"}\n' >"$T/unread.jsonl"
check "unreadable values: exit 0" expect_status 0 "$UT" analyze "$T/unread.jsonl" --rating stars --date date -q -o "$T/ur"
check "unreadable values: both reviews kept" [ "$(json_field "$T/ur/summary.json" records)" = 2 ]
check "unreadable values: counted" grep -q '"unreadable_values": {"bad_rating": 1, "bad_date": 1}' "$T/ur/summary.json"

# corrupt zstd: exit 1, names the file
printf '{"text":"hello there"}\n' | zstd -q -c >"$T/ok.zst"
head -c 20 "$T/ok.zst" >"$T/trunc.jsonl.zst"
printf '\x28\xb5\x2f\xfd garbage garbage garbage' >"$T/garbage.jsonl.zst"
check "truncated zstd: exit 1" expect_status 1 "$UT" analyze "$T/trunc.jsonl.zst" -q -o "$T/z1"
check "truncated zstd: named" stderr_has "trunc.jsonl.zst"
check "garbage zstd: exit 1" expect_status 1 "$UT" analyze "$T/garbage.jsonl.zst" -q -o "$T/z2"
check "garbage zstd: named" stderr_has "garbage.jsonl.zst"

# CSV: a field named by --text that the header lacks is a usage error
printf 'a,b\n1,2\n' >"$T/x.csv"
check "csv missing column: exit 2" expect_status 2 "$UT" analyze "$T/x.csv" --text review -q
check "csv missing column: named" stderr_has "review"

# unwritable output directory
check "unwritable out: exit 1" expect_status 1 "$UT" analyze "$T/bad.jsonl" -q -o /proc/no/such/dir
# empty input is fine: zero records
: >"$T/empty.jsonl"
check "empty: exit 0" expect_status 0 "$UT" analyze "$T/empty.jsonl" -q -o "$T/e"
check "empty: 0 records" [ "$(json_field "$T/e/summary.json" records)" = 0 ]
finish
