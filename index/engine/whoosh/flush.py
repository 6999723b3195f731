"""The loop that writes a Whoosh 3 segment's postings at flush, with its per-posting and per-term paths written out.

Whoosh's `FieldWriter.add_postings` hands each posting (~420,000 on BBC) to
`W3FieldWriter.add`, which hands it to `W3PostingsWriter.add_posting`, which
checks the type of each argument before appending it to the block; the
document's field length comes through two more calls. Then each term (46,000
on BBC, most with a handful of postings) goes through a dozen more calls: a
`W3TermInfo` with its `add_block` and `to_bytes`, `_write_block`, and four
`tell()`s on the two files. Together that was most of a writer's flush, the
largest part of a rebuild.

This loop appends each posting to the postings writer's block itself and,
for a term whose postings fit in one block (all but a few hundred), writes
the block and its terms-table row itself too, counting the two files'
positions instead of asking them. A term that fills a block is handed to
Whoosh's writer from that block on. The bytes are the same either way: a
test writes segments both ways and compares every file byte for byte. Other
field writers (another codec) keep Whoosh's loop.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

Posting = tuple[str, bytes, int, float, "bytes | None"]

_MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
_TERMINFO = whoosh3.W3TermInfo._struct
_ROW_LENGTHS = struct.Struct("!ii")  # filetables' key and value lengths


# Whoosh pickles a block's data with protocol 2, which has no opcode for bytes: each posting's
# positions (bytes) went through `_codecs.encode(str, "latin1")`, at writing and again at every
# reading of the block. Protocol 4 stores bytes as they are: a block pickles and unpickles several
# times faster at half the size (tests/bench/RESULTS.md). Readers unpickle whatever protocol they find.
BLOCK_PICKLE = 4


def block_bytes(pw: Any, small_block: int) -> tuple[bytes, bytes]:
    """(info, data) of a postings writer's buffered block, as `_write_block` writes them.

    Blocks of fewer than `small_block` pickled bytes are stored uncompressed;
    the others get zlib with a 4 KB window (see `patches`).
    """
    data = pickle.dumps((pw._mini_ids(), pw._mini_weights(), pw._mini_values()), BLOCK_PICKLE)
    comp = pw._compression if len(data) >= small_block else 0
    if comp:
        data = zlib.compress(data, comp, 12)
    ids = pw._ids
    info = (
        len(ids),
        ids[-1],
        pw._maxweight,
        comp,
        length_to_byte(pw._minlength),
        length_to_byte(pw._maxlength),
    )
    return pickle.dumps(info, 2), data


def lean_add_postings(whooshs: Callable[..., None], dense: Callable[[Any], Any], small_block: int) -> Any:
    """`add_postings` for W3 field writers; `dense(lengths).field(name)` gives a field's length per document."""

    def add_postings(self: Any, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        if type(self) is not whoosh3.W3FieldWriter:
            whooshs(self, schema, lengths, items)
            return
        lengths = dense(lengths) if lengths else None  # each field's lengths read once, at its first posting
        terms = _Terms(self, small_block)
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
                    terms.finish()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                terms.start_field()
                lastfn, lasttext = fieldname, None
                field_lengths = lengths.field(fieldname) if lengths else None
            if docnum == -1:  # Whoosh's marker for a spelling word: no posting
                continue
            if btext != lasttext:
                if lasttext is not None:
                    terms.finish()
                terms.start(btext)
                lasttext = btext
                pw = self._postwriter
            length = (
                field_lengths[docnum] if field_lengths is not None and 0 <= docnum < len(field_lengths) else 0
            )
            if value is None:
                value = emptybytes
            # W3PostingsWriter.add_posting, without its type checks
            if len(pw._ids) >= pw._blocklimit:
                terms.block_full()
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
            terms.finish()
        if lastfn is not None:
            self.finish_field()

    add_postings.__wrapped__ = whooshs  # type: ignore[attr-defined]
    return add_postings


class _Terms:
    """Starts and finishes one field writer's terms: their posting blocks and terms-table rows.

    A term is written here while its postings fit in one block; the first time
    its block fills, it becomes a Whoosh term (a `W3TermInfo`, Whoosh's
    `_write_block` and `finish_term`), and the file positions are asked again
    once it is written.
    """

    def __init__(self, fw: Any, small_block: int) -> None:
        self.fw = fw
        self.small_block = small_block
        self.postfile = fw._postfile
        self.tindex = fw._tindex
        self.tfile = fw._tindex.dbfile
        self.hashfn = fw._tindex.hashfn
        self.post_pos = self.postfile.tell()
        self.term_pos = self.tfile.tell()
        self.pw: Any = None
        self.lean = False
        self.fieldkey = b""
        self.btext = b""

    def start_field(self) -> None:
        fw = self.fw
        self.pw = pw = fw._postwriter
        pw._format = fw._format
        self.lean = not pw._byteids and pw._inlinelimit <= 1  # what `finish` assumes: no inlined postings
        self.fieldkey = pack_ushort(fw._fieldid)

    def start(self, btext: bytes) -> None:
        """`W3FieldWriter.start_term`, less the term info and the `tell()` until a term needs them."""
        self.btext = btext
        if not self.lean:
            self.fw.start_term(btext)
            return
        pw = self.pw
        pw._blockcount = 0
        pw._new_block()
        pw._terminfo = None

    def block_full(self) -> None:
        """The term has more postings than a block holds: on, as a Whoosh term."""
        pw = self.pw
        if pw._terminfo is None:
            self.fw._btext = self.btext
            pw._terminfo = whoosh3.W3TermInfo()
            pw._startoffset = self.post_pos
        pw._write_block()

    def finish(self) -> None:
        pw = self.pw
        if pw._terminfo is not None:  # a Whoosh term: its own finish, then where the files are
            self.fw.finish_term()
            self.post_pos = self.postfile.tell()
            self.term_pos = self.tfile.tell()
            return
        info, data = block_bytes(pw, self.small_block)
        blocklength = len(info) + len(data)
        start = self.post_pos
        self.postfile.write(_MAGIC + pack_int(-blocklength) + info + data)  # negative: the term's last block
        length = len(_MAGIC) + 4 + blocklength
        self.post_pos = start + length
        ids, minlength = pw._ids, pw._minlength
        terminfo = _TERMINFO.pack(  # W3TermInfo.add_block of the one block, then to_bytes
            False,
            0 + sum(pw._weights),
            len(ids),
            0 if minlength is None else length_to_byte(minlength),
            length_to_byte(max(0, pw._maxlength)),
            max(0, pw._maxweight),
            ids[0],
            ids[-1],
        )
        self._add_row(self.fieldkey + self.btext, terminfo + pack_long(start) + pack_int(length))

    def _add_row(self, key: bytes, value: bytes) -> None:
        """`OrderedHashWriter.add`, counting the file's position instead of asking it."""
        tindex = self.tindex
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        pos = self.term_pos
        tindex.index.append(pos)
        self.tfile.write(_ROW_LENGTHS.pack(len(key), len(value)) + key + value)
        self.term_pos = pos + _ROW_LENGTHS.size + len(key) + len(value)
        h = self.hashfn(key)
        tindex.buckets[h & 255].append((h, pos))
        tindex.lastkey = key
