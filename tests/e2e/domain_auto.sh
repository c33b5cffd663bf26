#!/usr/bin/env bash
# --domain auto and the media pack. The Blitzer book and DVD reviews must get
# the media pack (and say so on stderr with the evidence), the SemEval
# restaurant sentences the restaurant pack with the same SemEval figures as
# --domain restaurant; in media reviews plot words ("robbery", "dirty
# prison", "the manager lied", "slow") must not reach service themes, which
# they do with the general themes alone; a named domain overrides auto, and
# standard input is refused (it cannot be read twice).
source "$(dirname "$0")/common.bash"
DATA=../shared/data
if [ ! -f "$DATA/reviews/blitzer_multidomain.jsonl" ]; then echo "skip: no $DATA"; exit 0; fi
grep -E '"domain": "(books|dvd)"' "$DATA/reviews/blitzer_multidomain.jsonl" >"$T/bd.jsonl"
service='^(cleanliness|safety|safety/security|service/staff|service/wait|pressure|privacy|accessibility),'

"$UT" analyze "$T/bd.jsonl" --domain auto --group domain --text text --rating rating -j 2 -o "$T/auto" \
  >/dev/null 2>"$T/stderr"
check "auto picks media on books+dvd" grep -q '^domain auto: media [0-9.]*/1000 tokens (book [0-9]*, movie' "$T/stderr"
check "evidence names the runner-up" grep -q ' over [a-z]* [0-9.]*/1000 tokens' "$T/stderr"
# themes.csv: mentions (column 2) of every service theme are 0 with media...
check "no service theme mentioned in media reviews" \
  awk -F, -v re="$service" '$0 ~ re && $2 > 0 {bad = 1; print "  " $0} END {exit bad}' "$T/auto/themes.csv"
# ...and are not without it (so the check above can fail)
"$UT" analyze "$T/bd.jsonl" --group domain --text text --rating rating -q -j 2 -o "$T/general"
check "general themes alone do put plot words in service themes" \
  awk -F, -v re="$service" '$0 ~ re && $2 > 20 {n++} END {exit !(n >= 3)}' "$T/general/themes.csv"
# clusters.csv, top 10: no books or DVD cell is a service theme
check "top 10 clusters hold no books/dvd service cell" \
  awk -F, 'NR > 1 && NR <= 11 && ($2 == "books" || $2 == "dvd") && $3 ~ /^(cleanliness|safety|service|pressure|privacy|accessibility)/ {bad = 1; print "  " $0} END {exit bad}' \
  "$T/auto/clusters.csv"
# the whole file (its first 4 MB are books and DVDs, so media again)
"$UT" analyze "$DATA/reviews/blitzer_multidomain.jsonl" --domain auto --group domain --text text --rating rating \
  -j 2 -o "$T/all" >/dev/null 2>"$T/stderr"
check "whole Blitzer file: media" grep -q '^domain auto: media ' "$T/stderr"
check "whole Blitzer file: no books/dvd service cell in the top 10" \
  awk -F, 'NR > 1 && NR <= 11 && ($2 == "books" || $2 == "dvd") && $3 ~ /^(cleanliness|safety|service|pressure|privacy|accessibility)/ {bad = 1; print "  " $0} END {exit bad}' \
  "$T/all/clusters.csv"
"$UT" score --domain media "The robbery in the dirty prison was awful, the manager lied and the plot was slow." >"$T/score"
check "plot words: story themes only" grep -q 'story/pacing' "$T/score"
check "plot words: no service themes" bash -c "! grep -Eq 'cleanliness|safety|service/|expectations' '$T/score'"

# A named domain wins over the words of the input.
"$UT" analyze "$T/bd.jsonl" --domain restaurant --text text -j 2 -o "$T/named" >/dev/null 2>"$T/stderr"
check "a named domain is used as named" bash -c "! grep -q 'domain auto' '$T/stderr' && grep -q '^food,' '$T/named/themes.csv'"
check "standard input is refused" expect_status 2 "$UT" analyze - --domain auto -q -o "$T/stdin" <"$T/bd.jsonl"
stderr_has "needs files"

# The other shared corpora: airline seat reviews, fashion and beauty, and
# electronics+kitchen (no pack fits: general themes only).
"$UT" analyze "$DATA/clusters/skytrax_seat.csv" --domain auto --text content -j 2 -o "$T/sky" >/dev/null 2>"$T/stderr"
check "auto picks airline on the Skytrax seat reviews" grep -q '^domain auto: airline ' "$T/stderr"
"$UT" analyze "$DATA/reviews/amazon2018_fashion_beauty.jsonl" --domain auto -j 2 -o "$T/amz" >/dev/null 2>"$T/stderr"
check "auto picks ecommerce on fashion and beauty" grep -q '^domain auto: ecommerce ' "$T/stderr"
grep -E '"domain": "(electronics|kitchen_&_housewares)"' "$DATA/reviews/blitzer_multidomain.jsonl" >"$T/ek.jsonl"
"$UT" analyze "$T/ek.jsonl" --domain auto --text text -j 2 -o "$T/ek" >/dev/null 2>"$T/stderr"
check "electronics+kitchen: no pack" grep -q '^domain auto: no pack, general themes only: none reaches' "$T/stderr"

# The airline pack names the seat, food and drink complaints a reader expects.
"$UT" score --domain airline "The seats were narrow and the legroom awful. We had to pay for drinks in the lounge. \
The aisle was so narrow the trolley hit my elbow. The seat would not recline." >"$T/score"
for theme in seat/width seat/legroom price/onboard drinks airport/lounge seat/aisle seat/recline; do
  check "airline: $theme named, negative" grep -Eq "^ +$theme +-0\.[0-9]+ " "$T/score"
done
# opinion words: what "cold" and "hot" mean depends on the theme the clause names
"$UT" score --domain restaurant "The fries were cold." "The beer was ice cold." >"$T/opinion"
check "restaurant: cold fries are a food complaint" grep -Eq "^ +food +-0\.[0-9]+ " "$T/opinion"
check "restaurant: ice cold beer is drinks praise" grep -Eq "^ +drinks +0\.[0-9]+ " "$T/opinion"
"$UT" score --domain hotel "The room was hot." "The shower was hot." >"$T/opinion"
check "hotel: a hot room is a complaint" grep -Eq "^ +room +-0\.[0-9]+ " "$T/opinion"
check "hotel: a hot shower is not" grep -Eq "^ +room/bathroom +0\.[0-9]+ " "$T/opinion"
# knees against the seat in front say legroom without a negative word ("touching" is no praise)
"$UT" score --domain airline "My knees were touching the seat in front." >"$T/knees"
check "airline: knees touching the seat is a legroom complaint" grep -Eq "^ +seat/legroom +-0\.[0-9]+ " "$T/knees"

# SemEval-2014: auto = restaurant, figures within 0.01 (here: identical lines)
if [ -x "$BUILD/semeval" ] && [ -f "$DATA/semeval2014/Restaurants_Test_Gold.xml" ]; then
  "$BUILD/semeval" --set test --domain auto >"$T/sem_auto" 2>"$T/stderr"
  "$BUILD/semeval" --set test --domain restaurant >"$T/sem_rest"
  check "semeval: auto picks restaurant" grep -q '^domain auto: restaurant ' "$T/stderr"
  check "semeval: auto figures = restaurant figures" same <(tail -n +2 "$T/sem_auto") <(tail -n +2 "$T/sem_rest")
fi
finish
