"""A `morgue index` killed at any moment: the next run recovers an index equal to a fresh build.

An update used to commit its documents into the live Whoosh index and only then
write the manifest: a SIGKILL in between left new documents under the old
manifest, which later updates trusted, so the index never healed. Each test
kills a run, changes the archive again (putting the manifest's word about a
file to the test), lets the next run recover, and compares the index with a
fresh build of the archive: the same ids, stored titles, bodies and
duplicates, and the same answers to searches for words only some versions of
the archive held.

Kills come at named steps (`index.failpoints`: the process SIGKILLs itself
there) and at random moments (a seeded delay, SIGKILL from the test). The
children run `morgue` from this repository (`PYTHONPATH` names it).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index.build import BuildOptions, update_index
from index.failpoints import FAILPOINTS
from index.grouping import CopyGroups
from index.search import SearchIndex
from index.store.generations import GEN_PREFIX, current_generation
from index.store.manifest import Manifest

from .archive_fixtures import BULK_WORDS, FIXTURE_ARTICLES, write_archive
from .morgue_runner import REPO, child_pids, pid_alive, run_morgue, start_morgue

pytestmark = pytest.mark.slow

CHILD_ENV = {"PYTHONPATH": str(REPO)}  # the children import this worktree's `index`, whatever is installed
NO_ENTITIES = ("--no-entities", "--procs", "1")
RULES = ("--ner-model", "rules", "--procs", "1")  # entities on, from the fast rule-based extractor

ADDED = "new/arrival.txt"
ADDED_TEXT = "Zephyrine arrives\n\nThe zephyrine story arrives in the archive at last.\n"
CHANGED = "business/bank.txt"
CHANGED_TEXT = "Bank of England cuts rates\n\nQuokkaface economists were surprised by the cut.\n"
DELETED = "tech/phones.txt"
PROBES = ("zephyrine", "quokkaface", "nokia", "motorola", "governor", "oil", '"prime minister"', "bank")


# -- helpers ------------------------------------------------------------------------


def snapshot(index_dir: Path, probes: tuple[str, ...] = PROBES) -> dict[str, Any]:
    """What a reader sees: every article's stored text, and the answers to the probe searches."""
    with SearchIndex(index_dir) as ix:
        ids = [a.id for a in ix.iter_articles()]
        articles = {}
        for aid in ids:
            stored = ix.article(aid)
            articles[aid] = (stored.title, stored.body, stored.duplicates)
        searches = {q: sorted(h.id for h in ix.search(q, limit=500).hits) for q in probes}
        copies = sorted(
            sorted(g.members) for g in CopyGroups(ix).groups()
        )  # refused if copies.bin is missing
        return {
            "ids": sorted(ids),
            "docs": ix.doc_count(),
            "articles": articles,
            "searches": searches,
            "copies": copies,
        }


def described(index_dir: Path) -> dict[str, str]:
    """What the live manifest says the index holds: the kept id of each content hash."""
    manifest = Manifest.load(current_generation(index_dir) or index_dir / "none")
    return {ids[0]: chash for chash, ids in manifest.hash_groups().items()}


def held(index_dir: Path) -> dict[str, str]:
    """What the index holds: each article's id and content hash."""
    with SearchIndex(index_dir) as ix:
        return {a.id: ix.article(a.id).content_hash for a in ix.iter_articles()}


def fresh(
    archive: Path, root: Path, *, entities: bool = False, probes: tuple[str, ...] = PROBES
) -> dict[str, Any]:
    """A snapshot of a fresh build of `archive` as it is now."""
    index_dir = root / f"fresh-{time.time_ns()}"
    options = BuildOptions(procs=1, entities=entities, ner_model="rules" if entities else None)
    update_index(archive, index_dir, options=options)
    try:
        return snapshot(index_dir, probes)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


def morgue_index(
    archive: Path, index_dir: Path, *args: str, failpoint: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**CHILD_ENV, **({"MORGUE_FAILPOINT": failpoint} if failpoint else {})}
    return run_morgue("index", "--json", *args, archive=archive, index=index_dir, env=env, timeout=120)


def leftovers(index_dir: Path) -> list[str]:
    """Unfinished generations and pointers, and generations beyond the live one and the previous one."""
    tmp = [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    gens = [p for p in index_dir.iterdir() if p.name.startswith(GEN_PREFIX) and p.is_dir()]
    return tmp + ([f"{len(gens)} generations"] if len(gens) > 2 else [])


def make_base(root: Path, *, entities: bool = False) -> tuple[Path, Path]:
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    options = BuildOptions(procs=1, entities=entities, ner_model="rules" if entities else None)
    update_index(archive, index_dir, options=options)
    return archive, index_dir


def assert_recovered(archive: Path, index_dir: Path, root: Path, *, entities: bool = False) -> None:
    assert snapshot(index_dir) == fresh(archive, root, entities=entities)
    assert leftovers(index_dir) == []


# -- the three reproductions ----------------------------------------------------------


def test_a_file_added_then_deleted_around_a_killed_update_is_not_searchable(tmp_path):
    archive, index_dir = make_base(tmp_path)
    write_archive(archive, {ADDED: ADDED_TEXT})
    killed = morgue_index(archive, index_dir, *NO_ENTITIES, failpoint="update.after-commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (archive / ADDED).unlink()
    assert morgue_index(archive, index_dir, *NO_ENTITIES).returncode == 0
    with SearchIndex(index_dir) as ix:
        assert ix.search("zephyrine").total == 0
    assert_recovered(archive, index_dir, tmp_path)


def test_a_file_edited_then_restored_around_a_killed_update_shows_its_own_text(tmp_path):
    archive, index_dir = make_base(tmp_path)
    original = (archive / CHANGED).read_bytes()
    write_archive(archive, {CHANGED: CHANGED_TEXT})
    killed = morgue_index(archive, index_dir, *NO_ENTITIES, failpoint="update.after-commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (archive / CHANGED).write_bytes(original)
    assert morgue_index(archive, index_dir, *NO_ENTITIES).returncode == 0
    with SearchIndex(index_dir) as ix:
        assert ix.search("quokkaface").total == 0
        assert ix.article(CHANGED).body.startswith("The Bank of England kept interest rates")
    assert_recovered(archive, index_dir, tmp_path)


def test_a_file_moved_away_and_back_around_a_killed_update_is_indexed(tmp_path):
    archive = write_archive(
        tmp_path / "archive",
        {
            f"desk/{name}.txt": f"Story {name}\n\nThe {name} story.\n"
            for name in ("one", "two", "three", "four")
        },
    )
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
    away = tmp_path / "away.txt"
    os.replace(archive / "desk" / "two.txt", away)  # a move keeps the file's mtime
    killed = morgue_index(archive, index_dir, *NO_ENTITIES, failpoint="update.after-commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    os.replace(away, archive / "desk" / "two.txt")
    recovered = morgue_index(archive, index_dir, *NO_ENTITIES)
    assert recovered.returncode == 0, recovered.stderr
    assert '"docs": 4' in recovered.stdout
    with SearchIndex(index_dir) as ix:
        assert [h.id for h in ix.search("two").hits] == ["desk/two.txt"]
    assert_recovered(archive, index_dir, tmp_path)


# -- every named step -----------------------------------------------------------------


def _cases() -> list[Any]:
    """(failpoint, run): `rebuild.*` in a rebuild, `update.*` in an update, shared steps in both."""
    cases = []
    for name in FAILPOINTS:
        path = name.split(".")[0]
        for run in [path] if path in ("rebuild", "update") else ["rebuild", "update"]:
            cases.append(pytest.param(name, run, id=f"{name} in a{'n' if run == 'update' else ''} {run}"))
    return cases


@pytest.mark.parametrize(("failpoint", "run"), _cases())
def test_a_run_killed_at_a_named_step_is_recovered_by_the_next_run_to_equal_a_fresh_build(
    tmp_path, failpoint, run
):
    entities = failpoint.startswith("entities.")
    args = RULES if entities else NO_ENTITIES
    archive, index_dir = make_base(tmp_path, entities=entities)
    before = snapshot(index_dir)
    original = (archive / CHANGED).read_bytes()
    write_archive(archive, {ADDED: ADDED_TEXT, CHANGED: CHANGED_TEXT})
    (archive / DELETED).unlink()
    killed = morgue_index(
        archive, index_dir, *args, *(("--rebuild",) if run == "rebuild" else ()), failpoint=failpoint
    )
    assert killed.returncode == -signal.SIGKILL, f"{failpoint} was not reached: {killed.stderr}"
    # Whatever the moment, readers see the index before the run or after it, never a mix,
    # and the manifest (which the next update trusts) describes the index they see.
    assert snapshot(index_dir) in (before, fresh(archive, tmp_path, entities=entities))
    assert described(index_dir) == held(index_dir)
    (archive / ADDED).unlink()
    (archive / CHANGED).write_bytes(original)
    recovered = morgue_index(archive, index_dir, *args)
    assert recovered.returncode == 0, recovered.stderr
    assert_recovered(archive, index_dir, tmp_path, entities=entities)


def test_every_named_step_appears_in_the_code():
    code = "\n".join(p.read_text("utf-8") for p in (REPO / "index").rglob("*.py"))
    for name in FAILPOINTS:
        _prefix, step = name.split(".")
        assert code.count(f'failpoint("{name}")') + code.count(f'failpoint(f"{{self.path}}.{step}")') >= 1, (
            name
        )


# -- random moments -------------------------------------------------------------------


ROUNDS = 30


class Desk:
    """An archive that changes at random (seeded): each round adds, changes and deletes a file,
    then, once the run is killed, undoes some of that before the next run."""

    def __init__(self, root: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.root = root
        files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
        for i in range(30):
            files[f"desk/{i:03d}.txt"] = self._story(i)
        self.archive = write_archive(root / "archive", files)
        self.next = 30
        self.away = root / "away"
        self.away.mkdir()

    def _story(self, n: int) -> str:
        words = " ".join(self.rng.choice(BULK_WORDS) for _ in range(self.rng.randint(5, 40)))
        return f"Desk story {n}\n\nuniq{n}x {words}.\n"

    def probes(self) -> tuple[str, ...]:
        """Searches for every word that some version of the archive held, and a few common ones."""
        n = self.next + 1
        return (*PROBES, *(f"uniq{i}x" for i in range(n)), *(f"edit{i}x" for i in range(n)))

    def files(self) -> list[Path]:
        return sorted((self.archive / "desk").glob("*.txt"))

    def mix(self) -> dict[str, Any]:
        """Add, change and delete a file (a delete is a move away: it may come back with its mtime)."""
        added = self.archive / "desk" / f"{self.next:03d}.txt"
        added.write_text(self._story(self.next))
        self.next += 1
        changed, deleted = self.rng.sample([f for f in self.files() if f != added], 2)
        before = changed.read_bytes()
        if self.rng.random() < 0.3:  # an exact duplicate of another story
            other = self.rng.choice([f for f in self.files() if f not in (changed, deleted)])
            changed.write_bytes(other.read_bytes())
        else:
            changed.write_text(changed.read_text() + f"\nedit{self.next}x and more words.\n")
        os.replace(deleted, self.away / deleted.name)
        return {"added": added, "changed": (changed, before), "deleted": deleted}

    def change_again(self, done: dict[str, Any]) -> None:
        """Undo some of the round's changes, at random: the manifest's word about them is put to the test."""
        if self.rng.random() < 0.5:
            done["added"].unlink()
        changed, before = done["changed"]
        if self.rng.random() < 0.5:
            changed.write_bytes(before)
        if self.rng.random() < 0.5:
            os.replace(self.away / done["deleted"].name, done["deleted"])


def _seconds_to_commit(desk: Desk, index_dir: Path, samples: int = 3) -> float:
    """How long an update takes, from its start to its engine commit, on this machine now (median)."""
    probe_index = desk.root / "probe-index"
    shutil.copytree(index_dir, probe_index)
    target = desk.archive / "desk" / "probe.txt"
    target.write_text("Probe\n\nA probe story.\n")
    try:
        times = []
        for _ in range(samples):  # killed at the commit, the update leaves the index as it was
            started = time.monotonic()
            killed = morgue_index(desk.archive, probe_index, *NO_ENTITIES, failpoint="update.after-commit")
            times.append(time.monotonic() - started)
            assert killed.returncode == -signal.SIGKILL, killed.stderr
        return sorted(times)[len(times) // 2]
    finally:
        target.unlink()
        shutil.rmtree(probe_index)


def test_updates_killed_at_random_moments_are_recovered_by_the_next_run_to_equal_a_fresh_build(tmp_path):
    desk = Desk(tmp_path, seed=20050214)
    index_dir = tmp_path / "index"
    update_index(desk.archive, index_dir, options=BuildOptions(procs=1, entities=False))
    at_commit = _seconds_to_commit(desk, index_dir)
    # From the imports to past the end (what follows the commit is short), every other one near
    # the commit; most of them killed.
    moments = [
        desk.rng.uniform(0.4 * at_commit, 1.15 * at_commit) if n % 2 else desk.rng.gauss(at_commit, 0.03)
        for n in range(ROUNDS)
    ]
    outcomes: list[str] = []
    for n, delay in enumerate(moments):
        done = desk.mix()
        live, probes = current_generation(index_dir), desk.probes()
        before = snapshot(index_dir, probes)
        proc = start_morgue(
            "index", "--quiet", *NO_ENTITIES, archive=desk.archive, index=index_dir, env=CHILD_ENV
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, -signal.SIGKILL), err
        outcomes.append(_where(index_dir, live) if proc.returncode else "finished")
        what = f"round {n} ({outcomes[-1]} after {delay:.3f} s)"
        assert snapshot(index_dir, probes) in (before, fresh(desk.archive, tmp_path, probes=probes)), what
        assert described(index_dir) == held(index_dir), what
        desk.change_again(done)
        update_index(desk.archive, index_dir, options=BuildOptions(procs=1, entities=False))
        assert snapshot(index_dir, desk.probes()) == fresh(desk.archive, tmp_path, probes=desk.probes()), what
        assert leftovers(index_dir) == [], what
    assert outcomes.count("finished") <= ROUNDS * 2 // 3, Counter(outcomes)  # most runs were killed


def _where(index_dir: Path, live: Path | None) -> str:
    """Where a kill landed, from what it left: before the new generation, in it, or after the swap."""
    if current_generation(index_dir) != live:
        return "killed after the swap"
    if any(p.name.endswith(".tmp") for p in index_dir.iterdir()):
        return "killed while writing the new generation"
    return "killed before writing"


# -- a rebuild with two writer processes ------------------------------------------------

# Prepended to `morgue`'s entry point: two writer processes from 50 documents (the real
# threshold is 1,000 articles, which would make this test slow for nothing).
TWO_WRITERS = "import index.engine.whoosh.writer as _w; _w.PARALLEL_WRITE_MIN = 50"


def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_a_rebuild_killed_while_two_writer_processes_write_leaves_the_live_index_and_the_next_run_cleans_up(
    tmp_path,
):
    files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
    rng = random.Random(1000)
    for i in range(600):
        body = " ".join(f"{rng.choice(BULK_WORDS)}{rng.randint(0, 99)}" for _ in range(300))
        files[f"bulk/{i:04d}.txt"] = f"Bulk {i}\n\nbulk{i}x {body}\n"
    archive = write_archive(tmp_path / "archive", files)
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
    before = snapshot(index_dir)
    live = current_generation(index_dir)

    proc = start_morgue(
        "index", "--rebuild", "--no-entities", "--procs", "2", "--quiet",
        archive=archive, index=index_dir, env=CHILD_ENV, prelude=TWO_WRITERS,
    )  # fmt: skip
    assert _wait(lambda: len(child_pids(proc.pid)) >= 2 or proc.poll() is not None)
    writers = child_pids(proc.pid)
    assert proc.poll() is None and len(writers) == 2, "the rebuild ended before two writers were seen"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert _wait(lambda: not any(pid_alive(w) for w in writers), 30), "a writer process outlived the build"

    assert current_generation(index_dir) == live
    assert snapshot(index_dir) == before
    assert [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")]  # what the killed run left

    nothing_new = morgue_index(archive, index_dir, *NO_ENTITIES)  # an update: cleans up, keeps the index
    assert nothing_new.returncode == 0, nothing_new.stderr
    assert [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")] == []
    rebuilt = run_morgue(
        "index", "--rebuild", "--no-entities", "--procs", "2", "--json",
        archive=archive, index=index_dir, env=CHILD_ENV, prelude=TWO_WRITERS,
    )  # fmt: skip
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert snapshot(index_dir) == before
    assert leftovers(index_dir) == []
