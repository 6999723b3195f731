"""Plain, frozen values that cross `index/`'s public API.

Nothing from Whoosh (or spaCy) ever leaves the package: callers — the CLI, the
TUI, tests, and later a server engine behind the same query language — see only
these dataclasses, so the engine underneath stays replaceable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# Entity labels kept by Morgue. PLACE folds spaCy's GPE, LOC and FAC; the
# "other" group keeps NORP, EVENT, LAW and WORK_OF_ART; DATE is kept apart for
# the timeline. Numeric labels (CARDINAL, MONEY, ...) are dropped at extraction.
SORTS = ("relevance", "newest", "oldest")
# The start of the note a search carries when it asks for dates (a date sort, a `date:` term) of an
# archive in which no article has one (`SearchResult.warnings`).
UNDATED = "No article in this archive has a date"

PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
OTHER_LABELS = ("NORP", "EVENT", "LAW", "WORK_OF_ART")
DATE = "DATE"
LABELS = (PERSON, ORG, PLACE, *OTHER_LABELS, DATE)

# Sidebar groups: label -> group key. The group key is also the name of the
# index field that holds the entity for exact filtering (`person:"Sar Kheng"`).
GROUP_OF_LABEL = {
    PERSON: "person",
    ORG: "org",
    PLACE: "place",
    **{label: "other" for label in OTHER_LABELS},
}
GROUPS = ("person", "org", "place", "other")
# Dates (DATE entities, `Entity.group` "date") are a group of their own wherever an article's
# entities are listed, never "Other"; they are not a filter field.
GROUP_TITLES = {
    "person": "People",
    "org": "Organisations",
    "place": "Places",
    "other": "Other",
    "date": "Dates",
}


@dataclass(frozen=True)
class Article:
    """One article as ingested, before indexing.

    `id` is stable across runs: the archive-relative posix path, plus `#N` for
    the N-th record of a multi-record file (JSON list, JSON lines).
    `date` is only set when the source states one; never from file times.
    """

    id: str
    title: str
    body: str
    path: str
    content_hash: str
    date: datetime | None = None
    source: str = ""
    section: str = ""
    url: str = ""
    author: str = ""
    duplicates: tuple[str, ...] = ()
    # Where `date` was stated: `index.ingest.path_dates.DATE_SOURCES` ("front-matter", "json",
    # "html", "path"); "" when undated.
    date_source: str = ""


@dataclass(frozen=True)
class Skip:
    """A file (or record) that was not indexed, and why, for the run's report."""

    path: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """One entity mention; `start`/`end` are character offsets into the text given."""

    start: int
    end: int
    text: str
    label: str
    canonical: str


SpeakerLabel = Literal["PERSON", "ORG"]


@dataclass(frozen=True)
class Quote:
    """One contiguous quoted segment of an article (`index.quotes.find_quotes`).

    `start`/`end` are offsets into the body of the quoted words, the quote marks
    excluded (`text == body[start:end]`). A quotation split by its attribution
    ("We will," she said, "win.") or continued over paragraphs gives one Quote per
    segment; the later ones have `part_of` = the index, in the article's tuple, of
    the first segment. `speaker` is the canonical name of the entity (as the entity
    extractor names it), `None` when nobody is named: `unnamed` then says whether
    the article gives an unnamed source ("officials said", "a spokesman said").
    `cue` is the attribution's verb as normalised ("said", "told", "added",
    "asked", "wrote", "according to", "colon", ...), or "none" when the speaker is
    only inferred from the surrounding text.
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_label: SpeakerLabel | None = None
    unnamed: bool = False
    cue: str = "none"
    part_of: int | None = None


@dataclass(frozen=True)
class Entity:
    """An entity of one article (or of the archive), with its mention count."""

    name: str
    label: str
    count: int

    @property
    def group(self) -> str:
        """The sidebar group; DATE entities are kept apart (for the timeline), in group "date"."""
        return "date" if self.label == DATE else GROUP_OF_LABEL.get(self.label, "other")


@dataclass(frozen=True)
class Extraction:
    """What entity extraction found in one text."""

    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class IndexReport:
    """The outcome of one `morgue index` run."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skip, ...] = ()
    docs: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    ner_engine: str = ""


@dataclass(frozen=True)
class Progress:
    """A progress tick for a long index run (for progress bars, in the CLI and TUI)."""

    stage: str  # "scan", "read", "entities", "write", "commit"
    done: int
    total: int | None = None
    path: str = ""


@dataclass(frozen=True)
class Count:
    """A facet bucket: a value and the number of matching documents."""

    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Facet counts over the whole result set, not just the page shown."""

    entities: dict[str, tuple[Count, ...]] = field(default_factory=dict)  # group -> top values
    sections: tuple[Count, ...] = ()
    sources: tuple[Count, ...] = ()
    years: tuple[Count, ...] = ()
    months: tuple[Count, ...] = ()  # "YYYY-MM"


@dataclass(frozen=True)
class Fragment:
    """A snippet fragment: `text` plus the (start, end) offsets of matches inside it.

    No markup ever: the caller styles the offsets. `start_in_body` lets a reader
    jump from the snippet to the same place in the article.
    """

    text: str
    matches: tuple[tuple[int, int], ...]
    start_in_body: int = 0


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: datetime | None
    source: str
    section: str
    score: float
    fragments: tuple[Fragment, ...] = ()
    title_matches: tuple[tuple[int, int], ...] = ()
    path: str = ""
    url: str = ""
    copies: int = 0  # other articles of its copy group (set by `index.grouping`: "+N copies")
    group: int | None = None  # its copy group's number, when the index has groups


@dataclass(frozen=True)
class Filter:
    """An exact filter on a keyword field, e.g. Filter("person", "Kent Wiedemann")."""

    field: str
    value: str

    def as_query(self) -> str:
        escaped = self.value.replace('"', "")
        return f'{self.field}:"{escaped}"'


@dataclass(frozen=True)
class SearchResult:
    query: str
    parsed: str
    hits: tuple[Hit, ...]
    total: int
    facets: Facets
    suggestion: str | None
    elapsed_ms: float
    offset: int = 0
    sort: str = "relevance"
    filters: tuple[Filter, ...] = ()
    error: str | None = None  # the query could not be run; the message says why
    warnings: tuple[str, ...] = ()  # the query ran, best-effort; these say what was changed

    @classmethod
    def failed(
        cls,
        query: str,
        message: str,
        *,
        filters: tuple[Filter, ...] = (),
        sort: str = "relevance",
        offset: int = 0,
        elapsed_ms: float = 0.0,
    ) -> SearchResult:
        """A query that could not be run: no hits, and the message that says why."""
        return cls(query, "", (), 0, Facets(), None, elapsed_ms, offset, sort, filters, error=message)


@dataclass(frozen=True)
class Highlights:
    """Every match of a query in one article, for the reader's next/previous match."""

    title: tuple[tuple[int, int], ...]
    body: tuple[tuple[int, int], ...]
    # The body's matches stop at the first `MAX_MARKS` (`index.search`): a huge article can hold
    # more than a reader steps through, and finding them all would cost what the body does.
    truncated: bool = False


@dataclass(frozen=True)
class StoredArticle:
    """A whole indexed article, for the reader and `morgue show`."""

    id: str
    title: str
    body: str
    date: datetime | None
    source: str
    section: str
    url: str
    author: str
    path: str
    content_hash: str
    duplicates: tuple[str, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    # Characters of the body, from its start, that entity extraction read: None for all of it
    # (a huge body is read up to a bounded prefix, `index.entities.extent`).
    entities_read: int | None = None
    # The quotations found in the body at index time (`index.quotes`), in order.
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ArticleSummary:
    """A line of `morgue list`."""

    id: str
    path: str
    title: str
    date: datetime | None
    section: str


@dataclass(frozen=True)
class Stats:
    docs: int
    first_date: datetime | None
    last_date: datetime | None
    sections: tuple[Count, ...]
    sources: tuple[Count, ...]
    size_bytes: int
    last_update: datetime | None
    schema_version: int
    index_path: str
    archive_path: str
    ner_engine: str
    top_entities: dict[str, tuple[Count, ...]] = field(default_factory=dict)
    # The engine serving the index, and its state ("whoosh 2.7.5", "… (unpatched: …)").
    search_engine: str = ""
    # Dated articles by where their date was stated ("path", "json", ...); the rest are undated.
    dated_by: dict[str, int] = field(default_factory=dict)
    notebook_path: str = ""  # the user's notebook on this archive (`index.notebook`)
    # The archive's entity corrections (`index.entities.curation`): where the file is, and why it
    # is being ignored when it cannot be read ("" when it is fine or absent).
    curation_path: str = ""
    curation_error: str = ""
