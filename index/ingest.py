"""Walk an archive and read its files into Articles.

`scan` finds the files (sorted, with Skips for what it cannot or will not
walk); `read_source` reads one file into Articles and Skips, and never raises.
The format readers live in `ingest_text`, `ingest_html` and `ingest_json`;
decoding and cleaning in `textclean`; the end-of-body debris rules in `debris`.

Limits: .txt/.md/.html files over MAX_TEXT_BYTES (16 MiB) and .json files over
MAX_JSON_BYTES (256 MiB) are skipped unread; .jsonl is read line by line and a
line over MAX_TEXT_BYTES skips that record only.

Archive-relative paths (`rel`, the id base) are made printable, valid UTF-8
and unique by `textclean.safe_name` (a newline becomes `\\n`, a byte that is not
UTF-8 `\\xNN`, a backslash `\\\\`); `SourceFile.path` keeps the real name, and
`path_of(root, rel)` maps a rel back to it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from index.debris import strip_debris
from index.models import Article, Skip
from index.textclean import fold, safe_name, tidy_body, unescape_name

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
)
MAX_TEXT_BYTES: int = 16 * 1024 * 1024
MAX_JSON_BYTES: int = 256 * 1024 * 1024
MAX_DEPTH = 64  # folder levels walked below the archive root
MAX_TITLE = 300  # a longer title (or first line standing in for one) is shortened
OUTSIDE_SYMLINK = "symlink pointing outside the archive, not followed"


@dataclass(frozen=True)
class SourceFile:
    """A file found in the archive."""

    path: Path  # absolute
    rel: str  # archive-relative posix path, made safe (see the module docstring)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Draft:
    """One article's fields as a format reader found them, already cleaned."""

    title: str
    body: str
    record: int | None = None  # N of `rel#N` for a record of a multi-record file
    date: datetime | None = None
    source: str = ""
    section: str = ""
    url: str = ""
    author: str = ""


def limit_text(limit: int) -> str:
    return f"larger than {limit // (1024 * 1024)} MiB limit"


def content_hash(title: str, body: str) -> str:
    """sha1 hex of the whitespace-folded, casefolded title + body."""
    key = fold(title) + "\n" + fold(body)
    return hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()


# --- reading ------------------------------------------------------------------


def read_source(src: SourceFile) -> list[Article | Skip]:
    """All articles of one file, or Skips saying why not. Never raises."""
    try:
        return [_finish(src, item) if isinstance(item, Draft) else item for item in _read(src)]
    except RecursionError:
        return [Skip(src.rel, "nested too deeply")]
    except MemoryError:
        return [Skip(src.rel, "too large to read into memory")]
    except Exception as exc:  # a reader bug must not stop an index run
        return [Skip(src.rel, f"could not be read: {type(exc).__name__}: {exc}")]


def _read(src: SourceFile) -> list[Draft | Skip]:
    suffix = src.path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [Skip(src.rel, f"unsupported file type {suffix or '(no suffix)'}")]
    try:
        fd = os.open(src.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return [Skip(src.rel, os_reason(exc))]
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return [Skip(src.rel, "not a regular file")]
        if suffix == ".jsonl":
            from index.ingest_json import read_jsonl

            return read_jsonl(src, f)
        limit = MAX_JSON_BYTES if suffix == ".json" else MAX_TEXT_BYTES
        if info.st_size > limit:
            return [Skip(src.rel, limit_text(limit))]
        data = f.read(limit + 1)
    if len(data) > limit:
        return [Skip(src.rel, limit_text(limit))]
    if not data.strip():
        return [Skip(src.rel, "empty file")]
    if suffix == ".json":
        from index.ingest_json import read_json

        return read_json(src, data)
    if suffix in (".html", ".htm"):
        from index.ingest_html import read_html

        return read_html(src, data)
    from index.ingest_text import read_text

    return read_text(src, data, markdown=suffix in (".md", ".markdown"))


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def _finish(src: SourceFile, draft: Draft) -> Article | Skip:
    """An Article from a Draft: debris stripped, id, section and hash set.

    Without a title, the first line of the body stands in (kept in the body too).
    """
    ident = src.rel if draft.record is None else f"{src.rel}#{draft.record}"
    prefix = "" if draft.record is None else f"record {draft.record}: "
    title = draft.title
    body = strip_debris(tidy_body(draft.body))
    if not body:
        return Skip(ident, prefix + ("no body" if title else "no title and no body"))
    title = shorten(title or body.split("\n", 1)[0].strip(), MAX_TITLE)
    parent = src.rel.rsplit("/", 2)[-2] if "/" in src.rel else ""
    return Article(
        id=ident,
        title=title,
        body=body,
        path=src.rel,
        content_hash=content_hash(title, body),
        date=draft.date,
        source=draft.source,
        section=draft.section or parent,
        url=draft.url,
        author=draft.author,
    )


def os_reason(exc: OSError) -> str:
    """A short reason for an OSError met while reading or walking."""
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"unreadable: {exc.strerror or exc}".rstrip()


# --- scanning -----------------------------------------------------------------


def path_of(root: Path, rel: str) -> Path:
    """The file a `rel` names under `root`: the inverse of the escaping `scan` applies.

    For a single-file archive (`root` is the file) it is `root` itself.
    """
    root = Path(os.path.abspath(root))
    if root.is_file() and "/" not in rel:
        return root
    return root.joinpath(*unescape_name(rel).split("/"))


def _supported(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip("/") + "/")


class _Walker:
    def __init__(self, root: Path, follow: bool) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow = follow
        self.files: dict[str, SourceFile] = {}
        self.skips: list[Skip] = []
        # (path, rel prefix, (dev, inode) of the folders above, depth)
        self.stack: list[tuple[str, str, frozenset[tuple[int, int]], int]] = []

    def add(self, path: str, rel: str, info: os.stat_result) -> None:
        self.files[rel] = SourceFile(Path(path), rel, info.st_size, info.st_mtime_ns)

    def push(
        self,
        path: str,
        rel: str,
        info: os.stat_result,
        above: frozenset[tuple[int, int]],
        depth: int,
    ) -> None:
        key = (info.st_dev, info.st_ino)
        if key in above:
            self.skips.append(Skip(rel, "symlink loop"))
        elif depth > MAX_DEPTH:
            self.skips.append(Skip(rel, f"nested deeper than {MAX_DEPTH} folders"))
        else:
            self.stack.append((path, rel + "/" if rel else "", above | {key}, depth))

    def walk(self) -> None:
        while self.stack:
            path, prefix, above, depth = self.stack.pop()
            try:
                with os.scandir(path) as it:
                    entries = list(it)
            except OSError as exc:
                self.skips.append(Skip(prefix.rstrip("/") or ".", f"folder {os_reason(exc)}"))
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                rel = prefix + safe_name(entry.name)
                try:
                    self.entry(entry.path, entry.name, rel, above, depth)
                except OSError as exc:
                    self.skips.append(Skip(rel, os_reason(exc)))

    def entry(
        self,
        path: str,
        name: str,
        rel: str,
        above: frozenset[tuple[int, int]],
        depth: int,
        explicit: bool = False,
    ) -> None:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            self.symlink(path, name, rel, above, depth, explicit)
        elif stat.S_ISDIR(info.st_mode):
            self.push(path, rel, info, above, depth + 1)
        elif not _supported(name):
            if explicit:
                self.skips.append(Skip(rel, "unsupported file type"))
        elif stat.S_ISREG(info.st_mode):
            self.add(path, rel, info)
        else:
            self.skips.append(Skip(rel, "not a regular file"))

    def symlink(
        self,
        path: str,
        name: str,
        rel: str,
        above: frozenset[tuple[int, int]],
        depth: int,
        explicit: bool,
    ) -> None:
        if not self.follow:
            target = os.path.realpath(path)
            if not _inside(target, self.real_root):
                if explicit or _supported(name) or os.path.isdir(path):
                    self.skips.append(Skip(rel, OUTSIDE_SYMLINK))
            elif explicit:
                self.skips.append(Skip(rel, "symlink, not followed"))
            return
        try:
            info = os.stat(path)
        except OSError as exc:
            if explicit or _supported(name) or exc.errno == errno.ELOOP:
                reason = "broken symlink" if isinstance(exc, FileNotFoundError) else os_reason(exc)
                self.skips.append(Skip(rel, reason))
            return
        if stat.S_ISDIR(info.st_mode):
            self.push(path, rel, info, above, depth + 1)
        elif not _supported(name):
            if explicit:
                self.skips.append(Skip(rel, "unsupported file type"))
        elif stat.S_ISREG(info.st_mode):
            self.add(path, rel, info)
        else:
            self.skips.append(Skip(rel, "not a regular file"))

    def relative(self, path: Path) -> str | None:
        """`path` relative to the root (posix, "" for the root), or None if outside it."""
        absolute = os.path.abspath(path)
        rel = os.path.relpath(absolute, self.root)
        if rel == ".." or rel.startswith("../"):
            parent, name = os.path.split(absolute)
            rel = os.path.relpath(os.path.join(os.path.realpath(parent), name), self.real_root)
            if rel == ".." or rel.startswith("../"):
                return None
        return "" if rel == "." else Path(rel).as_posix()


def scan(
    root: Path, paths: Sequence[Path] | None = None, *, follow_symlinks: bool = False
) -> tuple[list[SourceFile], list[Skip]]:
    """Supported files under `root` (recursively), sorted by rel; or only the given `paths`.

    Given paths (files or folders) must be inside `root`, unless `root` is a
    file itself (then `rel` is its name). Hidden files and folders are ignored;
    symlinks are not followed unless `follow_symlinks` (loops are detected);
    a symlink pointing outside the archive, an unreadable folder and a
    special file with a supported suffix are reported as Skips.
    """
    root = Path(os.path.abspath(root))
    walker = _Walker(root, follow_symlinks)
    try:
        info = os.stat(root)
    except OSError as exc:
        return [], [Skip(safe_name(str(root)), os_reason(exc))]
    if not stat.S_ISDIR(info.st_mode):  # a single file: its name is its rel
        rel = safe_name(root.name)
        if not _supported(root.name):
            return [], [Skip(rel, "unsupported file type")]
        if not stat.S_ISREG(info.st_mode):
            return [], [Skip(rel, "not a regular file")]
        return [SourceFile(root, rel, info.st_size, info.st_mtime_ns)], []
    top = frozenset({(info.st_dev, info.st_ino)})
    if paths is None:
        walker.stack.append((str(root), "", top, 0))
    for given in paths or ():
        inside = walker.relative(given)
        if inside is None:
            walker.skips.append(Skip(safe_name(str(given)), "outside the archive"))
            continue
        if inside == "":
            walker.stack.append((str(root), "", top, 0))
            continue
        parts = inside.split("/")
        safe = "/".join(safe_name(part) for part in parts)
        if any(part.startswith(".") for part in parts):
            walker.skips.append(Skip(safe, "hidden file or folder, ignored"))
            continue
        try:
            walker.entry(str(root / inside), parts[-1], safe, top, len(parts) - 1, explicit=True)
        except OSError as exc:
            walker.skips.append(Skip(safe, os_reason(exc)))
    walker.walk()
    files = sorted(walker.files.values(), key=lambda src: src.rel)
    return files, sorted(walker.skips, key=lambda skip: skip.path)
