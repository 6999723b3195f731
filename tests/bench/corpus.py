"""The benchmark's archive: a private copy of the corpus, N times over.

Copy k >= 1 of `<section>/<name>.txt` is `<section>/copy-k-<name>.txt` with
"[copy k] " before its title (the first non-empty line), so every copy has its
own id and title and survives deduplication (which compares title and body),
keeps its section (the parent folder's name), and repeats its body, so that
the entity cache serves the copies and a large run measures the index rather
than the NER model. Copy 0 is the corpus itself, byte for byte.

The benchmark never writes into the corpus: edits for the one-file update are
made on the copy.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class Archive:
    path: Path
    files: int
    scale: int
    bytes: int


def _corpus_files(corpus: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
    return out


def retitle(data: bytes, prefix: bytes) -> bytes:
    """`data` with `prefix` before its first non-empty line (any ASCII-compatible encoding)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while start < len(data) and data[start : start + 1] in (b"\n", b"\r", b" ", b"\t"):
        start += 1
    return data[:start] + prefix + data[start:]


def make_archive(corpus: Path, dest: Path, scale: int) -> Archive:
    """Write the scaled archive under `dest` (which must not exist)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    dest.mkdir(parents=True)
    files = total = 0
    for path in _corpus_files(corpus):
        rel = path.relative_to(corpus)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        files += 1
        total += target.stat().st_size
        if scale == 1:
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES:
            raise SystemExit(f"--scale needs a corpus of text files (.txt, .md): {rel} is not one.")
        data = path.read_bytes()
        for k in range(1, scale):
            copy = target.parent / f"copy-{k}-{rel.name}"
            copy.write_bytes(retitle(data, f"[copy {k}] ".encode()))
            files += 1
            total += len(data) + 10
    return Archive(dest, files, scale, total)


def existing_archive(path: Path, scale: int) -> Archive:
    """An archive made earlier by `make_archive` (for run.py --reuse)."""
    files = _corpus_files(path)
    return Archive(path, len(files), scale, sum(f.stat().st_size for f in files))


def pick_edit_target(archive: Path) -> Path:
    """A file of the archive to edit for the one-file update (the first text file, sorted)."""
    for path in _corpus_files(archive):
        if path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith("copy-"):
            return path
    return _corpus_files(archive)[0]


def edited(data: bytes, n: int) -> bytes:
    """The article with one new closing paragraph: new text, so its entities must be extracted again."""
    return (
        data.rstrip(b"\n")
        + (
            f"\n\nBenchmark edit {n}: Gordon Brown told the BBC in London that the edit number {n} "
            f"changed nothing.\n"
        ).encode()
    )
