"""The documents a build writes: the kept articles with their entities, streamed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from index.engine import Indexed
from index.entities.resolve import EntityRow
from index.entities.sections import with_section
from index.entities.table import rows_of
from index.failpoints import failpoint
from index.models import Article, Extraction
from index.quotes.stage import article_quotes
from index.store.names import display_names
from index.text.vocab import document_words

from .options import BuildOptions, ProgressFn

if TYPE_CHECKING:
    from index.entities.workers import ModelWorkers


class Documents:
    """Whoosh documents for the kept articles, streamed as their entities arrive.

    Also gathers, on the way, what the sidecar files need (display names and
    word counts), so nothing has to walk the documents a second time.
    """

    def __init__(
        self,
        winners: list[Article],
        groups: dict[str, list[str]],
        index_dir: Path,
        options: BuildOptions,
        tick: ProgressFn,
        workers: ModelWorkers | None = None,
        *,
        path: str = "rebuild",
    ) -> None:
        self.winners = winners
        self.path = path  # "rebuild" or "update": names its `mid-write` failpoint
        self.groups = groups
        self.options = options
        self.tick = tick
        self.stage = None
        if options.entities and winners:
            from index.entities.stage import EntityStage  # spaCy stays out of no-entity builds

            self.stage = EntityStage(index_dir, options.ner_model, options.procs, tick, workers)
        self.names: dict[str, str] = {}
        self.words: Counter[str] = Counter()
        self.entity_rows: dict[str, list[EntityRow]] = {}  # the entity table's rows (`build.resolution`)
        self._body_keys: list[str] | None = None
        self._runs_model: bool | None = None
        if workers is not None and not self._model_runs():
            # Started on a guess (the cache looked cold), but the archive's bodies turned out
            # cached or too few: end them now, not when the stream gets past the cache.
            if self.stage is not None:
                self.stage.close_workers()  # the same workers: the stage forgets them too
            else:
                workers.close()

    @property
    def engine(self) -> str:
        return self.stage.engine if self.stage is not None else ""

    def writer_procs(self) -> int:
        """Writer processes: all of `procs`, unless the NER model's workers will be using the cores.

        Two writers on top of two model workers only add memory (~250 MB): the
        model is the slower stage, and one writer in the main process keeps up.
        """
        return 1 if self._model_runs() else self.options.procs

    def _model_runs(self) -> bool:
        """Whether the model will run on enough bodies to occupy every core (asked once)."""
        if self._runs_model is None:
            self._runs_model = self.stage is not None and self.stage.will_run_model(self._keys())
        return self._runs_model

    def _keys(self) -> list[str]:
        """Each body's cache key, hashed once for both the writer's choice and the stream."""
        if self._body_keys is None:
            from index.entities.stage import body_key

            self._body_keys = [body_key(a.body) for a in self.winners]
        return self._body_keys

    def __len__(self) -> int:
        return len(self.winners)

    def __iter__(self) -> Iterator[Indexed]:
        if self.stage is None:
            pairs: Iterable[tuple[int, Extraction]] = ((i, Extraction()) for i in range(len(self.winners)))
        else:
            pairs = self.stage.stream([a.body for a in self.winners], self._keys())
        for n, (i, extraction) in enumerate(pairs):
            article = self.winners[i]
            extraction = with_section(article.section, article.body, extraction)
            dup_ids = tuple(self.groups.get(article.content_hash, [article.id])[1:])
            self.names.update(display_names(article.section, article.source, extraction.entities))
            self.words.update(document_words(article.title, article.body))
            self.entity_rows[article.id] = rows_of(article.id, extraction.entities)
            quotes = article_quotes(article.body, extraction.mentions) if self.stage is not None else ()
            yield Indexed(article, extraction, dup_ids, quotes)
            if n == 0:
                failpoint(f"{self.path}.mid-write")  # the engine has the first document, uncommitted
