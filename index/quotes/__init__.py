"""Quotations and their speakers: who said what in an article.

    from index.quotes import Quote, find_quotes
    extraction = load_extractor().extract(body)
    quotes = find_quotes(body, extraction.mentions)

Rules on top of the entity mentions, no parser (the build's budget for this is a
tenth of the NER's time; figures in tests/bench/RESULTS.md). Each module holds one
step and documents its rules: `marks` (quote marks and segments), `filters`
(titles and scare quotes), `attribution` (where the attribution is), `speakers`
(whom a phrase names), `people` (pronouns, descriptions, bodies), `finder` (the
steps together). Nothing here imports spaCy or Whoosh.
"""

from index.quotes.finder import find_quotes
from index.quotes.model import Quote, SpeakerLabel

__all__ = ["Quote", "SpeakerLabel", "find_quotes"]
