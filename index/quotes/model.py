"""The value `find_quotes` returns: one quoted segment and who said it.

A frozen dataclass, like the rest of `index.models`, so a quotation can be cached,
compared and handed across processes; it lives here (not in `index.models`) until
the build stores quotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpeakerLabel = Literal["PERSON", "ORG"]


@dataclass(frozen=True)
class Quote:
    """One contiguous quoted segment of an article.

    `start`/`end` are offsets into the text given to `find_quotes` of the quoted
    words, the quote marks excluded (`text == body[start:end]`). A quotation split
    by its attribution ("We will," she said, "win.") or continued over paragraphs
    gives one Quote per segment; the later ones have `part_of` = the index, in the
    returned tuple, of the first segment. `speaker` is the canonical name of the
    entity (as the entity extractor names it), `None` when nobody is named:
    `unnamed` then says whether the article gives an unnamed source ("officials
    said", "a spokesman said"). `cue` is the attribution's verb as normalised
    ("said", "told", "added", "asked", "wrote", "according to", "colon", ...), or
    "none" when the speaker is only inferred from the surrounding text.
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_label: SpeakerLabel | None = None
    unnamed: bool = False
    cue: str = "none"
    part_of: int | None = None
