"""An article's quotations as Whoosh fields, and back.

Three fields (`schema`): `said`, a keyword of each named speaker (what
`said:"Tony Blair"` matches); `quote`, the quoted words analysed as the body is
(what `quote:word` matches); and `quotes`, each quotation stored compactly as
`[start, end, speaker, label, unnamed, cue, part_of]` in JSON text, for the same
reason as the entities (`documents`): unpickling small lists on every hit costs
more than the record's other fields. The text is not stored twice: it is the
body's `start:end`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from index.models import Quote


def quote_fields(quotes: Sequence[Quote], keyword: Any) -> dict[str, Any]:
    """The `said`, `quote` and `quotes` fields of a document; none when it quotes nobody.

    `keyword` makes a value safe inside a keyword field (`documents.keyword_value`).
    """
    if not quotes:
        return {}
    speakers = dict.fromkeys(keyword(q.speaker) for q in quotes if q.speaker)
    rows = [[q.start, q.end, q.speaker, q.speaker_label, int(q.unnamed), q.cue, q.part_of] for q in quotes]
    fields: dict[str, Any] = {
        "quote": "\n\n".join(q.text for q in quotes),
        "quotes": json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
    }
    names = [s for s in speakers if s]
    if names:
        fields["said"] = ",".join(names)
    return fields


def stored_quotes(fields: Mapping[str, Any], body: str) -> tuple[Quote, ...]:
    """The quotations stored with an article; rows that do not fit its body are skipped."""
    value = fields.get("quotes")
    try:
        rows = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return ()
    quotes: list[Quote] = []
    for row in rows if isinstance(rows, list) else ():
        if not (isinstance(row, list) and len(row) == 7):
            continue
        start, end, speaker, label, unnamed, cue, part_of = row
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(body)):
            continue
        quotes.append(
            Quote(
                text=body[start:end],
                start=start,
                end=end,
                speaker=speaker if isinstance(speaker, str) else None,
                speaker_label=label if label in ("PERSON", "ORG") else None,
                unnamed=bool(unnamed),
                cue=cue if isinstance(cue, str) else "none",
                part_of=part_of if isinstance(part_of, int) else None,
            )
        )
    return tuple(quotes)
