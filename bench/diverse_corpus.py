#!/usr/bin/env python3
"""diverse_corpus.py — a benchmark corpus of real, mixed-vocabulary text.

The one idea: the generator's corpus (bench/gen.c) repeats a few hundred
templates, so phrase tables stay small and zstd decompresses it very fast;
real corpora mix vocabularies. This script cuts every text of ../shared/data
into sentences (VADER ground-truth snippets and tweets, Amazon and Blitzer
reviews, SemEval restaurant sentences, Skytrax seat reviews), then draws
reviews of 1 to 12 sentences from that pool, each with a shop (the group
field, Zipf-sized over --shops), a rating (1-5) and a date. Every draw comes
from one seeded splitmix64 stream, so the same arguments give the same bytes
on every machine and Python version.

Usage: bench/diverse_corpus.py [--data DIR] [--mb 160] [--shops 100]
                               [--seed 1] [--out FILE|-]
"""
import argparse
import csv
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences_of(text):
    text = " ".join(text.replace("<br />", " ").split())
    for s in SENTENCE_END.split(text):
        s = s.strip()
        if 3 <= len(s) <= 600:
            yield s


def load_pool(data):
    pool = []
    for path in sorted(glob.glob(os.path.join(data, "vader/ground_truth/*_GroundTruth.txt"))):
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            for line in f:
                parts = line.rstrip("\r\n").split("\t", 2)
                if len(parts) == 3:
                    pool.extend(sentences_of(parts[2]))
    for path in sorted(glob.glob(os.path.join(data, "reviews/*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                for key in ("reviewText", "text", "summary", "title"):
                    if isinstance(rec.get(key), str):
                        pool.extend(sentences_of(rec[key]))
    for path in sorted(glob.glob(os.path.join(data, "semeval2014/*.xml"))):
        for node in ET.parse(path).getroot().iter("text"):
            if node.text:
                pool.extend(sentences_of(node.text))
    skytrax = os.path.join(data, "clusters/skytrax_seat.csv")
    if os.path.exists(skytrax):
        csv.field_size_limit(1 << 24)
        with open(skytrax, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for key in ("title", "content"):
                    if row.get(key):
                        pool.extend(sentences_of(row[key]))
    return pool


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--mb", type=float, default=160.0, help="stop after this many MB (10^6 bytes)")
    ap.add_argument("--shops", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-")
    args = ap.parse_args()
    pool = load_pool(args.data)
    if not pool:
        sys.exit("diverse_corpus: no sentences found under " + args.data)
    rng = SplitMix64(args.seed)
    # Zipf-sized shops: shop k is drawn with weight 1/(k+1), by a cumulative table.
    weights = [1.0 / (k + 1) for k in range(args.shops)]
    total_w = sum(weights)
    cumulative, acc = [], 0
    for w in weights:
        acc += int(w / total_w * (1 << 32))
        cumulative.append(acc)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    limit = int(args.mb * 1e6)
    written, n = 0, 0
    while written < limit:
        n += 1
        k = rng.below(12) + 1
        text = " ".join(pool[rng.below(len(pool))] for _ in range(k))
        draw = rng.below(cumulative[-1])
        shop = next(i for i, c in enumerate(cumulative) if draw < c)
        day = rng.below(365)
        rec = {
            "id": "d%08d" % n,
            "shop": "shop-%03d" % (shop + 1),
            "rating": 1 + rng.below(5),
            "date": "2025-%02d-%02d" % (1 + day // 31 % 12, 1 + day % 28),
            "text": text,
        }
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
    if out is not sys.stdout:
        out.close()
    print("diverse_corpus: %d sentences in the pool, %d reviews, %d bytes" % (len(pool), n, written), file=sys.stderr)


if __name__ == "__main__":
    main()
