#!/usr/bin/env bash
# Assembles README.md from the sections in docs/readme/, in reading order,
# so each module's documentation lives beside the others and the README is
# never edited by hand. Usage: scripts/make-readme.sh
set -euo pipefail
cd "$(dirname "$0")/.."
order=(00-intro 05-usage formats corpus outputs clusters report model vader tokenizer themes performance bench
       scaleout 60-robustness 70-api 80-development 95-changelog)
{
  for part in "${order[@]}"; do
    f=docs/readme/$part.md
    [ -f "$f" ] || continue
    cat "$f"
    echo
  done
} >README.md
for f in docs/readme/*.md; do
  name=$(basename "$f" .md)
  printf '%s\n' "${order[@]}" | grep -qx "$name" || echo "warning: $f is not in the README order" >&2
done
echo "README.md: $(wc -l <README.md) lines"
