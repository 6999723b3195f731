"""Morgue's patches to Whoosh 2.7.5, applied by `start()` when the engine starts: never on import.

Every place that opens or writes an index calls `start()` first
(`opening.open_whoosh`, `writer.commit_documents`). It applies, once:

- the guard (`safe_pickle`): every pickle Whoosh reads from an index folder
  goes through an allow-list, so that a tampered folder runs no code. A
  security fix, applied to any Whoosh; when it cannot vouch for the installed
  one, `start()` raises `EngineRefused` and Morgue opens no index at all.
- the patches below, only if the installed Whoosh is the one they were
  written for (`WRITTEN_FOR`): they replace private methods and read private
  attributes of that version's code. With another Whoosh, Morgue runs
  unpatched, and the state `start()` returns (for `morgue stats`) says so.

`patching.ORIGINALS` keeps each patched attribute's upstream object, so tests
compare every patch with the code it replaces; `unpatched()` runs upstream
Whoosh for a while.

Each patch, by the attribute it replaces, and what running without it means.

Speed-ups. Unpatched: slower, the same answers, an index any Whoosh reads.

`whoosh.codec.whoosh3.W3PerDocReader._cached_reader` caches the column reader
of a field's lengths but not its absence: for every posting of a field without
stored lengths (spelling and unscored keyword fields) it asks the file system
whether the column file exists. Building the BBC archive made 780,000 such
`stat` calls, a quarter of the build's time. The patch caches the negative
answer too; a segment's files never change after they are written, so it
cannot go stale. Unpatched: those `stat` calls again.

`whoosh.codec.base.FieldWriter.add_postings` asks the segment's length column
for a document's field length once per posting (417,794 calls, each a file
read, on BBC: a tenth of the build). The patch hands it each field's lengths
read once into a list; the segment being flushed is complete, so the list
cannot go stale. It also writes the flush's postings through a leaner loop
(`flush.lean_add_postings`: the same bytes, a test compares them). Unpatched:
Whoosh's loop, the slowest part of a rebuild.

`whoosh.codec.whoosh3.W3PostingsWriter._write_block` compresses every posting
block with zlib, and a build writes a block for every term, most of them a
few hundred bytes that zlib shrinks by a tenth: a large share of a writer's
flush went to zlib. (Whoosh meant to skip blocks under 20 bytes; a
bug overwrites that.) The patch stores blocks under `SMALL_BLOCK` bytes as they
are (a few per cent more index), compresses the others with a 4 KB window
(zlib's default 32 KB window costs far more set-up per call, for blocks that
fit in 4 KB anyway) and pickles blocks with protocol 4 (`flush.BLOCK_PICKLE` says
why). Each block's header records whether it is compressed, as Whoosh always
did, so every Whoosh reads these blocks. Unpatched: every block deflated and
pickled with protocol 2, as before; both kinds read the same.

`whoosh.codec.whoosh3.STORED_COLUMN._child._level` is the zlib level of
stored records (Whoosh: 3). Morgue's 0 stores them as level-0 zlib streams
(`STORED_LEVEL` says why). Unpatched: records deflated again, read back
about twice as slowly; both kinds read the same.

`whoosh.formats.Positions.word_values` (the positions of each word of a title
or body, at indexing) makes a `Token` per word through a chain of generators
and two dictionaries: a quarter of a sub-writer's time. For an analyzer that
can give the positions of its stems directly (`NewsAnalyzer.positions`) the
patch encodes those; the postings are byte-for-byte the same (a test compares
them). Unpatched: Whoosh's tokens.

`whoosh.writing.PostingPool.save` and `.iter_postings` sort a writer's
postings (190,000 a sub-writer on BBC) by comparing whole tuples; two stable
sorts on single keys give the same order in half the time (`pool.sort_postings`
says why it is the same). Past its memory limit the pool spills them to run
files one protocol-2 pickle at a time: `PostingPool._write_run` and
`._read_run` (inherited from `SortingPool` upstream) write and read them in
chunks of protocol 4 (`pool.pool_write_run` says why). Unpatched: Whoosh's sort
and runs; a build past the pool's memory (~10,000 articles) much slower.

`whoosh.codec.whoosh3.W3PerDocReader.doc_field_length` (BM25 asks it for
every document it scores) reads one byte from the column file per call: a
visible share of a query's time. The patch reads the length column a page of
documents at a time, the pages of the documents scored only (`reads`).
Unpatched: slower queries.

`whoosh.filedb.structfile.BufferFile.__init__` copies each file of a segment
into a `BytesIO` when a searcher opens it: the whole index, copied into memory
by every process that searches it. The patch reads the memory map in place,
copying only what is read (`reads.MemoryFile`). Unpatched: a search's memory
and start-up grow with the index.

`whoosh.reading.SegmentReader.stored_fields` copies every stored record into
a new dict, to leave out fields the schema no longer has; the patch returns
the record itself when it has none (a fresh dict each call either way).
Unpatched: a copy per search hit.

Fixes. Unpatched, Morgue is wrong or untidy in these cases:

`whoosh.reading.MultiReader.column_reader` (an index of several segments)
leaves out the segments that have no file for the column (no document in them
had a date) yet keeps the others' offsets, so a document of a left-out segment
is read from its neighbour at a wrong, even negative, position. The patch
keeps every segment, each missing column read as its default value, as a
single segment's reader does. Unpatched: wrong dates, date order and date
filters (or a struct error, reported as a damaged index) in an index whose
segments differ that way: after an update adds dated articles to an undated
archive or the reverse, or a parallel build whose one writer got no dated
article.

`whoosh.multiproc.SubWriterTask.run` (a sub-writer of the multiprocess writer)
waits on its job queue forever: when the main process is killed mid-build, it
would be left behind. Each sub-writer asks the kernel to kill it when its
parent dies (Linux's PR_SET_PDEATHSIG; elsewhere the sub-writer runs as
before). Unpatched: a killed build leaves its sub-writers running, holding
their memory, until they are killed by hand; the index is unaffected (a
generation is published only after its commit is counted). A sub-writer that
fails does so quietly, leaving a note of why and never a full queue behind
(`subwriters` says how).
"""

from __future__ import annotations

import contextlib
import functools
import pickle
import threading
from collections.abc import Callable, Iterator
from typing import Any

import whoosh
from whoosh import columns, reading
from whoosh.codec import whoosh3
from whoosh.system import pack_uint

from index.engine.whoosh import flush as whoosh_flush
from index.engine.whoosh import pool, reads, safe_pickle
from index.engine.whoosh.patching import patch, patched_paths, restore
from index.engine.whoosh.subwriters import guarded_run
from index.errors import EXIT_NO_INDEX, MorgueError

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


class _DenseLengths:
    """A per-document reader whose `doc_field_length` reads each field's lengths once."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._count = lengths.doc_count_all()
        self._by_field: dict[str, list[int]] = {}

    def field(self, fieldname: str) -> list[int]:
        """The field's length in each document (0 for none), read once."""
        values = self._by_field.get(fieldname)
        if values is None:
            get = self._lengths.doc_field_length
            values = self._by_field[fieldname] = [get(d, fieldname, 0) or 0 for d in range(self._count)]
        return values

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self.field(fieldname)
        length = values[docnum] if 0 <= docnum < len(values) else 0
        return length or default

    def __getattr__(self, name: str) -> Any:
        return getattr(self._lengths, name)


def _dense_add_postings(add_postings: Callable[..., None]) -> Callable[..., None]:
    def add_postings_(self: Any, schema: Any, lengths: Any, items: Any) -> None:
        add_postings(self, schema, _DenseLengths(lengths) if lengths else lengths, items)

    return add_postings_


def _multi_column_reader(
    self: Any, fieldname: str, column: Any = None, reverse: bool = False, translate: bool = True
) -> Any:
    readers = [
        r.column_reader(fieldname, column=column, reverse=reverse, translate=translate) for r in self.readers
    ]
    return columns.MultiColumnReader(readers, list(self.doc_offsets))


def _fast_word_values(word_values: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(word_values)  # `__wrapped__` is Whoosh's own, for the test that compares them
    def word_values_(self: Any, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        fast = getattr(analyzer, "positions", None)
        if fast is None or not isinstance(value, str) or set(kwargs) - {"mode"}:
            yield from word_values(self, value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for word, at in fast(value).items():
            yield word, len(at), len(at) * boost, _encode_positions(at)

    return word_values_


def _encode_positions(at: list[int]) -> bytes:
    """As `Positions.encode`: the count, then the pickled gaps between positions."""
    if len(at) == 1:  # most words of an article: one pickle per position, kept
        return _encode_one(at[0])
    return bytes(pack_uint(len(at)) + pickle.dumps([b - a for a, b in zip([0, *at], at, strict=False)], 2))


@functools.lru_cache(maxsize=1 << 16)
def _encode_one(position: int) -> bytes:
    return bytes(pack_uint(1) + pickle.dumps([position], 2))


def _stored_fields(self: Any, docnum: int) -> dict[str, Any]:
    if self.is_closed:
        raise reading.ReaderClosed
    stored: dict[str, Any] = self._perdoc.stored_fields(docnum)
    names = self.__dict__.get("_morgue_names")
    if names is None:
        names = self._morgue_names = frozenset(self.schema.names())
    if stored.keys() <= names:
        return stored
    return {name: value for name, value in stored.items() if name in names}


# A document's stored record (its text, mainly) is written as a zlib stream of "stored" blocks:
# level 0. Every search unpickles the records of its 20 hits, and inflating them was half of that
# for a record half the size; a level-0 stream is still zlib, so every Whoosh reads it. The stored
# column roughly doubles (figures: tests/bench/RESULTS.md).
STORED_LEVEL = 0

SMALL_BLOCK = 512  # bytes of pickled postings under which a block is stored uncompressed


def _write_block(self: Any, last: bool = False) -> None:
    """`W3PostingsWriter._write_block`, compressing only blocks worth it, with a small window."""
    if not self._blockcount:
        self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
    self._terminfo.add_block(self)
    infobytes, databytes = whoosh_flush.block_bytes(self, SMALL_BLOCK)
    blocklength = len(infobytes) + len(databytes)
    postfile = self._postfile
    postfile.write_int(-blocklength if last else blocklength)  # negative: the term's last block
    postfile.write(infobytes)
    postfile.write(databytes)
    self._blockcount += 1
    self._new_block()


WRITTEN_FOR = "2.7.5"  # the Whoosh these patches were written against, private attributes and all

# Each attribute of Whoosh that Morgue patches -> what makes the replacement from Whoosh's own object.
PATCHES: dict[str, Callable[[Any], Any]] = {
    "whoosh.codec.whoosh3.W3PerDocReader._cached_reader": lambda _whooshs: _cached_reader,
    "whoosh.codec.whoosh3.W3PerDocReader.doc_field_length": lambda _whooshs: reads.doc_field_length,
    "whoosh.filedb.structfile.BufferFile.__init__": lambda _whooshs: reads.buffer_file_init,
    "whoosh.codec.base.FieldWriter.add_postings": lambda whooshs: whoosh_flush.lean_add_postings(
        _dense_add_postings(whooshs), _DenseLengths, SMALL_BLOCK
    ),
    "whoosh.codec.whoosh3.W3PostingsWriter._write_block": lambda _whooshs: _write_block,
    "whoosh.codec.whoosh3.STORED_COLUMN._child._level": lambda _whooshs: STORED_LEVEL,
    "whoosh.formats.Positions.word_values": _fast_word_values,
    "whoosh.writing.PostingPool.save": lambda _whooshs: pool.pool_save,
    "whoosh.writing.PostingPool.iter_postings": lambda _whooshs: pool.pool_postings,
    "whoosh.writing.PostingPool._write_run": lambda _whooshs: pool.pool_write_run,
    "whoosh.writing.PostingPool._read_run": lambda _whooshs: pool.pool_read_run,
    "whoosh.reading.SegmentReader.stored_fields": lambda _whooshs: _stored_fields,
    "whoosh.reading.MultiReader.column_reader": lambda _whooshs: _multi_column_reader,
    "whoosh.multiproc.SubWriterTask.run": guarded_run,
}
FIXES = (  # the patches that fix Whoosh rather than speed it up (see above)
    "whoosh.reading.MultiReader.column_reader",
    "whoosh.multiproc.SubWriterTask.run",
)

_lock = threading.RLock()
_state: str | None = None
_guarded: set[str] = set()  # the guard's patched paths


class EngineRefused(MorgueError):
    """The installed Whoosh reads index files in a way Morgue cannot guard: no index is opened."""

    exit_code = EXIT_NO_INDEX


def start() -> str:
    """Guard Whoosh's pickles and apply the patches, once; the engine's state.

    Called when the engine opens or writes an index, never as a side effect of
    an import. The guard goes on any Whoosh (`EngineRefused` if it cannot);
    the patches only on `WRITTEN_FOR`: another Whoosh runs unpatched, slower
    and without the fixes (see above). The state is what `morgue stats` shows:
    "whoosh 2.7.5", or which Whoosh runs unpatched and why.
    """
    global _state
    with _lock:
        if _state is None:
            found = whoosh.versionstring()
            _guard(found, audited=found == WRITTEN_FOR)
            if found == WRITTEN_FOR:
                for path, make in PATCHES.items():
                    patch(path, make)
                _state = f"whoosh {found}"
            else:
                _state = (
                    f"whoosh {found} (unpatched: Morgue's speed-ups are written for Whoosh {WRITTEN_FOR})"
                )
        return _state


def _guard(found: str, *, audited: bool) -> None:
    """Route every pickle loader Whoosh binds through `safe_pickle` (see there), or refuse."""
    sites = safe_pickle.guard_sites(everything=not audited)
    why = safe_pickle.unguardable(set(sites) | _guarded, audited)
    if why:
        raise EngineRefused(
            f"Morgue cannot make sure that Whoosh {found} reads index folders as data only ({why}), "
            f"so it opens no index with it. Install Whoosh {WRITTEN_FOR}: "
            f"pip install whoosh-reloaded=={WRITTEN_FOR}"
        )
    for path, (owner, attr, guarded) in sites.items():
        patch(path, _always(guarded), owner, attr)
        _guarded.add(path)


def _always(value: Any) -> Callable[[Any], Any]:
    return lambda _whooshs: value


def unapply(*, guard: bool = True) -> None:
    """Upstream Whoosh again: the patches' originals back (the guard's too, unless `guard=False`).

    For tests. The next `start()` applies everything again.
    """
    global _state
    with _lock:
        for path in patched_paths():
            if guard or path not in _guarded:
                restore(path)
                _guarded.discard(path)
        _state = None


@contextlib.contextmanager
def unpatched(*, guard: bool = False) -> Iterator[None]:
    """Upstream Whoosh inside the block, even for code that calls `start()`; patched again after.

    For tests. The guard stays on unless `guard=True`: it changes what Whoosh
    loads, never what it writes or what a pickle Morgue wrote reads back as.
    """
    global _state
    with _lock:
        unapply(guard=guard)
        _state = f"whoosh {whoosh.versionstring()} (unpatched for a while)"
    try:
        yield
    finally:
        with _lock:
            _state = None
        start()
