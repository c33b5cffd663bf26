#!/usr/bin/env bash
# Honest with every input: compressed inputs are told by their magic (gzip
# read, other formats refused with the command that converts them), binary
# is refused before any output, a NUL costs one record, and a field no
# record has is a usage error with the closest names suggested.
source "$(dirname "$0")/common.bash"
records_plus_bad() { echo $(( $(json_field "$1" records) + $(bad_total "$1") )); }

"$GEN" --reviews 3000 --seed 15 --format jsonl --out "$T/g.jsonl"
"$UT" analyze "$T/g.jsonl" -q -j 2 --scores "$T/plain.csv"

# gzip: a file, standard input, and several members (cat a.gz b.gz)
gzip -c "$T/g.jsonl" >"$T/g.jsonl.gz"
check "gzip file: exit 0" expect_status 0 "$UT" analyze "$T/g.jsonl.gz" -q -j 2 --scores "$T/gz.csv"
check "gzip file: same scores as plain" same "$T/plain.csv" "$T/gz.csv"
check "gzip stdin: exit 0" expect_status 0 sh -c "'$UT' analyze - -f jsonl -q -j 2 --scores '$T/gzin.csv' <'$T/g.jsonl.gz'"
check "gzip stdin: same scores" same "$T/plain.csv" "$T/gzin.csv"
head -n 1000 "$T/g.jsonl" | gzip -c >"$T/multi.gz"
tail -n +1001 "$T/g.jsonl" | gzip -9 -c >>"$T/multi.gz"
check "multi-member gzip, no suffix: exit 0" expect_status 0 "$UT" analyze "$T/multi.gz" -f jsonl -q -j 3 --scores "$T/multi.csv"
check "multi-member gzip: same scores" same "$T/plain.csv" "$T/multi.csv"
check "multi-member gzip on stdin" expect_status 0 sh -c "cat '$T/multi.gz' | '$UT' analyze - -q -j 1 --scores '$T/multi1.csv'"
check "multi-member gzip on stdin: same scores" same "$T/plain.csv" "$T/multi1.csv"
# small windows: members and windows end anywhere; zeros after the last member are padding
check "gzip, 4 KiB windows" expect_status 0 "$UT" analyze "$T/multi.gz" -q -j 2 --window 4096 --scores "$T/multiw.csv"
check "gzip, 4 KiB windows: same scores" same "$T/plain.csv" "$T/multiw.csv"
{ cat "$T/multi.gz"; head -c 1000 /dev/zero; } >"$T/padded.gz"
check "gzip with zero padding" expect_status 0 "$UT" analyze "$T/padded.gz" -q --window 4096 --scores "$T/padded.csv"
check "gzip with zero padding: same scores" same "$T/plain.csv" "$T/padded.csv"
{ cat "$T/multi.gz"; printf 'trailing garbage'; } >"$T/garbage.gz"
check "gzip with trailing garbage: exit 1" expect_status 1 "$UT" analyze "$T/garbage.gz" -q -o "$T/ogarbage"
check "gzip with trailing garbage: names the offset" stderr_has "garbage.gz: corrupt gzip data at compressed offset"
# zstd on standard input, as the contract promises
zstd -q -c "$T/g.jsonl" >"$T/g.jsonl.zst"
check "zstd stdin" expect_status 0 sh -c "'$UT' analyze - -q --scores '$T/zin.csv' <'$T/g.jsonl.zst'"
check "zstd stdin: same scores" same "$T/plain.csv" "$T/zin.csv"
head -c $(( $(stat -c %s "$T/g.jsonl.gz") / 2 )) "$T/g.jsonl.gz" >"$T/trunc.gz"
check "truncated gzip: exit 1" expect_status 1 "$UT" analyze "$T/trunc.gz" -q -o "$T/otrunc"
check "truncated gzip: names file and offset" stderr_has "trunc.gz: corrupt gzip data at compressed offset"
check "truncated gzip: no outputs" [ ! -e "$T/otrunc/summary.json" ]

# every other compressed or archive format: exit 1, the format named, a fix given
head -n 200 "$T/g.jsonl" >"$T/s.jsonl"
xz -c "$T/s.jsonl" >"$T/s.jsonl.xz"
bzip2 -c "$T/s.jsonl" >"$T/s.jsonl.bz2"
(cd "$T" && zip -q s.zip s.jsonl && tar cf s.tar s.jsonl && tar czf s.tgz s.jsonl)
for f in s.jsonl.xz:xz-compressed:"xz -dc" s.jsonl.bz2:bzip2-compressed:"bzip2 -dc" s.zip:"zip archive":"unzip -p" \
  s.tar:"tar archive":"tar -xOf" s.tgz:"tar archive inside gzip":"tar -xOf"; do
  IFS=: read -r name what fix <<<"$f"
  check "$name refused: exit 1" expect_status 1 "$UT" analyze "$T/$name" -q -o "$T/o_$name" --scores "$T/o_$name.csv"
  check "$name refused: names the format" stderr_has "$name: the input is .*$what"
  check "$name refused: says how to convert" stderr_has "$fix"
  check "$name refused: no outputs" [ ! -e "$T/o_$name/summary.json" ] && [ ! -e "$T/o_$name.csv" ]
  check "$name refused on stdin too" expect_status 1 sh -c "'$UT' analyze - -q <'$T/$name'"
done

# 1 MB of random bytes: refused, nothing written, even after a good input
head -c 1000000 /dev/urandom >"$T/random.bin"
check "random bytes: exit 1" expect_status 1 "$UT" analyze "$T/random.bin" -q -o "$T/orand"
check "random bytes: says not text" stderr_has "random.bin: the input is not text"
check "random bytes: no outputs" [ ! -e "$T/orand/summary.json" ]
check "random after a good input: exit 1, stdout empty" expect_status 1 "$UT" analyze "$T/s.jsonl" "$T/random.bin" -q --scores -
check "random after a good input: no scores written" [ ! -s "$T/stdout" ]
check "random bytes on stdin: exit 1" expect_status 1 sh -c "'$UT' analyze - -q <'$T/random.bin'"

# a NUL (or mostly invalid UTF-8) inside one record: that record is bad, the rest analysed
for fmt in jsonl csv tsv lines; do
  "$GEN" --reviews 50 --seed 3 --format $fmt --out "$T/n.$fmt"
  present=50
  # record 10's line gets a NUL byte, record 20's line is replaced by noise
  # record 10 gets a NUL byte, record 20's text is replaced by noise (CSV
  # rows span lines, so they are edited as rows)
  python3 - "$T/n.$fmt" "$T/nul.$fmt" $fmt <<'PY'
import csv, io, sys
src, dst, fmt = sys.argv[1:]
noise = "\xfe\xfd\xfc\xfb \xff\xfe\xfd x\x80\x81\x82" * 20  # mostly not UTF-8
if fmt == "csv":
    rows = list(csv.reader(open(src, encoding="latin-1", newline="")))
    rows[10][-1] = rows[10][-1].replace("e", "e\0", 1)
    rows[20][-1] = noise
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    text = out.getvalue()
else:
    lines = open(src, encoding="latin-1").read().split("\n")
    h = 1 if fmt == "tsv" else 0
    lines[9 + h] = lines[9 + h].replace("e", "e\0", 1)
    lines[19 + h] = noise
    text = "\n".join(lines)
open(dst, "wb").write(text.encode("latin-1"))
PY
  check "$fmt NUL record: exit 0" expect_status 0 "$UT" analyze "$T/nul.$fmt" -q -j 2 -o "$T/onul_$fmt"
  check "$fmt NUL record: 2 binary" grep -q '"binary": *2' "$T/onul_$fmt/summary.json"
  check "$fmt NUL record: analysed + bad = present" [ "$(records_plus_bad "$T/onul_$fmt/summary.json")" = "$present" ]
  check "$fmt NUL record: names file, record, offset" stderr_has "nul.$fmt: record 10 (byte offset [0-9]*): binary"
done

# a field that no record has: exit 2 for every format, the closest name first
"$GEN" --reviews 20 --seed 4 --format csv --out "$T/f.csv"
"$GEN" --reviews 20 --seed 4 --format tsv --out "$T/f.tsv"
"$GEN" --reviews 20 --seed 4 --format jsonl --out "$T/f.jsonl"
for f in f.jsonl f.csv f.tsv; do
  check "$f --group brnach: exit 2" expect_status 2 "$UT" analyze "$T/$f" -q --group brnach -o "$T/otypo"
  check "$f --group brnach: suggests branch first" stderr_has "brnach.*: branch, "
  check "$f typo: no outputs" [ ! -e "$T/otypo/summary.json" ]
  check "$f --rating strs: exit 2" expect_status 2 "$UT" analyze "$T/$f" -q --rating strs
  check "$f --rating strs: suggests stars" stderr_has "strs.*: stars, "
done
gzip -c "$T/f.jsonl" >"$T/f.jsonl.gz"
check "typo on gzip stdin: exit 2" expect_status 2 sh -c "'$UT' analyze - -q --date dat <'$T/f.jsonl.gz'"
check "typo on gzip stdin: suggests date" stderr_has "dat.*: date, "
check "lines has no fields: exit 2" expect_status 2 "$UT" analyze "$T/f.jsonl" -f lines -q --group branch
# a field present in some records only is not an error
printf '{"text":"good","branch":"a"}\n{"text":"bad"}\n' >"$T/some.jsonl"
check "field in some records: exit 0" expect_status 0 "$UT" analyze "$T/some.jsonl" -q --group branch

# a stray quote in row 2 of 4: it costs that row, and the message says where
printf 'id,text\n1,good food\n2,"a stray quote\n3,bad service\n4,nice staff\n' >"$T/stray.csv"
for j in 1 2 3; do
  check "stray quote -j $j: exit 0" expect_status 0 "$UT" analyze "$T/stray.csv" -q -j $j -o "$T/ostray$j" --scores "$T/stray$j.csv"
  check "stray quote -j $j: 3 analysed" [ "$(json_field "$T/ostray$j/summary.json" records)" = 3 ]
  check "stray quote -j $j: 1 bad" grep -q '"csv_unterminated_quote": *1' "$T/ostray$j/summary.json"
  check "stray quote -j $j: rows 1, 3, 4 scored" [ "$(cut -d, -f1 "$T/stray$j.csv" | tr '\n' ' ')" = "id 1 3 4 " ]
done
check "stray quote: names record, offset and line range" \
  stderr_has "stray.csv: record 2 (byte offset 20): csv_unterminated_quote: .*(lines 3-5, 3 physical lines)"
check "stray quote, fail mode: exit 3" expect_status 3 "$UT" analyze "$T/stray.csv" -q --on-error fail
check "stray quote, fail mode: line range" stderr_has "record 2 (byte offset 20).*lines 3-5"
# a stray quote opening a field, "closed" lines later by the opening quote
# of a real quoted field: it costs its own line, not the lines between
printf 'id,text\n1,"a stray quote\n2,good\n3,bad service\n4,"a quoted, real field"\n' >"$T/closed.csv"
for w in 5 13 4096; do
  check "stray closed later (window $w): exit 0" expect_status 0 "$UT" analyze "$T/closed.csv" -q --window $w -o "$T/oclosed" --scores "$T/closed$w.csv"
  check "stray closed later (window $w): 3 analysed, 1 bad" [ "$(json_field "$T/oclosed/summary.json" records)/$(bad_total "$T/oclosed/summary.json")" = 3/1 ]
  check "stray closed later (window $w): rows 2, 3, 4 scored" [ "$(cut -d, -f1 "$T/closed$w.csv" | tr '\n' ' ')" = "id 2 3 4 " ]
done
check "stray closed later: message" stderr_has "a quote opened on line 2 was only closed on line 5, by a quote with text after it"
# a quote inside an unquoted field costs its record only, whatever follows
printf 'id,text\n1,good food\n2,a 5" screen\n3,"bad\nservice"\n4,nice staff\n' >"$T/mid.csv"
check "quote mid-field: exit 0" expect_status 0 "$UT" analyze "$T/mid.csv" -q -o "$T/omid"
check "quote mid-field: 3 analysed" [ "$(json_field "$T/omid/summary.json" records)" = 3 ]
check "quote mid-field: 1 csv_syntax" grep -q '"csv_syntax": *1' "$T/omid/summary.json"
check "quote mid-field: names record and offset" stderr_has "mid.csv: record 2 (byte offset 20): csv_syntax"
# a legitimate 10-line quoted field is one record
{ printf 'id,text\n1,fine\n2,"'; for k in 1 2 3 4 5 6 7 8 9; do printf 'quoted line %d\n' $k; done
  printf 'quoted line 10"\n3,also fine\n'; } >"$T/ten.csv"
check "10-line quoted field: exit 0" expect_status 0 "$UT" analyze "$T/ten.csv" -q -o "$T/oten"
check "10-line quoted field: 3 analysed, 0 bad" [ "$(json_field "$T/oten/summary.json" records)/$(bad_total "$T/oten/summary.json")" = 3/0 ]
check "--max-quoted-lines 5: the 10-line field is a runaway" expect_status 0 "$UT" analyze "$T/ten.csv" -q --max-quoted-lines 5 -o "$T/oten5"
# its first line is skipped; lines 2..10 are read again as rows (and line 10's quote closes nothing)
check "--max-quoted-lines 5: analysed + bad = 12 physical records" [ "$(records_plus_bad "$T/oten5/summary.json")" = 12 ]
check "--max-quoted-lines 5: message names the limit's range" stderr_has "record 2 (byte offset 15): csv_unterminated_quote: a quote opened on line 3 was still open on line 8, after --max-quoted-lines (5) line breaks (lines 3-8, 6 physical lines)"

# a stray quote inside a big multi-line CSV, at every thread count and window:
# the same outputs, and analysed + bad = the records present
python3 - "$T/big.csv" <<'PY'
import sys
# every 20th review spans two lines in quotes, the rest are plain; 1200's
# quote never closes, and 1500 has quotes inside an unquoted field
rows = ["id,text"] + ['%d,"review %d\nspans two lines"' % (i, i) if i % 20 == 0 else "%d,review %d" % (i, i)
                      for i in range(1, 3001)]
rows[1201] = '1201,"an opening quote that never closes'
rows[1500] = '1500,a 5" screen and "quotes" mid-field'
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
for args in "-j 1" "-j 2 --window 4096" "-j 3 --window 65536" "-j 2 --window 1000"; do
  check "big stray ($args): exit 0" expect_status 0 "$UT" analyze "$T/big.csv" -q $args --max-quoted-lines 8 -o "$T/obig" --scores "$T/big_scores.csv"
  [ -e "$T/big_ref.csv" ] || cp "$T/big_scores.csv" "$T/big_ref.csv"
  check "big stray ($args): same scores" same "$T/big_ref.csv" "$T/big_scores.csv"
  check "big stray ($args): csv_unterminated_quote counted once" grep -q '"csv_unterminated_quote": *1' "$T/obig/summary.json"
  check "big stray ($args): one csv_syntax" grep -q '"csv_syntax": *1' "$T/obig/summary.json"
  check "big stray ($args): 2998 analysed" [ "$(json_field "$T/obig/summary.json" records)" = 2998 ]
done
finish
