"""Near-duplicate articles: syndicated copies and updated versions of one story.

MinHash over word shingles with LSH buckets (`sketch`, `lsh`), groups kept up to
date one article at a time (`groups`), one untrusted-safe file per index folder
(`store`), and a word-level diff for the reader (`diff`). Headless and
engine-neutral: this package never imports whoosh, the build or the TUI, which
call into it.
"""

from __future__ import annotations

from .diff import DiffSize, Span, diff_size, word_diff
from .groups import Copy, CopyIndex, Group
from .sketch import CopyParams, Sketch, sketch
from .store import FILE_NAME, CopiesFileError, copies_file, load, save

__all__ = [
    "FILE_NAME",
    "CopiesFileError",
    "Copy",
    "CopyIndex",
    "CopyParams",
    "DiffSize",
    "Group",
    "Sketch",
    "Span",
    "copies_file",
    "diff_size",
    "load",
    "save",
    "sketch",
    "word_diff",
]
