#!/usr/bin/env python3
"""Converts the CED Weibo cascades (../shared/data/ced_weibo_rumor_cascades) into yuqing items
(product.md §4.1), one JSON object per line, in stream order (created_at, then id).

Root posts carry the author's profile (location, followers, verified) and counters; reposts and
comments carry parent_id. `event_id` and `label` are kept as extra fields (ground truth for
evaluation, passed on unchanged by yuqing).

    python3 scripts/data/ced_to_items.py [--data DIR] [--events N] [--out FILE]

--events N keeps the first N events in file order (for small samples such as demo/).
"""
import argparse
import json
import sys
from datetime import datetime


def unescape(cell):
    out, i = [], 0
    while i < len(cell):
        c = cell[i]
        if c == '\\' and i + 1 < len(cell):
            n = cell[i + 1]
            out.append({'\\': '\\', 't': '\t', 'r': '\r', 'n': '\n'}.get(n, '\\' + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='../shared/data/ced_weibo_rumor_cascades')
    ap.add_argument('--events', type=int, default=0)
    ap.add_argument('--out', default='-')
    args = ap.parse_args()

    items = []
    keep = set()
    with open(f'{args.data}/events.jsonl', encoding='utf-8') as f:
        for n, line in enumerate(f):
            if args.events and n >= args.events:
                break
            e = json.loads(line)
            keep.add(e['event_id'])
            item = {'id': e['id'], 'platform': 'weibo', 'created_at': e['created_at'],
                    'author': e['user'] if e['user'] != 'empty' else None, 'text': e['text']}
            if e.get('user_location'):
                item['author_location'] = e['user_location']
            if e.get('user_followers') is not None:
                item['author_followers'] = e['user_followers']
            if e.get('user_verified') is not None:
                item['author_verified'] = bool(e['user_verified'])
            for src, dst in (('reposts_count', 'reposts'), ('comments_count', 'comments'),
                             ('likes_count', 'likes')):
                if e.get(src) is not None:
                    item[dst] = e[src]
            item['event_id'] = e['event_id']
            item['label'] = e['label']
            items.append({k: v for k, v in item.items() if v is not None})

    with open(f'{args.data}/posts.tsv', encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            cells = line.rstrip('\n').split('\t')
            if cells[col['event_id']] not in keep:
                continue
            items.append({'id': cells[col['id']], 'platform': 'weibo',
                          'created_at': cells[col['created_at']],
                          'author': cells[col['user']],
                          'text': unescape(cells[col['text']]),
                          'parent_id': cells[col['parent_id']],
                          'event_id': cells[col['event_id']]})

    items.sort(key=lambda it: (datetime.fromisoformat(it['created_at']), it['id']))
    out = sys.stdout if args.out == '-' else open(args.out, 'w', encoding='utf-8')
    for it in items:
        out.write(json.dumps(it, ensure_ascii=False) + '\n')
    if out is not sys.stdout:
        out.close()
    print(f'{len(items)} items from {len(keep)} events', file=sys.stderr)


if __name__ == '__main__':
    main()
