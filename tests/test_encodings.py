"""Decoding legacy and Unicode files, and cleaning what reaches the index."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.ingest import read_source, scan
from index.ingest.clean import DecodeError, clean_text, decode_bytes, safe_name, unescape_name
from index.models import Article, Skip

TITLE = "Café owner’s “big” day"
BODY = "Zoë said: naïve façades — déjà vu.\n\nSecond paragraph."
TEXT = f"{TITLE}\n\n{BODY}\n"


def read(root: Path, data: bytes, name: str = "x.txt") -> Article | Skip:
    path = root / name
    path.write_bytes(data)
    files, _ = scan(root, [path])
    [item] = read_source(files[0])
    return item


def assert_reads(root: Path, data: bytes, title: str = TITLE, body: str = BODY) -> None:
    a = read(root, data)
    assert isinstance(a, Article), a
    assert (a.title, a.body) == (title, body)


def test_utf8_reads_as_is(tmp_path: Path) -> None:
    assert_reads(tmp_path, TEXT.encode("utf-8"))


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    assert_reads(tmp_path, codecs.BOM_UTF8 + TEXT.encode("utf-8"))


def test_cp1252_curly_quotes_and_accents_read(tmp_path: Path) -> None:
    assert_reads(tmp_path, TEXT.encode("cp1252"))


def test_latin1_reads(tmp_path: Path) -> None:
    text = "Zürich café\n\nSeñor Müller paid £5 for crème brûlée.\n"
    body = "Señor Müller paid £5 for crème brûlée."
    assert_reads(tmp_path, text.encode("latin-1"), "Zürich café", body)


def test_the_five_bytes_cp1252_leaves_undefined_do_not_break_decoding() -> None:
    assert decode_bytes(b"caf\xe9 \x81\x8d\x8f\x90\x9d ok") == "café \x81\x8d\x8f\x90\x9d ok"
    assert clean_text("café \x81\x8d\x8f\x90\x9d ok") == "café  ok"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_read(tmp_path: Path, codec: str) -> None:
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert_reads(tmp_path, data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised_by_its_nul_bytes(tmp_path: Path, codec: str) -> None:
    assert_reads(tmp_path, TEXT.encode(codec))


def test_mostly_utf8_with_stray_cp1252_bytes_keeps_both(tmp_path: Path) -> None:
    data = "Café owner’s day\n\nZoë said ".encode() + b"\x93hello\x94 and \xe9t\xe9.\n"
    assert_reads(tmp_path, data, "Café owner’s day", "Zoë said “hello” and été.")


def test_crlf_and_cr_line_ends_become_newlines(tmp_path: Path) -> None:
    assert_reads(tmp_path, b"Title\r\n\r\nOne.\r\rTwo.\r\n", "Title", "One.\n\nTwo.")


def test_control_characters_are_removed_but_tabs_and_newlines_kept(tmp_path: Path) -> None:
    data = "Ti\x07tle\x08\n\nA\tB\x0e\x1f\x7f and C1\x85\x9b here.\n".encode()
    assert_reads(tmp_path, data, "Title", "A\tB and C1 here.")


def test_ansi_and_osc_sequences_are_removed_whole(tmp_path: Path) -> None:
    data = (
        b"\x1b]0;pwned title\x07Headline\x1b[0m\n\n"
        b"\x1b[1;31mRed\x1b[0m text. \x1b]52;c;ZWNobyBoaQ==\x07Copied?"
        b" \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b(Bdone\x1b[2J\n"
    )
    assert_reads(tmp_path, data, "Headline", "Red text. Copied? link done")


def test_an_unterminated_osc_is_removed_to_the_end_of_its_line() -> None:
    assert clean_text("keep\x1b]52;c;c2VjcmV0 never ends\nnext line") == "keep\nnext line"


def test_html_entities_in_plain_text_are_decoded(tmp_path: Path) -> None:
    data = b"AT&amp;T&#8217;s &quot;deal&quot;\n\nCaf&eacute; &#x2014; &lt;b&gt; &notanentity; R&D &nbsp\n"
    assert_reads(tmp_path, data, 'AT&T’s "deal"', "Café — <b> &notanentity; R&D &nbsp")


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    assert_reads(tmp_path, b"Cafe\xcc\x81\n\nde\xcc\x81ja\xcc\x80 vu\n", "Café", "déjà vu")


def test_bidi_and_zero_width_characters_are_kept_and_a_leading_bom_dropped() -> None:
    text = "\ufeffabc\u202edef\u200b\u2066x\u2069"
    assert clean_text(text) == "abc\u202edef\u200b\u2066x\u2069"


def test_a_bom_encoded_as_an_entity_is_dropped_at_the_start(tmp_path: Path) -> None:
    assert_reads(tmp_path, b"&#65279;Title\n\nBody.\n", "Title", "Body.")


@settings(max_examples=150, deadline=None, database=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_to_text_or_a_decode_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason == "binary file"
    else:
        assert isinstance(text, str)


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(max_size=500))
def test_cleaned_text_has_no_control_characters_and_encodes_as_utf8(text: str) -> None:
    cleaned = clean_text(text)
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\r" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogates


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(exclude_categories=()),
            st.sampled_from(["\udc80", "\udce9", "\ud800", "\\", "x", "u", "4", "\n", "\x85"]),
        ),
        max_size=40,
    )
)
def test_safe_names_are_printable_utf8_and_reversible(name: str) -> None:
    safe = safe_name(name)
    safe.encode("utf-8")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in safe)
    assert unescape_name(safe) == name
