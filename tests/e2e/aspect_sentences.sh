#!/usr/bin/env bash
# Theme readings of sentence tables written for undertone (tests/data/):
# airline_seats.tsv (the airline pack was tuned on it) needs 90% right on each
# sign; airline_seats_heldout.tsv (never tuned on) is only measured and
# printed, the figure docs/themes.md reports. Skipped without python3.
source "$(dirname "$0")/common.bash"
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: skipped"
  exit 0
fi
CHECK="$(dirname "$0")/aspect_sentences_check.py"
check "airline seats: 90% right on each sign" python3 "$CHECK" -v "$UT" airline tests/data/airline_seats.tsv 0.9
check "held-out airline seats (figure only)" python3 "$CHECK" -v "$UT" airline tests/data/airline_seats_heldout.tsv
finish
