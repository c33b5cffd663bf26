#!/usr/bin/env python3
"""aspect_sentences_check.py UNDERTONE DOMAIN TABLE [MIN_SHARE] — the theme
readings of a table of sentences (theme<TAB>sign<TAB>text, sign - or +, #
comments) under `undertone analyze -f lines --domain DOMAIN --mentions -`:
a sentence is right when a mention of its theme, or of a theme below it, has
its sign (score below -0.05 for -, above 0.05 for +). Prints the share right
per sign; with MIN_SHARE, exit 1 when either is below it; -v lists the misses."""
import csv
import io
import os
import subprocess
import sys
import tempfile
from collections import defaultdict


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    ut, domain, table = args[0], args[1], args[2]
    need = float(args[3]) if len(args) > 3 else None
    rows = []
    with open(table, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            theme, sign, text = line.rstrip("\n").split("\t", 2)
            assert sign in ("-", "+"), line
            rows.append((theme, sign, text))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("".join(text + "\n" for _, _, text in rows))
        path = f.name
    try:
        with tempfile.TemporaryDirectory() as out_dir:
            out = subprocess.run([ut, "analyze", "-f", "lines", "-q", "-j", "1", "--domain", domain, "-o", out_dir,
                                  "--mentions", "-", path], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    mentions = defaultdict(list)  # record number -> [(theme, score)]
    for m in csv.DictReader(io.StringIO(out)):
        mentions[int(m["id"])].append((m["theme"], float(m["score"])))
    right = {"-": 0, "+": 0}
    total = {"-": 0, "+": 0}
    for n, (theme, sign, text) in enumerate(rows, 1):
        scores = [s for t, s in mentions[n] if t == theme or t.startswith(theme + "/")]
        good = any(s < -0.05 if sign == "-" else s > 0.05 for s in scores)
        total[sign] += 1
        right[sign] += good
        if verbose and not good:
            seen = " ".join(f"{t}:{s:+.2f}" for t, s in mentions[n]) or "no mention"
            print(f"  miss {theme} {sign}  {text}  [{seen}]")
    shares = {k: right[k] / total[k] if total[k] else 1.0 for k in total}
    print(f"{os.path.basename(table)}: complaints {right['-']}/{total['-']} ({shares['-']:.2f}), "
          f"praise {right['+']}/{total['+']} ({shares['+']:.2f})")
    if need is not None and min(shares.values()) < need:
        sys.exit(1)


if __name__ == "__main__":
    main()
