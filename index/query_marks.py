"""What a query highlights: its terms and phrases per field, worked out once.

A search marks the matches in each hit's title and snippets, and the reader
pane in a whole article; all of them ask the same `QueryMarks`, built once per
query from the parsed Whoosh query, so that what is highlighted is what matched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from index.engine.whoosh.ranking import query_terms
from index.engine.whoosh.schema import TEXT_FIELDS
from index.engine.whoosh.whoosh_parser import phrases
from index.text.highlight import TermFinder, match_spans
from index.text.vocab import Vocabulary


class QueryMarks:
    """What a query highlights, worked out once per query and applied to each text."""

    def __init__(self, q: wq.Query, reader: Any, vocabulary: Vocabulary | None = None) -> None:
        self.terms = query_terms(q, reader) if q is not wq.NullQuery else {}
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for field, words in phrases(q):
            self.phrases.setdefault(field, []).append(words)
        for field, field_phrases in self.phrases.items():
            standalone = {t.text for t in _leaf_terms(q) if t.fieldname == field}
            phrase_only = {w for words in field_phrases for w in words} - standalone
            self.terms[field] = self.terms.get(field, set()) - phrase_only
        # The one-regex finder for the stemmed fields, when the vocabulary (with stems) is loaded:
        # a long-lived searcher has it; a one-shot command does not load 30,000 words for it.
        forms = vocabulary.forms if vocabulary is not None else None
        self.finders: dict[str, TermFinder] = {}
        for field in TEXT_FIELDS:
            wanted = self.terms.get(field, set()) | {w for p in self.phrases.get(field, ()) for w in p}
            if forms is not None and wanted:
                self.finders[field] = TermFinder(forms, wanted)

    def spans(self, text: str, field: str) -> list[tuple[int, int, str]]:
        if not text or not (self.terms.get(field) or self.phrases.get(field)):
            return []
        return match_spans(
            text, self.terms.get(field, set()), self.phrases.get(field, ()), self.finders.get(field)
        )


def _leaf_terms(q: wq.Query) -> Iterator[wq.Term]:
    if isinstance(q, wq.Term):
        yield q
    elif not q.is_leaf() and not isinstance(q, wq.Phrase):
        for child in q.children():
            yield from _leaf_terms(child)
