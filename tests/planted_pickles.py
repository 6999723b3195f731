"""Index folders with a planted pickle: each would run a shell command the moment it is unpickled.

An index folder is data that gets copied and shared; Whoosh stores parts of it
as pickles, and unpickling runs whatever a pickle names. Each planting here
puts a pickle whose `__reduce__` calls `os.system("touch MARKER")` where Whoosh
reads one: the schema or the segment list in the TOC, a TOC claiming Whoosh's
old format (read by a second, renaming unpickler), a stored record, a posting
block's header or data, a word's positions, a terms table's extras, a compound
segment's directory. The marker file exists afterwards only if the pickle ran.

Plantings inside a segment add one document ("Planted evidence") as a segment
of its own, written by plain Whoosh in a subprocess (`python -m
tests.planted_pickles KIND GEN MARKER ...`) with the one pickle swapped; no
Morgue code runs there, so the planting is the same before and after any
change to Morgue's patches.
"""

from __future__ import annotations

import io
import os
import pickle
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

TOC_KINDS = ("toc schema", "toc segments", "toc in the old format")
SEGMENT_KINDS = (
    "stored record",
    "posting block header",
    "posting block data",
    "positions",
    "terms table extras",
    "compound directory",
)
KINDS = TOC_KINDS + SEGMENT_KINDS
PLANTED_QUERY = '"planted evidence"'  # reads the planted segment's postings, positions and record


class Payload:
    """Pickles as a call of `os.system`: unpickling it runs the command."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.system, (self.command,)


def payload(marker: Path, protocol: int = 2) -> bytes:
    return pickle.dumps(Payload(f"touch {shlex.quote(str(marker))}"), protocol)


def plant(kind: str, gen: Path, marker: Path) -> None:
    """Plant one pickle of `kind` into the Whoosh index of generation folder `gen`."""
    if kind in TOC_KINDS:
        _plant_toc(kind, gen, marker)
    else:
        plant_segments([(kind, gen, marker)])


def plant_segments(plantings: list[tuple[str, Path, Path]]) -> None:
    """Several segment plantings in one subprocess of plain Whoosh."""
    args = [str(part) for planting in plantings for part in planting]
    subprocess.run(
        [sys.executable, "-m", "tests.planted_pickles", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
        timeout=120,
    )


def toc_file(gen: Path) -> Path:
    [found] = gen.glob("_MAIN_*.toc")
    return found


def toc_segments_at(data: bytes) -> int:
    """Where a TOC's pickled segment list starts (it runs to the end of the file)."""
    from whoosh.filedb.structfile import StructFile

    stream = StructFile(io.BytesIO(data))
    for _ in range(3):  # the sizes of int, long and float
        stream.read_varint()
    stream.read_int()  # -12345, the byte order check
    stream.read_int()  # the TOC version
    for _ in range(3):  # Whoosh's release
        stream.read_varint()
    stream.read_string()  # the schema
    return stream.tell() + 8  # after the generation and an unused int


def _plant_toc(kind: str, gen: Path, marker: Path) -> None:
    from whoosh.filedb.structfile import StructFile
    from whoosh.system import pack_int
    from whoosh.util.varints import varint

    toc = toc_file(gen)
    data = toc.read_bytes()
    stream = StructFile(io.BytesIO(data))
    for _ in range(3):  # the sizes of int, long and float
        stream.read_varint()
    stream.read_int()  # -12345, the byte order check
    version_at = stream.tell()
    stream.read_int()
    for _ in range(3):  # Whoosh's release
        stream.read_varint()
    schema_at = stream.tell()
    stream.read_string()
    segments_at = stream.tell() + 8  # after the generation and an unused int
    evil = payload(marker)
    if kind == "toc segments":
        toc.write_bytes(data[:segments_at] + evil)
        return
    planted = data[:schema_at] + varint(len(evil)) + evil + data[stream.tell() :]
    if kind == "toc in the old format":  # version -110: Whoosh's legacy loader reads the schema
        planted = planted[:version_at] + pack_int(-110) + planted[version_at + 4 :]
    toc.write_bytes(planted)


def _planted_document() -> dict[str, Any]:
    return {
        "id": "planted",
        "path": "planted.txt",
        "content_hash": "planted",
        "title": "Planted evidence",
        "body": "Planted evidence, planted evidence everywhere.",
        "section": "planted",
        "source": "planted",
        "section_display": "Planted",
        "source_display": "Planted",
        "url": "",
    }


def _write_planted_segment(kind: str, gen: Path, marker: Path) -> None:
    """Add the planted document as a segment of its own, with one of its pickles swapped."""
    from whoosh import formats
    from whoosh import index as whoosh_index
    from whoosh.codec import whoosh3
    from whoosh.filedb import filetables

    evil = payload(marker)
    doc = _planted_document()
    whooshs_dumps = whoosh3.dumps

    def block_dumps(obj: Any, protocol: int = 2) -> bytes:
        # A block's data is a 3-tuple (ids, weights, values), its header a 6-tuple
        size = 6 if kind == "posting block header" else 3
        if isinstance(obj, tuple) and len(obj) == size:
            return evil
        return bytes(whooshs_dumps(obj, protocol))

    hooks: list[tuple[Any, str, Any]] = []
    if kind == "stored record":
        doc["url"] = Payload(f"touch {shlex.quote(str(marker))}")
    elif kind in ("posting block header", "posting block data"):
        hooks.append((whoosh3, "dumps", block_dumps))
    elif kind == "positions":
        hooks.append(
            (
                formats,
                "dumps",
                lambda obj, protocol=2: evil if isinstance(obj, list) else pickle.dumps(obj, protocol),
            )
        )
    elif kind == "terms table extras":
        hooks.append((filetables.HashWriter, "_write_extras", lambda self: self.dbfile.write(evil)))
    saved = [(owner, name, getattr(owner, name)) for owner, name, _hook in hooks]
    for owner, name, hook in hooks:
        setattr(owner, name, hook)
    try:
        before = set(gen.iterdir())
        ix = whoosh_index.open_dir(str(gen))
        writer = ix.writer()
        writer.add_document(**doc)
        writer.commit(merge=False)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    if kind == "compound directory":
        [seg] = [p for p in set(gen.iterdir()) - before if p.suffix == ".seg"]
        _plant_compound_directory(seg, evil)


def _plant_compound_directory(seg: Path, evil: bytes) -> None:
    """A compound segment file starts with where its directory pickle is; put the payload there."""
    import struct

    data = seg.read_bytes()
    (diroffset,) = struct.unpack("!q", data[:8])
    seg.write_bytes(data[:diroffset] + evil + pickle.dumps({}, 2))


if __name__ == "__main__":
    argv = sys.argv[1:]
    for at in range(0, len(argv), 3):
        _write_planted_segment(argv[at], Path(argv[at + 1]), Path(argv[at + 2]))
