"""Plain-text and Markdown articles (.txt, .md, .markdown).

The title is the first non-empty line (for Markdown without its `#` marks or
setext underline), the body the rest. A file that starts with a front-matter
block (`---` on the first line, closed by `---` or `...` within 200 lines) has
its simple `key: value` lines read: `title`, `date` (or `published`), `source`,
`url`, `author`, `section`; other keys are ignored, quotes are stripped, and a
list (`[a, b]` or `- a` lines) is joined with ", ". No YAML library is used.
With a front-matter title, a first body line repeating it is dropped.
A first line longer than 300 characters is not a title: the title is its
shortened start and the line stays in the body.
"""

from __future__ import annotations

import re

from index.models import Skip

from .base import MAX_TITLE, Draft, SourceFile, shorten
from .clean import DecodeError, clean_text, decode_bytes, fold, one_line, parse_date

MAX_FRONT_MATTER_LINES = 200
FRONT_MATTER_KEYS = ("title", "date", "published", "source", "url", "author", "section")

_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
_ITEM = re.compile(r"\s*-\s+(.*)$")
_ATX = re.compile(r"^#{1,6}(?:\s+|$)|\s+#+\s*$")
_SETEXT = re.compile(r"(?:=+|-+)\s*$")


def unquote(value: str) -> str:
    """A YAML scalar without its quotes (or its trailing `# comment` if unquoted)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return re.sub(r"\s+#.*$", "", value)


def _value(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return ", ".join(unquote(item) for item in raw[1:-1].split(",") if item.strip())
    return unquote(raw)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(front-matter values, the text after it); ({}, text) without front matter."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n", MAX_FRONT_MATTER_LINES + 1)
    if lines[0].rstrip() != "---":
        return {}, text
    end = next(
        (
            i
            for i, line in enumerate(lines[1 : MAX_FRONT_MATTER_LINES + 1], 1)
            if line.rstrip() in ("---", "...")
        ),
        None,
    )
    if end is None:
        return {}, text
    meta: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    key = ""
    for line in lines[1:end]:
        item = _ITEM.match(line)
        if item is not None:
            if key and key not in meta:
                lists.setdefault(key, []).append(unquote(item.group(1)))
            continue
        match = None if line[:1].isspace() else _KEY.match(line)
        if match is not None:
            key = match.group(1).lower()
            if (match.group(2) or "").strip():
                meta[key] = _value(match.group(2))
    if not meta and not lists and not any(_KEY.match(line) for line in lines[1:end]):
        return {}, text  # a Markdown rule, not front matter
    for name, items in lists.items():
        meta.setdefault(name, ", ".join(item for item in items if item))
    values = {k: v for k, v in meta.items() if k in FRONT_MATTER_KEYS}
    return values, "\n".join(lines[end + 1 :])


def _heading(line: str, markdown: bool) -> str:
    return _ATX.sub("", line.strip()) if markdown else line


def read_text(src: SourceFile, data: bytes, *, markdown: bool) -> list[Draft | Skip]:
    try:
        text = clean_text(decode_bytes(data))
    except DecodeError as exc:
        return [Skip(src.rel, exc.reason)]
    if not text.strip():
        return [Skip(src.rel, "empty file")]
    meta, rest = split_front_matter(text)
    lines = rest.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title = one_line(meta.get("title", ""))
    if title:
        if first < len(lines) and fold(_heading(lines[first], markdown)) == fold(title):
            lines = lines[first + 1 :]
    elif first < len(lines):
        line = one_line(_heading(lines[first], markdown))
        if len(line) > MAX_TITLE:
            title = shorten(line, MAX_TITLE)
            lines = lines[first:]
        else:
            title = line
            skip = 1
            if markdown and first + 1 < len(lines) and _SETEXT.fullmatch(lines[first + 1].strip()):
                skip = 2
            lines = lines[first + skip :]
    return [
        Draft(
            title=title,
            body="\n".join(lines),
            date=parse_date(meta.get("date") or meta.get("published") or ""),
            source=one_line(meta.get("source", "")),
            section=one_line(meta.get("section", "")),
            url=one_line(meta.get("url", "")),
            author=one_line(meta.get("author", "")),
        )
    ]
