#!/usr/bin/env python3
"""complaint_cues_check.py UNDERTONE TABLE [MIN_SHARE] — scores the table's
sentences with `undertone analyze -f lines` and reports, per side, the share
right: a "complaint" must score below -0.05, a "fine" sentence must not.
With MIN_SHARE, exit 1 when either side is below it; -v lists the misses."""
import csv
import io
import os
import subprocess
import sys
import tempfile


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    ut, table = args[0], args[1]
    need = float(args[2]) if len(args) > 2 else None
    rows = []
    with open(table, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            expect, text = line.rstrip("\n").split("\t", 1)
            assert expect in ("complaint", "fine"), line
            rows.append((expect, text))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("".join(text + "\n" for _, text in rows))
        path = f.name
    try:
        out = subprocess.run([ut, "analyze", "-f", "lines", "-q", "-j", "1", "--scores", "-", path],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    scores = [float(r["compound"]) for r in csv.DictReader(io.StringIO(out))]
    assert len(scores) == len(rows), (len(scores), len(rows))
    ok = 0
    right = {"complaint": 0, "fine": 0}
    total = {"complaint": 0, "fine": 0}
    for (expect, text), c in zip(rows, scores):
        good = c < -0.05 if expect == "complaint" else c >= -0.05
        total[expect] += 1
        right[expect] += good
        if verbose and not good:
            print(f"  miss {expect:9s} {c:+.4f}  {text}")
    shares = {k: right[k] / total[k] for k in total}
    name = os.path.basename(table)
    print(f"{name}: complaints {right['complaint']}/{total['complaint']} ({shares['complaint']:.2f}), "
          f"look-alikes {right['fine']}/{total['fine']} ({shares['fine']:.2f})")
    if need is not None and min(shares.values()) < need:
        print(f"{name}: below {need:.2f} on one side")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
