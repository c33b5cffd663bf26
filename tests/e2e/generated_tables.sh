#!/usr/bin/env bash
# generated_tables.sh — every generated source file is current with its
# generator: lexicons/sentiment.tsv with tools/sentiment_lexicon/*.txt,
# engine/model/score_rules_table.c with the lists in tools/gen_score_rules.py,
# and engine/text/charclass_table.c with tools/gen_charclass.c.
# Run from the source root (ctest does). Usage: generated_tables.sh [UNDERTONE BUILD_DIR]
set -euo pipefail
BUILD_DIR=${2:-build}
if command -v python3 >/dev/null 2>&1; then
    python3 tools/gen_sentiment_lexicon.py --check
    python3 tools/gen_score_rules.py --check
else
    echo "python3 not found: the lexicon and rule tables are not checked"
fi
CC=${CC:-cc}
gen="$BUILD_DIR/gen_charclass.check"
"$CC" -std=c11 -o "$gen" tools/gen_charclass.c
if ! "$gen" | cmp -s - engine/text/charclass_table.c; then
    echo "engine/text/charclass_table.c is stale: rerun tools/gen_charclass.c (see its header)" >&2
    "$gen" | diff - engine/text/charclass_table.c | head -20 >&2
    rm -f "$gen"
    exit 1
fi
rm -f "$gen"
echo "generated tables are current"
