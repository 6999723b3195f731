"""What a query highlights: its terms and phrases per field, worked out once.

A search marks the matches in each hit's title and snippets, and the reader
pane in a whole article; all of them ask the same `QueryMarks`, built once per
query from the expanded syntax tree (`query.expand`), so that what is
highlighted is what matched. No index is asked: the tree carries the words
each wildcard matched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.fields import TEXT_FIELDS
from index.query.syntax import Node
from index.query.terms import highlight_terms, leaf_terms, phrases
from index.text.highlight import TermFinder, bounded_match_spans

if TYPE_CHECKING:
    from index.text.vocab import Vocabulary


class QueryMarks:
    """What a query highlights, worked out once per query and applied to each text."""

    def __init__(self, node: Node | None, vocabulary: Vocabulary | None = None) -> None:
        self.terms = highlight_terms(node) if node is not None else {}
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for field, words in phrases(node) if node is not None else ():
            self.phrases.setdefault(field, []).append(words)
        # A word that the query has only inside a phrase is marked only where the whole phrase stands.
        for field, field_phrases in self.phrases.items():
            standalone = {t.text for t in leaf_terms(node) if t.field == field} if node is not None else set()
            phrase_only = {w for words in field_phrases for w in words} - standalone
            self.terms[field] = self.terms.get(field, set()) - phrase_only
        # `quote:` words are words of the body (inside its quotations, `index.quotes`): marked there.
        if "quote" in self.terms:
            self.terms["body"] = self.terms.get("body", set()) | self.terms.pop("quote")
        if "quote" in self.phrases:
            self.phrases.setdefault("body", []).extend(self.phrases.pop("quote"))
        # The one-regex finder for the stemmed fields, when the vocabulary (with stems) is loaded:
        # a long-lived searcher has it; a one-shot command does not load 30,000 words for it.
        forms = vocabulary.forms if vocabulary is not None else None
        self.finders: dict[str, TermFinder] = {}
        for field in TEXT_FIELDS:
            wanted = self.terms.get(field, set()) | {w for p in self.phrases.get(field, ()) for w in p}
            if forms is not None and wanted:
                self.finders[field] = TermFinder(forms, wanted)

    def spans(self, text: str, field: str) -> list[tuple[int, int, str]]:
        return self.bounded_spans(text, field)[0]

    def bounded_spans(
        self, text: str, field: str, *, enough: int | None = None, max_chars: int | None = None
    ) -> tuple[list[tuple[int, int, str]], bool]:
        """The matches in `text`, a huge text's searched only until `enough` are found or
        `max_chars` read (`highlight.bounded_match_spans`); and whether they are all."""
        if not text or not (self.terms.get(field) or self.phrases.get(field)):
            return [], True
        return bounded_match_spans(
            text,
            self.terms.get(field, set()),
            self.phrases.get(field, ()),
            self.finders.get(field),
            enough=enough,
            max_chars=max_chars,
        )


__all__ = ["QueryMarks"]
