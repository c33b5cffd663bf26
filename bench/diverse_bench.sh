#!/usr/bin/env bash
# diverse_bench.sh — the engine on real, mixed-vocabulary text, against zstd -d.
#
# Builds a corpus of >= 150 MB from ../shared/data with bench/diverse_corpus.py
# (every sentence of every set, drawn at random into reviews with a shop, a
# rating and a date; seeded, so the same arguments rebuild the same bytes),
# packs it with `undertone pack`, then times, best of --runs each (the runs
# interleaved, round after round, so that the machine's drift reaches every
# configuration alike):
#   - zstd -dc on the packed file (the reference),
#   - undertone analyze at each --threads count, phrases on and --no-phrases,
# and once more each with --stages for the per-stage seconds; then, for the
# largest --threads count N, N separate -j1 runs at once (what the machine
# itself gives N independent workers: the ceiling for -jN, and so the part
# of a shortfall that is the engine's). Writes a markdown table and a JSON
# file into bench/results/. The corpus itself stays in --workdir (default
# /tmp/undertone-diverse), out of git.
#
# Usage: bench/diverse_bench.sh [--undertone BIN] [--workdir DIR] [--mb 160]
#          [--seed 1] [--runs 3] [--threads "1 2"] [--out bench/results/diverse-NAME]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
UNDERTONE=${UNDERTONE:-$ROOT/build/undertone}
WORKDIR=/tmp/undertone-diverse
MB=160 SEED=1 RUNS=3 THREADS="1 2"
OUT="$ROOT/bench/results/diverse-$(hostname -s 2>/dev/null || echo host)"
while [ $# -gt 0 ]; do
    case "$1" in
    --undertone) UNDERTONE=${2:?}; shift 2 ;;
    --workdir) WORKDIR=${2:?}; shift 2 ;;
    --mb) MB=${2:?}; shift 2 ;;
    --seed) SEED=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --threads) THREADS=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "diverse_bench: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$UNDERTONE" ] || { echo "diverse_bench: no undertone at $UNDERTONE (build it, or pass --undertone)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "diverse_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORKDIR" "$(dirname "$OUT")"
ARGS=(--text text --id id --group shop --rating rating --date date -q)

CORPUS="$WORKDIR/diverse-${MB}mb-s$SEED.jsonl.zst"
if [ ! -s "$CORPUS" ]; then
    echo "building $CORPUS" >&2
    python3 "$ROOT/bench/diverse_corpus.py" --mb "$MB" --seed "$SEED" --out - |
        "$UNDERTONE" pack - -f jsonl -o "$CORPUS"
fi
BYTES=$(zstd -qdc "$CORPUS" | wc -c)

# time_once KEY CMD...: runs CMD once and keeps the least wall seconds in
# WALL_KEY and the least user + system seconds in CPU_KEY
time_once() {
    local key=$1 w u s c best
    shift
    /usr/bin/time -f "%e %U %S" -o "$WORKDIR/time.txt" "$@" >/dev/null 2>"$WORKDIR/err.txt" ||
        { cat "$WORKDIR/err.txt" >&2; return 1; }
    read -r w u s <"$WORKDIR/time.txt"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    best=$(eval echo "\${WALL_$key:-}")
    if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then eval "WALL_$key=$w"; fi
    best=$(eval echo "\${CPU_$key:-}")
    if [ -z "$best" ] || awk -v a="$c" -v b="$best" 'BEGIN { exit !(a < b) }'; then eval "CPU_$key=$c"; fi
}
mbs() { awk -v b="$BYTES" -v s="$1" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FIRST=${THREADS%% *} LAST=${THREADS##* }
# The runs are interleaved, round after round (zstd, each thread count
# with and without phrases, the separate runs), so a drift of the
# machine's speed over the minutes of the benchmark reaches every
# configuration alike instead of favouring the ones timed first.
for _ in $(seq "$RUNS"); do
    time_once zstd zstd -qdc "$CORPUS"
    for t in $THREADS; do
        time_once "${t}_phrases" "$UNDERTONE" analyze "$CORPUS" "${ARGS[@]}" -o "$WORKDIR/out-j$t-phrases" -j "$t"
        time_once "${t}_no_phrases" "$UNDERTONE" analyze "$CORPUS" "${ARGS[@]}" -o "$WORKDIR/out-j$t-no-phrases" \
            -j "$t" --no-phrases
    done
    # N separate -j1 runs at once, each on the whole corpus: N corpora
    # analysed in the wall time measured
    if [ "$LAST" -gt 1 ]; then
        # shellcheck disable=SC2016 # expanded by the inner shell
        time_once separate bash -c 'n=$1; shift; for i in $(seq "$n"); do "$@" -o "$WORK/out-separate-$i" & done; wait' \
            separate "$LAST" env WORK="$WORKDIR" "$UNDERTONE" analyze "$CORPUS" "${ARGS[@]}" -j 1
    fi
done
# shellcheck disable=SC2154 # set by time_once, through eval
Z_WALL=$WALL_zstd Z_CPU=$CPU_zstd
Z_MBS=$(mbs "$Z_WALL") Z_MBCPU=$(mbs "$Z_CPU")

ROWS="" JSON_ROWS="" STAGES_MD=""
for t in $THREADS; do
    for mode in phrases no-phrases; do
        W=$(eval echo "\$WALL_${t}_${mode//-/_}") C=$(eval echo "\$CPU_${t}_${mode//-/_}")
        M=$(mbs "$W") MC=$(mbs "$C")
        ROWS+="| $t | $mode | $W | $M | $(ratio "$M" "$Z_MBS") | $(ratio "$(awk -v m="$M" -v t="$t" 'BEGIN { print m / t }')" "$Z_MBS") | $C | $MC | $(ratio "$MC" "$Z_MBCPU") |"$'\n'
        JSON_ROWS+="${JSON_ROWS:+,}{\"threads\": $t, \"mode\": \"$mode\", \"seconds\": $W, \"mb_s\": $M, \"cpu_seconds\": $C, \"mb_per_cpu_s\": $MC}"
    done
    "$UNDERTONE" analyze "$CORPUS" "${ARGS[@]}" -o "$WORKDIR/out-j$t-stages" -j "$t" --stages 2>"$WORKDIR/stages-j$t.txt" >/dev/null
    STAGES_MD+=$'\n'"\`-j $t --stages\` (seconds summed over the workers; wall-clock, so they include time the machine gave to other jobs):"$'\n\n```\n'"$(cat "$WORKDIR/stages-j$t.txt")"$'\n```\n'
done
SEPARATE_LINE="" SEPARATE_JSON=""
if [ "$LAST" -gt 1 ]; then
    # shellcheck disable=SC2154 # set by time_once, through eval
    SEP_WALL=$WALL_separate SEP_CPU=$CPU_separate
    SEP_MBS=$(awk -v b="$BYTES" -v n="$LAST" -v s="$SEP_WALL" 'BEGIN { printf "%.1f", n * b / s / 1e6 }')
    SEP_GAIN=$(awk -v one="$(eval echo "\$WALL_${FIRST}_phrases")" -v n="$LAST" -v s="$SEP_WALL" 'BEGIN { printf "%.3f", n * one / s }')
    ROWS+="| $LAST separate -j1 runs at once | phrases | $SEP_WALL | $SEP_MBS | $(ratio "$SEP_MBS" "$Z_MBS") | $(ratio "$(awk -v m="$SEP_MBS" -v t="$LAST" 'BEGIN { print m / t }')" "$Z_MBS") | $SEP_CPU | $(mbs "$(awk -v c="$SEP_CPU" -v n="$LAST" 'BEGIN { print c / n }')") | |"$'\n'
    SEPARATE_LINE="$LAST separate -j1 runs at once (each on the whole corpus; MB/s counts all $LAST): ${SEP_GAIN}x the rate of one -j1 run, the machine's ceiling for -j$LAST."
    SEPARATE_JSON=", \"separate\": {\"runs\": $LAST, \"seconds\": $SEP_WALL, \"mb_s\": $SEP_MBS, \"cpu_seconds\": $SEP_CPU, \"gain\": $SEP_GAIN}"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

phrase_share() { # CPU share of phrase mining at -j N: 1 - cpu(no phrases) / cpu(phrases)
    local p n
    p=$(eval echo "\${CPU_$1_phrases:-}") n=$(eval echo "\${CPU_$1_no_phrases:-}")
    awk -v p="$p" -v n="$n" 'BEGIN { if (p > 0) printf "%.2f", 1 - n / p; else print "n/a" }'
}
SCALE=$(ratio "$(eval echo "\$WALL_${FIRST}_phrases")" "$(eval echo "\$WALL_${LAST}_phrases")")
SCALE_CPU=$(ratio "$(eval echo "\$CPU_${FIRST}_phrases")" "$(eval echo "\$CPU_${LAST}_phrases")")

{
    echo "# Diverse-text benchmark: $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname -s 2>/dev/null || echo host), $(nproc) cores"
    echo
    echo "Made by \`bench/diverse_bench.sh --mb $MB --seed $SEED --runs $RUNS --threads \"$THREADS\"\` with $("$UNDERTONE" --version | head -n 1)."
    echo "Corpus: $BYTES bytes of JSON lines (\`bench/diverse_corpus.py --mb $MB --seed $SEED\`, packed: $(stat -c %s "$CORPUS") bytes)."
    echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
    echo
    echo "| threads | phrases | wall s | MB/s | vs zstd | per core vs zstd | CPU s | MB per CPU s | per CPU s vs zstd |"
    echo "|---|---|---|---|---|---|---|---|---|"
    echo "| zstd -dc | | $Z_WALL | $Z_MBS | 1.000 | 1.000 | $Z_CPU | $Z_MBCPU | 1.000 |"
    printf '%s' "$ROWS"
    echo
    echo "Phrase mining's share of the CPU time: $(for t in $THREADS; do printf -- '-j%s %s; ' "$t" "$(phrase_share "$t")"; done)"
    echo "-j$LAST against -j$FIRST with phrases: wall-time speed-up ${SCALE}x; CPU(-j$FIRST) / CPU(-j$LAST) = ${SCALE_CPU} (1.00: no extra work for more threads)."
    [ -n "$SEPARATE_LINE" ] && echo "$SEPARATE_LINE"
    echo "$STAGES_MD"
} >"$OUT.md"
printf '{"date": "%s", "host": "%s", "cores": %s, "load_before": "%s", "load_after": "%s", "corpus": {"mb": %s, "seed": %s, "bytes": %s, "packed_bytes": %s}, "zstd": {"seconds": %s, "mb_s": %s, "cpu_seconds": %s}, "runs": [%s]%s}\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(hostname -s 2>/dev/null || echo host)" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" \
    "$MB" "$SEED" "$BYTES" "$(stat -c %s "$CORPUS")" "$Z_WALL" "$Z_MBS" "$Z_CPU" "$JSON_ROWS" "$SEPARATE_JSON" >"$OUT.json"
cat "$OUT.md"
