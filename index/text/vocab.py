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
import os
from collections import Counter
from pathlib import Path

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

    def near(self, word: str, maxdist: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Words within `maxdist` edits of `word`, closest then most frequent first."""
        from rapidfuzz import process  # a C++ scan, loaded only by a search that needs one
        from rapidfuzz.distance import Levenshtein

        matches = process.extract(
            word, self.words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
        )
        ranked = sorted(((w, int(d)) for w, d, _i in matches), key=lambda m: (m[1], -self.counts[m[0]]))
        return ranked[:limit] if limit else ranked

    def correction(self, word: str) -> str | None:
        """The likeliest intended word for an unknown one (edit distance 1, else 2)."""
        for dist in (1, 2):
            near = [w for w, d in self.near(word, dist) if d > 0]
            if near:
                return max(near, key=lambda w: self.counts[w])
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
