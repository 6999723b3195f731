"""JSON (.json: one object or a list of them) and JSON lines (.jsonl) articles.

Keys (case-insensitive): `title`; `body`, `text` or `content` (the first
non-empty); `date` or `published`; `source`, `url`, `author`, `section`. Other
keys are ignored. Values are coerced: numbers to text (a numeric date is a
Unix timestamp), a list of strings is joined (paragraphs for the body, ", "
otherwise), an object with a `name` (`"source": {"name": "BBC"}`) gives the
name; anything else is ignored. A top-level object without article keys but
with a list under `articles`, `items`, `data`, `records`, `results`, `docs`,
`documents`, `posts` or `entries` is read as that list.

Records are numbered from 1: the N-th item of a list, or line N of a .jsonl
file (blank lines count, so N is always the line number).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from index.models import Skip

from .base import MAX_JSON_BYTES, MAX_TEXT_BYTES, Draft, SourceFile, limit_text
from .clean import (
    SNIFF_BYTES,
    DecodeError,
    clean_text,
    date_from_number,
    decode_bytes,
    one_line,
    parse_date,
)

BODY_KEYS = ("body", "text", "content")
DATE_KEYS = ("date", "published")
ARTICLE_KEYS = frozenset({"title", *BODY_KEYS, *DATE_KEYS, "source", "url", "author", "section"})
WRAPPER_KEYS = (
    "articles",
    "items",
    "data",
    "records",
    "results",
    "docs",
    "documents",
    "posts",
    "entries",
)


def json_error(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, RecursionError):
        return "malformed JSON: nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    return f"malformed JSON: {exc}"


def _text(value: Any, sep: str) -> str:
    """A field's value as raw text ("" if it has none)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return sep.join(_text(item, "") for item in value if not isinstance(item, list | dict))
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    return ""


def _date(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return date_from_number(float(value))
    if isinstance(value, str) and value.strip().isdigit() and 9 <= len(value.strip()) <= 13:
        return date_from_number(float(value))  # an epoch written as a string: "1110844800"
    return parse_date(value) if isinstance(value, str) else None


def _record(src: SourceFile, value: Any, n: int | None) -> Draft | Skip:
    if not isinstance(value, dict):
        where = src.rel if n is None else f"{src.rel}#{n}"
        prefix = "" if n is None else f"record {n}: "
        return Skip(where, prefix + "not a JSON object")
    fields = {str(k).lower(): v for k, v in value.items() if str(k).lower() in ARTICLE_KEYS}

    def field(key: str, sep: str = ", ") -> str:
        return one_line(clean_text(_text(fields.get(key), sep)))

    body = next((text for key in BODY_KEYS if (text := _text(fields.get(key), "\n\n")).strip()), "")
    date = next((d for key in DATE_KEYS if (d := _date(fields.get(key))) is not None), None)
    return Draft(
        title=field("title", " "),
        body=clean_text(body),
        record=n,
        date=date,
        source=field("source"),
        section=field("section"),
        url=field("url", ""),
        author=field("author"),
    )


def read_json(src: SourceFile, data: bytes) -> list[Draft | Skip]:
    try:
        value = json.loads(decode_bytes(data), strict=False)
    except DecodeError as exc:
        return [Skip(src.rel, exc.reason)]
    except (ValueError, RecursionError) as exc:
        return [Skip(src.rel, json_error(exc))]
    if isinstance(value, dict) and not ARTICLE_KEYS & {str(k).lower() for k in value}:
        wrapped = next((value[k] for k in WRAPPER_KEYS if isinstance(value.get(k), list)), None)
        if wrapped is None:
            return [Skip(src.rel, "JSON object without article fields")]
        value = wrapped
    if isinstance(value, dict):
        return [_record(src, value, None)]
    if isinstance(value, list):
        if not value:
            return [Skip(src.rel, "no records")]
        return [_record(src, item, n) for n, item in enumerate(value, 1)]
    return [Skip(src.rel, "JSON is neither an object nor a list of objects")]


BINARY_LINE = "binary data"


def _line_record(src: SourceFile, line: bytes, n: int) -> Draft | Skip | None:
    if not line.strip():
        return None
    try:
        value = json.loads(decode_bytes(line), strict=False)
    except DecodeError as exc:
        reason = BINARY_LINE if exc.reason == "binary file" else exc.reason  # a line, not the file
        return Skip(f"{src.rel}#{n}", f"record {n}: {reason}")
    except (ValueError, RecursionError) as exc:
        return Skip(f"{src.rel}#{n}", f"record {n}: {json_error(exc)}")
    return _record(src, value, n)


def read_jsonl(src: SourceFile, f: IO[bytes]) -> list[Draft | Skip]:
    """One record per line; a line over MAX_TEXT_BYTES, or of binary bytes, skips that record only.

    A file with NULs in its first 8 KiB and no line of JSON there is one
    "binary file", skipped unread (an image renamed .jsonl is not read to its
    end for a skip per "line"); with a line of JSON there, its binary lines
    are skipped one by one.
    """
    head = f.read(SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32: lines are not bytes apart
        data = head + f.read(MAX_JSON_BYTES + 1 - len(head))
        if len(data) > MAX_JSON_BYTES:
            return [Skip(src.rel, limit_text(MAX_JSON_BYTES))]
        try:
            text = decode_bytes(data)
        except DecodeError as exc:
            return [Skip(src.rel, exc.reason)]
        lines: Iterable[bytes | None] = (line.encode("utf-8", "replace") for line in text.split("\n"))
    else:
        if b"\x00" in head and not _any_json_line(head, whole=len(head) < SNIFF_BYTES):
            return [Skip(src.rel, "binary file")]
        f.seek(0)
        lines = _lines(f)
    out: list[Draft | Skip] = []
    for n, line in enumerate(lines, 1):
        if line is None:
            out.append(Skip(f"{src.rel}#{n}", f"record {n}: line {limit_text(MAX_TEXT_BYTES)}"))
        elif (item := _line_record(src, line.removeprefix(b"\xef\xbb\xbf"), n)) is not None:
            out.append(item)
    if not out:
        return [Skip(src.rel, "empty file")]
    return out


def _any_json_line(head: bytes, *, whole: bool) -> bool:
    """Whether a line of `head` (its last too if `whole`: the file ends there) is JSON."""
    lines = head.split(b"\n")
    for line in lines if whole else lines[:-1]:
        if line.strip():
            try:
                json.loads(decode_bytes(line.removeprefix(b"\xef\xbb\xbf")), strict=False)
            except (ValueError, RecursionError):  # DecodeError is a ValueError
                continue
            return True
    return False


def _lines(f: IO[bytes]) -> Iterator[bytes | None]:
    """The file's lines, None for a line longer than MAX_TEXT_BYTES (read past, not kept)."""
    while line := f.readline(MAX_TEXT_BYTES + 1):
        if len(line) > MAX_TEXT_BYTES:
            while not line.endswith(b"\n") and (line := f.readline(1 << 20)):
                pass
            yield None
        else:
            yield line
