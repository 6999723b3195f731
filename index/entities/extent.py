"""How much of a text entity extraction reads: all of it, or a bounded prefix of a huge one.

Extraction's cost grows with the text: the model's linearly but with a large
constant, and the clean-up rules that look for every name found all over the
article (`labels.propagate_names`) with the names found times the text's
length, so a 15 MiB article took minutes and gigabytes (figures:
tests/bench/RESULTS.md). A text longer than `NER_MAX_CHARS` is read up to a
break (paragraph, else line, sentence, space) before that limit; every
mention is then in that prefix, and the reader and `morgue show` say so
(`read_note`). Which prefix depends on the text alone, so the entity cache
keys an extraction by the prefix it read (`stage.body_key`).
"""

from __future__ import annotations

import re
from itertools import islice

NER_MAX_CHARS = 500_000
# ...and at most this many tokens: the model's time and memory follow tokens, and a text of
# punctuation between letters ("a/a/a/…") has one a character where prose has one in five.
NER_MAX_TOKENS = 100_000
_TOKEN = re.compile(r"\w+|[^\w\s]")  # about what the model's tokenizer makes a token of
_BREAKS = (r"\n[ \t]*\n", r"\n", r"(?<=[.!?])\s", r"\s")


def cut_at_break(window: str, limit: int) -> int:
    """Where to cut `window` (at most `limit` characters): after its last paragraph
    break, else line break, else sentence end, else space, past half the limit; else at
    the limit."""
    for pattern in _BREAKS:
        found = [m.end() for m in re.finditer(pattern, window)]
        if found and found[-1] > limit // 2:
            return found[-1]
    return limit


def estimated_tokens(text: str) -> int:
    """About how many tokens the model's tokenizer makes of `text` (words and punctuation marks)."""
    return sum(1 for _ in _TOKEN.finditer(text))


def read_length(text: str, limit: int | None = None, max_tokens: int | None = None) -> int:
    """How many characters of `text`, from the start, extraction reads."""
    end = min(len(text), NER_MAX_CHARS if limit is None else limit)
    max_tokens = NER_MAX_TOKENS if max_tokens is None else max_tokens
    if end > max_tokens:  # a shorter text cannot hold more tokens than characters
        last = next(islice(_TOKEN.finditer(text, 0, end), max_tokens - 1, None), None)
        if last is not None:
            end = min(end, last.end())
    if end >= len(text):
        return len(text)
    return cut_at_break(text[:end], end)


def ner_text(text: str) -> str:
    """The part of `text` extraction reads: the whole text, or its bounded prefix."""
    n = read_length(text)
    return text if n == len(text) else text[:n]


def read_note(total: int, read: int | None) -> str:
    """What the reader shows when only a prefix was read; "" when the whole text was."""
    if read is None or read >= total:
        return ""
    return f"Entities were looked for in the first {read:,} of {total:,} characters only."
