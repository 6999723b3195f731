"""Quotation recall, speaker precision and speaker recall of `index.quotes` on the
hand-made dev gold set (tests/data/gold/quotes/; its README defines the figures).

Not collected by pytest. Run from the repository root:

    python tests/bench/quotes_eval.py [--ner rules|MODEL] [--extra] [--quiet]

The real pipeline runs: each article's body exactly as Morgue ingests it
(`scan` + `read_source`; a Reuters record is written alone to a .jsonl file and
read the same way), the entity extractor on that body, then `find_quotes`.

Scoring (README "Scoring"): the unit is the gold record. A found quotation
matches a gold record when their spans overlap by at least half the gold text;
the gold span is the first occurrence of its text in the body. Names compare
after casefolding, stripping accents, punctuation and honorifics (Mr, Mrs, Ms,
Dr, Sir, Dame, Prof, and the peerage styles Lord, Lady, Baroness, Baron): equal
names match, and so does an equal surname (last word) when the first given names
present on both sides agree ("Blair" ~ "Tony Blair", not "Ian Blair").
Organisations also match by acronym ("EC" ~ "European Commission") or when one
name contains the other. Names quoted in a record's `note` ('Halefoglu') are
accepted as aliases.

`--extra` scores the 20 articles of tests/data/quotes_check/ instead (annotated
for this check, not part of the gold set): there `text` is the start of the
quotation, extended to the next quote mark or paragraph end.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from index.entities.extractor import Extractor, load_extractor  # noqa: E402
from index.ingest import read_source, scan  # noqa: E402
from index.models import Article  # noqa: E402
from index.quotes import Quote, find_quotes  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
BBC = SHARED / "bbc" / "news"
REUTERS = SHARED / "reuters-1987" / "reuters-1987.jsonl"
GOLD = ROOT / "tests" / "data" / "gold" / "quotes"
EXTRA = ROOT / "tests" / "data" / "quotes_check" / "extra.jsonl"
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "lord", "lady", "baroness", "baron"}
_MARK_RE = re.compile(r"''|``|[\"“”]")
_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n|\n[ \t]+")


def _body(corpus: str, ident: str, reuters_lines: list[str], tmp: Path) -> str:
    if corpus == "bbc":
        files, _ = scan(BBC, [BBC / ident])
    else:
        path = tmp / f"reuters-{ident}.jsonl"
        path.write_text(reuters_lines[int(ident)], encoding="utf-8")
        files, _ = scan(path)
    (article,) = read_source(files[0])
    assert isinstance(article, Article), article
    return article.body


def _expand(body: str, prefix: str) -> str:
    """The extra set's `text` (a quotation's opening words) to the whole segment."""
    for m in _MARK_RE.finditer(body):
        if body.startswith(prefix, m.end()):
            start = m.end()
            stop = min(
                (
                    x.start()
                    for x in (_MARK_RE.search(body, start + len(prefix)), _PARAGRAPH_RE.search(body, start))
                    if x
                ),
                default=len(body),
            )
            return body[start:stop].rstrip()
    return prefix


def _fold(name: str) -> list[str]:
    name = unicodedata.normalize("NFKD", name.casefold())
    name = "".join(c for c in name if not unicodedata.combining(c))
    words = re.sub(r"[^\w\s-]", " ", name).replace("-", " ").split()
    return [w for w in words if w not in HONORIFICS] or words


def same_speaker(found: str, gold: str, label: str | None, aliases: list[str]) -> bool:
    for g in [gold, *aliases]:
        f, gw = _fold(found), _fold(g)
        if f == gw:
            return True
        if label == "ORG":
            acronym = "".join(w[0] for w in gw if w not in ("of", "the", "and"))
            if (
                (len(f) == 1 and f[0] == acronym)
                or " ".join(f) in " ".join(gw)
                or " ".join(gw) in " ".join(f)
            ):
                return True
        elif f and gw and f[-1] == gw[-1] and (len(f) == 1 or len(gw) == 1 or f[0] == gw[0]):
            return True
    return False


@dataclass
class Tally:
    records: int = 0
    found: int = 0
    with_speaker: int = 0
    right_speaker: int = 0
    named: int = 0
    named_right: int = 0
    spurious: int = 0


def _aliases(note: str) -> list[str]:
    return [a for a in re.findall(r"['\"]([A-Z][^'\"]{2,40})['\"]", note or "") if a[:1].isupper()]


def score_article(
    body: str, gold: list[dict[str, Any]], quotes: tuple[Quote, ...], t: Tally, out: list[str], ident: str
) -> None:
    used: set[int] = set()
    for r in gold:
        t.records += 1
        start = body.find(r["text"])
        if start < 0:
            out.append(f"  {ident}: gold text not in body: {r['text'][:60]!r}")
            continue
        end = start + len(r["text"])
        overlaps = [(min(end, q.end) - max(start, q.start), i) for i, q in enumerate(quotes)]
        best, i = max(overlaps, default=(0, -1))
        named = r["speaker"] is not None
        t.named += named
        if best < 0.5 * len(r["text"]):
            out.append(f"  MISSED   {ident}: {r['text'][:70]!r} ({r['speaker']})")
            continue
        used.add(i)
        t.found += 1
        q = quotes[i]
        if q.speaker is None:
            if named:
                out.append(
                    f"  NO SPKR  {ident}: {r['text'][:50]!r} gold {r['speaker']} (unnamed={q.unnamed}, cue={q.cue})"
                )
            continue
        t.with_speaker += 1
        right = named and same_speaker(
            q.speaker, r["speaker"], r["speaker_label"], _aliases(r.get("note", ""))
        )
        t.right_speaker += right
        t.named_right += right
        if not right:
            out.append(
                f"  WRONG    {ident}: {r['text'][:50]!r} found {q.speaker} ({q.cue}) gold {r['speaker']}"
            )
    t.spurious += len(quotes) - len(used)
    for i, q in enumerate(quotes):
        if i not in used:
            out.append(f"  EXTRA    {ident}: {q.text[:60]!r} ({q.speaker}, {q.cue})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ner", default=None, help="entity model ('rules' for the rule-based extractor)")
    ap.add_argument("--extra", action="store_true", help="score the 20 extra check articles instead")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args()
    extractor: Extractor = load_extractor(args.ner)
    files = [EXTRA] if args.extra else [GOLD / "bbc.jsonl", GOLD / "reuters.jsonl"]
    articles = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]
    reuters_lines = REUTERS.read_text("utf-8").split("\n")
    tally, lines = Tally(), list[str]()
    with tempfile.TemporaryDirectory() as tmp:
        for a in articles:
            body = _body(a["corpus"], a["id"], reuters_lines, Path(tmp))
            gold = a["quotes"]
            if args.extra:
                gold = [{**r, "text": _expand(body, r["text"])} for r in gold]
            quotes = find_quotes(body, extractor.extract(body).mentions)
            score_article(body, gold, quotes, tally, lines, a["id"])
    print(f"NER: {extractor.name}; {len(articles)} articles, {tally.records} gold records")
    if not args.quiet:
        print("\n".join(lines))

    def share(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"quotation recall   {share(tally.found, tally.records)}")
    print(f"speaker precision  {share(tally.right_speaker, tally.with_speaker)}")
    print(f"speaker recall     {share(tally.named_right, tally.named)}")
    print(f"found, in no gold record: {tally.spurious}")


if __name__ == "__main__":
    main()
