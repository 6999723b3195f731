"""Sketching: many texts at once as each alone, words as `\\w+` finds them, older sketches regrouped."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

from index.build import BuildOptions, update_index
from index.copies import FILE_NAME, CopyParams, load
from index.copies.batch import sketch_all
from index.copies.sketch import HASHING, shingle_hashes, sketch, word_hashes
from index.store.generations import current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .test_copies_cli import COPIES, FILES

SKETCH = sys.modules["index.copies.sketch"]
AWKWARD = [
    "",
    "   \n\t ",
    "one",
    "two words",
    "four words in all",
    "exactly five words are here",
    "İstanbul and İzmir: ﬁne straße, ΑΘΗΝΑ — “quoted” café naïve",
    "😀 emoji𝔘nicode after wide characters 𝔘𝔘 x_y 2026_12",
    "lone \ud800 surrogate survives",
    "Reuters - The Bank of England said it had provided 120 mln stg of assistance. " * 40,
]


def test_words_are_what_the_w_pattern_finds_in_the_lowercased_text() -> None:
    for text in AWKWARD:
        low = text.lower()
        hashes, starts = word_hashes(low)
        found = list(re.finditer(r"\w+", low))
        assert len(hashes) == len(found)
        assert starts.tolist() == [m.start() for m in found]


def test_a_word_hashes_alike_wherever_it_stands() -> None:
    hashes, _ = word_hashes("strike at antwerp strike")
    assert hashes[0] == hashes[3] and len(set(hashes.tolist())) == 3


def test_sketching_all_at_once_gives_what_sketching_each_alone_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small slice, so batches break, long texts go alone and one word is longer than a slice.
    monkeypatch.setattr(SKETCH, "_SLICE", 64)
    monkeypatch.setattr("index.copies.batch._SLICE", 64)
    monkeypatch.setattr("index.copies.batch._GROUP", 16)
    SKETCH._powers.cache_clear()
    try:
        texts = [*AWKWARD, "x" * 200 + " tail words here", *AWKWARD[::-1]]
        params = CopyParams()
        together = sketch_all(texts, params)
        for text, made in zip(texts, together, strict=True):
            alone = sketch(text, params)
            assert np.array_equal(made.signature, alone.signature), text[:30]
            assert (made.words, made.shingles) == (alone.words, alone.shingles), text[:30]
    finally:
        SKETCH._powers.cache_clear()


def test_equal_positions_estimate_the_jaccard_similarity_of_the_shingles() -> None:
    params = CopyParams()
    story = " ".join(f"word{i}" for i in range(400))
    edited = story.replace("word1 ", "changed ").replace("word2", "other")  # 1 in 10 words changed
    a, b, c = sketch_all([story, edited, " ".join(f"term{i}" for i in range(400))], params)
    sa, sb = (set(shingle_hashes(t, params).tolist()) for t in (story, edited))
    exact = len(sa & sb) / len(sa | sb)
    assert 0.2 < exact < 0.8
    assert abs(float((a.signature == b.signature).mean()) - exact) < 0.15
    assert float((a.signature == c.signature).mean()) < 0.05


def _as_legacy(path: Path) -> None:
    """Rewrite `copies.bin` as an older Morgue wrote it: no word-hashing number, other signatures."""
    data = path.read_bytes()[:-32]
    magic, version, head_len = struct.unpack_from("<14sHQ", data)
    start = struct.calcsize("<14sHQ")
    header = json.loads(data[start : start + head_len])
    del header["params"]["hashing"]
    head = json.dumps(header, separators=(",", ":")).encode()
    raw = np.frombuffer(data[start + head_len :], dtype="<u4") ^ np.uint32(0x5A5A5A5A)
    body = struct.pack("<14sHQ", magic, version, len(head)) + head + raw.tobytes()
    path.write_bytes(body + hashlib.blake2b(body, digest_size=32).digest())


def test_a_copy_index_sketched_the_older_way_is_read_and_regrouped_on_the_next_update(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", {**FIXTURE_ARTICLES, **FILES})
    index_dir = tmp_path / "index"
    options = BuildOptions(entities=False, procs=1)
    update_index(archive, index_dir, rebuild=True, options=options)
    gen = current_generation(index_dir)
    assert gen is not None
    _as_legacy(gen / FILE_NAME)
    legacy = load(gen)  # still readable: its groups answer searches until the next update
    assert legacy.params.hashing == 1
    assert [set(g.members) for g in legacy.groups()] == [COPIES]
    with pytest.raises(ValueError, match="word hashing"):
        legacy.add("new", "a text that would be sketched the new way " * 3)

    (archive / "late.txt").write_text("A late arrival\n\nNothing to do with any other story here at all.\n")
    update_index(archive, index_dir, options=options)
    gen = current_generation(index_dir)
    assert gen is not None
    fresh = load(gen)
    assert fresh.params.hashing == HASHING
    assert [set(g.members) for g in fresh.groups()] == [COPIES]
