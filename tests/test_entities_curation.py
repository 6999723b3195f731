"""The user's entity corrections: each kind, the file's round trip, malformed files, speed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.entities import curation as cu
from index.entities.curation import Correction, Curation, CurationError
from index.entities.resolve import EntityRow
from index.models import Entity, Mention

ARTICLE = [
    Entity("Tony Blair", "PERSON", 5),
    Entity("Blair", "PERSON", 2),
    Entity("Lib Dems", "ORG", 3),
    Entity("Vera Drake", "PERSON", 2),
    Entity("GMT", "ORG", 1),
    Entity("London", "PLACE", 1),
]


def test_a_merge_adds_the_aliases_mentions_to_the_canonical_name() -> None:
    out = Curation().add_merge("blair", "Tony Blair").apply(ARTICLE)
    assert out[0] == Entity("Tony Blair", "PERSON", 7)
    assert all(e.name != "Blair" for e in out)


def test_a_merge_restricted_to_a_label_leaves_the_others() -> None:
    rows = [Entity("Jordan", "PLACE", 1), Entity("Jordan", "PERSON", 1)]
    out = Curation().add_merge("Jordan", "Michael Jordan", "PERSON").apply(rows)
    assert {(e.name, e.label) for e in out} == {("Jordan", "PLACE"), ("Michael Jordan", "PERSON")}


def test_merges_chain_and_a_cycle_stops() -> None:
    c = Curation().add_merge("Blair", "T Blair").add_merge("T Blair", "Tony Blair")
    assert c.apply([Entity("Blair", "PERSON", 1)]) == [Entity("Tony Blair", "PERSON", 1)]
    loop = Curation().add_merge("A", "B").add_merge("B", "A")
    assert len(loop.apply([Entity("A", "ORG", 1)])) == 1


def test_a_rename_changes_the_name_shown() -> None:
    out = Curation().add_rename("Lib Dems", "Liberal Democrats").apply(ARTICLE)
    assert Entity("Liberal Democrats", "ORG", 3) in out


def test_a_relabel_moves_the_entity_to_another_group() -> None:
    c = Curation().add_relabel("Vera Drake", "other")
    out = c.apply(ARTICLE)
    assert Entity("Vera Drake", "OTHER", 2) in out
    assert Entity("Vera Drake", "OTHER", 2).group == "other"


def test_a_hide_drops_the_entity_and_unhide_brings_it_back() -> None:
    c = Curation().add_hide("gmt")
    assert all(e.name != "GMT" for e in c.apply(ARTICLE))
    assert Entity("GMT", "ORG", 1) in c.unhide("GMT").apply(ARTICLE)


def test_a_hide_of_other_matches_every_label_of_the_other_group() -> None:
    c = Curation().add_hide("Oscar", "OTHER")
    assert c.apply([Entity("Oscar", "EVENT", 1), Entity("Oscar", "PERSON", 1)]) == [
        Entity("Oscar", "PERSON", 1)
    ]


def test_a_split_undoes_a_merge_made_by_extraction_or_resolution() -> None:
    mentions = [
        Mention(0, 10, "Tony Blair", "PERSON", "Tony Blair"),
        Mention(20, 25, "Blair", "PERSON", "Tony Blair"),
    ]
    c = Curation().add_split("Blair")
    assert [m.canonical for m in c.apply_mentions(mentions)] == ["Tony Blair", "Blair"]
    aliases = {("a1", "Blair", "PERSON"): "Tony Blair", ("a1", "EC", "ORG"): "European Community"}
    assert c.filter_aliases(aliases) == {("a1", "EC", "ORG"): "European Community"}


def test_a_split_undoes_the_users_own_merge_and_a_merge_undoes_a_split() -> None:
    merged = Curation().add_merge("Blair", "Tony Blair")
    split = merged.add_split("Blair")
    assert [c.kind for c in split.corrections] == ["split"]
    assert [c.kind for c in split.add_merge("Blair", "Tony Blair").corrections] == ["merge"]


def test_hidden_mentions_go_but_the_others_are_renamed() -> None:
    mentions = [Mention(0, 3, "GMT", "ORG", "GMT"), Mention(5, 8, "Lib Dems", "ORG", "Lib Dems")]
    c = Curation().add_hide("GMT").add_rename("Lib Dems", "Liberal Democrats")
    assert c.apply_mentions(mentions) == [Mention(5, 8, "Lib Dems", "ORG", "Liberal Democrats")]


def test_a_newer_correction_of_the_same_name_replaces_the_older() -> None:
    c = Curation().add_rename("Lib Dems", "LD").add_rename("lib dems", "Liberal Democrats")
    assert c.corrections == (Correction("rename", "lib dems", "Liberal Democrats"),)


def test_undo_removes_the_last_correction_and_the_list_describes_each() -> None:
    c = Curation().add_hide("GMT").add_merge("Blair", "Tony Blair", "person")
    assert [x.describe() for x in c.corrections] == ["hide: GMT", "merge: Blair -> Tony Blair [PERSON]"]
    assert c.undo_last().corrections == (Correction("hide", "GMT"),)
    assert c.remove("merge", "BLAIR").corrections == (Correction("hide", "GMT"),)


def test_bad_corrections_are_refused() -> None:
    with pytest.raises(CurationError, match="PERSON, ORG, PLACE, OTHER"):
        Curation().add_relabel("X", "THING")
    with pytest.raises(CurationError, match="empty"):
        Curation().add_merge(" ", "X")


# --- the file --------------------------------------------------------------------------

ALL_KINDS = (
    Curation()
    .add_merge("Blair", "Tony Blair", "PERSON")
    .add_rename("Lib Dems", "Liberal Democrats")
    .add_relabel("Vera Drake", "OTHER", "PERSON")
    .add_hide("GMT")
    .add_split("Bush", "George W Bush")
)


def test_the_file_round_trips_every_kind_in_order(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    cu.save_curation(ALL_KINDS, path, archive="/news")
    assert cu.load_curation(path) == ALL_KINDS
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Morgue entity corrections for /news.")
    assert tomllib.loads(text)["correction"][0] == {
        "kind": "merge",
        "alias": "Blair",
        "into": "Tony Blair",
        "label": "PERSON",
    }


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip)


@given(NAMES, NAMES)
def test_any_name_survives_the_writer(name: str, target: str) -> None:
    c = Curation((Correction("merge", name, target),))
    assert cu.loads_curation(cu.dumps_curation(c)) == c


def test_no_file_is_no_corrections(tmp_path: Path) -> None:
    assert cu.load_curation(tmp_path / "missing.toml") == Curation()


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('version = 1\n\n[[correction]]\nkind = "merge"\nalias = "Blair\n', 5, "not valid TOML"),
        (
            'version = 1\n[[correction]]\nkind = "hide"\nname = "A"\n\n[[correction]]\nkind = "mrege"\n',
            6,
            "unknown kind",
        ),
        ('[[correction]]\nkind = "merge"\nalias = "Blair"\n', 1, "'into' is missing"),
        ('[[correction]]\nkind = "relabel"\nname = "X"\nto = "THING"\n', 1, "not one of"),
        ('[[correction]]\nkind = "hide"\nname = "X"\ncolour = "red"\n', 1, "unknown field 'colour'"),
        ('[[correction]]\nkind = "hide"\nname = 3\n', 1, "must be a string"),
    ],
)
def test_a_malformed_file_names_the_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError) as info:
        cu.load_curation(path)
    assert info.value.line == line
    assert f"{path}: line {line}: " in str(info.value) and says in str(info.value)


def test_a_malformed_file_is_ignored_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[correction]]\nkind = "hide"\nname = "GMT"\noops\n', encoding="utf-8")
    curation, error = cu.load_curation_or_empty(path)
    assert curation == Curation() and error is not None and error.line == 4
    with pytest.raises(CurationError):
        cu.save_curation(curation.add_hide("Budget"), path)
    assert "oops" in path.read_text(encoding="utf-8")


def test_the_file_lives_in_the_archives_work_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cu.ENV_CURATION, raising=False)
    from index.userdata import work_dir

    archive = tmp_path / "news"
    path = cu.curation_path_for(archive)
    assert path == work_dir(archive) / "curation.toml"
    assert cu.curation_path_for(tmp_path / "other") != path
    monkeypatch.setenv(cu.ENV_CURATION, str(tmp_path / "mine.toml"))
    assert cu.curation_path_for(archive) == tmp_path / "mine.toml"


def test_a_hundred_corrections_over_a_large_table_give_one_answer_per_distinct_name() -> None:
    """The speed of this is a benchmark figure: tests/bench/curation_speed.py."""
    rows = [EntityRow(f"a{i}", f"Surname{i % 50}", "PERSON", 1) for i in range(2_000)]
    c = Curation()
    for i in range(20):
        c = c.add_merge(f"Surname{i}", f"Person {i}").add_rename(f"Org {i}", f"Company {i}")
        c = c.add_relabel(f"Place {i}", "ORG").add_hide(f"Surname{20 + i}").add_split(f"Surname{50 + i}")
    assert len(c.corrections) == 100
    table = c.outcomes((r.name, r.label) for r in rows)
    assert len(table) == 50
    assert table["Surname0", "PERSON"] == ("Person 0", "PERSON") and table["Surname20", "PERSON"] is None
    out = c.apply_rows(rows)
    assert len(out) < len(rows)
