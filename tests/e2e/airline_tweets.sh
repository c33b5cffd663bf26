#!/usr/bin/env bash
# The issue's airline-tweets scenario on tweets written for undertone
# (airline_tweets_gen.py): grouped by airline, the carrier that loses bags
# three times as often as the others has a significant baggage cluster at
# rank 1, with the general pack alone and with --domain airline, and no
# other cell is significant; with no such carrier nothing is. Five seeds
# each. Skipped without python3.
source "$(dirname "$0")/common.bash"
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: skipped"
  exit 0
fi
GEN="$(dirname "$0")/airline_tweets_gen.py"
# significant CLUSTERS.CSV -> "group/theme" of every significant row, rank order
significant() {
  python3 -c 'import csv,sys; print(" ".join(r["group"]+"/"+r["theme"] for r in csv.DictReader(open(sys.argv[1])) if r["significant"]=="1"))' "$1"
}
for seed in 1 2 3 4 5; do
  python3 "$GEN" $seed "$T/plant$seed.csv"
  python3 "$GEN" $seed "$T/null$seed.csv" none
  for domain in general airline; do
    opt=()
    [ $domain = airline ] && opt=(--domain airline)
    "$UT" analyze -q --group airline "${opt[@]}" -o "$T/p$seed$domain" "$T/plant$seed.csv"
    "$UT" analyze -q --group airline "${opt[@]}" -o "$T/n$seed$domain" "$T/null$seed.csv"
    check "seed $seed, $domain: the bag-losing carrier's baggage cluster alone is significant" \
      test "$(significant "$T/p$seed$domain/clusters.csv")" = "northjet/baggage"
    check "seed $seed, $domain: no carrier stands out without a plant" \
      test -z "$(significant "$T/n$seed$domain/clusters.csv")"
  done
done
finish
