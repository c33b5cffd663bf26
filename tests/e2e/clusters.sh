#!/usr/bin/env bash
# The reason undertone exists: a planted minority complaint (6% of one
# branch's otherwise glowing reviews mention being charged twice) must rank
# in the top 3 of clusters.csv with its phrase among top_phrases, while a
# large proportionate theme (delivery complaints spread over every branch)
# does not outrank it and a group with 2 negative reviews out of 3 stays out
# of the top 10. The generator writes the ground truth; check_truth judges.
source "$(dirname "$0")/common.bash"
"$GEN" --reviews 60000 --seed 42 --format jsonl --truth "$T/truth.json" --out "$T/c.jsonl"
for j in 1 2; do
  "$UT" analyze "$T/c.jsonl" --text text --title title --id id --rating stars --date date --group branch \
    -q -j $j -o "$T/out$j"
done
check "truth holds" "$BUILD/check_truth" "$T/out1" "$T/truth.json"
rank1=$(awk -F, '$2=="branch-017" && $3=="price/billing" {print $1; exit}' "$T/out1/clusters.csv")
check "planted cell ranked (rank $rank1)" [ -n "$rank1" ] && [ "$rank1" -le 3 ]
check "planted phrase among top phrases" grep -q '^[0-9]*,branch-017,price/billing,.*charged twice' "$T/out1/clusters.csv"
check "clusters -j1 = -j2" same "$T/out1/clusters.csv" "$T/out2/clusters.csv"
finish
