"""The tokenizer's table of first characters: a guard for whoever edits a pattern.

`query.tokens` tries a pattern only where the text starts with one of the
characters listed for it, and compiles it only then. A pattern that could
match from a character left out of its list would silently stop matching
there, so this checks the list against the pattern itself, on any text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.query.tokens import _TOKENS, QMARKS, tokenize

SYNTAX = " \t\n\u00a0()[]{}\"'*:~^+-<>=/.,0123456789AaNnDdOoRrTtEeQqUuIiMmYyBb_" + QMARKS
WORDS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", " TO ", "title:", "*:*"]
query_text = st.lists(st.sampled_from(WORDS) | st.sampled_from(SYNTAX) | st.characters(), max_size=20).map(
    "".join
)


@settings(max_examples=500, deadline=None, database=None)
@given(text=query_text)
def test_no_pattern_can_match_from_a_character_left_out_of_its_list(text: str) -> None:
    for pos in range(len(text)):
        for kind, starts, pattern in _TOKENS:
            if starts and re.compile(pattern).match(text, pos):
                assert text[pos] in starts, (kind, text, pos)


def test_the_tokenizer_still_finds_every_kind_of_token() -> None:
    kinds = {
        type(t).__name__ + ":" + getattr(t, "kind", "")
        for t in tokenize("""
        a ANDNOT b ANDMAYBE c *:* 'q' title:x wom?n "p q"~2 (g) NOT h AND i OR j REQUIRE k
        l^2 m~1/2 date:>2005 +n -o [a TO b]""")
    }
    assert kinds == {
        "Text:word", "Text:wild", "Text:phrase", "Range:",
        "Mark:op", "Mark:every", "Mark:field", "Mark:open", "Mark:close", "Mark:boost",
        "Mark:fuzz", "Mark:gtlt", "Mark:plus", "Mark:minus", "Mark:ws",
    }  # fmt: skip
