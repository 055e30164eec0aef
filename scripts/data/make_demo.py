#!/usr/bin/env python3
"""Builds the demo sample of `yuqing serve --demo` (data/demo/items.jsonl) from the CED Weibo
cascades: the events about social insurance (pensions, retirement age, medical insurance, 低保,
社保) plus the first general events in file order up to --events, each cut to the first
--hours after its root post and moved so that event k starts --gap-minutes after event k-1.
The cascades keep their own internal timing, which is what the detector reacts to.

    python3 scripts/data/make_demo.py [--data DIR] [--events 16] [--hours 12] \
        [--gap-minutes 30] [--out data/demo/items.jsonl]
"""
import argparse
import json
import os
import re
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from ced_to_items import unescape  # noqa: E402

TOPIC = re.compile('社保|养老|医保|退休|医疗保险|工伤|失业保险|公积金|低保|人社')
# Events whose text matches only in passing (a carpenter "retiring", police dogs).
OFF_TOPIC = re.compile('老木匠|工作犬|寄来的信')
BASE = datetime(2026, 1, 5, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='../shared/data/ced_weibo_rumor_cascades')
    ap.add_argument('--events', type=int, default=16)
    ap.add_argument('--hours', type=float, default=12)
    ap.add_argument('--gap-minutes', type=float, default=30)
    ap.add_argument('--out', default='data/demo/items.jsonl')
    args = ap.parse_args()

    events = [json.loads(line) for line in open(f'{args.data}/events.jsonl', encoding='utf-8')]
    chosen = [e for e in events if TOPIC.search(e['text']) and not OFF_TOPIC.search(e['text'])]
    for e in events:
        if len(chosen) >= args.events:
            break
        if e not in chosen:
            chosen.append(e)
    chosen = chosen[:args.events]
    roots = {e['event_id']: e for e in chosen}
    start = {eid: datetime.fromisoformat(e['created_at']) for eid, e in roots.items()}
    order = {e['event_id']: k for k, e in enumerate(chosen)}
    window = timedelta(hours=args.hours)

    def moved(eid, t):
        return BASE + timedelta(minutes=args.gap_minutes * order[eid]) + (t - start[eid])

    items = []
    for eid, e in roots.items():
        item = {'id': e['id'], 'platform': 'weibo',
                'created_at': moved(eid, start[eid]).isoformat(),
                'author': e['user'] if e['user'] != 'empty' else None, 'text': e['text'],
                'author_location': e.get('user_location'),
                'author_followers': e.get('user_followers'),
                'author_verified': bool(e['user_verified']) if e.get('user_verified') is not None
                else None,
                'reposts': e.get('reposts_count'), 'comments': e.get('comments_count'),
                'likes': e.get('likes_count'), 'event_id': eid, 'label': e['label']}
        items.append({k: v for k, v in item.items() if v is not None})
    with open(f'{args.data}/posts.tsv', encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            cells = line.rstrip('\n').split('\t')
            eid = cells[col['event_id']]
            if eid not in roots:
                continue
            t = datetime.fromisoformat(cells[col['created_at']])
            if t < start[eid] or t - start[eid] > window:
                continue
            items.append({'id': cells[col['id']], 'platform': 'weibo',
                          'created_at': moved(eid, t).isoformat(),
                          'author': cells[col['user']], 'text': unescape(cells[col['text']]),
                          'parent_id': cells[col['parent_id']], 'event_id': eid})
    items.sort(key=lambda it: (it['created_at'], it['id']))
    with open(args.out, 'w', encoding='utf-8') as out:
        for it in items:
            out.write(json.dumps(it, ensure_ascii=False) + '\n')
    on_topic = sum(1 for e in chosen if TOPIC.search(e['text']))
    print(f'{len(items)} items from {len(chosen)} events ({on_topic} on social insurance)',
          file=sys.stderr)


if __name__ == '__main__':
    main()
