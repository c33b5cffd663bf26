#!/usr/bin/env python3
"""agreement_check.py SCORES.csv SUMMARY.json — recomputes summary.json's
"agreement" from the per-review scores file, independently of the engine:
the printed compound and rating of every rated review, the scale rule of
docs/outputs.md, balanced accuracy, complaint and praise recall,
Spearman's rho with midranks, and the mean compound per rating. Exit 1 and
say what differs when a figure is off by more than the 4th decimal."""
import csv
import json
import sys


def midranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and values[order[j]] == values[order[i]]:
            j += 1
        for k in range(i, j):
            ranks[order[k]] = (i + 1 + j) / 2.0  # mean of ranks i+1 .. j
        i = j
    return ranks


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5 if sxx > 0 and syy > 0 else None


def main():
    scores, summary = sys.argv[1], sys.argv[2]
    pairs = []
    with open(scores, newline="") as f:
        for row in csv.DictReader(f):
            if row["rating"] != "":
                pairs.append((float(row["compound"]), float(row["rating"])))
    got = json.load(open(summary))["agreement"]
    if not pairs:
        assert got is None, got
        print("no rated reviews: agreement is null")
        return 0
    top = max(r for _, r in pairs)
    low, high = (1, 5) if top <= 5 else (1, 10) if top <= 10 else (0, 100)
    third = (high - low) / 3
    complaints = [c for c, r in pairs if r <= low + third + 1e-9]
    praise = [c for c, r in pairs if r >= high - third - 1e-9]
    want = {"rated_reviews": len(pairs), "scale": [low, high], "complaints": len(complaints),
            "praise": len(praise)}
    cr = sum(c < 0 for c in complaints) / len(complaints) if complaints else None
    pr = sum(c > 0 for c in praise) / len(praise) if praise else None
    want["complaint_recall"] = cr
    want["praise_recall"] = pr
    want["balanced_accuracy"] = (cr + pr) / 2 if cr is not None and pr is not None else None
    want["spearman"] = pearson(midranks([c for c, _ in pairs]), midranks([r for _, r in pairs]))
    by = {}
    for c, r in pairs:
        by.setdefault(r, []).append(c)
    means = {}
    for r in sorted(by):
        name = ("%.2f" % r).rstrip("0").rstrip(".")
        means[name] = {"reviews": len(by[r]), "mean_compound": sum(by[r]) / len(by[r])}
    want["mean_compound_by_rating"] = means

    bad = []

    def near(a, b):
        if a is None or b is None:
            return a is b
        return abs(a - b) <= 1.1e-4

    for k in ("rated_reviews", "scale", "complaints", "praise"):
        if got[k] != want[k]:
            bad.append(f"{k}: summary {got[k]}, scores file {want[k]}")
    for k in ("complaint_recall", "praise_recall", "balanced_accuracy", "spearman"):
        if not near(got[k], want[k]):
            bad.append(f"{k}: summary {got[k]}, scores file {want[k]}")
    if set(got["mean_compound_by_rating"]) != set(means):
        bad.append(f"ratings listed: {sorted(got['mean_compound_by_rating'])} vs {sorted(means)}")
    else:
        for r, m in means.items():
            g = got["mean_compound_by_rating"][r]
            if g["reviews"] != m["reviews"] or not near(g["mean_compound"], m["mean_compound"]):
                bad.append(f"rating {r}: summary {g}, scores file {m}")
    for b in bad:
        print("  " + b)
    print(f"{len(pairs)} rated reviews, scale {low}-{high}: balanced {want['balanced_accuracy']}, "
          f"spearman {want['spearman']}: {'differs' if bad else 'same'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
