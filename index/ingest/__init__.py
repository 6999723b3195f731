"""Reading an archive: walk it (`scan`), read each file into Articles (`readers`).

One module per format (`text`, `html`, `json_records`), what they share in
`base`, decoding and cleaning in `clean`, the end-of-body debris rules in
`debris`.
"""

from .base import MAX_JSON_BYTES, MAX_TEXT_BYTES, Draft, SourceFile, content_hash
from .readers import SUPPORTED_SUFFIXES, read_source
from .scan import OUTSIDE_SYMLINK, path_of, scan

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_TEXT_BYTES",
    "OUTSIDE_SYMLINK",
    "SUPPORTED_SUFFIXES",
    "Draft",
    "SourceFile",
    "content_hash",
    "path_of",
    "read_source",
    "scan",
]
