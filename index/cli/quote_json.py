"""The JSON of a quotation: `morgue quotes --json` and the `"quotes"` of `morgue extract`.

Its own module, so that `output` (for `extract`) and `quotes` share it without
importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.models import Quote

if TYPE_CHECKING:
    from index.quotes.listing import QuoteHit


def quote_json(q: Quote) -> dict[str, Any]:
    """A quotation's speaker, text and offsets (the part of the JSON shape that is the quotation's own)."""
    return {
        "speaker": q.speaker,
        "speaker_label": q.speaker_label,
        "text": q.text,
        "start": q.start,
        "end": q.end,
    }


def hit_json(h: QuoteHit) -> dict[str, Any]:
    return {
        "id": h.id,
        "title": h.title,
        "date": h.date.isoformat() if h.date else None,
        **quote_json(h.quote),
    }
