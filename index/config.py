"""Where the archive and its index live, with the overrides a user expects.

Precedence everywhere: command-line option, then environment variable
(`MORGUE_ARCHIVE`, `MORGUE_INDEX`), then the default. The default archive is the
bundled `seeds/`; the default index is one directory per archive under the
user's data directory, so that two archives never share (or clobber) an index.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def default_archive() -> Path:
    env = os.environ.get("MORGUE_ARCHIVE")
    return Path(env).expanduser() if env else BUNDLED_SEEDS


def resolve_archive(archive: str | Path | None) -> Path:
    path = Path(archive).expanduser() if archive else default_archive()
    return path.resolve()


def default_index_for(archive: Path) -> Path:
    """A per-archive directory under the user's data dir, named so a person can tell which."""
    import platformdirs  # only when no index folder is given: a script's `--index DIR` never loads it

    resolved = archive.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name or "archive").strip("-") or "archive"
    return Path(platformdirs.user_data_dir("morgue")) / "indexes" / f"{slug}-{digest}"


def resolve_index(index: str | Path | None, archive: Path) -> Path:
    if index:
        return Path(index).expanduser().resolve()
    env = os.environ.get("MORGUE_INDEX")
    if env:
        return Path(env).expanduser().resolve()
    return default_index_for(archive)
