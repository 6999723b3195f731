"""Near-duplicate groups (`index.copies`): copies of one story group, other stories do not.

The fixtures are one handwritten wire story, copies of it edited the ways outlets
edit (a new headline, an added paragraph, a dropped quote, a fixed word), and
another story on the same topic told in other words.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from index.copies import (
    CopiesFileError,
    CopyIndex,
    CopyParams,
    copies_file,
    diff_size,
    load,
    save,
    word_diff,
)
from index.copies import groups as groups_module
from index.copies.diff import ADDED, KEPT, REMOVED, change_starts
from index.copies.sketch import Sketch, sketch
from index.errors import CorruptIndexError, NotFoundError

HEADLINE = "Dock workers strike shuts Rotterdam container port"
LEAD = (
    "Dock workers at Rotterdam walked out on Monday in a dispute over night shifts, halting "
    "container traffic at Europe's largest port and leaving dozens of ships waiting at anchor "
    "off the Hook of Holland, port officials said."
)
MIDDLE = (
    "The stoppage was called by the FNV transport union after talks with the employers' "
    "association broke down late on Sunday without agreement on the number of night shifts a "
    "crane driver can be asked to work in a month. Terminal operators said about forty vessels "
    "were delayed and that cargo bound for Germany would be rerouted through Antwerp and Hamburg."
)
QUOTE = (
    '"We will not accept a roster that wears our members out," union spokesman Niek Stam told '
    "reporters at the gates of the Maasvlakte terminal."
)
ENDING = (
    "The employers said they had offered higher pay for night work and would ask a court to "
    "order a cooling-off period if the strike lasted beyond Wednesday. Shipping lines warned "
    "that delays would spread to feeder ports in Scandinavia and the Baltic within days."
)
EXTRA = (
    "Farmers and exporters of cut flowers, who depend on refrigerated containers leaving the "
    "port each night, said they were already losing orders to competitors in Kenya and Colombia "
    "and asked the government to mediate."
)

ORIGINAL = "\n\n".join([HEADLINE, LEAD, MIDDLE, QUOTE, ENDING])
NEW_HEADLINE = "\n\n".join(
    ["Rotterdam port at a standstill as dockers walk out", LEAD, MIDDLE, QUOTE, ENDING]
)
ADDED_PARAGRAPH = "\n\n".join([HEADLINE, LEAD, MIDDLE, QUOTE, ENDING, EXTRA])
QUOTE_REMOVED = "\n\n".join([HEADLINE, LEAD, MIDDLE, ENDING])
FOURTH = ORIGINAL.replace("walked out on Monday", "walked out early on Monday").replace(
    "about forty vessels", "about 40 vessels"
)
# The same topic, told in other words: another port, another union, another day.
OTHER_STRIKE = "\n\n".join(
    [
        "Antwerp dockers join strike over night shifts",
        "Dock workers in Antwerp stopped work on Thursday in sympathy with their colleagues in "
        "Rotterdam, the Belgian ACV transport union said, closing the port's main container "
        "terminals for twenty-four hours.",
        "The union said crane drivers in Antwerp faced the same pressure to work extra night "
        "shifts and that it would hold its own talks with the port authority next week. Cargo "
        "rerouted from the Netherlands earlier in the week was left on the quays.",
        '"Our members will not be used to break a strike next door," a union official said.',
    ]
)

MONDAY = datetime(2024, 3, 4, 9, 0)


def _index_with_copies() -> CopyIndex:
    index = CopyIndex()
    index.add("original", ORIGINAL, MONDAY)
    index.add("new-headline", NEW_HEADLINE, MONDAY + timedelta(hours=2))
    index.add("added-paragraph", ADDED_PARAGRAPH, MONDAY + timedelta(hours=5))
    index.add("quote-removed", QUOTE_REMOVED, MONDAY + timedelta(hours=7))
    return index


# -- grouping ------------------------------------------------------------------


def test_a_story_and_three_edited_copies_form_one_group() -> None:
    index = _index_with_copies()
    group = index.group_of("original")
    assert {index.group_of(i) for i in index.ids()} == {group}
    assert index.members(group) == ("original", "new-headline", "added-paragraph", "quote-removed")
    assert [g.members for g in index.groups()] == [index.members(group)]
    assert index.groups()[0].copies == 3


def test_two_different_stories_on_the_same_topic_are_not_grouped() -> None:
    index = _index_with_copies()
    index.add("antwerp", OTHER_STRIKE, MONDAY + timedelta(days=1))
    assert index.group_of("antwerp") != index.group_of("original")
    assert index.members(index.group_of("antwerp")) == ("antwerp",)
    assert index.similarity("antwerp", "original") < 0.1
    assert len(index.groups()) == 1
    assert len(index.groups(min_size=1)) == 2


def test_adding_a_fourth_copy_joins_the_group_without_a_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index_with_copies()
    group = index.group_of("original")
    sketched: list[str] = []

    def counting_sketch(text: str, params: CopyParams) -> Sketch:
        sketched.append(text)
        return sketch(text, params)

    def no_regrouping(*args: object) -> None:
        raise AssertionError("adding an article regrouped a group")

    monkeypatch.setattr(groups_module, "sketch", counting_sketch)
    monkeypatch.setattr(CopyIndex, "_split", no_regrouping)
    assert index.add("fourth", FOURTH, MONDAY + timedelta(hours=9)) == group
    assert sketched == [FOURTH]  # only the new text: nothing else is recomputed
    assert index.group_of("fourth") == group
    assert len(index.members(group)) == 5


def test_copies_of_an_article_exclude_it_and_come_most_similar_first() -> None:
    index = _index_with_copies()
    copies = index.copies_of("original")
    assert [c.id for c in copies] == sorted(
        (i for i in index.ids() if i != "original"), key=lambda i: -index.similarity("original", i)
    )
    assert all(0.5 <= c.similarity <= 1.0 for c in copies)
    assert index.similarity("original", "original") == 1.0


def test_the_representative_is_the_earliest_dated_copy_else_the_longest() -> None:
    index = CopyIndex()
    index.add("short-undated", QUOTE_REMOVED)
    index.add("long-undated", ADDED_PARAGRAPH)
    group = index.group_of("long-undated")
    assert index.representative(group) == "long-undated"
    index.add("late", ORIGINAL, MONDAY + timedelta(days=1))
    index.add("early", NEW_HEADLINE, MONDAY)
    assert index.representative(group) == "early"
    assert index.members(group)[0] == "early"


def test_deleting_the_representative_promotes_another_copy() -> None:
    index = _index_with_copies()
    group = index.group_of("original")
    assert index.representative(group) == "original"
    index.remove("original")
    assert "original" not in index
    assert index.representative(group) == "new-headline"
    assert index.members(group) == ("new-headline", "added-paragraph", "quote-removed")
    with pytest.raises(NotFoundError):
        index.group_of("original")


def _paragraph(n: int) -> str:
    """A paragraph of its own words: paragraphs n and m share no shingle."""
    return " ".join(f"w{n}x{k}" for k in range(12))


def test_removing_a_copy_that_bridged_two_others_splits_the_group() -> None:
    # a and c share only 3 of 7 paragraphs; b shares 4 of 6 with each: a - b - c.
    index = CopyIndex()
    index.add("a", "\n".join(_paragraph(n) for n in range(1, 6)))
    index.add("c", "\n".join(_paragraph(n) for n in range(3, 8)))
    assert index.group_of("a") != index.group_of("c")
    index.add("b", "\n".join(_paragraph(n) for n in range(2, 7)))
    group = index.group_of("b")
    assert index.group_of("a") == index.group_of("c") == group
    index.remove("b")
    assert index.group_of("a") != index.group_of("c")
    assert group in (index.group_of("a"), index.group_of("c"))  # one part keeps the number


def test_the_groups_do_not_depend_on_the_order_of_adding() -> None:
    texts = {
        "original": ORIGINAL,
        "new-headline": NEW_HEADLINE,
        "quote-removed": QUOTE_REMOVED,
        "antwerp": OTHER_STRIKE,
        **{f"p{n}": "\n".join(_paragraph(m) for m in range(n, n + 5)) for n in range(1, 8, 2)},
    }
    found = []
    for seed in range(4):
        order = list(texts)
        np.random.default_rng(seed).shuffle(order)
        index = CopyIndex()
        for article in order:
            index.add(article, texts[article])
        found.append({frozenset(g.members) for g in index.groups(min_size=1)})
    assert all(f == found[0] for f in found)


def test_adding_many_at_once_gives_the_groups_and_numbers_of_adding_them_one_by_one(tmp_path: Path) -> None:
    texts = [
        ("p1", "\n".join(_paragraph(n) for n in range(1, 6)), None),
        ("p3", "\n".join(_paragraph(n) for n in range(3, 8)), None),  # joined to p1 only through p2
        ("antwerp", OTHER_STRIKE, MONDAY),
        ("original", ORIGINAL, MONDAY),
        ("p2", "\n".join(_paragraph(n) for n in range(2, 7)), None),
        ("later", ORIGINAL, MONDAY + timedelta(days=30)),
        ("new-headline", NEW_HEADLINE, MONDAY),
        ("tiny", "Strike", None),
        ("quote-removed", QUOTE_REMOVED, MONDAY + timedelta(hours=5)),
        ("undated", ORIGINAL, None),
    ]
    one_by_one, at_once = CopyIndex(), CopyIndex()
    for article_id, text, date in texts:
        one_by_one.add(article_id, text, date)
    at_once.add_sketches([(i, sketch(t, at_once.params), d, len(t)) for i, t, d in texts])
    assert len(one_by_one.groups()) == 2
    (tmp_path / "at-once").mkdir()
    (tmp_path / "one").mkdir()
    assert save(at_once, tmp_path / "at-once").read_bytes() == save(one_by_one, tmp_path / "one").read_bytes()
    apart = CopyIndex()  # no two share a band key
    apart.add_sketches(
        [(t[0], sketch(t[1], apart.params), t[2], 1) for t in texts if t[0] in ("p1", "antwerp")]
    )
    assert len(apart.groups(min_size=1)) == 2
    with pytest.raises(ValueError, match="these parameters make 120"):
        CopyIndex().add_sketches([("x", sketch(ORIGINAL, CopyParams(num_perm=64, bands=32)), None, 1)])


def test_dated_texts_too_far_apart_are_not_copies() -> None:
    index = CopyIndex()
    index.add("monday", ORIGINAL, MONDAY)
    index.add("next-month", ORIGINAL, MONDAY + timedelta(days=30))
    assert index.group_of("monday") != index.group_of("next-month")
    assert index.similarity("monday", "next-month") == 1.0
    index.add("undated", ORIGINAL)
    # An undated copy has no time limit, so it links both (a group is a connected component).
    assert index.group_of("undated") == index.group_of("monday") == index.group_of("next-month")


def test_short_texts_group_only_when_nearly_identical() -> None:
    index = CopyIndex()
    index.add("chemical", "CHEMICAL BANK CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT, EFFECTIVE IMMEDIATELY")
    index.add(
        "marine", "MARINE MIDLAND BANK CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT, EFFECTIVE IMMEDIATELY"
    )
    index.add("repeat", "Chemical Bank cuts prime rate to 9.25 pct from 9.75 pct, effective immediately")
    index.add("tiny", "Strike")
    assert index.group_of("chemical") != index.group_of("marine")
    assert index.group_of("chemical") == index.group_of("repeat")
    assert index.members(index.group_of("tiny")) == ("tiny",)


def test_adding_an_id_again_replaces_its_text() -> None:
    index = _index_with_copies()
    index.add("quote-removed", OTHER_STRIKE)
    assert index.group_of("quote-removed") != index.group_of("original")
    assert len(index) == 4


# -- persistence ---------------------------------------------------------------


def test_persistence_round_trips(tmp_path: Path) -> None:
    index = _index_with_copies()
    index.add("antwerp", OTHER_STRIKE, MONDAY)
    index.remove("new-headline")
    path = save(index, tmp_path)
    assert path == copies_file(tmp_path)
    loaded = load(tmp_path)
    assert loaded.params == index.params
    assert loaded.ids() == index.ids()
    assert loaded.groups(min_size=1) == index.groups(min_size=1)
    assert loaded.similarity("original", "added-paragraph") == index.similarity("original", "added-paragraph")
    # A loaded index goes on growing where the saved one stopped.
    assert loaded.add("fourth", FOURTH, MONDAY) == index.add("fourth", FOURTH, MONDAY)
    assert loaded.groups() == index.groups()


def test_an_empty_index_round_trips(tmp_path: Path) -> None:
    save(CopyIndex(), tmp_path)
    assert len(load(tmp_path)) == 0


def test_a_missing_or_damaged_file_is_refused_cleanly(tmp_path: Path) -> None:
    with pytest.raises(CopiesFileError):
        load(tmp_path)
    path = save(_index_with_copies(), tmp_path)
    data = path.read_bytes()
    for damaged in (data[:-1], data[: len(data) // 2], b"", data[:40] + bytes([data[40] ^ 1]) + data[41:]):
        path.write_bytes(damaged)
        with pytest.raises(CopiesFileError) as caught:
            load(tmp_path)
        assert isinstance(caught.value, CorruptIndexError)  # the CLI's exit code 4


def _forge(path: Path, header: object, signatures: bytes = b"", head: bytes | None = None) -> None:
    """A file with a valid checksum around whatever header and signature bytes are given."""
    raw = head if head is not None else json.dumps(header).encode()
    body = struct.pack("<14sHQ", b"MORGUE-COPIES\x00", 1, len(raw)) + raw + signatures
    path.write_bytes(body + hashlib.blake2b(body, digest_size=32).digest())


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_hostile_file_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    path = save(_index_with_copies(), tmp_path)
    marker = tmp_path / "ran"
    pickled = pickle.dumps(_Planted(marker))
    params = dict(CopyParams().__dict__)
    one = {
        "params": params,
        "ids": ["a"],
        "dates": [None],
        "lengths": [1],
        "words": [1],
        "shingles": [1],
        "groups": [0],
        "next_group": 1,
    }
    sig = bytes(4 * params["num_perm"])
    hostile = [
        (None, pickled),  # a pickle where the header goes
        ({**one, "ids": [{"__class__": "os.system"}]}, None),
        ({**one, "ids": ["a", "a"], "dates": [None, None]}, None),
        ({**one, "dates": [float("inf")]}, None),
        ({**one, "lengths": [-1]}, None),
        ({**one, "groups": [7]}, None),
        ({**one, "groups": [True]}, None),
        ({**one, "params": {**params, "num_perm": 10**9}}, None),
        ({**one, "params": {**params, "bands": 7}}, None),
        ({**one, "params": {**params, "threshold": "0.5"}}, None),
        ({**one, "params": {**params, "extra": 1}}, None),
        ({**one, "next_group": 2**70}, None),
        ([1, 2, 3], None),
        (None, b"[" * 100_000),
    ]
    for header, head in hostile:
        _forge(path, header, sig, head)
        with pytest.raises(CopiesFileError):
            load(tmp_path)
    _forge(path, one, sig + b"\x00")  # one byte too many signatures
    with pytest.raises(CopiesFileError):
        load(tmp_path)
    path.write_bytes(pickled)
    with pytest.raises(CopiesFileError):
        load(tmp_path)
    assert not marker.exists()
    _forge(path, one, sig)
    assert load(tmp_path).ids() == ["a"]  # the forgery's frame itself is sound


# -- the diff ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ORIGINAL, ADDED_PARAGRAPH),
        (ORIGINAL, QUOTE_REMOVED),
        (ORIGINAL, NEW_HEADLINE),
        (ORIGINAL, FOURTH),
        (ORIGINAL, OTHER_STRIKE),
        ("  leading  space\n", "leading space"),
        ("", "new text"),
        ("old text", ""),
        ("   ", "x"),
        ("", ""),
    ],
)
def test_the_diff_offsets_are_exact(a: str, b: str) -> None:
    spans = word_diff(a, b)
    for span in spans:
        if span.kind == REMOVED:
            assert span.text == a[span.a_start : span.a_end]
            assert span.b_start == span.b_end
        else:
            assert span.text == b[span.b_start : span.b_end]
        if span.kind == ADDED:
            assert span.a_start == span.a_end
        if span.kind == KEPT:
            assert a[span.a_start : span.a_end].split() == span.text.split()
    # The spans tile both texts, in order.
    assert "".join(s.text for s in spans if s.kind != REMOVED) == b
    assert "".join(a[s.a_start : s.a_end] for s in spans if s.kind != ADDED) == a


def test_the_diff_marks_what_changed_with_a_symbol_too() -> None:
    spans = word_diff(
        "the port is shut today and tomorrow", "the port is open today and tomorrow, officials said"
    )
    shown = [(s.symbol, s.text) for s in spans]
    assert shown == [
        (" ", "the port is "),
        ("-", "shut "),
        ("+", "open "),
        (" ", "today and "),
        ("-", "tomorrow"),
        ("+", "tomorrow, officials said"),
    ]
    assert change_starts(spans) == [1, 4]
    assert change_starts(word_diff("same words", "same words")) == []


def test_the_size_of_the_difference_counts_words() -> None:
    assert str(diff_size(ORIGINAL, ORIGINAL)) == "no change"
    size = diff_size(ORIGINAL, ADDED_PARAGRAPH)
    assert (size.added, size.removed) == (len(EXTRA.split()), 0)
    assert str(size) == f"+{len(EXTRA.split())} -0 words"
    removed = diff_size(ORIGINAL, QUOTE_REMOVED)
    assert (removed.added, removed.removed) == (0, len(QUOTE.split()))
    assert 0 < removed.fraction < 0.2
    assert diff_size("a b", "c d").fraction == 1.0
