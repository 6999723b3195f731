"""Archives of allowed but hostile content, for `hostile.py`: each one a file (or record count)
just under a limit Morgue accepts.

    python tests/bench/hostile_fixtures.py DEST [--only NAME ...]

writes one archive folder per fixture under DEST:

- `big-article/`: one 15 MiB article of realistic prose, sentences of the BBC corpus
  (../shared/corpora/bbc/news; the seeds/ folder without it) shuffled and repeated, so
  that the NER finds people, places and organisations all the way through;
- `one-token/`: one 15 MiB file that is a single token (letters and digits, no space);
- `many-words/`: one ordinary article plus a 12 MB file of 1.2 million distinct words,
  which every later search's vocabulary and term dictionary hold;
- `many-records/`: one JSONL file of a million tiny records (~46 MB).

Everything is derived from a fixed random seed: the same bytes every run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BBC = ROOT / ".." / "shared" / "corpora" / "bbc" / "news"
SEEDS = ROOT / "seeds"
MB = 1024 * 1024

ARTICLE_BYTES = 15 * MB
TOKEN_BYTES = 15 * MB
DISTINCT_WORDS = 1_200_000
RECORDS = 1_000_000
SEED = 20261204

# The words every fixture's searches look for: in the big article (and in the other archives'
# one ordinary article), so that each search finds something and highlights it.
ORDINARY = (
    "Blair meets Brown\n\n"
    "Tony Blair met Gordon Brown in London on Tuesday to talk about the election, "
    "the economy and the government's plans for Labour.\n"
)


def sentences(limit: int = 20_000) -> list[str]:
    """Sentences of real news prose: the BBC corpus if it is beside the project, else seeds/."""
    folder = BBC if BBC.is_dir() else SEEDS
    out: list[str] = []
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("\n", 1)[-1]
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.strip()) > 20)
        if len(out) >= limit:
            break
    if not out:
        raise SystemExit(f"no sentences found under {folder}")
    return out


def big_article(dest: Path) -> None:
    rng = random.Random(SEED)
    pool = sentences()
    parts = ["Blair and the long report\n\n"]
    size = len(parts[0])
    while size < ARTICLE_BYTES - 4096:
        paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6))) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    (dest / "report.txt").write_text("".join(parts), encoding="utf-8")


def one_token(dest: Path) -> None:
    rng = random.Random(SEED)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    token = "".join(rng.choice(alphabet) for _ in range(TOKEN_BYTES - 64))
    (dest / "blob.txt").write_text("Blob\n\n" + token + "\n", encoding="ascii")
    (dest / "ordinary.txt").write_text(ORDINARY, encoding="utf-8")


def _distinct_words(count: int) -> list[str]:
    """`count` distinct lowercase words of 6 to 12 letters, no vowels: no English word among them."""
    rng = random.Random(SEED)
    letters = "bcdfghjklmnpqrstvwxz"
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(letters) for _ in range(rng.randint(6, 12))))
    words = sorted(seen)
    rng.shuffle(words)
    return words


def many_words(dest: Path) -> None:
    words = _distinct_words(DISTINCT_WORDS)
    lines = (" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
    (dest / "wordlist.txt").write_text("Word list\n\n" + "\n".join(lines) + "\n", encoding="ascii")
    (dest / "ordinary.txt").write_text(ORDINARY, encoding="utf-8")


def many_records(dest: Path) -> None:
    rng = random.Random(SEED)
    topics = ("election", "economy", "football", "film", "music", "market", "court", "budget")
    with open(dest / "records.jsonl", "w", encoding="utf-8") as fh:
        for n in range(RECORDS):
            topic = topics[n % len(topics)]
            record = {"title": f"Note {n}", "body": f"{topic} {rng.randrange(10**6)}"}
            fh.write(json.dumps(record, separators=(",", ":")) + "\n")


FIXTURES: dict[str, Callable[[Path], None]] = {
    "big-article": big_article,
    "one-token": one_token,
    "many-words": many_words,
    "many-records": many_records,
}


def write(dest: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Each fixture's archive folder under `dest`, written unless it is there already."""
    out = {}
    for name in names or list(FIXTURES):
        folder = dest / name
        if not (folder / ".done").exists():
            folder.mkdir(parents=True, exist_ok=True)
            FIXTURES[name](folder)
            (folder / ".done").write_text("")
        out[name] = folder
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dest", type=Path)
    p.add_argument("--only", nargs="*", choices=sorted(FIXTURES))
    args = p.parse_args()
    for name, folder in write(args.dest, args.only).items():
        size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
        print(f"{name}: {folder} ({size / MB:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
