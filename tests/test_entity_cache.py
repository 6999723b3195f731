"""The entity cache: round trips, engine separation, corruption, concurrency."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from index.entities.cache import EntityCache, dumps, engine_key, loads
from index.models import Entity, Extraction, Mention

ENGINE = "spacy:test-1.0"


def _extraction(n: int = 0) -> Extraction:
    text = f"Kent Wiedemann met Sar Kheng in Cambodia ({n}) — “ünïcode”"
    mentions = (
        Mention(0, 14, "Kent Wiedemann", "PERSON", "Kent Wiedemann"),
        Mention(19, 28, "Sar Kheng", "PERSON", "Sar Kheng"),
        Mention(32, 40, "Cambodia", "PLACE", "Cambodia"),
        Mention(45, 53, "Wiedemann’s", "PERSON", "Kent Wiedemann"),
        Mention(60, 68, text[-8:], "ORG", f"Org {n}"),
    )
    entities = (
        Entity("Kent Wiedemann", "PERSON", 2),
        Entity("Cambodia", "PLACE", 1),
        Entity(f"Org {n}", "ORG", 1),
        Entity("Sar Kheng", "PERSON", 1),
    )
    return Extraction(mentions=mentions, entities=entities)


def _hash(n: int) -> str:
    return hashlib.sha1(f"body {n}".encode()).hexdigest()


def test_serialisation_round_trips_and_is_compact() -> None:
    ex = _extraction(3)
    data = dumps(ex)
    assert loads(data) == ex
    assert len(data) < len(repr(ex)) / 2
    assert loads(dumps(Extraction())) == Extraction()


def test_lone_surrogates_are_storable(tmp_path: Path) -> None:
    ex = Extraction(
        mentions=(Mention(0, 5, "Ab\ud800cd", "ORG", "Ab\udcffcd"),),
        entities=(Entity("Ab\udcffcd", "ORG", 1),),
    )
    with EntityCache(tmp_path / "c.sqlite", ENGINE) as cache:
        cache.put_many({_hash(1): ex})
        assert cache.get_many([_hash(1)]) == {_hash(1): ex}


def test_put_and_get_many(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.sqlite"
    with EntityCache(path, ENGINE) as cache:
        assert cache.get_many([_hash(1)]) == {}
        cache.put_many({_hash(i): _extraction(i) for i in range(3)})
        got = cache.get_many([_hash(0), _hash(2), _hash(9), _hash(0)])
        assert got == {_hash(0): _extraction(0), _hash(2): _extraction(2)}
        cache.put_many({})
        assert len(cache) == 3
    with EntityCache(path) as again:  # persisted; engine passed per call
        assert again.get_many([_hash(1)], ENGINE) == {_hash(1): _extraction(1)}
        assert not again.in_memory


def test_engines_and_rule_versions_do_not_mix(tmp_path: Path) -> None:
    with EntityCache(tmp_path / "c.sqlite") as cache:
        cache.put_many({_hash(1): _extraction(1)}, ENGINE)
        cache.put_many({_hash(1): _extraction(2)}, "rules (no spaCy model installed)")
        assert cache.get_many([_hash(1)], ENGINE)[_hash(1)] == _extraction(1)
        assert cache.get_many([_hash(1)], "rules (no spaCy model installed)")[_hash(1)] == (_extraction(2))
        assert cache.get_many([_hash(1)], "spacy:other-2.0") == {}
    assert engine_key(ENGINE).startswith(ENGINE + "|rules")


def test_many_keys_at_once(tmp_path: Path) -> None:
    items = {_hash(i): _extraction(i) for i in range(1300)}
    with EntityCache(tmp_path / "c.sqlite", ENGINE) as cache:
        cache.put_many(items)
        got = cache.get_many([*items, "0" * 40])
    assert got == items


def test_corrupt_file_is_set_aside_and_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database at all\x00" * 200)
    with EntityCache(path, ENGINE) as cache:
        assert cache.get_many([_hash(1)]) == {}
        cache.put_many({_hash(1): _extraction(1)})
        assert cache.get_many([_hash(1)]) == {_hash(1): _extraction(1)}
        assert not cache.in_memory
    assert any(p.name.startswith("c.sqlite.corrupt-") for p in tmp_path.iterdir())


def test_truncated_file_never_crashes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with EntityCache(path, ENGINE) as cache:
        cache.put_many({_hash(i): _extraction(i) for i in range(200)})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff" * 5000)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with EntityCache(path, ENGINE) as cache:
        got = cache.get_many([_hash(i) for i in range(200)])
        cache.put_many({_hash(500): _extraction(5)})
        assert isinstance(got, dict)


def test_garbage_entry_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with EntityCache(path, ENGINE) as cache:
        cache.put_many({_hash(1): _extraction(1), _hash(2): _extraction(2)})
    db = sqlite3.connect(path)
    db.execute("UPDATE extractions SET data = '{\"m\": [[1]]}' WHERE hash = ?", (_hash(1),))
    db.commit()
    db.close()
    with EntityCache(path, ENGINE) as cache:
        assert list(cache.get_many([_hash(1), _hash(2)])) == [_hash(2)]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions are not enforced here")
def test_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with EntityCache(ro / "c.sqlite", ENGINE) as cache:
            cache.put_many({_hash(1): _extraction(1)})
            assert cache.in_memory
            assert cache.get_many([_hash(1)]) == {_hash(1): _extraction(1)}
    finally:
        ro.chmod(stat.S_IRWXU)


def test_parent_that_is_a_file_falls_back_to_memory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with EntityCache(tmp_path / "file" / "c.sqlite", ENGINE) as cache:
        assert cache.in_memory
        cache.put_many({_hash(1): _extraction(1)})
        assert cache.get_many([_hash(1)]) == {_hash(1): _extraction(1)}


def test_path_that_is_a_directory_falls_back_to_memory(tmp_path: Path) -> None:
    with EntityCache(tmp_path, ENGINE) as cache:
        assert cache.in_memory
        cache.put_many({_hash(1): _extraction(1)})
        assert cache.get_many([_hash(1)]) == {_hash(1): _extraction(1)}


def _writer(path: str, start: int) -> None:
    with EntityCache(path, ENGINE) as cache:
        for i in range(start, start + 40, 4):
            cache.put_many({_hash(j): _extraction(j) for j in range(i, i + 4)})
            cache.get_many([_hash(j) for j in range(0, 80)])


@pytest.mark.slow
def test_two_processes_share_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, s)) for s in (0, 40)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with EntityCache(path, ENGINE) as cache:
        assert cache.get_many([_hash(j) for j in range(80)]) == {_hash(j): _extraction(j) for j in range(80)}
