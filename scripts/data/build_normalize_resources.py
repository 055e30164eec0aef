#!/usr/bin/env python3
"""Builds resources/normalize/char_bigrams.tsv, the character-bigram counts the normaliser's
mojibake repair scores candidates with (src/normalize/char_model.h). The other file there,
t2s_corrections.tsv, is written by hand (its header says why each group of entries exists).

Usage: scripts/data/build_normalize_resources.py [--data /work/shared/data] [--out resources/normalize]

Sources (all simplified, from /work/shared/data; see its README.md for provenance/licences):
  sighan2005_seg/{pku,msr}_gold.utf8   People's Daily / MSR newswire sentences (spaces removed)
  tnews/train.jsonl                    news headlines
  thucnews_titles/train.jsonl          Sina news headlines
  online_shopping_10_cats/data.jsonl   product reviews (colloquial text)
The sentiment sets chnsenticorp, waimai_10k, covid_weibo_emotion7, osm_weibo_group_event_emotion,
checked_covid_weibo and ced_weibo_rumor_cascades are deliberately NOT used, so that the
false-repair measurement (src/normalize/real_text_test.cc) runs on text the model never saw.

Character classes (must match CharModel::ClassOf in src/normalize/char_model.cc): ASCII and
full-width letters -> 'A', digits -> '0', whitespace -> ' ', line boundaries -> '\n'; every
other character stands for itself.

Output: a header line, then one line per symbol ("u<TAB>c<TAB>count<TAB>followers<TAB>preceders",
the last two being the numbers of distinct symbols seen after and before it, which interpolated
Kneser-Ney smoothing needs; Chen & Goodman 1998) and one per bigram kept ("b<TAB>ab<TAB>count"),
sorted, so the file is deterministic and diffable.
"""
import argparse
import collections
import json
import os
import sys

MIN_BIGRAM_COUNT = 3  # keeps the file under ~2 MB; rarer pairs fall back to unigrams


def char_class(ch):
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII forms fold like their ASCII twins
        ch = chr(o - 0xFEE0)
        o = ord(ch)
    if ('a' <= ch <= 'z') or ('A' <= ch <= 'Z'):
        return 'A'
    if '0' <= ch <= '9':
        return '0'
    if ch in ' \t\u00a0\u3000':
        return ' '
    if ch in '\r\n':
        return '\n'
    return ch


def lines_from(data_dir):
    for name in ('pku_gold.utf8', 'msr_gold.utf8'):
        with open(os.path.join(data_dir, 'sighan2005_seg', name), encoding='utf-8') as f:
            for line in f:
                yield ''.join(line.split())
    for rel in ('tnews/train.jsonl', 'thucnews_titles/train.jsonl',
                'online_shopping_10_cats/data.jsonl'):
        with open(os.path.join(data_dir, rel), encoding='utf-8') as f:
            for line in f:
                yield json.loads(line)['text']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default='/work/shared/data')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', '..',
                                                  'resources', 'normalize'))
    args = ap.parse_args()

    unigrams = collections.Counter()
    bigrams = collections.Counter()
    n_lines = 0
    for text in lines_from(args.data):
        seq = ['\n'] + [char_class(c) for c in text] + ['\n']
        # Runs of one class collapse (a 12-digit number is one '0'), as CharModel scores them.
        collapsed = [seq[0]]
        for c in seq[1:]:
            if c in ('A', '0', ' ') and collapsed[-1] == c:
                continue
            collapsed.append(c)
        unigrams.update(collapsed[1:])
        bigrams.update(a + b for a, b in zip(collapsed, collapsed[1:]))
        n_lines += 1
    # A backslash would make the '\\n' escape below ambiguous; it never matters for repairs.
    for table in (unigrams, bigrams):
        for key in [k for k in table if '\\' in k]:
            del table[key]

    followers = collections.Counter(pair[0] for pair in bigrams)
    preceders = collections.Counter(pair[1] for pair in bigrams)

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, 'char_bigrams.tsv')
    kept = 0
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('# char bigram counts v2; built by scripts/data/build_normalize_resources.py '
                'from %d lines; min bigram count %d\n' % (n_lines, MIN_BIGRAM_COUNT))
        for ch, n in sorted(unigrams.items()):
            f.write('u\t%s\t%d\t%d\t%d\n' % (ch.replace('\n', '\\n'), n, followers[ch],
                                               preceders[ch]))
        for pair, n in sorted(bigrams.items()):
            if n >= MIN_BIGRAM_COUNT:
                f.write('b\t%s\t%d\n' % (pair.replace('\n', '\\n'), n))
                kept += 1
    print('%s: %d lines, %d unigrams, %d of %d bigrams kept, %d bytes' %
          (path, n_lines, len(unigrams), kept, len(bigrams), os.path.getsize(path)),
          file=sys.stderr)


if __name__ == '__main__':
    main()
