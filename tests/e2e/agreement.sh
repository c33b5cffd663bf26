#!/usr/bin/env bash
# summary.json's "agreement" (engine/aggregate/agreement.c) equals an independent
# computation from the --scores file (tests/e2e/agreement_check.py): on the
# shared star-rated dev set, on a generated corpus, and on the same corpus
# with its stars put on a 1-10 scale; the same at -j1 and -j2 and from two
# --state shards merged; null without --rating; one console line with it.
source "$(dirname "$0")/common.bash"
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: skipped"
  exit 0
fi
CHECK="$(dirname "$0")/agreement_check.py"
summary_data() { sed '/^ *"threads":/d; /^ *"seconds":/d' "$1"; }

"$GEN" --reviews 6000 --seed 11 --format jsonl --out "$T/c.jsonl"
"$UT" analyze "$T/c.jsonl" --rating stars -q -j 1 -o "$T/j1" --scores "$T/j1.csv"
check "generated corpus: summary agrees with the scores file" python3 "$CHECK" "$T/j1.csv" "$T/j1/summary.json"
"$UT" analyze "$T/c.jsonl" --rating stars -q -j 2 -o "$T/j2"
check "-j1 and -j2 give the same summary.json" same <(summary_data "$T/j1/summary.json") <(summary_data "$T/j2/summary.json")

head -n 2500 "$T/c.jsonl" >"$T/a.jsonl"
tail -n +2501 "$T/c.jsonl" >"$T/b.jsonl"
"$UT" analyze "$T/a.jsonl" --rating stars -q -j 1 --state "$T/a.state"
"$UT" analyze "$T/b.jsonl" --rating stars -q -j 2 --record-base 2500 --state "$T/b.state"
"$UT" merge -q "$T/b.state" "$T/a.state" -o "$T/merged"
check "two merged shards give a single run's agreement" \
  same <(grep '"agreement"' "$T/merged/summary.json") <(grep '"agreement"' "$T/j1/summary.json")

# the same stars on a 1-10 scale (x2): the thirds rule puts 2, 4 in complaints, 8, 10 in praise
python3 -c 'import json,sys
for l in open(sys.argv[1]):
    o = json.loads(l); o["stars"] = o["stars"] * 2; print(json.dumps(o))' "$T/c.jsonl" >"$T/ten.jsonl"
"$UT" analyze "$T/ten.jsonl" --rating stars -q -j 2 -o "$T/ten" --scores "$T/ten.csv"
check "1-10 scale: summary agrees with the scores file" python3 "$CHECK" "$T/ten.csv" "$T/ten/summary.json"
check "1-10 scale named" grep -q '"scale": \[1, 10\]' "$T/ten/summary.json"

"$UT" analyze "$T/c.jsonl" -q -j 2 -o "$T/none"
check "no --rating: agreement is null" grep -q '"agreement": null' "$T/none/summary.json"

"$UT" analyze "$T/c.jsonl" --rating stars -j 2 -o "$T/console" 2>"$T/console.txt" >>"$T/console.txt"
check "console names the agreement" grep -q "^agreement with the ratings (1-5 scale, 6000 rated): balanced accuracy" \
  "$T/console.txt"
check "report has the agreement block" grep -q "How the scores agree with this corpus" "$T/console/report.html"

D=../shared/data/reviews
if [ -f "$D/blitzer_multidomain.jsonl" ]; then
  "$UT" analyze "$D/blitzer_multidomain.jsonl" --title title --rating rating -q -j 2 -o "$T/blitzer" \
    --scores "$T/blitzer.csv"
  check "blitzer: summary agrees with the scores file" python3 "$CHECK" "$T/blitzer.csv" "$T/blitzer/summary.json"
fi
finish
