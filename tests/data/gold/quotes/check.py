#!/usr/bin/env python3
"""Sanity checker for the quotation/speaker gold set.

Verifies that bbc.jsonl and reuters.jsonl parse, that every record has the
expected fields and values, that part_of points to an earlier record of the
same article with the same speaker, and that every `text` is an exact
substring of the article (BBC: the whole .txt file; Reuters: the record's
body).  Also checks the article lists against select.py.  Exit status 1 on
any problem.  Prints quotation counts.
"""

import collections
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BBC = Path("/work/shared/corpora/bbc/news")
REUTERS = Path("/work/shared/corpora/reuters-1987/reuters-1987.jsonl")
KEYS = {"text", "speaker", "speaker_label", "unnamed", "cue", "part_of", "note"}

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


def load(name):
    out = []
    with open(HERE / name, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: does not parse: {e}")
    return out


OPEN = ('"', "\u201c", "''")
CLOSE = ('"', "\u201d", "''")


def bounded(text, source):
    """Some occurrence of text starts right after an opening mark and ends right
    before a closing mark, or before whitespace/end (segment left unclosed)."""
    start = source.find(text)
    while start != -1:
        end = start + len(text)
        before, after = source[:start], source[end:]
        if before.endswith(OPEN) and (after.startswith(CLOSE) or after[:1] in ("", " ", "\n")):
            return True
        start = source.find(text, start + 1)
    return False


def check_article(art, source_text, where):
    counts = collections.Counter()
    quotes = art.get("quotes")
    if not isinstance(quotes, list):
        err(f"{where}: quotes is not a list")
        return counts
    for i, q in enumerate(quotes):
        w = f"{where} quote {i}"
        if set(q) != KEYS:
            err(f"{w}: keys {sorted(q)}")
            continue
        if not q["text"] or q["text"] not in source_text:
            err(f"{w}: text not an exact substring: {q['text'][:60]!r}")
        elif not bounded(q["text"], source_text):
            err(f"{w}: no occurrence is delimited by quote marks: {q['text'][:60]!r}")
        if q["speaker"] is None:
            if q["speaker_label"] is not None:
                err(f"{w}: null speaker with a label")
            if not q["unnamed"] and not q["note"]:
                err(f"{w}: unattributed quote needs a note")
            counts["unnamed" if q["unnamed"] else "none"] += 1
        else:
            if q["speaker_label"] not in ("PERSON", "ORG"):
                err(f"{w}: bad speaker_label {q['speaker_label']!r}")
            if q["unnamed"]:
                err(f"{w}: named speaker marked unnamed")
            counts[q["speaker_label"]] += 1
        p = q["part_of"]
        if p is not None:
            if not (isinstance(p, int) and 0 <= p < i):
                err(f"{w}: part_of {p!r} must index an earlier quote")
            else:
                if quotes[p]["part_of"] is not None:
                    err(f"{w}: part_of should point to the first segment")
                if quotes[p]["speaker"] != q["speaker"]:
                    err(f"{w}: part_of speaker differs from first segment")
        if not isinstance(q["cue"], str) or not q["cue"]:
            err(f"{w}: empty cue")
        counts["segments"] += 1
        if p is None:
            counts["quotations"] += 1
    return counts


def main():
    spec = importlib.util.spec_from_file_location("sel", HERE / "select.py")
    sel = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sel)

    total = collections.Counter()
    bbc = load("bbc.jsonl")
    if [a.get("id") for a in bbc] != sel.select_bbc():
        err("bbc.jsonl ids differ from select.py")
    for a in bbc:
        path = BBC / a["id"]
        text = path.read_text(encoding="utf-8")
        if a.get("corpus") != "bbc" or a.get("title") != text.split("\n", 1)[0].strip():
            err(f"bbc {a['id']}: corpus/title mismatch")
        total += check_article(a, text, f"bbc {a['id']}")

    lines = REUTERS.read_text(encoding="utf-8").splitlines()
    reuters = load("reuters.jsonl")
    if [a.get("id") for a in reuters] != [str(i) for i, _ in sel.select_reuters()]:
        err("reuters.jsonl ids differ from select.py")
    for a in reuters:
        rec = json.loads(lines[int(a["id"])])
        if a.get("corpus") != "reuters" or a.get("title") != rec["title"]:
            err(f"reuters {a['id']}: corpus/title mismatch")
        total += check_article(a, rec["body"], f"reuters {a['id']}")

    print(f"articles: bbc {len(bbc)}, reuters {len(reuters)}")
    print("records (segments):", total["segments"], "| quotations (part_of null):", total["quotations"])
    print(
        "by speaker: PERSON",
        total["PERSON"],
        "ORG",
        total["ORG"],
        "unnamed",
        total["unnamed"],
        "none",
        total["none"],
    )
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
