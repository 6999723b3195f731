"""The copy index on disk: one file, `copies.bin`, that loading can only refuse, never obey.

An index folder is untrusted data (it may come from someone else's archive), so
there is no pickle and nothing in the file names code or types. Layout, all
little-endian:

    magic "MORGUE-COPIES\\0" | u16 format | u64 header length H
    H bytes: UTF-8 JSON: params, ids, dates, lengths, words, shingles,
          groups, next_group
    n x num_perm u32: the MinHash signatures, row by row (raw: no parsing)
    32 bytes: BLAKE2b of everything before it

Loading checks the digest (a torn or bit-flipped file), then every field's type,
range and length, and raises `CopiesFileError` (a `CorruptIndexError`: exit 4)
on the first thing wrong. The band keys and the group lists are derived again on
load rather than stored: fewer things that could disagree.

Saving writes a temporary file beside the target and renames it over, so a
reader sees the old file or the new one.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import CorruptIndexError
from .groups import CopyIndex
from .sketch import CopyParams

FILE_NAME = "copies.bin"
FORMAT = 1
_MAGIC = b"MORGUE-COPIES\x00"
_HEAD = struct.Struct("<14sHQ")
_DIGEST = 32
# No archive comes near these; a file that claims more is refused before anything is allocated.
_MAX_ARTICLES = 50_000_000
_MAX_BYTES = 1 << 33  # 8 GiB: ~15 million articles; a bigger file is refused unread
_MAX_ID = 4096


class CopiesFileError(CorruptIndexError):
    """The copy index file is missing, damaged or not one of ours."""


def copies_file(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def save(index: CopyIndex, folder: Path) -> Path:
    """Write `index` to `folder/copies.bin` (atomically) and return the path."""
    live = index._live()
    ids = [index._id(int(s)) for s in live.tolist()]
    dates = [None if math.isnan(d) else d for d in index._date[live].tolist()]
    header = {
        "params": asdict(index.params),
        "ids": ids,
        "dates": dates,
        "lengths": index._length[live].tolist(),
        "words": index._words[live].tolist(),
        "shingles": index._shingles[live].tolist(),
        "groups": index._group[live].tolist(),
        "next_group": index._next_group,
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    sig = np.ascontiguousarray(index._sig[live], dtype="<u4").tobytes()
    body = _HEAD.pack(_MAGIC, FORMAT, len(head)) + head + sig
    path = copies_file(folder)
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(body)
        out.write(hashlib.blake2b(body, digest_size=_DIGEST).digest())
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


def load(folder: Path) -> CopyIndex:
    """Read `folder/copies.bin`; raise `CopiesFileError` if it is missing or wrong in any way."""
    path = copies_file(folder)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise CopiesFileError(f"the copy index {path} is larger than any archive needs")
        data = path.read_bytes()
    except OSError as exc:
        raise CopiesFileError(f"cannot read the copy index {path}: {exc.strerror or exc}") from None
    try:
        return _parse(data)
    except CopiesFileError as exc:
        raise CopiesFileError(f"the copy index {path} is not usable: {exc.message}") from None


def _parse(data: bytes) -> CopyIndex:
    if len(data) < _HEAD.size + _DIGEST:
        raise CopiesFileError("too short")
    magic, version, head_len = _HEAD.unpack_from(data)
    if magic != _MAGIC:
        raise CopiesFileError("not a copy index file")
    if version != FORMAT:
        raise CopiesFileError(f"format {version}, this Morgue reads {FORMAT}")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        raise CopiesFileError("checksum mismatch (damaged or truncated)")
    if head_len > len(body) - _HEAD.size:
        raise CopiesFileError("header longer than the file")
    try:
        header = json.loads(body[_HEAD.size : _HEAD.size + head_len].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CopiesFileError("header is not JSON") from None
    if not isinstance(header, dict):
        raise CopiesFileError("header is not an object")
    params = _params(header.get("params"))
    ids = _column(header, "ids", str, lambda v: 0 < len(v) <= _MAX_ID)
    n = len(ids)
    if len(set(ids)) != n:
        raise CopiesFileError("an article id appears twice")
    dates = _column(header, "dates", float, math.isfinite, n, nullable=True)
    lengths = _column(header, "lengths", int, lambda v: 0 <= v < 2**62, n)
    words = _column(header, "words", int, lambda v: 0 <= v < 2**62, n)
    shingles = _column(header, "shingles", int, lambda v: 0 <= v < 2**62, n)
    next_group = header.get("next_group")
    if type(next_group) is not int or not 0 <= next_group < 2**62:
        raise CopiesFileError("next_group is not a group number")
    groups = _column(header, "groups", int, lambda v: 0 <= v < next_group, n)
    raw = body[_HEAD.size + head_len :]
    if len(raw) != n * params.num_perm * 4:
        raise CopiesFileError(f"{len(raw)} signature bytes for {n} articles of {params.num_perm} values")
    signatures = np.frombuffer(raw, dtype="<u4").reshape(n, params.num_perm)
    index = CopyIndex(params)
    index._restore(
        ids,
        signatures,
        (math.nan if d is None else d for d in dates),
        lengths,
        words,
        shingles,
        groups,
        next_group,
    )
    return index


def _params(raw: Any) -> CopyParams:
    if not isinstance(raw, dict):
        raise CopiesFileError("params missing")
    names = set(CopyParams.__dataclass_fields__)
    if set(raw) == names - {"hashing"}:
        raw = {**raw, "hashing": 1}  # written before word hashing had a number: CRC-32 words
    if set(raw) != names:
        raise CopiesFileError(f"params should be exactly {sorted(names)}")
    for name in names:
        value = raw[name]
        numeric = type(value) in (int, float)
        if not (numeric or (name == "window_hours" and value is None)):
            raise CopiesFileError(f"params.{name} is not a number")
    for name in ("shingle", "num_perm", "bands", "short_words", "min_words", "seed", "hashing"):
        if type(raw[name]) is not int:
            raise CopiesFileError(f"params.{name} is not a whole number")
    try:
        params = CopyParams(**raw)
        params.check()
    except (TypeError, ValueError) as exc:
        raise CopiesFileError(f"params: {exc}") from None
    return params


def _column(
    header: dict[str, Any],
    name: str,
    kind: type,
    valid: Any,
    count: int | None = None,
    nullable: bool = False,
) -> list[Any]:
    """`header[name]`: a list of `count` values of `kind` that pass `valid` (or None if nullable)."""
    values = header.get(name)
    if not isinstance(values, list):
        raise CopiesFileError(f"{name} is not a list")
    if count is None and len(values) > _MAX_ARTICLES:
        raise CopiesFileError(f"{name}: too many entries")
    if count is not None and len(values) != count:
        raise CopiesFileError(f"{name} has {len(values)} entries for {count} articles")
    for value in values:
        if value is None and nullable:
            continue
        ok_type = type(value) is kind or (kind is float and type(value) is int)
        if not ok_type or not valid(value):
            raise CopiesFileError(f"{name}: a bad entry {str(value)[:40]!r}")
    return values
