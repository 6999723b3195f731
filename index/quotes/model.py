"""The value `find_quotes` returns: one quoted segment and who said it.

`Quote` lives in `index.models` with the other values of the API (the build stores
quotations, `StoredArticle.quotes` gives them back); it is named here too, where the
rules that make it are.
"""

from index.models import Quote, SpeakerLabel

__all__ = ["Quote", "SpeakerLabel"]
