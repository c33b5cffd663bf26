#!/usr/bin/env bash
# The Skytrax seat check (../shared/data/clusters/skytrax_seat.csv, README
# there): real airline seat reviews whose per-aspect sub-ratings say which
# airlines' seats are worse than the others' (Welch z <= -4). With --group
# airline_name --domain airline, an airline's first 3 rows of clusters.csv
# should name one of its two worst-rated aspects, in the theme or the top
# phrases. Etihad (width, legroom) and Swiss (legroom, aisle) must pass.
# American (legroom, width), KLM (width, aisle) and Virgin Atlantic
# (legroom, viewing/entertainment) do not yet, and are printed, not
# asserted: their reviews name those aspects no more often than the other
# airlines' do (docs/clusters.md). Also: the output is the same at -j1, -j2.
source "$(dirname "$0")/common.bash"
DATA=../shared/data/clusters/skytrax_seat.csv
if [ ! -f "$DATA" ] || ! command -v python3 >/dev/null; then
  echo "skip: needs $DATA and python3"
  exit 0
fi
for j in 1 2; do
  "$UT" analyze -q --group airline_name --domain airline --title title --rating overall_rating --date date \
    -j $j -o "$T/out$j" "$DATA"
done
check "clusters.csv -j1 = -j2" same "$T/out1/clusters.csv" "$T/out2/clusters.csv"

# top3 GROUP WORD... -> 0 when one of the group's first 3 rows names a word
top3() {
  python3 - "$T/out1/clusters.csv" "$@" <<'EOF'
import csv, sys
path, group, words = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = [r for r in csv.DictReader(open(path, newline='')) if r['group'] == group][:3]
for r in rows:
    print('  %s: %s %s/%s | %s' % (group, r['theme'], r['complaints'], r['reviews'], r['top_phrases']))
sys.exit(0 if any(w in (r['theme'] + ' ' + r['top_phrases']).lower() for r in rows for w in words) else 1)
EOF
}
check "etihad: width or legroom in its top 3" top3 etihad-airways width legroom "leg room"
check "swiss: legroom or aisle in its top 3" top3 swiss-international-air-lines legroom "leg room" aisle
for known in "american-airlines legroom width" "klm-royal-dutch-airlines width aisle" \
  "virgin-atlantic-airways legroom entertainment"; do
  # shellcheck disable=SC2086
  if top3 $known >"$T/known"; then echo "now passes: ${known%% *} (assert it here)"; else echo "known miss:"; fi
  cat "$T/known"
done
finish
