"""The notebook store: durable across kills, rebuilds and concurrent writers; keyed by id and content hash."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_NOTEBOOK, NotebookError
from index.notebook import notebook_path
from index.notebook.model import HISTORY_CAP
from index.notebook.status import statuses
from index.notebook.store import Notebook
from index.search import SearchIndex
from index.store.generations import current_generation

from .morgue_runner import REPO, cli

QUICK = BuildOptions(procs=1, entities=False)


def build(archive: Path, index_dir: Path, *, rebuild: bool = False) -> None:
    update_index(archive, index_dir, rebuild=rebuild, options=QUICK)


def ids(index_dir: Path, query: str) -> set[str]:
    with SearchIndex(index_dir) as index:
        result = index.search(query, limit=100)
    assert result.error is None, result.error
    return {h.id for h in result.hits}


def mark_some(archive: Path) -> Notebook:
    notebook = Notebook(notebook_path(archive))
    notebook.update("business/oil.md", starred=True, add_tags=["energy"], note="follow the OPEC line")
    notebook.update("politics/blair.md", state="relevant", add_tags=["energy", "election"])
    notebook.update("tech/phones.txt", state="follow up")
    return notebook


def assert_marks_kept(archive: Path, index_dir: Path) -> None:
    notebook = Notebook(notebook_path(archive))
    oil = notebook.mark("business/oil.md")
    assert oil.starred and oil.tags == ("energy",) and oil.note == "follow the OPEC line"
    assert notebook.mark("politics/blair.md").state == "relevant"
    assert notebook.mark("tech/phones.txt").state == "follow up"
    assert ids(index_dir, "is:starred") == {"business/oil.md"}
    assert ids(index_dir, "tag:energy") == {"business/oil.md", "politics/blair.md"}
    assert ids(index_dir, "is:follow-up") == {"tech/phones.txt"}


def test_the_notebook_lives_in_the_user_data_folder_not_in_the_index(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    mark_some(fixture_archive).close()
    path = notebook_path(fixture_archive)
    assert path.is_file()
    assert index_dir not in path.parents and path.parent.parent == Path(os.environ["MORGUE_USER_DATA"])


def test_a_rebuild_keeps_every_mark(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    mark_some(fixture_archive).close()
    build(fixture_archive, index_dir, rebuild=True)
    assert_marks_kept(fixture_archive, index_dir)


def test_a_schema_version_rebuild_keeps_every_mark(fixture_archive, tmp_path, capsys):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    mark_some(fixture_archive).close()
    gen = current_generation(index_dir)
    assert gen is not None
    meta = json.loads((gen / "meta.json").read_text())
    meta["schema_version"] = 0
    (gen / "meta.json").write_text(json.dumps(meta))
    code, _, err = cli(capsys, fixture_archive, index_dir, "search", "oil")
    assert code == 4 and "rebuild" in err
    build(fixture_archive, index_dir, rebuild=True)
    assert_marks_kept(fixture_archive, index_dir)


def test_a_deleted_index_folder_keeps_every_mark(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    mark_some(fixture_archive).close()
    shutil.rmtree(index_dir)
    build(fixture_archive, index_dir)
    assert_marks_kept(fixture_archive, index_dir)


def test_an_edited_article_keeps_its_note_and_shows_it_changed(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    with SearchIndex(index_dir) as index:
        article = index.article("business/oil.md")
    notebook = Notebook(notebook_path(fixture_archive))
    notebook.update(
        article.id, content_hash=article.content_hash, title=article.title, note="check the figure"
    )
    path = fixture_archive / "business/oil.md"
    path.write_text(path.read_text().replace("$48", "$52"))
    build(fixture_archive, index_dir)
    with SearchIndex(index_dir) as index:
        [status] = statuses(index, notebook.marks().values())
    assert status.status == "changed" and status.mark.note == "check the figure"


def test_a_vanished_article_keeps_its_note_listed_as_missing(fixture_archive, tmp_path, capsys):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    code, _, _ = cli(capsys, fixture_archive, index_dir, "mark", "business/bank.txt", "--note", "gone soon")
    assert code == 0
    (fixture_archive / "business/bank.txt").unlink()
    build(fixture_archive, index_dir)
    code, out, _ = cli(capsys, fixture_archive, index_dir, "marks", "--json")
    [mark] = json.loads(out)
    assert code == 0
    assert (mark["id"], mark["status"], mark["note"]) == ("business/bank.txt", "missing", "gone soon")
    assert mark["title"] == "Bank of England holds rates"


CHILD = """
import sys
from pathlib import Path
from index.notebook.store import Notebook
notebook = Notebook(Path(sys.argv[1]))
who, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    notebook.update(f"{who}/{i}", starred=True)
    notebook.update("shared", add_tags=[f"{who}-{i}"])
    notebook.remember(f"{who} query {i}")
print("done", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "work" / "notebook.sqlite"
    count = 150
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(path), who, str(count)], env=env, cwd=REPO)
        for who in ("a", "b")
    ]
    for child in children:
        assert child.wait(timeout=120) == 0
    notebook = Notebook(path)
    starred = {m.id for m in notebook.marks().values() if m.starred}
    assert starred == {f"{who}/{i}" for who in "ab" for i in range(count)}
    assert set(notebook.mark("shared").tags) == {f"{who}-{i}" for who in "ab" for i in range(count)}
    assert len(notebook.history()) == 2 * count


KILLED = """
import sys, time
from pathlib import Path
from index.notebook.store import Notebook
notebook = Notebook(Path(sys.argv[1]))
notebook.update("business/oil.md", note="typed before the kill", state="relevant")
print("saved", flush=True)
while True:
    notebook.remember(f"busy {time.time()}")  # writing on when the kill comes
"""


def test_a_process_killed_right_after_saving_a_note_keeps_it(tmp_path):
    path = tmp_path / "work" / "notebook.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "saved"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    mark = Notebook(path).mark("business/oil.md")
    assert (mark.note, mark.state) == ("typed before the kill", "relevant")


def test_history_is_deduplicated_latest_first_and_capped(tmp_path):
    notebook = Notebook(tmp_path / "nb.sqlite")
    for query in ("oil", "gas", "oil"):
        notebook.remember(query)
    assert [h.query for h in notebook.history()] == ["oil", "gas"]
    for i in range(HISTORY_CAP + 5):
        notebook.remember(f"q{i}")
    history = notebook.history(limit=HISTORY_CAP + 100)
    assert len(history) == HISTORY_CAP and history[0].query == f"q{HISTORY_CAP + 4}"


def test_a_reader_of_no_notebook_writes_none(tmp_path):
    path = tmp_path / "work" / "notebook.sqlite"
    notebook = Notebook(path)
    assert notebook.marks() == {} and notebook.history() == [] and notebook.saved_searches() == []
    assert not path.exists()


def test_a_damaged_notebook_is_a_clear_error_with_its_own_exit_code(fixture_archive, tmp_path, capsys):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    path = notebook_path(fixture_archive)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(NotebookError, match="damaged"):
        Notebook(path).marks()
    code, _, err = cli(capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--star")
    assert code == EXIT_NOTEBOOK == 7
    assert str(path) in err and "damaged" in err and "Traceback" not in err


def test_unread_is_every_article_not_marked_otherwise(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    mark_some(fixture_archive).close()
    everything = {a.id for a in SearchIndex(index_dir).iter_articles()}
    assert ids(index_dir, "is:unread") == everything - {"politics/blair.md", "tech/phones.txt"}
    assert ids(index_dir, "economy is:unread") == ids(index_dir, "economy") - {"politics/blair.md"}
    assert ids(index_dir, "has:note OR is:relevant") == {"business/oil.md", "politics/blair.md"}
    assert ids(index_dir, "tag:energy -is:starred") == {"politics/blair.md"}
    assert ids(index_dir, "tag:ele*") == {"politics/blair.md"}
    with SearchIndex(index_dir) as index:
        result = index.search("oil is:stared")
    assert result.total == 0 and any("is:stared finds nothing" in w for w in result.warnings)


ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


class Screen:
    """What a child in a pseudo-terminal has drawn, read as it comes (escape codes dropped)."""

    def __init__(self, master: int) -> None:
        self.master, self.seen = master, b""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.seen += ANSI.sub(b"", data)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen.replace(b"\n", b"").replace(b"\r", b""):
            assert time.monotonic() < deadline, f"never drew {text!r}"
            time.sleep(0.05)
        self.seen = b""


def test_the_explorer_killed_right_after_a_note_is_saved_keeps_it(fixture_archive, tmp_path):
    import pty

    from .morgue_runner import child_env, morgue_argv

    index_dir = tmp_path / "index"
    build(fixture_archive, index_dir)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        morgue_argv("tui", archive=fixture_archive, index=index_dir),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=child_env({"TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}),
    )
    os.close(slave)
    screen = Screen(master)
    try:
        screen.wait_for("Search")
        os.write(master, b"prices")
        screen.wait_for("2 results")
        os.write(master, b"\r")
        time.sleep(0.5)
        os.write(master, b"a")
        screen.wait_for("Ctrl+S keep")
        os.write(master, b"typed, then killed")
        time.sleep(0.5)
        os.write(master, b"\x13")  # Ctrl+S
        screen.wait_for("note kept")
        proc.send_signal(signal.SIGKILL)  # at once: no quit, no close
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        os.close(master)
    notes = {m.id: m.note for m in Notebook(notebook_path(fixture_archive)).marks().values()}
    assert list(notes.values()) == ["typed, then killed"]
    assert next(iter(notes)) in ("business/oil.md", "tech/phones.txt")
