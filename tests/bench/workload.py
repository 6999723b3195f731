"""The query workload: Morgue queries on BBC names, and their bare-Whoosh and FTS5 equivalents.

Each query says what it exercises (`kind`), how it is typed in Morgue (a query
string, plus exact filters where the TUI would add them from the sidebar, plus
a sort), and how the same search is written for the reference engines, or
None where they have no equivalent:

- bare Whoosh has only title and body (no section, entities or dates); its
  default parser has no `-word`, so that is written `NOT word`; fuzzy terms use
  Whoosh's stock `FuzzyTermPlugin`.
- FTS5 (porter tokenizer) has title and body, plus an unindexed `section`
  column matched with SQL (`AND section = ?`); `"a b"~2` becomes `NEAR(a b, 2)`
  (unordered, a near equivalent); it has no fuzzy matching, no entities, and the
  BBC corpus has no dates, so those are skipped.

The BBC corpus states no dates: the date queries and date sorts run anyway
(parsing, a range over an empty date column, a sort on missing values), and
find nothing or keep relevance order. They are in the workload so that their
cost is measured, not to measure date ranges on real dates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    filters: tuple[tuple[str, str], ...] = ()  # (field, value): index.models.Filter
    sort: str = "relevance"
    whoosh: str | None = None  # bare Whoosh query string, None: no equivalent
    fts5: str | None = None  # FTS5 MATCH expression, None: no equivalent
    fts5_section: str | None = None  # FTS5: AND section = ?
    quick: bool = False  # in the --quick new-process subset

    @property
    def label(self) -> str:
        parts = [self.text or "(filters only)"]
        parts += [f"[{f}:{v}]" for f, v in self.filters]
        if self.sort != "relevance":
            parts.append(f"(sort {self.sort})")
        return " ".join(parts)


def _same(kind: str, text: str, quick: bool = False) -> Query:
    """A query written the same way in all three engines."""
    return Query(kind, text, whoosh=text, fts5=text, quick=quick)


QUERIES: tuple[Query, ...] = (
    # single terms: rare to very common ("said" is in most articles: the worst case for totals and facets)
    _same("term", "economy", quick=True),
    _same("term", "broadband"),
    _same("term", "chelsea"),
    _same("term", "said", quick=True),
    # AND (explicit and implicit)
    _same("and", "oil AND price", quick=True),
    _same("and", "blair brown election"),
    _same("and", "mobile AND phone AND music"),
    # OR, grouping
    _same("or", "oil OR gas", quick=True),
    _same("or", "iraq OR afghanistan"),
    Query("or", "(film OR movie) award", whoosh="(film OR movie) award", fts5="(film OR movie) AND award"),
    # NOT
    Query("not", "blair -brown", whoosh="blair NOT brown", fts5="blair NOT brown", quick=True),
    _same("not", "football NOT chelsea"),
    # phrases, proximity
    _same("phrase", '"prime minister"', quick=True),
    _same("phrase", '"interest rates"'),
    Query("phrase", '"oil rose"~2', whoosh='"oil rose"~2', fts5="NEAR(oil rose, 2)"),
    # prefixes
    _same("prefix", "econom*", quick=True),
    _same("prefix", "mobile phone*"),
    _same("prefix", "terror*"),
    # fuzzy (no FTS5 equivalent)
    Query("fuzzy", "goverment~", whoosh="goverment~", quick=True),
    Query("fuzzy", "parliment~2", whoosh="parliment~2"),
    # fields
    _same("field", "title:budget", quick=True),
    _same("field", "body:cannes"),
    Query("field", "section:politics"),
    Query("field", "title:chelsea AND section:sport", fts5="title:chelsea", fts5_section="sport"),
    Query("field", "section:business AND profits", fts5="profits", fts5_section="business", quick=True),
    # entities: typed, and as sidebar filters (no reference has entities)
    Query("entity", 'person:"Tony Blair"', quick=True),
    Query("entity", "org:Microsoft"),
    Query("entity", "place:London AND election"),
    Query("entity", 'person:"Gordon Brown" budget'),
    Query("entity", "other:European election"),
    Query("entity-filter", "tax", filters=(("person", "Tony Blair"),), quick=True),
    Query("entity-filter", "", filters=(("org", "BBC"), ("place", "London"))),
    # dates (none in BBC: see the module's docstring)
    Query("date", "date:2005", quick=True),
    Query("date", "election date:[2004-12 to 2005-02]"),
    Query("date", "date:>2005-01-01"),
    # sorts (by date: BBC has none, every hit ties)
    Query("sorted", "election", sort="newest", quick=True),
    Query("sorted", "football", sort="oldest"),
    Query("sorted", 'person:"Michael Howard"', sort="newest"),
)


def kinds() -> list[str]:
    return sorted({q.kind for q in QUERIES})
