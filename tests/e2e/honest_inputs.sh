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
finish
