"""Entity quality on the dev gold set, and the archive-wide top lists.

Not collected by pytest. Run from the repository root:

    PYTHONPATH=. python tests/bench/entities_eval.py [--raw-cache DIR] [--lists DIR]
        [--errors] [--resolve] [--model NAME] [--procs N]

What it measures:

* **Gold F1**: micro precision, recall and F1 per group (person, org, place),
  per corpus and overall, on `tests/data/gold/entities/` (40 BBC and 20
  Reuters articles, annotated by hand; see its README and guidelines).
  Each side becomes a set of (article id, group, key) triples; the key comes
  from the alias rule below, applied the same way to gold and system names.
* **Top 60**: the 60 people, organisations and places in most documents over
  all of BBC (`../shared/corpora/bbc/news`) and over the whole Reuters-1987
  set, written to `--lists DIR` (one file per corpus) when given.

The system side is the real extractor as a build runs it: the articles are
read by `index.ingest` (`scan`/`read_source`, so bodies are cleaned as Morgue
ingests them; Reuters records are the JSON-lines reader's, gold id N being
line N counted from 0), the body alone goes through the model, then
`cleanup.clean` and `cleanup.to_extraction`, then `sections.with_section` (the
article's section, as a build applies it). The gold covers title and body,
so a name only in a title is a miss by design: the index extracts from bodies.

With `--resolve`, the archive-wide resolution (`index.entities.resolve`) runs
over each corpus's entity table and its alias map renames the system's
names before scoring and counting: what the sidebar shows once it is wired
(it always reads both whole corpora, even with `--no-lists`).

**Alias rule** (the scorer's, not the extractor's; the held-out scoring of
issue 17 uses the same): a name's key is its text
  1. NFKC, curly quotes straightened, whitespace collapsed, case folded;
  2. without a leading "the", a trailing possessive ("'s"), leading
     honorifics ("Mr", "President", "Sir"...; Morgue's own title list), dots
     ("U.S." = "US"), and trailing legal forms ("Corp", "Inc", "and Co"...);
  3. then mapped through a short fixed table of variants that name the same
     thing: US = U.S. = USA = United States (of America); UK = U.K. =
     United Kingdom = Britain = Great Britain; EU = European Union;
     UN = United Nations; and for British parties Labour = Labour Party,
     Liberal Democrats = Lib Dems = Lib Dem, Conservatives = Conservative
     Party = Tories = Tory Party. A trailing " Party" is dropped in general.
A short form ("Blair") is NOT equal to the full name ("Tony Blair"): the gold
keeps the fullest form, so a system must resolve short forms itself.

**Outside the gold set**: `--snapshot FILE` pickles every other article's
(name, label) entries; a later run with `--against FILE` prints how many entries
went and came, and a seeded sample of each with the article id, to read by hand
(a rule that helps the gold but hurts elsewhere shows there).

Model outputs can be cached with `--raw-cache DIR` (keyed by the sha1 of the
text the model reads and the engine name): rule changes can then be re-scored in seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from index.entities import canonical as cn  # noqa: E402
from index.entities import cleanup as er  # noqa: E402
from index.entities.extractor import SpacyExtractor, load_extractor  # noqa: E402
from index.entities.sections import with_section  # noqa: E402
from index.entities.spans import unwrap  # noqa: E402
from index.ingest import read_source, scan  # noqa: E402
from index.models import GROUP_OF_LABEL, Article, Entity, Extraction  # noqa: E402

GOLD_DIR = ROOT / "tests" / "data" / "gold" / "entities"
CORPORA = ROOT / ".." / "shared" / "corpora"
BBC_DIR = CORPORA / "bbc" / "news"
REUTERS_FILE = CORPORA / "reuters-1987" / "reuters-1987.jsonl"
GROUPS = ("person", "org", "place")
TOP = 60

# --- the alias rule -----------------------------------------------------------------

_VARIANTS = {
    "us": ("us", "usa", "united states", "united states of america"),
    "uk": ("uk", "united kingdom", "britain", "great britain"),
    "eu": ("eu", "european union"),
    "un": ("un", "united nations"),
    "labour": ("labour", "labour party"),
    "liberal democrats": ("liberal democrats", "lib dems", "lib dem", "liberal democrat"),
    "conservatives": ("conservatives", "conservative", "conservative party", "tories", "tory", "tory party"),
}
_ALIAS = {variant: key for key, variants in _VARIANTS.items() for variant in variants}
_LEGAL = re.compile(
    r"(?:,?\s+(?:(?:and|&)\s+co|inc|incorporated|corp|corporation|co|ltd|limited|plc|llc|ag|sa|spa|nv|gmbh))+$"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


def name_key(name: str) -> str:
    """The key two names must share to count as one (the alias rule above)."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    text = " ".join(text.split()).casefold()
    text = re.sub(r"^the\s+", "", text)
    words = text.split()
    while len(words) > 1 and words[0] in cn.TITLES:
        words = words[1:]
    text = " ".join(words).replace(".", "")
    text = _LEGAL.sub("", text).strip() or text
    text = re.sub(r"\s?'s$|(?<=s)'$", "", text)  # after the legal form: "Standard and Poor's Corp"
    text = _ALIAS.get(text, text)
    if text.endswith(" party") and text != "party":
        text = _ALIAS.get(text[: -len(" party")], text[: -len(" party")])
    return text


# --- reading ------------------------------------------------------------------------


def read_articles(root: Path) -> list[Article]:
    files, _ = scan(root)
    out: list[Article] = []
    for src in files:
        out.extend(a for a in read_source(src) if isinstance(a, Article))
    return out


def load_gold() -> list[dict[str, object]]:
    rows = []
    for name in ("bbc.jsonl", "reuters.jsonl"):
        for line in (GOLD_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def article_id(row: dict[str, object]) -> str:
    """The id Morgue gives the gold row's article (Reuters: 0-based line -> record N+1)."""
    if row["corpus"] == "bbc":
        return str(row["id"])
    return f"reuters-1987.jsonl#{int(str(row['id'])) + 1}"


# --- extraction with a cache of the model's own spans -------------------------------

RawSpans = list[tuple[int, int, str]]


class RawCache:
    """The model's spans by (engine, sha1 of the text), pickled in one file per engine."""

    def __init__(self, folder: Path | None, engine: str) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", engine)
        self.path = folder / f"{safe}.pickle" if folder else None
        self.data: dict[str, RawSpans] = {}
        if self.path and self.path.is_file():
            self.data = pickle.loads(self.path.read_bytes())
        self.dirty = False

    def save(self) -> None:
        if self.path and self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(self.path)


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def extract_all(texts: Sequence[str], extractor: object, cache: RawCache, procs: int) -> list[Extraction]:
    """Each text's extraction: cached model spans where there are some, then the rules."""
    if not isinstance(extractor, SpacyExtractor):
        return [extractor.extract(t) for t in texts]  # type: ignore[attr-defined]
    keys = [_sha(unwrap(t)) for t in texts]  # what the model reads (see SpacyExtractor.raw_spans)
    todo = list(dict.fromkeys(k for k in keys if k not in cache.data))
    if todo:
        by_key = {k: t for k, t in zip(keys, texts, strict=True)}
        t0 = time.perf_counter()
        for key, raw in zip(
            todo, extractor.raw_spans([by_key[k] for k in todo], n_process=procs), strict=True
        ):
            cache.data[key] = raw
        cache.dirty = True
        cache.save()
        print(f"  model on {len(todo)} texts: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return [
        er.to_extraction(t, er.clean(t, er.from_model(cache.data[k])))
        for t, k in zip(texts, keys, strict=True)
    ]


# --- scoring ------------------------------------------------------------------------

Triple = tuple[str, str, str]


def renamed(aid: str, x: Extraction, renames: dict[tuple[str, str, str], str]) -> Extraction:
    """The extraction with the names resolution changed, counts of merged names added up."""
    counts: Counter[tuple[str, str]] = Counter()
    for e in x.entities:
        counts[renames.get((aid, e.name, e.label), e.name), e.label] += e.count
    return Extraction(x.mentions, tuple(Entity(n, lab, c) for (n, lab), c in counts.most_common()))


def system_triples(aid: str, extraction: Extraction) -> set[Triple]:
    out = set()
    for e in extraction.entities:
        group = GROUP_OF_LABEL.get(e.label)
        if group in GROUPS:
            out.add((aid, group, name_key(e.name)))
    return out


def gold_triples(row: dict[str, object]) -> set[Triple]:
    aid = article_id(row)
    return {(aid, g, name_key(str(n))) for g in GROUPS for n in row[g]}  # type: ignore[attr-defined]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: set[Triple], system: set[Triple], corpus_of: dict[str, str]) -> list[str]:
    """Lines of a table: rows all/bbc/reuters, columns per group and micro."""
    lines = [f"{'':<8}" + "".join(f"{g:>22}" for g in (*GROUPS, "micro"))]
    for corpus in ("all", "bbc", "reuters"):

        def keep(t: Triple, corpus: str = corpus) -> bool:
            return corpus == "all" or corpus_of[t[0]] == corpus

        cells = []
        for group in (*GROUPS, "micro"):

            def sel(triples: Iterable[Triple], group: str = group) -> set[Triple]:
                return {t for t in triples if keep(t) and (group == "micro" or t[1] == group)}

            g, s = sel(gold), sel(system)
            p, r, f = prf(len(g & s), len(s - g), len(g - s))
            cells.append(f"P{p:.2f} R{r:.2f} F{f:.3f}")
        lines.append(f"{corpus:<8}" + "".join(f"{c:>22}" for c in cells))
    return lines


# --- top lists ----------------------------------------------------------------------


def top_lists(extractions: Iterable[Extraction]) -> dict[str, list[tuple[str, int]]]:
    """Per group, the TOP names by number of documents."""
    docs: dict[str, Counter[str]] = defaultdict(Counter)
    for x in extractions:
        seen = set()
        for e in x.entities:
            group = GROUP_OF_LABEL.get(e.label)
            if group in GROUPS:
                seen.add((group, e.name))
        for group, name in seen:
            docs[group][name] += 1
    # ties by name: `seen` is a set, so first-seen order would change from run to run
    return {g: sorted(docs[g].items(), key=lambda item: (-item[1], item[0]))[:TOP] for g in GROUPS}


def format_lists(title: str, lists: dict[str, list[tuple[str, int]]]) -> str:
    out = [f"# {title}"]
    for g in GROUPS:
        out.append(f"\n## {g}\n")
        out.extend(f"{i:>2}. {name} ({n})" for i, (name, n) in enumerate(lists[g], 1))
    return "\n".join(out) + "\n"


# --- main ---------------------------------------------------------------------------


def outside_diff(old: dict[str, set[tuple[str, str]]], new: dict[str, set[tuple[str, str]]], n: int) -> str:
    """How many (article, name, label) entries went and came, with a seeded sample of each."""
    import random

    gone = sorted((aid, *e) for aid, es in old.items() for e in es - new.get(aid, set()))
    came = sorted((aid, *e) for aid, es in new.items() for e in es - old.get(aid, set()))
    rng = random.Random(17)
    lines = [f"outside the gold: {len(gone)} entries gone, {len(came)} new"]
    for title, rows in (("gone", gone), ("new", came)):
        lines.append(f"{title}:")
        lines += [f"  {name} [{label}] {aid}" for aid, name, label in rng.sample(rows, min(n, len(rows)))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw-cache", type=Path, default=None, help="folder caching the model's spans")
    ap.add_argument("--lists", type=Path, default=None, help="folder for the top-60 lists")
    ap.add_argument("--tag", default="", help="suffix of the list files (e.g. before, after)")
    ap.add_argument("--errors", action="store_true", help="print the false and missed entries")
    ap.add_argument("--resolve", action="store_true", help="apply the archive-wide resolution")
    ap.add_argument("--no-lists", action="store_true", help="score the gold set only")
    ap.add_argument("--snapshot", type=Path, default=None, help="pickle the entries outside the gold")
    ap.add_argument("--against", type=Path, default=None, help="diff with an earlier --snapshot")
    ap.add_argument("--sample", type=int, default=20, help="entries shown per side of the diff")
    ap.add_argument("--model", default=None)
    ap.add_argument("--procs", type=int, default=1)
    args = ap.parse_args(argv)

    extractor = load_extractor(args.model)
    print(f"engine: {extractor.name}")
    cache = RawCache(args.raw_cache, extractor.name)
    gold_rows = load_gold()
    corpora = {"bbc": read_articles(BBC_DIR), "reuters": read_articles(REUTERS_FILE)}
    if args.no_lists and not args.resolve:  # resolution needs the whole archive's table
        wanted = {article_id(r) for r in gold_rows}
        corpora = {c: [a for a in arts if a.id in wanted] for c, arts in corpora.items()}
    t0 = time.perf_counter()
    extracted = {  # with what each article's section decides, as a build applies it
        c: [
            with_section(a.section, a.body, x)
            for a, x in zip(
                arts, extract_all([a.body for a in arts], extractor, cache, args.procs), strict=True
            )
        ]
        for c, arts in corpora.items()
    }
    print(f"extraction (rules, cached spans): {time.perf_counter() - t0:.1f} s")
    # (article id, name, label) -> the name resolution gives it, per corpus
    renames: dict[tuple[str, str, str], str] = {}
    if args.resolve:
        from index.entities.resolve import resolve
        from index.entities.table import rows_of  # the rows a build keeps (no dates)

        for c, arts in corpora.items():
            table = [
                row for a, x in zip(arts, extracted[c], strict=True) for row in rows_of(a.id, x.entities)
            ]
            renames.update(resolve(table))
        extracted = {
            c: [renamed(a.id, x, renames) for a, x in zip(arts, extracted[c], strict=True)]
            for c, arts in corpora.items()
        }

    by_id = {a.id: x for c, arts in corpora.items() for a, x in zip(arts, extracted[c], strict=True)}
    gold: set[Triple] = set()
    system: set[Triple] = set()
    corpus_of: dict[str, str] = {}
    for row in gold_rows:
        aid = article_id(row)
        corpus_of[aid] = str(row["corpus"])
        gold |= gold_triples(row)
        system |= system_triples(aid, by_id[aid])
    print(f"gold: {len(gold)} entries, system: {len(system)}")
    print("\n".join(score(gold, system, corpus_of)))
    if args.errors:
        for group in GROUPS:
            fps = sorted(t for t in system - gold if t[1] == group)
            fns = sorted(t for t in gold - system if t[1] == group)
            print(f"\n{group}: {len(fps)} false: " + "; ".join(f"{t[2]} [{t[0][:18]}]" for t in fps))
            print(f"{group}: {len(fns)} missed: " + "; ".join(f"{t[2]} [{t[0][:18]}]" for t in fns))
    if args.snapshot or args.against:
        outside = {
            aid: {(e.name, e.label) for e in x.entities if e.label in GROUP_OF_LABEL}
            for aid, x in by_id.items()
            if aid not in corpus_of
        }
        if args.against:
            print(outside_diff(pickle.loads(args.against.read_bytes()), outside, args.sample))
        if args.snapshot:
            args.snapshot.write_bytes(pickle.dumps(outside))
    if not args.no_lists:
        for c, arts in corpora.items():
            text = format_lists(
                f"{c}: top {TOP} by documents ({len(arts)} articles)", top_lists(extracted[c])
            )
            if args.lists:
                args.lists.mkdir(parents=True, exist_ok=True)
                (args.lists / f"{c}{'-' + args.tag if args.tag else ''}.md").write_text(
                    text, encoding="utf-8"
                )
            else:
                print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
