#!/usr/bin/env bash
# analyze --suggest-themes on a generated corpus with a complaint in words no
# pack knows: 5% of branch-002's glowing reviews say "the zorblax hinge
# snapped" (or the like), while 0.25% of all reviews name the zorblax without
# complaint and 1% complain about a "quillet spout" in every branch alike.
# The packs loaded cover the generator's other themes (food, fit, rooms).
# The suggestions must list the zorblax hinge among their top 3 candidates,
# be byte-identical at -j1 and -j3, and load back with --themes: the
# candidate then is a theme in themes.csv and a significant cluster of
# branch-002 in clusters.csv.
source "$(dirname "$0")/common.bash"
"$GEN" --reviews 60000 --seed 42 --novel branch-002:0.05 --truth "$T/truth.json" --out "$T/c.jsonl"
packs=(--domain restaurant --themes lexicons/themes/ecommerce.tsv --themes lexicons/themes/hotel.tsv)
fields=(--text text --title title --id id --rating stars --date date --group branch)
for j in 1 3; do
  "$UT" analyze "$T/c.jsonl" "${fields[@]}" "${packs[@]}" -q -j $j --suggest-themes "$T/s$j.tsv"
done
check "suggestions -j1 = -j3" same "$T/s1.tsv" "$T/s3.tsv"
check "a themes TSV: header row" grep -qx "$(printf 'theme\tterm')" "$T/s1.tsv"
# the names of the top 3 candidates, from their "# N. NAME: ..." lines
top3=$(sed -n 's/^# \([123]\)\. \(.*\): [0-9]* complaining reviews.*/\2/p' "$T/s1.tsv")
planted=""
while IFS= read -r name; do
  if grep -qx "$(printf '%s\tzorblax' "$name")" "$T/s1.tsv" && grep -qx "$(printf '%s\thinge' "$name")" "$T/s1.tsv"; then
    planted=$name
  fi
done <<<"$top3"
check "the planted complaint is a top-3 candidate with zorblax and hinge (top 3: $(echo $top3))" [ -n "$planted" ]
check "three quotes for each candidate" \
  awk '/^# [0-9]+\. /{if (n && q != 3) bad = 1; n++; q = 0} /^#    r[0-9]+: "/{q++} END {exit bad || q != 3}' "$T/s1.tsv"
check "every entry line is theme<TAB>term" awk -F'\t' '!/^#/ && NF && NF != 2 {bad = 1} END {exit bad}' "$T/s1.tsv"

# Fed back with --themes: its own theme, and a significant cluster of branch-002.
"$UT" analyze "$T/c.jsonl" "${fields[@]}" "${packs[@]}" --themes "$T/s1.tsv" -q -j 2 -o "$T/back"
check "the candidate is a theme in themes.csv" awk -F, -v t="$planted" '$1 == t && $2 > 100 {ok = 1} END {exit !ok}' \
  "$T/back/themes.csv"
sig=$(head -1 "$T/back/clusters.csv" | tr ',' '\n' | grep -nx significant | cut -d: -f1)
check "branch-002 x $planted is a significant cluster" \
  awk -F, -v t="$planted" -v c="$sig" '$2 == "branch-002" && $3 == t && $c == 1 {ok = 1} END {exit !ok}' \
  "$T/back/clusters.csv"
# without the suggestion the complaint has no theme of its own
"$UT" analyze "$T/c.jsonl" "${fields[@]}" "${packs[@]}" -q -j 2 -o "$T/before"
check "before: no such theme" bash -c "! grep -q '^$planted,' '$T/before/themes.csv'"
check "--suggest-themes under standard input works too" bash -c \
  "'$UT' analyze - ${fields[*]} ${packs[*]} -q -j 2 --suggest-themes '$T/stdin.tsv' <'$T/c.jsonl' && cmp -s '$T/stdin.tsv' '$T/s1.tsv'"
finish
