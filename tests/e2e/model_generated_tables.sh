#!/usr/bin/env bash
# model_generated_tables.sh — the default model's generated files are current:
# lexicons/sentiment.tsv matches tools/sentiment_lexicon/*.txt, and
# engine/score_rules_table.c matches the lists in tools/gen_score_rules.py.
# Run from the source root (ctest does); skipped without python3.
set -euo pipefail
if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 not found: skipped"
    exit 0
fi
python3 tools/gen_sentiment_lexicon.py --check
python3 tools/gen_score_rules.py --check
echo "generated model tables are current"
