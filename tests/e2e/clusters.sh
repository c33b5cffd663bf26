#!/usr/bin/env bash
# The reason undertone exists, end to end on generated corpora whose answers
# bench/check_truth knows:
#  - a planted complaint (6% of one branch's otherwise glowing reviews say
#    they were charged twice) ranks in the top 3 of clusters.csv, significant,
#    with hidden_by_average = 1, its phrase among top_phrases and its
#    sentence among the quotes, while the proportionate delivery complaints
#    (spread over every branch) and a 3-review group stand out nowhere;
#  - with nothing planted, no cell is significant and no trend alerts;
#  - a two-month surge of waiting complaints in one branch alerts for that
#    branch and those months only;
#  - every output is the same at -j1 and -j2.
source "$(dirname "$0")/common.bash"
ANALYZE=(--text text --title title --id id --rating stars --date date --group branch -q)

"$GEN" --reviews 60000 --seed 42 --format jsonl --truth "$T/truth.json" --out "$T/c.jsonl"
for j in 1 2; do
  "$UT" analyze "$T/c.jsonl" "${ANALYZE[@]}" -j $j -o "$T/out$j"
done
check "truth holds" "$BUILD/check_truth" "$T/out1" "$T/truth.json"
row=$(grep -m1 '^[0-9]*,branch-017,price/billing,' "$T/out1/clusters.csv" || true)
rank1=${row%%,*}
check "planted cell ranked (rank $rank1)" [ -n "$rank1" ] && [ "$rank1" -le 3 ]
check "planted phrase among top phrases" grep -q '^[0-9]*,branch-017,price/billing,.*charged twice' "$T/out1/clusters.csv"
check "planted sentence quoted" grep -q 'I was charged twice and the refund never arrived\.' <<<"$row"
check "clusters hold group x theme cells only" awk -F, 'NR > 1 && $2 == "" {exit 1}' "$T/out1/clusters.csv"
check "themes.csv has complaints and incidence" grep -q '^theme,mentions,reviews,positive,neutral,negative,negative_share,negative_share_low,mean_sentiment,mean_rating,complaints,incidence' "$T/out1/themes.csv"
for f in clusters.csv themes.csv groups.csv trends.csv phrases.csv; do
  check "$f -j1 = -j2" same "$T/out1/$f" "$T/out2/$f"
done

# Nothing planted: nothing significant, no alert.
"$GEN" --reviews 20000 --seed 7 --no-plant --no-tiny --format jsonl --truth "$T/null.json" --out "$T/null.jsonl"
"$UT" analyze "$T/null.jsonl" "${ANALYZE[@]}" --bucket month -o "$T/null"
check "null corpus: no significant cell, no alert" "$BUILD/check_truth" "$T/null" "$T/null.json"
check "null corpus: significant column all 0" awk -F, 'NR > 1 && $12 != 0 {exit 1}' "$T/null/clusters.csv"

# A surge in one branch: an alert for it in May and June only.
"$GEN" --reviews 60000 --seed 3 --no-plant --no-tiny --spike wait:2025-05-01:2025-06-30:0.6:branch-009 \
  --format jsonl --truth "$T/spike.json" --out "$T/spike.jsonl"
"$UT" analyze "$T/spike.jsonl" "${ANALYZE[@]}" --bucket month -o "$T/spike"
check "spike: alert in its branch and window, none elsewhere" "$BUILD/check_truth" "$T/spike" "$T/spike.json"
check "spike: branch-009 alerts" grep -q '^2025-0[56],branch-009,service/wait,.*,1,branch,' "$T/spike/trends.csv"
finish
