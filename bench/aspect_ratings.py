#!/usr/bin/env python3
"""aspect_ratings.py — do the airline pack's seat themes follow real sub-ratings?

The Skytrax seat reviews (../shared/data/clusters/skytrax_seat.csv) rate
each seat aspect 1-5 beside the text. This runs `undertone analyze --domain
airline --mentions` on them and, per aspect, compares the reviews whose
sub-rating is low (1-2) with those whose sub-rating is high (4-5): the share
with a negative mention of the aspect's theme (a complaint) and with any
mention of it. AUC: the chance that a review complaining about the theme
rated the aspect lower than one that did not (ties count half; 0.5 = no
relation). Then, per airline with >= 30 reviews and aspect (the first five),
the text's complaint z (the airline's complaints about the theme against its
peers' rate, clusters.csv) beside the sub-rating's Welch z against the other
airlines: their Spearman correlation says how far the airlines' written
complaints follow their seats' ratings. It checks the model; nothing is tuned
on it.

Usage: python3 bench/aspect_ratings.py [UNDERTONE] [DATA]
"""
import csv
import math
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
        subprocess.run([ut, "analyze", "-q", "--domain", "airline", "--group", "airline_name", "--title", "title",
                        "--rating", "overall_rating", "-o", os.path.join(tmp, "out"), "--mentions", mentions, data],
                       check=True)
        with open(os.path.join(tmp, "out", "clusters.csv"), newline="") as f:
            cells = {(c["group"], c["theme"]): c for c in csv.DictReader(f)}
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
    n_airlines, n_pairs, rho = airline_agreement(rows, cells)
    print()
    print(f"Airlines with >= 30 reviews: {n_airlines}; airline x aspect pairs: {n_pairs}; Spearman of the "
          f"text's complaint z against the sub-rating z: {rho:.3f}")


def welch_z(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / (len(a) - 1)
    vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1)
    return (ma - mb) / math.sqrt(va / len(a) + vb / len(b))


def midranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs, ys):
    x, y = midranks(xs), midranks(ys)
    mx, my = sum(x) / len(x), sum(y) / len(y)
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))


def airline_agreement(rows, cells):
    """Spearman over airline x aspect pairs of -(text complaint z) and the
    sub-rating's Welch z: 1 when the airlines complain in writing exactly as
    much more as their ratings are lower."""
    reviews = defaultdict(int)
    for r in rows:
        reviews[r["airline_name"]] += 1
    airlines = sorted(a for a, n in reviews.items() if n >= 30)
    text, rated = [], []
    for a in airlines:
        for column, theme in ASPECTS[:5]:
            mine = [float(r[column]) for r in rows if r["airline_name"] == a and r[column].strip()]
            others = [float(r[column]) for r in rows if r["airline_name"] != a and r[column].strip()]
            if len(mine) < 5:
                continue
            cell = cells.get((a, theme))
            if cell:
                n, k, p = int(cell["reviews"]), int(cell["complaints"]), float(cell["peer_incidence"])
            else:  # no complaint: the peers' rate from any airline's cell of the theme
                n, k = reviews[a], 0
                p = next((float(c["peer_incidence"]) for (g, t), c in cells.items() if t == theme), 0.0)
            text.append(-(k - n * p) / math.sqrt(max(n * p * (1 - p), 1e-9)))
            rated.append(welch_z(mine, others))
    return len(airlines), len(text), spearman(text, rated)


if __name__ == "__main__":
    main()
