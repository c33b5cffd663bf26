#!/usr/bin/env python3
"""gen_sentences.py — how the engine reads the generator's own theme sentences.

The cluster benchmark (bench/clusters.sh) plants complaints drawn from
bench/gen_vocab.h. A planted complaint that the engine does not read as a
negative mention of its theme is lost power; praise read as a complaint is
noise in every branch. This expands up to VARIANTS variants of each template
of the themes the general pack covers ("[a|b]" alternatives; "^" intensifier
marks dropped; "#" a number, "@" a person), analyses them with
`undertone analyze --mentions`, and lists every sentence read against its
polarity:
  MISS   a complaint with no negative mention of its theme
  FALSE  praise with a negative mention of its theme
  NEUTRAL- a neutral sentence with any negative mention
Exit status 0; the last line counts the misreadings.

Usage: bench/gen_sentences.py [--undertone build/undertone] [--variants 4]
"""
import argparse
import collections
import csv
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# generator theme -> the general pack's theme (None: a domain pack's, skipped)
THEMES = {'staff': 'service/staff', 'wait': 'service/wait', 'support': 'service/support', 'price': 'price',
          'billing': 'price/billing', 'quality': 'product', 'delivery': 'delivery', 'app': 'digital',
          'cleanliness': 'cleanliness', 'food': None, 'room': None, 'fit': None}


def sentences(variants):
    src = open(os.path.join(ROOT, 'bench', 'gen_vocab.h'), encoding='utf-8').read()
    arrays = {m.group(1): re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
              for m in re.finditer(r'static const char \*const (\w+)\[\] = \{(.*?)\};', src, re.S)}
    rng = random.Random(1)
    for name, prefix in re.findall(r'GEN_THEME\("(\w+)", \d+, (\w+)\)', src):
        if THEMES.get(name) is None:
            continue
        for polarity in ('pos', 'neg', 'neu'):
            for template in arrays.get(prefix + '_' + polarity, []):
                parts = re.split(r'(\[[^\]]*\])', template)
                options = [p[1:-1].split('|') if p.startswith('[') else [p] for p in parts]
                combos = list(itertools.product(*options))
                rng.shuffle(combos)
                for combo in combos[:variants]:
                    text = ''.join(combo).replace('^', '').replace('#', '5').replace('@', 'The guy')
                    yield name, polarity, text.replace('\\"', '"')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--undertone', default=os.path.join(ROOT, 'build', 'undertone'))
    ap.add_argument('--variants', type=int, default=4)
    args = ap.parse_args()
    items = list(sentences(args.variants))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, 'sentences.jsonl')
        with open(corpus, 'w', encoding='utf-8') as f:
            for i, (_, _, text) in enumerate(items):
                f.write(json.dumps({'id': str(i), 'text': text}) + '\n')
        mentions_path = os.path.join(tmp, 'mentions.csv')
        subprocess.run([args.undertone, 'analyze', corpus, '--text', 'text', '--id', 'id', '-q', '-o',
                        os.path.join(tmp, 'out'), '--mentions', mentions_path], check=True)
        mentions = collections.defaultdict(list)
        with open(mentions_path, newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f):
                mentions[int(row['id'])].append((row['theme'], float(row['score']), row['negative'] == '1'))
    wrong = 0
    for i, (name, polarity, text) in enumerate(items):
        theme = THEMES[name]
        negative = [m for m in mentions.get(i, []) if m[2]]
        of_theme = [m for m in negative if m[0] == theme or m[0].startswith(theme + '/')]
        verdict = ('MISS' if polarity == 'neg' and not of_theme else
                   'FALSE' if polarity == 'pos' and of_theme else
                   'NEUTRAL-' if polarity == 'neu' and negative else None)
        if verdict:
            wrong += 1
            print('%-8s %-12s %s  %s' % (verdict, name, text, mentions.get(i, [])))
    print('%d of %d sentences read against their polarity' % (wrong, len(items)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
