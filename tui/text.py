"""Rich `Text` from untrusted text plus the offsets `index/` gives us.

Everything from an article — title, body, snippet, entity name — arrives here
as a plain string and leaves as a `Text` object, so nothing is ever parsed as
Rich or Textual markup. `clean` runs `terminal_safe` (and turns tabs and line
breaks into spaces where a single line is wanted): both keep the length, so
match and mention offsets from the index stay valid on screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text

from index.models import GROUP_OF_LABEL, Fragment, Mention
from index.text.safe_text import terminal_safe

if TYPE_CHECKING:
    from textual.widget import Widget

Spans = Sequence[tuple[int, int]]
ELLIPSIS = "…"


def clean(text: str) -> str:
    """Terminal-safe, tab-free; same length as `text`."""
    return terminal_safe(text).replace("\t", " ")


def flat(text: str) -> str:
    """`clean`, on one line: line breaks become spaces (same length)."""
    return clean(text).replace("\n", " ")


def styled(text: str, spans: Iterable[tuple[int, int]], style: Style | str, base: Style | str = "") -> Text:
    """`text` (already cleaned) with `style` over each (start, end) span that fits."""
    out = Text(text, style=base, end="")
    size = len(text)
    for start, end in spans:
        if 0 <= start < end <= size:
            out.stylize(style, start, end)
    return out


def one_line(text: str, spans: Spans = (), style: Style | str = "", base: Style | str = "") -> Text:
    return styled(flat(text), spans, style, base)


def date_label(date: datetime | None) -> str:
    return date.strftime("%Y-%m-%d") if date else ""


def joined(*parts: str, sep: str = " · ") -> str:
    return sep.join(flat(p).strip() for p in parts if p and p.strip())


def clipped(fragment: Fragment, max_chars: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of the fragment around its first match, at most `max_chars` long, with matches shifted."""
    text, matches = flat(fragment.text).strip(), fragment.matches
    lead = len(flat(fragment.text)) - len(flat(fragment.text).lstrip())
    matches = tuple((s - lead, e - lead) for s, e in matches)
    if len(text) <= max_chars:
        return text, matches
    first = matches[0][0] if matches else 0
    start = max(0, min(first - max_chars // 4, len(text) - max_chars))
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    prefix = ELLIPSIS if start else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    window = tuple((s + shift, min(e, end) + shift) for s, e in matches if start <= s < end)
    return prefix + text[start:end] + suffix, window


def snippet(fragment: Fragment, max_chars: int, style: Style | str, base: Style | str = "") -> Text:
    """The fragment around its first match; starts with "…" when it starts inside the body."""
    text, matches = clipped(fragment, max_chars)
    if fragment.start_in_body > 0 and not text.startswith(ELLIPSIS):
        text, matches = ELLIPSIS + text, tuple((s + 1, e + 1) for s, e in matches)
    return styled(text, matches, style, base)


def body_text(
    body: str,
    matches: Spans,
    mentions: Sequence[Mention],
    styles: dict[str, Style],
    current: int | None = None,
) -> Text:
    """The article body: entity mentions coloured by group, matches on top, the current match on top of those.

    `styles` holds "match", "current" and one style per entity group ("person", "org", ...).
    """
    out = Text(clean(body), end="")
    size = len(body)
    for m in mentions:
        group = GROUP_OF_LABEL.get(m.label)
        if group and group in styles and 0 <= m.start < m.end <= size:
            out.stylize(styles[group], m.start, m.end)
    for start, end in matches:
        if 0 <= start < end <= size:
            out.stylize(styles["match"], start, end)
    if current is not None and 0 <= current < len(matches):
        start, end = matches[current]
        out.stylize(styles["current"], start, end)
    return out


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap `text` to `width` cells: the (start, end) offsets of each screen line.

    Breaks at spaces, hard-breaks words longer than a line, keeps blank lines;
    the space a line breaks at belongs to no line, so offsets map back exactly.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, pos, width))
        pos += len(paragraph) + 1
    return lines


def _wrap_paragraph(par: str, base: int, width: int) -> list[tuple[int, int]]:
    if not par:
        return [(base, base)]
    out: list[tuple[int, int]] = []
    start = 0
    cells = 0
    last_space = -1
    i = 0
    while i < len(par):
        ch = par[i]
        size = get_character_cell_size(ch)
        if cells + size > width and i > start:
            if ch == " ":
                out.append((base + start, base + i))
                start, cells, last_space = i + 1, 0, -1
                i += 1
                continue
            if last_space >= start:
                out.append((base + start, base + last_space))
                start = last_space + 1
            else:
                out.append((base + start, base + i))
                start = i
            cells = sum(get_character_cell_size(c) for c in par[start:i])
            last_space = -1
            continue  # look at this character again, on the new line
        if ch == " ":
            last_space = i
        cells += size
        i += 1
    out.append((base + start, base + len(par)))
    return out


def line_of(lines: Sequence[tuple[int, int]], offset: int) -> int:
    """The index of the screen line holding character `offset`."""
    starts = [start for start, _ in lines]
    return max(0, bisect_right(starts, offset) - 1)


def count_label(name: str, count: int, style: Style | str = "", count_style: Style | str = "dim") -> Text:
    """An entity (or facet value) and its count: `name (3)`, the name taken literally."""
    return Text.assemble((flat(name), style), (f" {count}", count_style), end="")


def component_style(widget: Widget, name: str, *, background: bool = False) -> Style:
    """A component class's style from app.tcss, with colours blended as Textual would.

    Without `background` only the colour and attributes are kept, so the text
    sits on whatever is behind it (a highlighted row, say).
    """
    full = widget.get_component_rich_style(name)
    if background:
        return full
    return Style(
        color=full.color,
        bold=full.bold,
        italic=full.italic,
        underline=full.underline,
        dim=full.dim,
        reverse=full.reverse,
        strike=full.strike,
    )


def plural(n: int, noun: str, nouns: str = "") -> str:
    """ "1 article", "2,095 articles", "1 match", "8 matches": counts as a person writes them."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


def update_note(before: int | None, after: int) -> str:
    """The quiet note when a new generation is picked up: how many articles it brought (or took)."""
    if before is None or after == before:
        return "index updated"
    if after > before:
        return f"index updated: {plural(after - before, 'new article')}"
    return f"index updated: {plural(before - after, 'article')} removed"
