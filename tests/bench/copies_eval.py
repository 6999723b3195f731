"""How good the near-duplicate groups are on the Reuters set, judged by a person.

    python tests/bench/copies_eval.py                      # the sample, side by side
    python tests/bench/copies_eval.py --gold FILE          # ... with the verdicts and the figures
    python tests/bench/copies_eval.py --template OUT.jsonl # write the sample, verdicts blank

Groups every story of reuters-1987.jsonl (title + body; id = the 0-based line
number) with `index.copies`' default parameters, then draws with a fixed seed:

- `grouped`: 50 pairs of stories in the same group (uniform over all such
  pairs, so a pair joined only through a third story counts too);
- `below`: 50 pairs not grouped whose estimated similarity is within
  `--below` under the threshold and that the date window allows: what the
  threshold alone turned down;

and lists in full two sets that justify a parameter:

- `window`: every pair at or above the threshold that the date window splits;
- `short`: every grouped pair with a text under `short_words` words (the
  templates' hiding place: dividend notices, headline-only flashes);
- `shingle4` / `shingle5only` (with `--compare-shingle 4`): the grouped pairs
  that 4-word shingles add, and those only 5-word shingles find.

Each pair is printed with both dates, the similarity (estimated, and exact on
the shingle sets), the size of the word diff and its first changes, the titles
and the opening of both bodies. The verdicts (same story or not, by the rules
in tests/data/gold/copies/guidelines.md) live in tests/data/gold/copies/; with
`--gold` this prints precision, the misses below the threshold and every pair
judged wrongly grouped.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from index.copies import CopyIndex, CopyParams, word_diff  # noqa: E402
from index.copies.diff import KEPT, size_of  # noqa: E402
from index.copies.sketch import shingle_hashes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "reuters-1987" / "reuters-1987.jsonl"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpora/reuters-1987/reuters-1987.jsonl")
GOLD = ROOT / "tests" / "data" / "gold" / "copies" / "reuters.jsonl"

Pair = tuple[int, int]


def load(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def text_of(rec: dict[str, str]) -> str:
    return rec["title"] + "\n" + rec["body"]


def build(recs: list[dict[str, str]], params: CopyParams) -> tuple[CopyIndex, float]:
    index = CopyIndex(params)
    start = time.perf_counter()
    for n, rec in enumerate(recs):
        text = text_of(rec)
        index.add(str(n), text, datetime.fromisoformat(rec["date"]), len(text))
    return index, time.perf_counter() - start


def grouped_pairs(index: CopyIndex) -> list[Pair]:
    out: list[Pair] = []
    for group in index.groups():
        ids = sorted(int(i) for i in group.members)
        out.extend((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return sorted(out)


def all_similar(index: CopyIndex, floor: float) -> dict[Pair, float]:
    """Every pair of groupable stories with estimated similarity >= floor (brute force, ~5 s)."""
    p = index.params
    ids = [i for i in index.ids() if index._words[index._slot[i]] >= p.min_words]
    slots = np.array([index._slot[i] for i in ids])
    sig = index._sig[slots]
    need = math.ceil(floor * p.num_perm)
    found: dict[Pair, float] = {}
    for i in range(len(ids) - 1):
        equal = np.count_nonzero(sig[i + 1 :] == sig[i], axis=1)
        for j in np.nonzero(equal >= need)[0].tolist():
            a, b = sorted((int(ids[i]), int(ids[i + 1 + j])))
            found[(a, b)] = float(equal[j]) / p.num_perm
    return found


def hours_apart(recs: list[dict[str, str]], a: int, b: int) -> float:
    gap = datetime.fromisoformat(recs[a]["date"]) - datetime.fromisoformat(recs[b]["date"])
    return abs(gap.total_seconds()) / 3600.0


def jaccard(recs: list[dict[str, str]], a: int, b: int, params: CopyParams) -> float:
    sa = set(shingle_hashes(text_of(recs[a]), params).tolist())
    sb = set(shingle_hashes(text_of(recs[b]), params).tolist())
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def changes(a: str, b: str, limit: int = 6) -> tuple[str, str]:
    spans = word_diff(a, b)
    shown = [
        f"{s.symbol}[{' '.join(s.text.split())[:60]}]" for s in spans if s.kind != KEPT and s.text.strip()
    ]
    more = f" ... ({len(shown) - limit} more)" if len(shown) > limit else ""
    return str(size_of(spans)), " ".join(shown[:limit]) + more


def record(recs: list[dict[str, str]], index: CopyIndex, kind: str, pair: Pair) -> dict[str, object]:
    a, b = pair
    return {
        "set": kind,
        "a": str(a),
        "b": str(b),
        "similarity": round(index.similarity(str(a), str(b)), 3),
        "jaccard": round(jaccard(recs, a, b, index.params), 3),
        "hours": round(hours_apart(recs, a, b), 1),
        "title_a": recs[a]["title"],
        "title_b": recs[b]["title"],
        "verdict": "",
        "reason": "",
    }


def show(
    recs: list[dict[str, str]], n: int, rec: dict[str, object], gold: dict[Pair, dict[str, str]]
) -> None:
    a, b = int(str(rec["a"])), int(str(rec["b"]))
    size, diff = changes(text_of(recs[a]), text_of(recs[b]))
    judged = gold.get((a, b))
    verdict = f"  => {judged['verdict'].upper()}: {judged['reason']}" if judged else ""
    print(
        f"[{rec['set']} {n}] {a} ~ {b}  sim {rec['similarity']:.2f} (exact {rec['jaccard']:.2f})"
        f"  {rec['hours']} h apart  diff {size}{verdict}"
    )
    for side in (a, b):
        body = " ".join(recs[side]["body"].split())
        print(f"    {side:>5} {recs[side]['date'][:16]}  {recs[side]['title'][:90]}")
        print(f"          {body[:240]}")
    print(f"    changes: {diff}")


def read_gold(path: Path) -> dict[Pair, dict[str, str]]:
    if not path.exists():
        return {}
    out: dict[Pair, dict[str, str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[(int(rec["a"]), int(rec["b"]))] = rec
    return out


def summary(name: str, sample: list[dict[str, object]], gold: dict[Pair, dict[str, str]]) -> None:
    verdicts = [gold.get((int(str(r["a"])), int(str(r["b"])))) for r in sample]
    judged = [v for v in verdicts if v]
    same = sum(1 for v in judged if v["verdict"] == "same")
    print(
        f"{name}: {len(sample)} pairs, {len(judged)} judged, {same} the same story, {len(judged) - same} not"
    )
    for rec, v in zip(sample, verdicts, strict=True):
        if v and v["verdict"] != (
            "same" if name in ("grouped", "short", "shingle4", "shingle5only") else "different"
        ):
            print(f"    {rec['a']} ~ {rec['b']} sim {rec['similarity']}: {v['verdict']}: {v['reason']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--n", type=int, default=50, help="pairs drawn from each of grouped and below")
    ap.add_argument("--below", type=float, default=0.15, help="how far under the threshold 'below' reaches")
    ap.add_argument("--gold", type=Path, default=None, help=f"verdicts to join (e.g. {GOLD})")
    ap.add_argument("--template", type=Path, default=None, help="write the drawn pairs here, unjudged")
    ap.add_argument(
        "--compare-shingle", type=int, default=None, help="also list what this shingle size changes"
    )
    args = ap.parse_args()

    recs = load(args.corpus)
    params = CopyParams()
    index, took = build(recs, params)
    pairs = grouped_pairs(index)
    sizes: dict[int, int] = {}
    for group in index.groups():
        sizes[len(group.members)] = sizes.get(len(group.members), 0) + 1
    print(f"{len(recs)} stories, {params}")
    print(f"add: {took:.2f} s ({len(recs) / took:.0f} stories/s)")
    print(
        f"groups: {sum(sizes.values())} (by size {dict(sorted(sizes.items()))}), grouped pairs: {len(pairs)}"
    )

    t = params.threshold
    near = all_similar(index, t - args.below)
    grouped = set(pairs)
    window = params.window_hours or math.inf
    below = sorted(
        p for p, s in near.items() if s < t and p not in grouped and hours_apart(recs, *p) <= window
    )
    split = sorted(
        p for p, s in near.items() if s >= t and p not in grouped and hours_apart(recs, *p) > window
    )
    print(
        f"pairs not grouped within {args.below} under the threshold: {len(below)}; split by the window: {len(split)}"
    )

    rng = random.Random(args.seed)
    drawn = [("grouped", p) for p in rng.sample(pairs, min(args.n, len(pairs)))]
    drawn += [("below", p) for p in rng.sample(below, min(args.n, len(below)))]
    drawn += [("window", p) for p in split]
    short = [p for p in pairs if min(index._words[index._slot[str(x)]] for x in p) < params.short_words]
    drawn += [("short", p) for p in short]
    if args.compare_shingle:
        other, _ = build(recs, CopyParams(shingle=args.compare_shingle))
        theirs = set(grouped_pairs(other))
        drawn += [(f"shingle{args.compare_shingle}", p) for p in sorted(theirs - grouped)]
        drawn += [(f"shingle{params.shingle}only", p) for p in sorted(grouped - theirs)]
    sample = [record(recs, index, kind, p) for kind, p in drawn]

    gold = read_gold(args.gold) if args.gold else {}
    for n, rec in enumerate(sample):
        show(recs, n, rec, gold)
    if args.template:
        with open(args.template, "w", encoding="utf-8") as out:
            for rec in sample:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if gold:
        print()
        for name in dict.fromkeys(str(r["set"]) for r in sample):
            summary(name, [r for r in sample if r["set"] == name], gold)
        # Every judged pair, whichever round drew it: not a random sample, but more evidence.
        judged_grouped = [v for p, v in gold.items() if p in grouped]
        judged_missed = [v for p, v in gold.items() if p not in grouped and v["verdict"] == "same"]
        right = sum(1 for v in judged_grouped if v["verdict"] == "same")
        print(
            f"all {len(gold)} judged pairs: {len(judged_grouped)} grouped now, {right} of them the same story;"
        )
        print(f"    {len(judged_missed)} judged the same story are not grouped now")


if __name__ == "__main__":
    main()
