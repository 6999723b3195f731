"""The patches (see `patches`) that keep a search's reading proportional to what it reads.

A one-shot search opens the index, reads the postings of a few terms, the
lengths of the documents it scores and the stored records of one page, and
exits. Two upstream habits made that cost grow with the whole archive:

- `whoosh.filedb.structfile.BufferFile.__init__` wraps each file of a
  compound segment (a memory map) in a `BytesIO`, which copies the file: every
  searcher opening copied the term dictionary, postings and stored records of
  every segment into memory, the whole index. `MemoryFile` reads the same
  bytes through the memory map, copying only what is read.
- `whoosh.codec.whoosh3.W3PerDocReader.doc_field_length` (BM25 asks it for
  every document it scores) reads one byte of the column file per call; the
  earlier patch read a field's whole length column into a list on first use,
  which is a Python object per document of the archive. `doc_field_length`
  reads the column a page of `LENGTH_PAGE` documents at a time, as one bytes
  slice, when a document of that page is first scored: a segment never
  changes once written, so a page cannot go stale.
"""

from __future__ import annotations

import io
from typing import Any

from whoosh import columns
from whoosh.codec import whoosh3


class MemoryFile:
    """A read-only file over a buffer (a memory map's view), copying only what is read.

    What Whoosh's `StructFile` asks of its file: read, readline, seek, tell,
    iteration and close; writing is refused, as nothing writes a file it reads.
    """

    def __init__(self, buf: Any) -> None:
        self._buf = buf
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        buf, pos = self._buf, self._pos
        end = len(buf) if size is None or size < 0 else min(len(buf), pos + size)
        if end <= pos:
            return b""
        self._pos = end
        return bytes(buf[pos:end])

    def readline(self, size: int | None = -1) -> bytes:
        buf, pos = self._buf, self._pos
        end = len(buf)
        if size is not None and size >= 0:
            end = min(end, pos + size)
        cut, at = end, pos
        while at < end:  # in chunks: the pickles Whoosh reads ask for short lines only
            chunk = bytes(buf[at : min(end, at + 256)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                cut = at + newline + 1
                break
            at += len(chunk)
        return self.read(cut - pos)

    def __iter__(self) -> Any:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """As `BytesIO.seek`: a negative absolute position is refused, a relative one stops at 0."""
        if whence == io.SEEK_SET:
            if offset < 0:
                raise ValueError(f"negative seek value {offset}")
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = max(0, self._pos + offset)
        elif whence == io.SEEK_END:
            pos = max(0, len(self._buf) + offset)
        else:
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        self._pos = pos
        return pos

    def tell(self) -> int:
        return self._pos

    def getvalue(self) -> bytes:
        return bytes(self._buf)

    def write(self, _data: bytes) -> int:
        raise io.UnsupportedOperation("write")

    def truncate(self, _size: int | None = None) -> int:
        raise io.UnsupportedOperation("truncate")

    def close(self) -> None:
        self.closed = True


def buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    """`BufferFile.__init__` without the `BytesIO` copy of the whole buffer."""
    self._buf = buf
    self._name = name
    self.file = MemoryFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


_PAGE_BITS = 12
LENGTH_PAGE = 1 << _PAGE_BITS  # documents whose field lengths are read in one slice
_IN_PAGE = LENGTH_PAGE - 1
# A length byte -> the length Whoosh decodes from it (None for 0, as Whoosh returns for a zero length).
_LENGTHS = tuple(whoosh3.byte_to_length(b) if b else None for b in range(256))


def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    """`W3PerDocReader.doc_field_length`, from pages of the length column read as bytes."""
    try:
        pages = self._morgue_lengths[fieldname]
    except (AttributeError, KeyError):
        pages = field_pages(self, fieldname)
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    if pages is None:
        return default
    page = pages.get(docnum >> _PAGE_BITS)
    if page is None:
        page = pages[docnum >> _PAGE_BITS] = length_page(self, fieldname, docnum >> _PAGE_BITS)
    return _LENGTHS[page[docnum & _IN_PAGE]]


def field_pages(perdoc: Any, fieldname: str) -> dict[int, bytes] | None:
    """The field's pages read so far (none yet), or None when the field stores no lengths."""
    fields = perdoc.__dict__.setdefault("_morgue_lengths", {})
    reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    pages: dict[int, bytes] | None = None if reader is None else {}
    fields[fieldname] = pages
    return pages


def length_page(perdoc: Any, fieldname: str, number: int) -> bytes:
    """The length bytes of a page of documents: one slice of the one-byte column, padded with 0s."""
    reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    start = number * LENGTH_PAGE
    if type(reader) is columns.NumericColumn.Reader and reader._fixedlen == 1:
        stored = max(0, min(LENGTH_PAGE, reader._count - start))  # the rest read as the default, 0
        data = reader._dbfile.get(reader._basepos + start, stored) if stored else b""
    else:
        data = bytes(reader[d] for d in range(start, min(start + LENGTH_PAGE, perdoc._doccount)))
    return bytes(data) + bytes(LENGTH_PAGE - len(data))
