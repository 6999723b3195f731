"""One name per entity group, and every other spelling a user may type for it.

The groups are person, org, place and other: the JSON's `"group"`, the query
fields (`person:"Tony Blair"`) and `--filter`/`--label` all use them. A user
has seen the same group as "People" (the explorer), PERSON (spaCy's label, in
`morgue extract`) or GPE (spaCy's place label), so each spelling is accepted on
the command line, in any case: `--label people`, `--filter PERSON:"Tony
Blair"`, `morgue search 'people:"Tony Blair"'`. The query parser is left as it
is: a query's aliases are rewritten to the group names before it is parsed,
outside quoted phrases only.
"""

from __future__ import annotations

import re

from index.models import GROUPS

GROUP_ALIASES: dict[str, str] = {
    **{name: "person" for name in ("person", "persons", "people", "per")},
    **{
        name: "org"
        for name in ("org", "orgs", "organisation", "organisations", "organization", "organizations")
    },
    **{name: "place" for name in ("place", "places", "location", "locations", "loc", "gpe", "fac")},
    **{name: "other" for name in ("other", "others", "misc", "norp")},
}
KEYWORD_FIELDS = ("section", "source")

# The query parser's own pattern for a field name (`index.query.parser._FIELD_RE`).
_FIELD = re.compile(r'(?<![\w"\\])([A-Za-z_]+):(?=\S)')
_QUOTED = re.compile(r'("[^"]*"?)')


def group_of(name: str) -> str | None:
    """The group a spelling names (`PERSON`, `people`, `GPE`...), or None."""
    return GROUP_ALIASES.get(name.strip().lower())


def spellings() -> str:
    """For help texts and messages: the group names, and a hint of the other spellings."""
    return f"{', '.join(GROUPS[:-1])} or {GROUPS[-1]} (PERSON, people, organisation, GPE... too)"


def canonical_fields(query: str) -> str:
    """`query` with each alias of a group field (`people:`, `GPE:`) written as the group's name.

    Quoted phrases are left alone, and so is every other field: what the
    parser makes of the query is otherwise unchanged.
    """
    quoted = [m.span() for m in _QUOTED.finditer(query)]

    def rewrite(match: re.Match[str]) -> str:
        name = match.group(1)
        group = group_of(name)
        inside = any(start < match.start() < end for start, end in quoted)
        return f"{group}:" if group and name.lower() != group and not inside else match.group(0)

    return _FIELD.sub(rewrite, query)
