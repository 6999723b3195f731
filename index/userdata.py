"""Where the user's own work on an archive lives: notebook, entity corrections, history.

It is keyed by the archive, not by the index: a `--rebuild`, a schema-version
change or a deleted index folder never touches it. The default is one folder per
archive under the user's data directory, beside (never inside) the index
generations: `~/.local/share/morgue/work/<archive>-<digest>/` on Linux.
`MORGUE_USER_DATA` names another root (tests point it at a temporary folder).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

ENV = "MORGUE_USER_DATA"


def user_data_root() -> Path:
    """The root holding every archive's work folder."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when the user's work is asked for

    return Path(platformdirs.user_data_dir("morgue")) / "work"


def archive_key(archive: Path) -> str:
    """A folder name a person can read, unique per archive path: `news-3f2a1b9c0d`."""
    resolved = archive.expanduser().resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name or "archive").strip("-") or "archive"
    return f"{slug}-{digest}"


def work_dir(archive: Path) -> Path:
    """The archive's work folder (not created here: a reader that finds nothing writes nothing)."""
    return user_data_root() / archive_key(archive)
