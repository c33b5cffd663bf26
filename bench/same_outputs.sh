#!/usr/bin/env bash
# same_outputs.sh — the check every speed change must pass: a build's outputs are
# byte-identical to a reference's, at one and at two threads.
#
# Speed work must never change a result, and "the tests pass" is too weak a check
# for that: a phrase table that keeps another sample, a float summed in another
# order, or a tokenizer fast path that disagrees with the general one on one rare
# byte would all slip through. So the reference build's outputs on a corpus are
# kept as a golden directory, and the candidate build's outputs (-j1 and -j2) are
# compared with it file by file: every CSV, the per-review --scores, and
# summary.json less its run-time fields (seconds, threads). A corpus large enough
# to overflow the phrase budgets (summary.json "phrases_approximate": true; a
# 100 MB one from bench/diverse_corpus.py does, 1M generated reviews do not) checks
# the sample the phrase tables keep past their budgets.
#
# Usage: bench/same_outputs.sh [--golden DIR] [--analyze-args "ARGS"] [--stages N]
#                              BUILD_DIR CORPUS
#   The first run with a given --golden directory (default: bench/results/golden-
#   <corpus name>) writes it from BUILD_DIR's outputs: run it once with the
#   reference build (e.g. a build of main), then with each candidate build.
#   --stages N  afterwards print the one-thread --stages table N times (CPU time per
#               stage; take the best, the machine may be busy)
# Exit status: 0 identical (or golden written), 1 outputs differ, 2 usage error.
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOLDEN=""
ARGS="--text text --group branch --rating stars --date date --id id"
STAGES=0

usage() { sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "same_outputs: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
    --golden) GOLDEN=${2:?}; shift 2 ;;
    --analyze-args) ARGS=${2?}; shift 2 ;;
    --stages) STAGES=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || { usage >&2; die "want BUILD_DIR and CORPUS"; }
[[ "$STAGES" =~ ^[0-9]+$ ]] || die "--stages wants a number, got '$STAGES'"
BIN="$1/undertone"
CORPUS=$2
[ -x "$BIN" ] || die "no undertone binary in $1"
[ -r "$CORPUS" ] || die "cannot read corpus $CORPUS"
[ -n "$GOLDEN" ] || GOLDEN="$ROOT/bench/results/golden-$(basename "$CORPUS")"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# outputs DIR THREADS: every output of one run, less what depends on the run itself.
outputs() {
    mkdir -p "$1"
    # shellcheck disable=SC2086 # ARGS is a list of options
    "$BIN" analyze "$CORPUS" $ARGS -j"$2" -q -o "$1" --scores "$1/scores.csv" ||
        die "analyze failed on $CORPUS (-j$2)"
    grep -v '"seconds"\|"threads"' "$1/summary.json" >"$1/summary.filtered"
    # report.html embeds the summary, timings included; its content is the same data
    rm -f "$1/summary.json" "$1/report.html"
}

if [ ! -d "$GOLDEN" ]; then
    outputs "$GOLDEN" 1
    echo "golden outputs written to $GOLDEN (from $BIN)"
    exit 0
fi

status=0
for j in 1 2; do
    outputs "$WORK/j$j" "$j"
    if ! diff -rq "$GOLDEN" "$WORK/j$j" >"$WORK/diff"; then
        echo "DIFFERENT at -j$j:"
        cat "$WORK/diff"
        status=1
    fi
done
[ $status = 0 ] && echo "outputs identical to $GOLDEN (-j1 and -j2)"

for ((i = 0; i < STAGES; i++)); do
    # shellcheck disable=SC2086
    "$BIN" analyze "$CORPUS" $ARGS -j1 -q --stages -o "$WORK/stages" 2>&1 |
        grep -E '^(stage|read|split|parse|tokenize|score|themes|aggregate|merge|total) '
    echo
done
exit $status
