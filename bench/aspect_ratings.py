#!/usr/bin/env python3
"""aspect_ratings.py — do the airline pack's seat themes follow real sub-ratings?

The Skytrax seat reviews (../shared/data/clusters/skytrax_seat.csv) rate
each seat aspect 1-5 beside the text. This runs `undertone analyze --domain
airline --mentions` on them and, per aspect, compares the reviews whose
sub-rating is low (1-2) with those whose sub-rating is high (4-5): the share
with a negative mention of the aspect's theme (a complaint) and with any
mention of it. AUC: the chance that a review complaining about the theme
rated the aspect lower than one that did not (ties count half; 0.5 = no
relation). It checks the model; nothing is tuned on it.

Usage: python3 bench/aspect_ratings.py [UNDERTONE] [DATA]
"""
import csv
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

ASPECTS = [  # sub-rating column, theme
    ("seat_legroom_rating", "seat/legroom"),
    ("seat_width_rating", "seat/width"),
    ("seat_recline_rating", "seat/recline"),
    ("aisle_space_rating", "seat/aisle"),
    ("viewing_tv_rating", "entertainment"),
    ("power_supply_rating", "power"),
    ("seat_storage_rating", "seat/storage"),
]


def auc(pairs):
    """P(rating of a complaint < rating of a non-complaint), ties half."""
    pos = sorted(v for v, c in pairs if c)
    neg = sorted(v for v, c in pairs if not c)
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for a in pos:
        lower = sum(1 for b in neg if b > a)
        equal = sum(1 for b in neg if b == a)
        wins += lower + equal / 2
    return wins / (len(pos) * len(neg))


def main():
    ut = sys.argv[1] if len(sys.argv) > 1 else "build/undertone"
    data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/clusters/skytrax_seat.csv"
    with tempfile.TemporaryDirectory() as tmp:
        mentions = os.path.join(tmp, "mentions.csv")
        subprocess.run([ut, "analyze", "-q", "--domain", "airline", "--title", "title", "--rating",
                        "overall_rating", "-o", os.path.join(tmp, "out"), "--mentions", mentions, data], check=True)
        negative, named = defaultdict(set), defaultdict(set)
        with open(mentions, newline="") as f:
            for m in csv.DictReader(f):
                parts = m["theme"].split("/")
                for k in range(1, len(parts) + 1):  # a mention counts for its parents too
                    named[m["id"]].add("/".join(parts[:k]))
                    if m["negative"] == "1":
                        negative[m["id"]].add("/".join(parts[:k]))
    with open(data, newline="") as f:
        rows = list(csv.DictReader(f))
    print(f"{len(rows)} reviews, `{ut} analyze --domain airline --mentions`; ids are record numbers")
    print()
    print("| sub-rating | theme | rated 1-2: complain / name it | rated 4-5: complain / name it | AUC |")
    print("|---|---|---|---|---|")
    for column, theme in ASPECTS:
        low, high, pairs = [], [], []
        for n, r in enumerate(rows, 1):
            try:
                v = float(r.get(column, "").strip())
            except ValueError:
                continue
            rid = str(n)
            c, m = theme in negative[rid], theme in named[rid]
            pairs.append((v, c))
            if v <= 2:
                low.append((c, m))
            elif v >= 4:
                high.append((c, m))

        def share(group):
            if not group:
                return "–"
            return "%.2f / %.2f (%d)" % (sum(c for c, _ in group) / len(group),
                                         sum(m for _, m in group) / len(group), len(group))
        print(f"| `{column}` | `{theme}` | {share(low)} | {share(high)} | {auc(pairs):.3f} |")


if __name__ == "__main__":
    main()
