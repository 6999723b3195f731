"""The loop that writes a Whoosh 3 segment's postings at flush, with its per-posting path written out.

Whoosh's `FieldWriter.add_postings` hands each posting (~420,000 on BBC) to
`W3FieldWriter.add`, which hands it to `W3PostingsWriter.add_posting`, which
checks the type of each argument before appending it to the block; the
document's field length comes through two more calls. That was ~60 % of a
writer's flush, the largest part of a rebuild. This is the same loop with
those calls written out and each field's lengths read once: the terms table
and the posting blocks get the same calls in the same order, and a test
compares the segment files byte for byte with Whoosh's own. Other field
writers (another codec) keep Whoosh's loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError
from whoosh.system import emptybytes

Posting = tuple[str, bytes, int, float, "bytes | None"]


def lean_add_postings(whooshs: Callable[..., None], dense: Callable[[Any], Any]) -> Any:
    """`add_postings` for W3 field writers; `dense(lengths).field(name)` gives a field's length per document."""

    def add_postings(self: Any, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        if type(self) is not whoosh3.W3FieldWriter:
            whooshs(self, schema, lengths, items)
            return
        lengths = dense(lengths) if lengths else None  # each field's lengths read once, at its first posting
        lastfn: str | None = None
        lasttext: bytes | None = None
        field_lengths: list[int] | None = None
        pw: Any = None
        for fieldname, btext, docnum, weight, value in items:
            if lastfn is not None and fieldname < lastfn:
                raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
            if fieldname == lastfn and lasttext and btext < lasttext:
                raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn, lasttext = fieldname, None
                field_lengths = lengths.field(fieldname) if lengths else None
            if docnum == -1:  # Whoosh's marker for a spelling word: no posting
                continue
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
                pw = self._postwriter
            length = (
                field_lengths[docnum] if field_lengths is not None and 0 <= docnum < len(field_lengths) else 0
            )
            if value is None:
                value = emptybytes
            # W3PostingsWriter.add_posting, without its type checks
            if len(pw._ids) >= pw._blocklimit:
                pw._write_block()
            pw._ids.append(docnum)
            pw._weights.append(weight)
            if weight > pw._maxweight:
                pw._maxweight = weight
            if value:
                pw._values.append(value)
            if length:
                if pw._minlength is None or length < pw._minlength:
                    pw._minlength = length
                if length > pw._maxlength:
                    pw._maxlength = length
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    add_postings.__wrapped__ = whooshs  # type: ignore[attr-defined]
    return add_postings
