"""The quotation step of a build: each article's quotations, from its body and its mentions.

Run in the build's main process as each article's entities arrive (cached or from
the model), so it needs no cache of its own: it costs a few percent of the
entity extraction (tests/bench/RESULTS.md), and recomputing it keeps the stored
quotations in step with the rules. Only a build with entities runs it: without
mentions no speaker could be named.

A huge body is read as entity extraction reads it, up to its bounded prefix
(`index.entities.extent`): every mention lies there, and the rules' cost grows
with the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.entities.extent import read_length
from index.models import Mention, Quote
from index.quotes.finder import find_quotes


def article_quotes(body: str, mentions: Sequence[Mention]) -> tuple[Quote, ...]:
    """The quotations of `body` (offsets into it), in the prefix entity extraction read."""
    n = read_length(body)
    return find_quotes(body if n == len(body) else body[:n], mentions)
