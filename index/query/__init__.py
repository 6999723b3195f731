"""Morgue's query language, independent of any search engine.

`parse_query` turns what a user types (plus the sidebar's exact filters) into
a syntax tree (`syntax`); `bound_expansions` caps what its wildcards and fuzzy
words stand for, over an engine's words (`TermSource`); `QueryMarks` says what
it highlights. Each engine compiles the tree into its own queries.
"""

from index.query.expand import MAX_EXPANSION, TermSource, bound_expansions
from index.query.marks import QueryMarks
from index.query.parser import MAX_DEPTH, MAX_QUERY_CHARS, ParsedQuery, QueryError, filter_node, parse_query
from index.query.terms import highlight_terms, phrases, plain_words, positive_leaves, walk

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANSION",
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "QueryError",
    "QueryMarks",
    "TermSource",
    "bound_expansions",
    "filter_node",
    "highlight_terms",
    "parse_query",
    "phrases",
    "plain_words",
    "positive_leaves",
    "walk",
]
