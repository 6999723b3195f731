"""Finding an archive's files: a safe walk, and the names that become ids.

`scan` finds the files (sorted, with Skips for what it cannot or will not
walk). Archive-relative paths (`rel`, the id base) are made printable, valid
UTF-8 and unique by `clean.safe_name` (a newline becomes `\\n`, a byte that is
not UTF-8 `\\xNN`, a backslash `\\\\`); `SourceFile.path` keeps the real name,
and `path_of(root, rel)` maps a rel back to it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from index.models import Skip

from .base import SourceFile, os_reason
from .clean import safe_name, unescape_name
from .readers import SUPPORTED_SUFFIXES

MAX_DEPTH = 64  # folder levels walked below the archive root
OUTSIDE_SYMLINK = "symlink pointing outside the archive, not followed"


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
        else:
            self.found(path, name, rel, info, above, depth, explicit)

    def found(
        self,
        path: str,
        name: str,
        rel: str,
        info: os.stat_result,
        above: frozenset[tuple[int, int]],
        depth: int,
        explicit: bool,
    ) -> None:
        """A folder to walk, a file to read, or a skip: for an entry, or a followed symlink's target."""
        if stat.S_ISDIR(info.st_mode):
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
        self.found(path, name, rel, info, above, depth, explicit)

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
