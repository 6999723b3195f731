"""Saved web pages (.html, .htm), read with trafilatura.

trafilatura (imported lazily: it is slow to import), favouring precision,
finds the main text without navigation, ads, share buttons, comments or
tables, and the page's metadata:
title (falling back to `<title>`), author, site name (-> source), canonical
URL and publication date. The date comes from htmldate with `original_date`
and without its extensive search of the page text, so it is the date the page
states in its metadata; a date in the URL is used only when the page has none.
A page where trafilatura finds no main text, or only a short run of the
page's link texts (a menu), is skipped.

Bytes are decoded by `textclean.decode_bytes`, with the page's `<meta charset>`
honoured for a legacy multi-byte or non-Latin charset.
"""

from __future__ import annotations

import re
from typing import Any

from index.models import Skip

from .base import Draft, SourceFile
from .clean import DecodeError, clean_text, decode_bytes, fold, one_line, parse_date

DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "deferred_url_extractor": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _title_tag(text: str) -> str:
    match = _TITLE.search(text[:65536])
    return one_line(clean_text(_TAG.sub("", match.group(1)))) if match else ""


def _only_links(main: str, page: str) -> bool:
    """Whether a short extraction is nothing but the page's link texts (a menu)."""
    if len(main) > 200:
        return False
    import lxml.html

    try:
        anchors = {one_line(a.text_content()) for a in lxml.html.fromstring(page).iter("a")}
    except (ValueError, lxml.etree.LxmlError):
        return False
    return all(one_line(line) in anchors for line in main.split("\n") if line.strip())


def read_html(src: SourceFile, data: bytes) -> list[Draft | Skip]:
    try:
        text = decode_bytes(data, declared=_declared_charset(data))
    except DecodeError as exc:
        return [Skip(src.rel, exc.reason)]
    if not text.strip():
        return [Skip(src.rel, "empty file")]
    # An XML declaration makes lxml refuse an already decoded string.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text.lstrip("\ufeff"))

    import trafilatura

    doc = trafilatura.bare_extraction(
        text,
        favor_precision=True,  # a page of links (an index, a menu) gives no text
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params=dict(DATE_PARAMS),
    )
    main = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(main, str) or not main.strip() or _only_links(main, text):
        return [Skip(src.rel, "no article text found in HTML")]

    def meta(name: str) -> str:
        value = getattr(doc, name, None)
        return one_line(clean_text(value)) if isinstance(value, str) else ""

    title = meta("title") or _title_tag(text)
    paragraphs = [line.strip() for line in clean_text(main).split("\n") if line.strip()]
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]  # the page's <h1>, already the title
    date_text = getattr(doc, "date", None)
    return [
        Draft(
            title=title,
            body="\n\n".join(paragraphs),
            date=parse_date(date_text) if isinstance(date_text, str) else None,
            source=meta("sitename"),
            url=meta("url"),
            author=meta("author"),
        )
    ]
