#!/usr/bin/env python3
"""Reproduce the article selection for the quotation/speaker dev gold set.

BBC: one random.Random(29) generator; for each section in sorted order
(business, entertainment, politics, sport, tech) take rng.sample(sorted paths
of that section, 6).  Article id = path relative to news/.

Reuters: a fresh random.Random(29); eligible = 0-based line numbers of records
whose body has >= 600 characters and contains a straight double quote ('"';
the file has no curly quotes); take rng.sample(eligible, 10), listed in line
order.  Records have no id field of their own; they are identified by line
number plus title (and date).

Usage: python3 select.py            # prints the selection as JSON lines
"""

import json
import random
from pathlib import Path

BBC = Path("/work/shared/corpora/bbc/news")
REUTERS = Path("/work/shared/corpora/reuters-1987/reuters-1987.jsonl")
SEED = 29
SECTIONS = ["business", "entertainment", "politics", "sport", "tech"]


def select_bbc():
    rng = random.Random(SEED)
    out = []
    for section in SECTIONS:
        paths = sorted(str(p.relative_to(BBC)) for p in (BBC / section).glob("*.txt"))
        out.extend(sorted(rng.sample(paths, 6)))
    return out


def select_reuters():
    rng = random.Random(SEED)
    eligible = []
    records = {}
    with REUTERS.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            rec = json.loads(line)
            body = rec.get("body") or ""
            if len(body) >= 600 and '"' in body:
                eligible.append(i)
                records[i] = rec
    picked = sorted(rng.sample(eligible, 10))
    return [(i, records[i]) for i in picked]


if __name__ == "__main__":
    for aid in select_bbc():
        title = (BBC / aid).read_text(encoding="utf-8").split("\n", 1)[0].strip()
        print(json.dumps({"corpus": "bbc", "id": aid, "title": title}))
    for i, rec in select_reuters():
        print(json.dumps({"corpus": "reuters", "id": str(i), "title": rec["title"], "date": rec["date"]}))
