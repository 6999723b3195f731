"""Web-scrape debris is stripped from the end of bodies, and only from the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import read_source, scan
from index.ingest.debris import strip_debris
from index.models import Article, Skip

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_770da38ff012cf80.txt"
LAST = "The Chinese will be deported after serving their jail sentences."
STORY = "Rivers burst their banks across the north on Tuesday, forcing hundreds from their homes."


def test_the_seed_body_ends_with_its_last_sentence() -> None:
    files, _ = scan(SEED)
    [a] = read_source(files[0])
    assert isinstance(a, Article)
    assert a.title == "Top Official Admits Human Smuggling Ring, US Steps In"
    assert a.body.endswith(LAST)
    assert "Related Stories" not in a.body and "Exit mobile version" not in a.body


@pytest.mark.parametrize(
    "debris",
    [
        "Related Stories\n\nExit mobile version",
        "Related Articles:\nStorm warning for the coast\nRain record broken",
        "Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...",
        "Share on Facebook\nShare on Twitter\nClick to share on WhatsApp (Opens in new window)",
        "Advertisement\n\nSubscribe to our daily briefing",
        "Read more »\n\nSign up for our newsletter",
        "© 2005 The Daily Example\nAll rights reserved.",
        "Copyright 2005 Example Media Ltd",
        "Tags: floods, weather, north\nFiled under: News",
        "Follow us on Twitter @example\nPrint this article\nBack to top",
        "Comments\n\n3 comments\nLeave a reply\nCancel reply\n"
        "Your email address will not be published.\nRequired fields are marked *",
        "You may also like\n\nTen best flood defences\nWhy rivers rise",
        "More from Example News\n* Storm warning for the coast\n* Rain record broken",
        "## Related\n\n- [Storm warning](https://example.com/a)\n- [Rain record](https://example.com/b)",
        "[Read more](https://example.com/more)",
        "Loading...",
        "ADVERTISEMENT",
    ],
)
def test_trailing_debris_is_stripped(debris: str) -> None:
    body = f"{STORY}\n\nSecond paragraph ends here.\n\n{debris}\n\n"
    assert strip_debris(body) == f"{STORY}\n\nSecond paragraph ends here."


def test_a_related_heading_takes_its_link_titles_with_it() -> None:
    body = f"{STORY}\n\nRelated Stories\nCambodia arrests 200\nSmugglers jailed\nBorder tightened"
    assert strip_debris(body) == STORY


def test_a_long_paragraph_is_never_stripped() -> None:
    long_line = "Read more about the floods in our special report, " + "which covers it. " * 3
    assert len(long_line) >= 80
    body = f"{STORY}\n\n{long_line}"
    assert strip_debris(body) == body.rstrip()
    body = f"{STORY}\n\nRelated Stories\n{long_line}\nShort title"
    assert strip_debris(body) == body  # a long line below the heading: not a link list


def test_debris_words_in_the_middle_of_the_body_are_kept() -> None:
    body = f"Advertisement\n\nRelated Stories\n\n{STORY}\n\nShare this:\n\nThe end of the story."
    assert strip_debris(body) == body


def test_a_short_genuine_last_line_is_kept() -> None:
    for last in ["Additional reporting by Jane Doe.", "(Reuters)", "Ends.", "More from him later."]:
        body = f"{STORY}\n\n{last}"
        assert strip_debris(body) == body


def test_a_heading_followed_by_too_many_short_lines_is_not_a_link_list() -> None:
    lines = "\n".join(f"Line {n} of a poem" for n in range(20))
    body = f"{STORY}\n\nYou may also like\n{lines}"
    assert strip_debris(body) == body


def test_stripping_is_idempotent_and_trims_trailing_blank_lines() -> None:
    body = f"{STORY}\n\n\n   \n"
    assert strip_debris(body) == STORY
    assert strip_debris(strip_debris(body)) == STORY


def test_debris_is_stripped_from_json_bodies_too(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(
        '{"title": "T", "body": "' + STORY + '\\n\\nShare this:\\nFacebook\\nExit mobile version"}'
    )
    files, _ = scan(tmp_path)
    [a] = read_source(files[0])
    assert isinstance(a, Article) and a.body == STORY


def test_a_body_that_is_all_debris_leaves_nothing_to_index(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Headline\n\nRelated Stories\n\nExit mobile version\n")
    files, _ = scan(tmp_path)
    assert read_source(files[0]) == [Skip("x.txt", "no body")]
