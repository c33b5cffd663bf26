#!/usr/bin/env bash
# --sqlite and --mentions: tables a BI tool can join. The reviews and
# mentions tables hold exactly the rows of --scores and --mentions (one per
# theme mention), the same at every -j; summary holds every summary.json
# key with its type; the mentions add up to themes.csv; and the queries
# documented in docs/outputs.md run as written.
source "$(dirname "$0")/common.bash"
if ! command -v sqlite3 >/dev/null; then echo "skip: no sqlite3 CLI"; exit 0; fi
"$GEN" --reviews 3000 --seed 17 --format jsonl --out "$T/c.jsonl"
fields=(--group branch --date date --rating stars)
if ! "$UT" analyze "$T/c.jsonl" -q --sqlite "$T/probe.db" 2>"$T/probe.err"; then
  grep -q "built without SQLite" "$T/probe.err" && { echo "skip: built without SQLite"; exit 0; }
fi
q() { sqlite3 -batch "$1" "$2"; }

for j in 1 3; do
  check "-j $j: exit 0" expect_status 0 "$UT" analyze "$T/c.jsonl" "${fields[@]}" -q -j $j --window 65536 \
    -o "$T/o$j" --scores "$T/scores$j.csv" --mentions "$T/mentions$j.csv" --sqlite "$T/db$j.db"
done
check "mentions CSV: same at -j 1 and -j 3" same "$T/mentions1.csv" "$T/mentions3.csv"
q "$T/db1.db" "SELECT * FROM reviews ORDER BY record" >"$T/rev1"
q "$T/db3.db" "SELECT * FROM reviews ORDER BY record" >"$T/rev3"
check "reviews table: same at -j 1 and -j 3" same "$T/rev1" "$T/rev3"
q "$T/db1.db" "SELECT * FROM mentions ORDER BY rowid" >"$T/men1"
q "$T/db3.db" "SELECT * FROM mentions ORDER BY rowid" >"$T/men3"
check "mentions table: same at -j 1 and -j 3" same "$T/men1" "$T/men3"

db=$T/db1.db
scores_rows=$(($(wc -l <"$T/scores1.csv") - 1))
mention_rows=$(($(wc -l <"$T/mentions1.csv") - 1))
pairs=$(tail -n +2 "$T/scores1.csv" | cut -d, -f7 | tr ';' '\n' | grep -c :)
check "header of --mentions" [ "$(head -1 "$T/mentions1.csv")" = "id,theme,score,negative" ]
check "reviews rows = --scores rows ($scores_rows)" [ "$(q "$db" 'SELECT COUNT(*) FROM reviews')" = "$scores_rows" ]
check "reviews rows = summary records" [ "$(q "$db" 'SELECT COUNT(*) FROM reviews')" = "$(json_field "$T/o1/summary.json" records)" ]
check "mentions rows = --mentions rows ($mention_rows)" [ "$(q "$db" 'SELECT COUNT(*) FROM mentions')" = "$mention_rows" ]
check "distinct (review, theme) of the mentions = theme pairs of --scores" \
  [ "$(q "$db" 'SELECT COUNT(*) FROM (SELECT DISTINCT record, theme FROM mentions)')" = "$pairs" ]
# the same values: the CSV rows rebuilt from the tables
q "$db" "SELECT id, theme, printf('%.4f', score), negative FROM mentions ORDER BY rowid" | tr '|' , >"$T/men_from_db"
check "mentions table = --mentions CSV" same <(tail -n +2 "$T/mentions1.csv") "$T/men_from_db"
q "$db" "SELECT id, printf('%.4f', compound) FROM reviews ORDER BY record" | tr '|' , >"$T/rev_from_db"
check "reviews table = --scores id,compound" same <(tail -n +2 "$T/scores1.csv" | cut -d, -f1,2) "$T/rev_from_db"
# every theme's mentions, negative mentions and reviews in themes.csv = the
# mention rows of it and its descendants
bad=$(q "$db" "SELECT t.theme FROM themes t WHERE
  t.mentions != (SELECT COUNT(*) FROM mentions m WHERE m.theme = t.theme OR m.theme LIKE t.theme || '/%') OR
  t.negative != (SELECT COUNT(*) FROM mentions m WHERE (m.theme = t.theme OR m.theme LIKE t.theme || '/%') AND m.negative = 1) OR
  t.reviews != (SELECT COUNT(DISTINCT m.record) FROM mentions m WHERE m.theme = t.theme OR m.theme LIKE t.theme || '/%')")
check "mentions add up to themes.mentions, negative and reviews (off: $bad)" [ -z "$bad" ]
check "a review's group key joins groups.csv" [ "$(q "$db" 'SELECT COUNT(*) FROM groups g WHERE g.reviews =
  (SELECT COUNT(*) FROM reviews r WHERE r.branch = g."group")')" = "$(q "$db" 'SELECT COUNT(*) FROM groups')" ]

# summary: every summary.json key, in order, typed
python3 - "$T/o1/summary.json" >"$T/keys_json" <<'PY'
import json, sys
for k, v in json.load(open(sys.argv[1])).items():
    t = ("null" if v is None else "boolean" if isinstance(v, bool) else "integer" if isinstance(v, int)
         else "real" if isinstance(v, float) else "text" if isinstance(v, str) else "json")
    print(f"{k}|{t}")
PY
q "$db" "SELECT key, type FROM summary ORDER BY rowid" >"$T/keys_db"
check "summary table: every summary.json key with its type" same "$T/keys_json" "$T/keys_db"
check "summary: records is an INTEGER" [ "$(q "$db" "SELECT typeof(value) FROM summary WHERE key = 'records'")" = integer ]
check "summary: mean_compound is a REAL" [ "$(q "$db" "SELECT typeof(value) FROM summary WHERE key = 'mean_compound'")" = real ]

# the documented queries, as written in docs/outputs.md
python3 - docs/outputs.md "$T/query" <<'PY'
import re, sys
blocks = re.findall(r"```sql\n(.*?)```", open(sys.argv[1]).read(), re.S)
for i, b in enumerate(blocks):
    open(f"{sys.argv[2]}{i}.sql", "w").write(b)
PY
check "three documented queries" [ -e "$T/query2.sql" ]
out=$(sqlite3 -batch "$db" <"$T/query0.sql")
check "worst branches this month: rows" [ "$(echo "$out" | grep -c .)" -ge 1 ]
out=$(sqlite3 -batch "$db" <"$T/query1.sql")
check "complaints over time: one row per month" [ "$(echo "$out" | grep -c .)" = "$(q "$db" "SELECT COUNT(DISTINCT substr(date, 1, 7))
  FROM reviews r WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.record = r.record AND m.negative = 1
  AND (m.theme = 'service' OR m.theme LIKE 'service/%'))")" ]
total=$(echo "$out" | awk -F'|' '{s += $2} END {print s + 0}')
check "complaints over time: add up ($total)" [ "$total" = "$(q "$db" "SELECT COUNT(DISTINCT record) FROM mentions
  WHERE (theme = 'service' OR theme LIKE 'service/%') AND negative = 1")" ]
out=$(sqlite3 -batch "$db" <"$T/query2.sql")
check "quotes of one cluster: a row with its quotes" grep -q 'charged twice' <<<"$out"

# a failed run leaves no database; a merge writes the summary tables and empty per-review tables
head -c 200000 /dev/urandom >"$T/bad.bin"
check "refused input: exit 1" expect_status 1 "$UT" analyze "$T/bad.bin" -q --sqlite "$T/none.db"
check "refused input: no database" [ ! -e "$T/none.db" ]
"$UT" analyze "$T/c.jsonl" "${fields[@]}" -q --state "$T/c.state"
check "merge --sqlite: exit 0" expect_status 0 "$UT" merge -q "$T/c.state" --sqlite "$T/merged.db"
check "merge --sqlite: empty reviews" [ "$(q "$T/merged.db" 'SELECT COUNT(*) FROM reviews')" = 0 ]
check "merge --sqlite: same themes" [ "$(q "$T/merged.db" 'SELECT * FROM themes')" = "$(q "$db" 'SELECT * FROM themes')" ]
finish
