#!/usr/bin/env bash
# clusters.sh — the power and false alarms of the cluster model, measured
# on generated corpora with known answers.
#
# The idea: a model change is judged by how often it finds what was planted
# and how often it raises what was not. Each setting generates corpora with
# bench/gen at many seeds (a plant, several plants, a spike in time, a group
# worse at everything, or nothing at all), analyses them, and lets
# bench/check_truth count: found@K, the planted cells significant and ranked
# in the top K; ranked@K, ranked there significant or not; significant cells the truth does not explain, and
# trend alerts outside a planted spike. A setting with several plants also
# gets each plant's found@6, under the table. The power curve crosses complaint
# share with group size (Zipf-sized branches: branch-003 is large, branch-017
# medium, branch-045 small).
#
# Usage: bench/clusters.sh [--seeds N] [--reviews N] [--only NAME] [--out FILE]
#   --seeds N     seeds per setting (default 50)
#   --reviews N   reviews per corpus (default 60000, over 60 branches)
#   --only NAME   run the settings whose name contains NAME
#   --out FILE    also write the markdown table to FILE
set -u -o pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SEEDS=50
REVIEWS=60000
ONLY=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --reviews) REVIEWS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "clusters.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in gen check_truth undertone; do
  [ -x "$BUILD/$tool" ] || { echo "clusters.sh: $BUILD/$tool missing: build first" >&2; exit 2; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Complaints written as one fixed sentence (the settings name them S_...).
declare -A SENTENCES=(
  [S_BILLING]="I was charged twice and the refund never arrived."
  [S_DELIVERY]="My order never arrived and nobody could tell me where it was."
  [S_STAFF]="The cashier was rude and rolled her eyes at me."
)
# name | gen arguments (the corpus: 60 branches, no tiny cell unless asked)
SETTINGS=(
  "null|--no-plant --no-tiny"
  "null, a group worse at everything|--no-plant --no-tiny --worse-group branch-004"
  "null, a group better at everything|--no-plant --no-tiny --better-group branch-017"
    "null, corpus-wide spike (alerts only for the corpus)|--no-plant --no-tiny --spike wait:2025-05-01:2025-06-30:0.15"
  "glowing billing 2%, large branch|--no-tiny --plant branch-003:billing:0.02:@billing"
  "glowing billing 4%, large branch|--no-tiny --plant branch-003:billing:0.04:@billing"
  "glowing billing 6%, large branch|--no-tiny --plant branch-003:billing:0.06:@billing"
  "glowing billing 2%, medium branch|--no-tiny --plant branch-017:billing:0.02:@billing"
  "glowing billing 4%, medium branch|--no-tiny --plant branch-017:billing:0.04:@billing"
  "glowing billing 6%, medium branch|--no-tiny --plant branch-017:billing:0.06:@billing"
  "glowing billing 4%, small branch|--no-tiny --plant branch-045:billing:0.04:@billing"
  "glowing billing 6%, small branch|--no-tiny --plant branch-045:billing:0.06:@billing"
  "glowing billing 10%, small branch|--no-tiny --plant branch-045:billing:0.10:@billing"
  "one sentence 6%, medium branch, tiny cell|--plant branch-017:billing:0.06:S_BILLING"
  "mixed theme: staff complaints added 5%, medium branch|--no-tiny --plant-add branch-017:staff:0.05:@staff"
  "plant beside a group worse at everything|--no-tiny --plant branch-017:billing:0.05:@billing --worse-group branch-004"
  "four problems at once, fixed sentences (6% each, spike 40%)|--no-tiny --plant branch-002:delivery:0.06:S_DELIVERY --plant branch-040:staff:0.06:S_STAFF --plant branch-017:billing:0.06:S_BILLING --spike wait:2025-05-01:2025-06-30:0.4:branch-009"
  "four problems at once, varied sentences (6% each, spike 40%)|--no-tiny --plant branch-002:delivery:0.06:@delivery --plant branch-040:staff:0.06:@staff --plant branch-017:billing:0.06:@billing --spike wait:2025-05-01:2025-06-30:0.4:branch-009"
  "spike: two months of waiting in one branch, 25%|--no-plant --no-tiny --spike wait:2025-05-01:2025-06-30:0.25:branch-009"
  "spike: two months of waiting in one branch, 40%|--no-plant --no-tiny --spike wait:2025-05-01:2025-06-30:0.4:branch-009"
)

table="| setting | corpora | found@3 | found@6 | ranked@3 | ranked@6 | false clusters / corpus | corpora with a false cluster | spikes found | false alerts / corpus |
|---|---|---|---|---|---|---|---|---|---|"
per_plant="" # settings with several plants: each plant's found@6
for entry in "${SETTINGS[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  [ -n "$ONLY" ] && [[ "$name" != *"$ONLY"* ]] && continue
  plants=0 top3=0 top5=0 top6=0 ranked3=0 ranked6=0 false_c=0 corpora_false=0 spikes=0 found=0 false_a=0
  declare -A plant_found=() plant_seen=()
  plant_order=()
  for seed in $(seq 1 "$SEEDS"); do
    read -r -a gen_args <<<"$args"
    for i in "${!gen_args[@]}"; do
      for key in "${!SENTENCES[@]}"; do gen_args[i]=${gen_args[i]/%:$key/:${SENTENCES[$key]}}; done
    done
    "$BUILD/gen" --reviews "$REVIEWS" --groups 60 --seed "$seed" --format jsonl "${gen_args[@]}" \
      --truth "$WORK/truth.json" --out "$WORK/c.jsonl" || { echo "clusters.sh: gen failed for $name" >&2; exit 1; }
    "$BUILD/undertone" analyze "$WORK/c.jsonl" --text text --title title --id id --rating stars --date date \
      --group branch --bucket month --no-phrases -q -j 2 -o "$WORK/out" || { echo "clusters.sh: analyze failed" >&2; exit 1; }
    report=$("$BUILD/check_truth" "$WORK/out" "$WORK/truth.json" --top 6)
    line=$(grep '^summary:' <<<"$report")
    # "ok   planted GROUP/THEME: rank ..." is found@6; FAIL is not
    while read -r verdict _ plant _; do
      plant=${plant%:}
      [ -n "${plant_seen[$plant]+x}" ] || { plant_order+=("$plant"); plant_seen[$plant]=0; plant_found[$plant]=0; }
      plant_seen[$plant]=$((plant_seen[$plant] + 1))
      [ "$verdict" = ok ] && plant_found[$plant]=$((plant_found[$plant] + 1))
    done < <(grep -E '^(ok|FAIL) +planted ' <<<"$report")
    eval "$(echo "$line" | sed 's/^summary: //; s/\([a-z0-9_]*\)=\([0-9]*\)/s_\1=\2;/g')"
    plants=$((plants + s_plants)); top3=$((top3 + s_top3)); top5=$((top5 + s_top5)); top6=$((top6 + s_top6)); ranked3=$((ranked3 + s_ranked3)); ranked6=$((ranked6 + s_ranked6))
    false_c=$((false_c + s_false_clusters)); corpora_false=$((corpora_false + (s_false_clusters > 0)))
    spikes=$((spikes + s_spikes)); found=$((found + s_spikes_found)); false_a=$((false_a + s_false_alerts))
  done
  ratio() { if [ "$2" -gt 0 ]; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; else echo "–"; fi; }
  row="| $name | $SEEDS | $(ratio $top3 $plants) | $(ratio $top6 $plants) | $(ratio $ranked3 $plants) | $(ratio $ranked6 $plants) | $(ratio $false_c "$SEEDS") | $corpora_false | $found/$spikes | $(ratio $false_a "$SEEDS") |"
  echo "$row"
  table="$table
$row"
  if [ "${#plant_order[@]}" -gt 1 ]; then
    each=""
    for plant in "${plant_order[@]}"; do
      each="$each${each:+, }$plant $(ratio "${plant_found[$plant]}" "${plant_seen[$plant]}")"
    done
    echo "  each plant, found@6: $each"
    per_plant="$per_plant
- $name: $each"
  fi
  unset plant_found plant_seen
done
echo
echo "$table"
[ -n "$per_plant" ] && printf '\nEach plant of the settings with several, found@6:%s\n' "$per_plant"
if [ -n "$OUT" ]; then
  {
    echo "<!-- bench/clusters.sh --seeds $SEEDS --reviews $REVIEWS$( [ -n "$ONLY" ] && echo " --only '$ONLY'" ), $(date -u +%Y-%m-%d) -->"
    echo "$table"
    [ -n "$per_plant" ] && printf '\nEach plant of the settings with several, found@6:%s\n' "$per_plant"
  } >"$OUT"
fi
