"""Reproduce the article selection for the entity gold set.

BBC: one random.Random(17) instance; for each section in sorted order (business,
entertainment, politics, sport, tech) sample 8 paths from that section's sorted path list.
Reuters: a fresh random.Random(17); sample 20 line numbers (0-based) from the sorted list of
line numbers whose record body has at least 400 characters.

Usage: python select.py  (prints the chosen ids as JSON lines)
"""

import json
import random
from pathlib import Path

BBC = Path("/work/shared/corpora/bbc/news")
REUTERS = Path("/work/shared/corpora/reuters-1987/reuters-1987.jsonl")


def select_bbc(per_section=8, seed=17):
    rng = random.Random(seed)
    chosen = []
    for section in sorted(p.name for p in BBC.iterdir() if p.is_dir()):
        paths = sorted(str(p.relative_to(BBC)) for p in (BBC / section).glob("*.txt"))
        chosen.extend(sorted(rng.sample(paths, per_section)))
    return chosen


def select_reuters(n=20, seed=17, min_body=400):
    with REUTERS.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    eligible = [i for i, r in enumerate(records) if len(r.get("body") or "") >= min_body]
    rng = random.Random(seed)
    lines = sorted(rng.sample(eligible, n))
    return [(i, records[i]) for i in lines]


if __name__ == "__main__":
    for path in select_bbc():
        print(json.dumps({"corpus": "bbc", "id": path}))
    for i, rec in select_reuters():
        print(json.dumps({"corpus": "reuters", "id": str(i), "title": rec["title"], "date": rec["date"]}))
