"""The sidebar's line on how often the highlighted person (or organisation) is quoted.

Shown under "appears with" while the entity list has the focus: "Tony Blair:
quoted 12 (5 articles) in these results", counted in the current results (the archive
when there are none) from the stored quotations (`index.quotes.listing`).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .. import text as tx


class QuotedCount(Static):
    """Empty (and hidden, see app.tcss) until a count arrives."""

    def show_count(self, name: str, quotes: int, articles: int, where: str) -> None:
        line = Text.assemble((tx.flat(name), "bold"), ": ", end="")
        if quotes:
            line.append(f"quoted {quotes:,} ({tx.plural(articles, 'article')}) {where}")
        else:
            line.append(f"not quoted {where}", style="dim")
        self.update(line)
        self.remove_class("-empty")

    def clear(self) -> None:
        self.update("")
        self.add_class("-empty")
