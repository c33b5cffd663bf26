#!/usr/bin/env bash
# The demo: installs what is missing, builds, generates a corpus with a
# planted problem, analyses it, and prints the top clusters, the throughput
# and where the report is. Usage: scripts/demo.sh [REVIEWS] (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
reviews=${1:-1000000}
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
mkdir -p demo
if [ ! -s "demo/reviews-$reviews.jsonl.zst" ] || [ ! -s "demo/truth-$reviews.json" ]; then
  echo "generating $reviews reviews (seeded, with a planted complaint cluster) ..."
  build/gen --reviews "$reviews" --seed 42 --format jsonl --truth "demo/truth-$reviews.json" --out - |
    build/undertone pack - -f jsonl -o "demo/reviews-$reviews.jsonl.zst"
fi
echo "analysing demo/reviews-$reviews.jsonl.zst ..."
build/undertone analyze "demo/reviews-$reviews.jsonl.zst" --text text --title title --id id --rating stars \
  --date date --group branch -o demo/out --scores demo/out/scores.csv
echo
echo "did the planted problem surface? (build/check_truth against the generator's ground truth)"
build/check_truth demo/out "demo/truth-$reviews.json" || true
echo "open demo/out/report.html in a browser"
