"""A first build starts its model workers before it reads the archive, and they load the model.

The thresholds are lowered so that the fixture archive (a handful of articles)
takes the path a real archive of hundreds takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.engine.whoosh import writer as whoosh_writer
from index.entities import model as ner_model
from index.entities import stage as entities_stage
from index.entities import workers as ner_workers
from index.entities.stage import EntityStage, body_key, early_workers
from index.search import SearchIndex

from .archive_fixtures import FIXTURE_ARTICLES, write_archive

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def spacy_model(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv(ner_model.ENV_MODEL, raising=False)
    model = ner_model.chosen_model()
    if model is None:
        pytest.skip("no spaCy model installed")
    return model


def _entities(index_dir: Path) -> dict[str, list[tuple[str, str, int]]]:
    with SearchIndex(index_dir) as ix:
        return {
            a.id: sorted((e.name, e.label, e.count) for e in ix.article(a.id).entities)
            for a in ix.iter_articles()
        }


_FIRST_BUILD = """
import json, sys
from pathlib import Path
from index.entities import stage as entities_stage
from index.build import BuildOptions, update_index

entities_stage.PARALLEL_NER_THRESHOLD = 3
started = []
real = entities_stage.ModelWorkers
class Counted(real):
    def __init__(self, *args, **kwargs):
        started.append("numpy" in sys.modules)
        super().__init__(*args, **kwargs)
entities_stage.ModelWorkers = Counted
report = update_index(Path(sys.argv[1]), Path(sys.argv[2]), options=BuildOptions(procs=2))
print(json.dumps({"workers": len(started), "numpy_before": any(started), "spacy": "spacy" in sys.modules,
                  "engine": report.ner_engine}))
"""


def test_a_first_build_loads_the_model_in_its_workers_before_numpy_and_finds_what_one_process_finds(
    spacy_model: str, tmp_path: Path
) -> None:
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    run = subprocess.run(
        [sys.executable, "-c", _FIRST_BUILD, str(archive), str(tmp_path / "two")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["workers"] == 1
    assert not outcome["spacy"]  # the main process never imported spaCy
    # nor numpy before the fork: the workers' model would then stay on BLIS, ~10 % slower
    assert not outcome["numpy_before"]
    assert outcome["engine"].startswith("spacy:")
    update_index(archive, tmp_path / "one", options=BuildOptions(procs=1))
    two, one = _entities(tmp_path / "two"), _entities(tmp_path / "one")
    assert two == one
    assert ("Tony Blair", "PERSON", 2) in two["politics/blair.md"]


def test_no_model_workers_start_before_a_rebuild_of_cached_articles(
    spacy_model: str, built_fixture: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _archive, index_dir = built_fixture
    monkeypatch.setattr(entities_stage, "PARALLEL_NER_THRESHOLD", 3)
    files = len(FIXTURE_ARTICLES)
    assert early_workers(index_dir, None, 2, files) is None  # every body is cached
    assert early_workers(index_dir, None, 2, files + 3) is None  # 3 new files at most, 3 uncached bodies
    assert early_workers(index_dir, None, 1, files + 50) is None  # one process: the main one does it
    assert early_workers(index_dir, "rules", 2, files + 50) is None  # no model to load


def test_model_workers_that_turn_out_unneeded_are_ended_unused(
    spacy_model: str, built_fixture: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _archive, index_dir = built_fixture
    monkeypatch.setattr(entities_stage, "PARALLEL_NER_THRESHOLD", 3)
    with SearchIndex(index_dir) as ix:
        bodies = [ix.article(a.id).body for a in ix.iter_articles()]
    monkeypatch.setattr(ner_workers.ModelWorkers, "spans", lambda *_a, **_k: pytest.fail("the model ran"))
    workers = ner_workers.ModelWorkers(spacy_model, 2)
    stage = EntityStage(index_dir, None, 2, lambda _p: None, workers)
    try:
        got = list(stage.stream(bodies, [body_key(b) for b in bodies]))
    finally:
        workers.close()
    assert len(got) == len(bodies)  # all from the cache
    assert stage.workers is None  # ended as soon as the cache answered for every body


def test_model_workers_started_on_a_wrong_guess_end_before_the_writing_starts(
    spacy_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    update_index(archive, tmp_path / "ix", options=BuildOptions(procs=1))  # every body is cached now
    # A guess that the model will run (a cold cache), wrong for this archive:
    monkeypatch.setattr(entities_stage, "early_workers", lambda *_a: ner_workers.ModelWorkers(spacy_model, 2))
    closed_at: list[str] = []
    real_close = ner_workers.ModelWorkers.close

    def close(self: ner_workers.ModelWorkers) -> None:
        if self._pool is not None:
            closed_at.append("before writing" if not written else "after")
        real_close(self)

    written: list[int] = []
    real_commit = whoosh_writer.commit_documents

    def commit(*args: object, **kwargs: object) -> None:
        written.append(1)
        real_commit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ner_workers.ModelWorkers, "close", close)
    monkeypatch.setattr(whoosh_writer, "commit_documents", commit)
    report = update_index(archive, tmp_path / "ix", rebuild=True, options=BuildOptions(procs=2))
    assert closed_at == ["before writing"]
    assert report.ner_engine.startswith("spacy:")  # the entities came from the cache


def test_a_model_the_workers_cannot_load_falls_back_to_the_rules_and_says_why(
    spacy_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(model: str) -> None:
        raise RuntimeError("the weights are truncated")

    monkeypatch.setattr(entities_stage, "PARALLEL_NER_THRESHOLD", 3)
    monkeypatch.setattr(ner_model, "load_ner_model", broken)  # the forked workers inherit it
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    report = update_index(archive, tmp_path / "ix", options=BuildOptions(procs=2))
    assert report.ner_engine.startswith(f"rules (model {spacy_model!r} failed to load: RuntimeError")
    assert "the weights are truncated" in report.ner_engine
    found = _entities(tmp_path / "ix")
    assert len(found) == report.docs
    assert ("Tony Blair", "PERSON", 2) in found["politics/blair.md"]  # the rules found him


def test_a_worker_without_its_model_reports_why_at_its_first_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_workers, "_nlp", None)
    monkeypatch.setattr(ner_workers, "_load_error", "OSError: no such model")
    with pytest.raises(ner_workers.WorkerModelError, match="no such model"):
        ner_workers._run(["A text."], 4)


def test_no_processes_to_be_had_leaves_the_model_to_load_later(
    spacy_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork(*_args: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(entities_stage, "PARALLEL_NER_THRESHOLD", 3)
    started = early_workers(tmp_path, None, 2, 10)  # a cold cache: they would start
    assert started is not None
    started.close()
    monkeypatch.setattr(entities_stage, "ModelWorkers", no_fork)
    assert early_workers(tmp_path, None, 2, 10) is None
