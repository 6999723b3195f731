"""One hit laid out for the results list: title, date · section, snippet, as lines of a given width.

Kept apart from the widget so that the layout is a pure function of the hit,
the width and the styles: the widget only caches and paints what it returns.
Every string goes through `tui.text`, so nothing from an article is read as
markup or reaches the terminal as a control sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from index.models import Hit

from .. import text as tx

TITLE_LINES = 2
SNIPPET_LINES = 2


@dataclass(frozen=True)
class EntryStyles:
    """The component styles an entry is drawn with (from app.tcss, resolved by the widget)."""

    title: Style
    meta: Style
    match: Style


def entry_text(hit: Hit, width: int, styles: EntryStyles) -> list[Text]:
    """The entry's lines, each at most `width` cells: title (up to 2 lines), metadata, snippet (up to 2)."""
    width = max(8, width)
    title = tx.one_line(
        hit.title or "(untitled)", hit.title_matches if hit.title else (), styles.match, styles.title
    )
    meta = tx.joined(tx.date_label(hit.date), hit.section, hit.source) or tx.flat(hit.path)
    if hit.copies:
        meta = tx.joined(meta, "+" + tx.plural(hit.copies, "copy", "copies"))
    lines = fit(title, width, TITLE_LINES)
    lines += fit(Text(meta, style=styles.meta, end=""), width, 1)
    if hit.fragments:
        snippet = tx.snippet(hit.fragments[0], SNIPPET_LINES * width - 4, styles.match)
        lines += fit(snippet, width, SNIPPET_LINES)
    return lines


def fit(text: Text, width: int, max_lines: int) -> list[Text]:
    """`text` word-wrapped to `width` cells, at most `max_lines` lines; "…" ends a cut last line."""
    spans = tx.wrap(text.plain, width)
    lines = [text[start:end] for start, end in spans[:max_lines]]
    if len(spans) > max_lines:
        last = lines[-1]
        last.truncate(width - 1)
        last.rstrip()
        last.append(tx.ELLIPSIS)
    return lines
