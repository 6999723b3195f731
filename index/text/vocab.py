"""The archive's vocabulary of unstemmed words, for fuzzy terms and did-you-mean.

The index holds stems ("govern"), but a typo is a typo of a *word*: fuzzing
the stem of "goverment" ("gover") finds cover, over and rover. So each
generation keeps its surface words with their document frequencies in a
sidecar file, and RapidFuzz (C++) scans it in a few ms; Whoosh's own spelling
fields doubled the postings written at build time for the same purpose.

Each line also holds the word's stem (`word<TAB>df<TAB>stem`, written by the
builder), so a long-lived searcher knows every surface form of a stem without
stemming 30,000 words: the highlighter finds a query's matches with one regex
over the text (see `highlight.TermFinder`). A file from before the stems were
added still loads; its searcher then highlights the slower way.

Updates only add words: a word whose last article was deleted lingers until
the next rebuild, which is harmless — its stem has no postings, so it matches
nothing, and a suggestion is only offered when it finds more results.
"""

from __future__ import annotations

import io
import mmap
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from index.files import open_regular, too_large
from index.store.generations import VOCAB, sidecar_limit
from index.text.analysis import STOP_WORDS, TOKEN_PATTERN, stem

VOCAB_FILE = VOCAB


def document_words(*texts: str) -> set[str]:
    """The distinct lowercase words of one document (add them to a Counter for frequencies)."""
    words: set[str] = set()
    for text in texts:
        # No Python-level loop: one was a visible share of a build.
        words.update(map(str.lower, TOKEN_PATTERN.findall(text)))
    return words - STOP_WORDS


class Vocabulary:
    def __init__(self, counts: dict[str, int], forms: dict[str, list[str]] | None = None) -> None:
        self.counts = counts
        self.words = list(counts)
        self.forms = forms  # stem -> its words; None when the file has no stems

    @classmethod
    def load(cls, gen: Path) -> Vocabulary:
        counts: dict[str, int] = {}
        forms: dict[str, list[str]] | None = {}
        path = gen / VOCAB_FILE
        try:
            with open_regular(path) as raw:  # never a FIFO, a link to /dev/zero, or a file past its limit
                limit = sidecar_limit(gen)
                if os.fstat(raw.fileno()).st_size > limit:
                    raise too_large(path, limit)
                for line in io.TextIOWrapper(raw, encoding="utf-8"):
                    word, _, rest = line.rstrip("\n").partition("\t")
                    df, _, stemmed = rest.partition("\t")
                    if not word or not df.isdigit():
                        continue
                    counts[word] = int(df)
                    if forms is not None:
                        if stemmed:
                            forms.setdefault(stemmed, []).append(word)
                        else:
                            forms = None  # an older file: no stems
        except (OSError, ValueError):
            # A damaged sidecar costs did-you-mean, fuzzy matching and fast highlighting, never the search.
            forms = None
        return cls(counts, forms if counts else None)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def near(self, word: str, maxdist: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Words within `maxdist` edits of `word`, closest then most frequent first."""
        return _near(word, self.words, self.counts.__getitem__, maxdist, limit)

    def correction(self, word: str) -> str | None:
        """The likeliest intended word for an unknown one (edit distance 1, else 2)."""
        return _correction(self, word)


class Words(Protocol):
    """What fuzzy words and did-you-mean ask of the vocabulary, loaded or read in place."""

    def __contains__(self, word: str) -> bool: ...

    def count(self, word: str) -> int: ...

    def near(self, word: str, maxdist: int, limit: int | None = None) -> list[tuple[str, int]]: ...

    def correction(self, word: str) -> str | None: ...


class VocabularyFile:
    """The vocabulary sidecar read in place, for a one-shot command: nothing loaded.

    `Vocabulary.load` builds a dictionary of every word of the archive, which
    an archive of a million distinct words made seconds and hundreds of
    megabytes for every search that offered did-you-mean. The file is sorted by
    word, so a word is looked up by bisection of its lines (a few pages read);
    near words, for a fuzzy word or a word the archive lacks, by one regex scan
    of the file for the words of a length within reach, handed to RapidFuzz.
    The answers are `Vocabulary`'s (but for a damaged file, which has none).
    """

    def __init__(self, gen: Path) -> None:
        self.path = gen / VOCAB_FILE
        self._data: mmap.mmap | bytes | None = None
        self._decoded: str | None = None
        self._near: dict[tuple[str, int], list[tuple[str, int]]] = {}

    def _bytes(self) -> mmap.mmap | bytes:
        """The file, mapped: a lookup reads the few pages it bisects."""
        if self._data is None:
            try:
                with open_regular(self.path) as fh:  # never a FIFO, a link to /dev/zero, or past its limit
                    limit = sidecar_limit(self.path.parent)
                    if os.fstat(fh.fileno()).st_size > limit:
                        raise too_large(self.path, limit)
                    self._data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # no sidecar, an empty one (which cannot be mapped), or damage
                self._data = b""
        return self._data

    def _lookup(self, word: str) -> int | None:
        """The word's document frequency as its line gives it; None for a word not listed."""
        data, key = self._bytes(), word.encode("utf-8", "surrogatepass")
        lo, hi = 0, len(data)
        while lo < hi:  # `lo` always starts a line; the word's line, if any, starts in [lo, hi)
            start = data.rfind(b"\n", 0, (lo + hi) // 2) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            found, _tab, rest = data[start:end].partition(b"\t")
            if found == key:
                df = rest.partition(b"\t")[0]
                return int(df) if df.isdigit() else None  # as `Vocabulary.load`, which skips such a line
            if found < key:
                lo = end + 1
            else:
                hi = start
        return None

    def __contains__(self, word: str) -> bool:
        return self._lookup(word) is not None

    def count(self, word: str) -> int:
        return self._lookup(word) or 0

    def near(self, word: str, maxdist: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Words within `maxdist` edits of `word`: only those within `maxdist` of its length can be.

        Remembered per word and distance: a query asks for the same fuzzy word
        once per field it searches, and did-you-mean again.
        """
        ranked = self._near.get((word, maxdist))
        if ranked is None:
            text = self._text()
            shortest, longest = max(1, len(word) - maxdist), len(word) + maxdist
            pattern = rf"(?m)^[^\t\n]{{{shortest},{longest}}}(?=\t\d+(?:\t[^\n]*)?$)"
            words = re.findall(pattern, text) if text else []
            ranked = self._near[(word, maxdist)] = _near(word, words, self.count, maxdist, None)
        return ranked[:limit] if limit else ranked

    def _text(self) -> str:
        """The whole file as text, decoded once; "" for a damaged one (as `load`: no words)."""
        if self._decoded is None:
            try:
                self._decoded = self._bytes()[:].decode("utf-8")
            except UnicodeDecodeError:
                self._decoded = ""
        return self._decoded

    def correction(self, word: str) -> str | None:
        return _correction(self, word)


def _near(
    word: str, words: list[str], count: Callable[[str], int], maxdist: int, limit: int | None
) -> list[tuple[str, int]]:
    from rapidfuzz import process  # a C++ scan, loaded only by a search that needs one
    from rapidfuzz.distance import Levenshtein

    matches = process.extract(word, words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
    ranked = sorted(((w, int(d)) for w, d, _i in matches), key=lambda m: (m[1], -count(m[0])))
    return ranked[:limit] if limit else ranked


def _correction(words: Vocabulary | VocabularyFile, word: str) -> str | None:
    """The likeliest intended word for an unknown one (edit distance 1, else 2)."""
    for dist in (1, 2):
        near = [w for w, d in words.near(word, dist) if d > 0]
        if near:
            return max(near, key=words.count)
    return None


def merge_vocabulary(gen: Path, counts: Counter[str], *, fresh: bool) -> None:
    """Add `counts` to the generation's vocabulary file (or start it afresh), atomically."""
    total: Counter[str] = Counter() if fresh else Counter(Vocabulary.load(gen).counts)
    total.update(counts)
    tmp = gen / (VOCAB_FILE + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(
                f"{w}\t{n}\t{stem(w)}\n" for w, n in sorted(total.items()) if "\t" not in w and "\n" not in w
            )
        os.replace(tmp, gen / VOCAB_FILE)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
