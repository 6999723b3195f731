"""The reader: an article's title and metadata over its body, with every match highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from index.models import GROUP_OF_LABEL, GROUP_TITLES, GROUPS, StoredArticle

from .. import text as tx
from ..session import Reading
from .quoted_body import QuotedBody


class ReaderHeader(Static):
    """Title (matches highlighted), date · section · source · author, path, and the match counter."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "header--title",
        "header--match",
        "header--meta",
        "header--legend",
    }


class Reader(Vertical):
    """Shows one `Reading`; `next_match`/`previous_match` step through the query's matches."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reading: Reading | None = None

    def compose(self) -> ComposeResult:
        yield ReaderHeader(id="reader-header")
        yield QuotedBody(id="reader-body")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.render_header())

    @property
    def body(self) -> QuotedBody:
        return self.query_one(QuotedBody)

    @property
    def article_id(self) -> str | None:
        return self.reading.article.id if self.reading else None

    @property
    def match_count(self) -> int:
        return len(self.reading.highlights.body) if self.reading else 0

    def show(self, reading: Reading) -> None:
        """Show `reading`; the same article again (new query or filters) keeps its place and current match."""
        same = self.reading is not None and self.reading.article.id == reading.article.id
        current, scroll = (self.body.current, self.body.scroll_y) if same else (None, 0.0)
        self.reading = reading
        article = reading.article
        self.body.show(article.body, reading.highlights.body, article.mentions, article.quotes)
        if current is not None and current < self.match_count:
            self.body.show_match(current)
        elif scroll:
            self.body.scroll_to(y=scroll, animate=False)
        self.render_header()

    def clear(self) -> None:
        self.reading = None
        self.body.show("", (), ())
        self.query_one(ReaderHeader).update("")

    def next_match(self) -> None:
        self._step(+1)

    def previous_match(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        total = self.match_count
        if not total:
            return
        current = self.body.current
        index = (0 if delta > 0 else total - 1) if current is None else (current + delta) % total
        self.body.show_match(index)
        self.render_header()

    def render_header(self) -> None:
        if self.reading is None:
            return
        header = self.query_one(ReaderHeader)
        article = self.reading.article

        def style(name: str) -> Style:
            return tx.component_style(header, f"header--{name}", background=name == "match")

        title = tx.one_line(
            article.title or "(untitled)", self.reading.highlights.title, style("match"), style("title")
        )
        meta = tx.joined(tx.date_label(article.date), article.section, article.source, article.author)
        lines = [title, Text(meta or tx.flat(article.path), style=style("meta"), end="")]
        if meta and article.path:
            lines.append(Text(tx.flat(article.path), style=style("meta"), end=""))
        if article.duplicates:
            lines.append(
                Text(f"Also at: {tx.flat(', '.join(article.duplicates))}", style=style("meta"), end="")
            )
        lines.append(self._status_line(article, style("legend")))
        header.update(Text("\n", end="").join(lines))

    def _status_line(self, article: StoredArticle, legend_style: Style) -> Text:
        total = self.match_count
        current = self.body.current
        if total:
            where = (
                f"match {current + 1} of {total}"
                if current is not None
                else tx.plural(total, "match", "matches")
            )
            status = Text(f"{where} · n/N to step", style=legend_style, end="")
        else:
            status = Text("no matches of the query in the body", style=legend_style, end="")
        groups = {GROUP_OF_LABEL.get(m.label) for m in article.mentions}
        for group in GROUPS:
            if group in groups:
                status.append("  ")
                status.append(
                    GROUP_TITLES[group],
                    style=tx.component_style(self.body, f"body--{group}"),
                )
        return status
