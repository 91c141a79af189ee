#!/usr/bin/python3
"""Throttle check from the queue: wall time, messages per account, the busiest second."""
import collections, sqlite3, sys

db, wall = sys.argv[1], float(sys.argv[2])
rows = sqlite3.connect(db).execute(
    "SELECT account_id, sent_at FROM messages WHERE state = 'sent'").fetchall()
start = min(t for _, t in rows)
per = collections.defaultdict(collections.Counter)
for account, t in rows:
    per[account][(t - start) // 1000] += 1
print(f"sent {len(rows)} in {wall:.2f} s wall (goal 15 s +-10%)")
for account, seconds in sorted(per.items()):
    print(f"  account {account}: {sum(seconds.values())} messages, busiest second {max(seconds.values())} (limit 25)")
ok = 13.5 <= wall <= 16.5 and len(per) == 2 and all(max(s.values()) <= 25 for s in per.values())
print("throttle:", "PASS" if ok else "FAIL")
