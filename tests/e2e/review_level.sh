#!/usr/bin/env bash
# The default model on whole reviews written for undertone
# (tests/data/review_level.tsv): a verdict said once around a long
# description, expectations said with praise words, surprises, flat negated
# verdicts. Written before the model was scored on it; it needs 55% right on
# each side (measured: 12 of 20 complaints, 15 of 20 praises; before the
# review-level rules of issue 16, 8 and 14). Skipped without python3.
source "$(dirname "$0")/common.bash"
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: skipped"
  exit 0
fi
CHECK="$(dirname "$0")/complaint_cues_check.py"
check "review-level table: 55% right on each side" python3 "$CHECK" -v "$UT" tests/data/review_level.tsv 0.55
finish
