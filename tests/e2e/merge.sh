#!/usr/bin/env bash
# undertone merge: states of shards merged in any order and grouping give
# byte-identical outputs to a single run (summary.json too, but for the
# run's threads and seconds); default ids match when each shard is given
# --record-base, frame ranges of a packed corpus shard it as well; states
# made with other lexicons, themes or model, and corrupt or foreign files,
# are refused with exit status 1 and a message that says why.
source "$(dirname "$0")/common.bash"
fields=(--text text --title title --rating stars --date date --group branch)
outputs=(themes.csv groups.csv clusters.csv phrases.csv trends.csv)
"$GEN" --reviews 20000 --seed 5 --format jsonl --out "$T/c.jsonl"

# summary.json without the keys that describe the run, not the data
summary_data() { sed '/^ *"threads":/d; /^ *"seconds":/d' "$1"; }
same_outputs() { # same_outputs DIR_A DIR_B
  local ok=0 f
  for f in "${outputs[@]}"; do same "$1/$f" "$2/$f" || ok=1; done
  same <(summary_data "$1/summary.json") <(summary_data "$2/summary.json") || ok=1
  return $ok
}
analyze() { "$UT" analyze "${fields[@]}" -q -j 1 "$@"; }
merge() { "$UT" merge -q "$@"; }

analyze "$T/c.jsonl" -o "$T/single"
analyze "$T/c.jsonl" --id id -o "$T/single_id"
check "20000 records" [ "$(json_field "$T/single/summary.json" records)" = 20000 ]

# Shards by lines, each told how many records come before it (wc -l: one
# record per line), so the default ids (record numbers) are a single run's.
shard() { # shard PREFIX LINES: split, analyse each part with --record-base
  split -l "$2" -a 1 "$T/c.jsonl" "$T/$1."
  local base=0 p
  for p in "$T/$1".?; do
    analyze "$p" --record-base "$base" --state "$p.state"
    base=$((base + $(wc -l <"$p")))
  done
}
shard two 10000
shard five 4000
check "5 shards" [ "$(ls "$T"/five.?.state | wc -l)" = 5 ]

merge "$T/two.a.state" "$T/two.b.state" -o "$T/m2"
check "2 shards = single run" same_outputs "$T/single" "$T/m2"
merge "$T/two.b.state" "$T/two.a.state" -o "$T/m2r"
check "2 shards reversed = single run" same_outputs "$T/single" "$T/m2r"
merge "$T"/five.{d,b,e,a,c}.state -o "$T/m5"
check "5 shards shuffled = single run" same_outputs "$T/single" "$T/m5"

# nested groupings: merges of merges, through merge --state
merge "$T/five.e.state" "$T/five.a.state" --state "$T/ea.state"
merge "$T/five.c.state" "$T/five.b.state" --state "$T/cb.state"
merge "$T/cb.state" "$T/five.d.state" "$T/ea.state" -o "$T/nested" --state "$T/nested.state"
check "nested (e+a)+(c+b)+d = single run" same_outputs "$T/single" "$T/nested"
merge "$T/nested.state" -o "$T/again"
check "a merged state alone = single run" same_outputs "$T/single" "$T/again"
# a shard of two inputs (numbered on from one to the next) and three of one
analyze "$T/five.a" "$T/five.b" --record-base 0 --state "$T/ab.state"
merge "$T/five.e.state" "$T/ab.state" "$T/five.c.state" "$T/five.d.state" -o "$T/mixed"
check "shards of different sizes = single run" same_outputs "$T/single" "$T/mixed"

# a single run's own state writes the same outputs
analyze "$T/c.jsonl" --state "$T/single.state"
merge "$T/single.state" -o "$T/self"
check "single run's state = single run" same_outputs "$T/single" "$T/self"
# and the state files themselves are the same bytes for the same counts:
# any thread count, any shards and merge order (groups, cells, trend
# cells, phrases and samples are written in an order of their own)
"$UT" analyze "${fields[@]}" -q -j 3 "$T/c.jsonl" --state "$T/single3.state"
check "state: -j3 = -j1, byte for byte" same "$T/single.state" "$T/single3.state"
check "state: nested merge of 5 shards = single run's, byte for byte" same "$T/single.state" "$T/nested.state"
merge "$T"/five.{c,a,e,d,b}.state --state "$T/flat.state"
check "state: flat merge = nested merge, byte for byte" same "$T/nested.state" "$T/flat.state"

# the default id is the records' own "id" field, so a shard needs no
# --record-base for its ids to be a single run's
analyze "$T/five.b" --state "$T/b0.state"
merge "$T"/five.{a,c,d,e}.state "$T/b0.state" -o "$T/nobase"
check "id field: shards without --record-base = single run" same_outputs "$T/single" "$T/nobase"
# without an id field the default ids are record numbers: those of later
# shards restart at 1 without --record-base, and clusters.csv (its example
# ids) shows it: the option is what makes it exact
for p in a b c d e; do sed 's/"id":"[^"]*",//' "$T/five.$p" >"$T/noid.$p"; done
cat "$T"/noid.? >"$T/noid.jsonl"
analyze "$T/noid.jsonl" -o "$T/single_noid"
base=0
for p in a b c d e; do
  analyze "$T/noid.$p" --record-base $base --state "$T/noid.$p.state"
  base=$((base + $(wc -l <"$T/noid.$p")))
done
merge "$T"/noid.?.state -o "$T/noid_merged"
check "no id field: shards with --record-base = single run" same_outputs "$T/single_noid" "$T/noid_merged"
analyze "$T/noid.b" --state "$T/noid.b0.state"
merge "$T"/noid.{a,c,d,e}.state "$T/noid.b0.state" -o "$T/noid_nobase"
check "no id field: without --record-base the example ids differ" \
  bash -c "! cmp -s '$T/single_noid/clusters.csv' '$T/noid_nobase/clusters.csv'"

# with --id the ids come from the data: no base needed
for p in "$T"/five.?; do analyze "$p" --id id --state "$p.id.state"; done
merge "$T"/five.{c,a,e,b,d}.id.state -o "$T/m5id"
check "5 shards with --id = single run with --id" same_outputs "$T/single_id" "$T/m5id"

# shards by frame ranges of a packed corpus; each base is the records of
# the shards before it (no bad records here, so summary.json's records)
"$UT" pack "$T/c.jsonl" -o "$T/c.pack.zst" --frame-size 256K
frames=$(zstd -lv "$T/c.pack.zst" 2>/dev/null | sed -n 's/^# Zstandard Frames: *//p')
check "packed corpus has several frames" [ "${frames:-0}" -ge 4 ]
base=0
ranges=("0:1" "1:3" "3:$frames")
for r in "${ranges[@]}"; do
  analyze "$T/c.pack.zst" --frames "$r" --record-base "$base" --state "$T/frames.$r.state" -o "$T/frames.$r"
  base=$((base + $(json_field "$T/frames.$r/summary.json" records)))
done
check "frame shards cover the corpus" [ "$base" = 20000 ]
merge "$T/frames.3:$frames.state" "$T/frames.0:1.state" "$T/frames.1:3.state" -o "$T/mframes"
check "frame-range shards = single run" same_outputs "$T/single" "$T/mframes"

# the merged SQLite database holds the same tables as the single run's
if analyze "$T/c.jsonl" --sqlite "$T/single.db" 2>/dev/null; then
  merge "$T"/five.?.state --sqlite "$T/m5.db"
  if command -v sqlite3 >/dev/null; then
    # states hold no per-review rows: a merge's reviews and mentions tables are empty
    dump() { sqlite3 "$1" .dump | grep -v "'threads'\|'seconds'\|^INSERT INTO \(reviews\|mentions\) "; }
    check "merged sqlite = single run's, but the per-review rows" same <(dump "$T/single.db") <(dump "$T/m5.db")
    check "merged sqlite: no review rows" [ "$(sqlite3 "$T/m5.db" 'SELECT COUNT(*) FROM reviews')" = 0 ]
  fi
fi

# refusals: exit 1 and a message naming what differs
printf 'term\tvalence\nzorblax\t2.5\n' >"$T/extra.tsv"
printf 'theme\tterm\nwidgets\tzorblax\n' >"$T/themes.tsv"
analyze "$T/five.b" --record-base 4000 --lexicon "$T/extra.tsv" --state "$T/lex.state"
analyze "$T/five.b" --record-base 4000 --themes "$T/themes.tsv" --state "$T/themes.state"
analyze "$T/five.b" --record-base 4000 --model vader --state "$T/vader.state"
analyze "$T/five.b" --record-base 4000 --group stars --state "$T/group.state"
check "other lexicon refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/lex.state" -o "$T/x"
check "message names the lexicons" stderr_has "lexicons"
check "other themes refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/themes.state" -o "$T/x"
check "message names the themes" stderr_has "themes"
check "other model refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/vader.state" -o "$T/x"
check "message names the model" stderr_has "model default, state B with vader"
check "other groups refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/group.state" -o "$T/x"
check "message names the groups" stderr_has "1 --group fields, state B with 2"
check "mismatch deep in a merge refused" expect_status 1 "$UT" merge -q "$T"/five.{a,c}.state "$T/lex.state" -o "$T/x"

head -c 300 "$T/five.a.state" >"$T/truncated.state"
check "truncated state refused" expect_status 1 "$UT" merge -q "$T/truncated.state" "$T/five.b.state" -o "$T/x"
check "message says truncated" stderr_has "truncated.state: not a valid undertone state file"
cp "$T/five.a.state" "$T/flipped.state"
size=$(wc -c <"$T/flipped.state")
# the byte's complement: writing a fixed value may leave it as it was
byte=$(od -An -tu1 -j $((size / 2)) -N1 "$T/flipped.state" | tr -d ' ')
printf "\\$(printf '%03o' $((255 - byte)))" | dd of="$T/flipped.state" bs=1 seek=$((size / 2)) conv=notrunc status=none
check "flipped byte refused" expect_status 1 "$UT" merge -q "$T/five.b.state" "$T/flipped.state" -o "$T/x"
check "message says checksum" stderr_has "checksum"
check "non-state file refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/c.jsonl" -o "$T/x"
check "message names the file" stderr_has "c.jsonl: not a valid undertone state file"
check "empty file refused" expect_status 1 "$UT" merge -q "$T/five.a.state" /dev/null -o "$T/x"
check "missing file refused" expect_status 1 "$UT" merge -q "$T/five.a.state" "$T/nonexistent.state" -o "$T/x"
check "nothing written by a refused merge" [ ! -e "$T/x" ]
check "merge without output is a usage error" expect_status 2 "$UT" merge -q "$T/five.a.state"
check "bad --frames is a usage error" expect_status 2 "$UT" analyze --frames 3:1 "$T/c.pack.zst"
check "bad --record-base is a usage error" expect_status 2 "$UT" analyze --record-base -1 "$T/c.jsonl"
check "--frames on an unpacked input refused" expect_status 2 "$UT" analyze -q --frames 0:1 "$T/c.jsonl" -o "$T/x"
finish
