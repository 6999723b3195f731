"""Span-level F1 of entity extraction on CoNLL-2003 (validation split).

Not collected by pytest. Run from the repository root:

    python tests/bench/conll_f1.py [--path FILE] [--model NAME] [--procs N] [--raw-cache FILE]

With `--raw-cache FILE` the model's spans are pickled there (keyed by engine
name) on the first run and read back afterwards: a rule change is then re-scored
in seconds, without the model.

Each CoNLL document becomes one text: its tokens joined by single spaces, one
sentence a line. PER, ORG and LOC are scored (spaCy's GPE/LOC/FAC, Morgue's
PLACE, count as LOC; MISC is ignored), exact character spans, micro-averaged.
The model runs once; "raw" scores its own spans, "cleaned" the same spans after
Morgue's clean-up rules, so the difference is the rules' alone. The rule-based
fallback extractor is scored too, for reference.

The rules are general (see index/entities/cleanup.py): none was fitted to a
sentence of this file. CoNLL F1 is one yardstick among others; its annotation
conventions differ from OntoNotes' (sports teams named after cities are ORG
here, "U.S." inside "U.S. Open" is MISC), which caps what any rule can recover.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from index.entities import cleanup as er  # noqa: E402
from index.entities.extractor import SpacyExtractor, load_extractor  # noqa: E402
from index.entities.fallback import RuleExtractor  # noqa: E402

DEFAULT_PATH = ROOT / ".." / "shared" / "corpora" / "conll2003-valid" / "valid.txt"
SCORED = ("PER", "ORG", "LOC")
TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}
Span = tuple[int, int, str]


def read_conll(path: Path) -> list[tuple[str, set[Span]]]:
    """Documents as (text, gold spans of PER/ORG/LOC)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            docs.append([])
        elif not line.strip():
            if sentence:
                docs[-1].append(sentence)
            sentence = []
        else:
            parts = line.split()
            sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [_document(d) for d in docs if d]


def _document(sentences: list[list[tuple[str, str]]]) -> tuple[str, set[Span]]:
    gold: set[Span] = set()
    offset = 0
    for sentence in sentences:
        current: tuple[int, int, str] | None = None
        for token, tag in sentence:
            start, end = offset, offset + len(token)
            offset = end + 1
            kind = tag[2:] if tag != "O" else ""
            if current and (tag == "O" or tag.startswith("B-") or kind != current[2]):
                gold.add(current)
                current = None
            if kind:
                current = (current[0], end, kind) if current else (start, end, kind)
        if current:
            gold.add(current)
    text = "\n".join(" ".join(token for token, _ in s) for s in sentences)
    return text, {g for g in gold if g[2] in SCORED}


def _predicted(spans: Iterable[tuple[int, int, str]]) -> set[Span]:
    return {(s, e, TO_CONLL[label]) for s, e, label in spans if label in TO_CONLL}


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, tuple[float, float, float]]:
    """label (and "micro") -> (precision, recall, F1)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    out = {}
    for label in (*SCORED, "micro"):
        keys = SCORED if label == "micro" else (label,)
        t, f, n = (sum(c[k] for k in keys) for c in (tp, fp, fn))
        precision = t / (t + f) if t + f else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1)
    return out


def _line(name: str, result: dict[str, tuple[float, float, float]], seconds: float) -> str:
    per_label = "  ".join(f"{label} {result[label][2]:.3f}" for label in SCORED)
    p, r, f = result["micro"]
    return f"{name:<9} {per_label}  micro P {p:.3f} R {r:.3f} F1 {f:.4f}  ({seconds:.1f} s)"


def _cached_raw(path: Path | None, engine: str, texts: list[str]) -> list[list[tuple[int, int, str]]] | None:
    """The model's spans from an earlier run, if that run read the same texts with the same engine."""
    if path is None or not path.is_file():
        return None
    name, old_texts, raw = pickle.loads(path.read_bytes())
    return raw if (name, old_texts) == (engine, texts) else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--path", type=Path, default=DEFAULT_PATH, help="CoNLL-2003 file")
    ap.add_argument("--model", default=None, help="spaCy model (default: as `morgue index`)")
    ap.add_argument("--procs", type=int, default=1, help="processes for the model")
    ap.add_argument("--raw-cache", type=Path, default=None, help="pickle of the model's spans")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"no CoNLL file at {args.path}", file=sys.stderr)
        return 2
    docs = read_conll(args.path)
    texts = [t for t, _ in docs]
    gold = [g for _, g in docs]
    print(f"{len(docs)} documents, {sum(len(g) for g in gold)} PER/ORG/LOC spans, {args.path}")

    extractor = load_extractor(args.model)
    print(f"engine: {extractor.name}")
    if isinstance(extractor, SpacyExtractor):
        t0 = time.perf_counter()
        raw = _cached_raw(args.raw_cache, extractor.name, texts)
        if raw is None:
            raw = list(extractor.raw_spans(texts, n_process=args.procs))
            if args.raw_cache:
                args.raw_cache.write_bytes(pickle.dumps((extractor.name, texts, raw)))
        t_model = time.perf_counter() - t0
        t0 = time.perf_counter()
        cleaned = [er.clean(t, er.from_model(r)) for t, r in zip(texts, raw, strict=True)]
        t_rules = time.perf_counter() - t0
        raw_pred = [_predicted((s, e, str(er.map_label(lab))) for s, e, lab in r) for r in raw]
        clean_pred = [_predicted((s.start, s.end, s.label) for s in c) for c in cleaned]
        print(_line("raw", score(gold, raw_pred), t_model))
        print(_line("cleaned", score(gold, clean_pred), t_model + t_rules))
        print(f"rules alone: {t_rules:.2f} s ({1000 * t_rules / len(texts):.1f} ms/document)")
    t0 = time.perf_counter()
    rules = RuleExtractor("rules")
    fallback = [_predicted((m.start, m.end, m.label) for m in rules.extract(t).mentions) for t in texts]
    print(_line("fallback", score(gold, fallback), time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
