"""The reference engines: a bare Whoosh index and SQLite FTS5, on the same articles and queries.

Both read the archive the simple way a user of either library would: every
text file, title on its first non-empty line, the rest the body, the section
its folder's name (Morgue also cleans text, strips debris and folds exact
duplicates; BBC has a handful of those, so the references hold a few more
articles). Reading the files counts in their build time, as it does in Morgue's.

Bare Whoosh: `create_in` with `id` (ID, stored), `title` and `body` (TEXT,
stored, Morgue's `NewsAnalyzer`), and the default `ix.writer()` (one process,
128 MB), one commit; no entities, no sections, no dates. A query is
`searcher.search(parser.parse(q), limit=20)` plus `len(results)` (the exact
total, which Whoosh counts by running the query again unscored): parse, score,
top 20 and count; no snippets, no facets, no stored fields read. The
"+ highlights" variant also calls `hit.highlights("body")` on the 20 hits
(stock Whoosh snippets), for an idea of what snippets cost there.

FTS5: `CREATE VIRTUAL TABLE articles USING fts5(title, body, section UNINDEXED,
tokenize='porter')`, one transaction of inserts, then FTS5's 'optimize' (one
b-tree, as Morgue keeps one segment). A query fetches the top 20 by
`bm25(articles, 2.0, 1.0)` (title weighted 2, as in Morgue) with the title and
a `snippet()` of the body, plus an exact `count(*)`.

Run as a script, it builds one of them (so that the benchmark can time it as a
process and sample its memory, like Morgue's build):

    python tests/bench/reference.py whoosh ARCHIVE INDEX_DIR
    python tests/bench/reference.py fts5 ARCHIVE DB_FILE
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SUFFIXES = (".txt", ".md", ".markdown")


def read_articles(archive: Path) -> Iterator[tuple[str, str, str, str]]:
    """(id, title, body, section) of every text file of the archive."""
    for root, dirs, files in os.walk(archive):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(root) / name
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", "replace")
            title, _, body = text.strip().partition("\n")
            yield path.relative_to(archive).as_posix(), title.strip(), body.strip(), path.parent.name


# -- bare Whoosh ----------------------------------------------------------------------------


def whoosh_schema() -> Any:
    from whoosh.fields import ID, TEXT, Schema

    from index.engine.whoosh.analyzer import NewsAnalyzer

    analyzer = NewsAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=analyzer),
        body=TEXT(stored=True, analyzer=analyzer),
    )


def build_whoosh(archive: Path, index_dir: Path) -> int:
    from whoosh import index as whoosh_index

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), whoosh_schema())
    writer = ix.writer()
    n = 0
    for aid, title, body, _section in read_articles(archive):
        writer.add_document(id=aid, title=title, body=body)
        n += 1
    writer.commit()
    return n


class BareWhoosh:
    """A warm searcher on the bare index; `query(q)` is what is timed."""

    def __init__(self, index_dir: Path) -> None:
        from whoosh import index as whoosh_index
        from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())

    def query(self, q: str) -> int:
        results = self.searcher.search(self.parser.parse(q), limit=20)
        return len(results)

    def query_highlights(self, q: str) -> int:
        results = self.searcher.search(self.parser.parse(q), limit=20)
        for hit in results:
            hit.highlights("body")
        return len(results)

    def doc_count(self) -> int:
        return int(self.searcher.doc_count())

    def close(self) -> None:
        self.searcher.close()


# -- SQLite FTS5 ------------------------------------------------------------------------------

FTS5_TOP = (
    "SELECT rowid, title, snippet(articles, 1, '[', ']', '…', 24) FROM articles "
    "WHERE articles MATCH ?{section} ORDER BY bm25(articles, 2.0, 1.0) LIMIT 20"
)
FTS5_COUNT = "SELECT count(*) FROM articles WHERE articles MATCH ?{section}"


def build_fts5(archive: Path, db_file: Path) -> int:
    db_file.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db_file)
    con.execute("CREATE VIRTUAL TABLE articles USING fts5(title, body, section UNINDEXED, tokenize='porter')")
    n = 0
    with con:
        for _aid, title, body, section in read_articles(archive):
            con.execute("INSERT INTO articles(title, body, section) VALUES (?, ?, ?)", (title, body, section))
            n += 1
    with con:
        con.execute("INSERT INTO articles(articles) VALUES ('optimize')")
    con.close()
    return n


class Fts5:
    def __init__(self, db_file: Path) -> None:
        self.con = sqlite3.connect(db_file, check_same_thread=False)

    def query(self, match: str, section: str | None = None) -> int:
        extra = " AND section = ?" if section else ""
        args: tuple[str, ...] = (match, section) if section else (match,)
        rows = self.con.execute(FTS5_TOP.format(section=extra), args).fetchall()
        total = self.con.execute(FTS5_COUNT.format(section=extra), args).fetchone()[0]
        assert len(rows) <= 20
        return int(total)

    def doc_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        self.con.close()


def time_call(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def search_process(index_dir: Path, q: str) -> int:
    """What a bare Whoosh script does for one search in a new process: open, parse, top 20, print."""
    searcher = BareWhoosh(index_dir)
    results = searcher.searcher.search(searcher.parser.parse(q), limit=20)
    for hit in results:
        print(hit["id"], hit["title"])
    print(len(results))
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "search-whoosh":
        return search_process(Path(argv[1]), argv[2])
    if len(argv) != 3 or argv[0] not in ("whoosh", "fts5"):
        print(__doc__, file=sys.stderr)
        return 2
    engine, archive, target = argv[0], Path(argv[1]), Path(argv[2])
    n = build_whoosh(archive, target) if engine == "whoosh" else build_fts5(archive, target)
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
