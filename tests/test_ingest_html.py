"""Saved web pages: the main text without the page's furniture, and its metadata."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from index.ingest import read_source, scan
from index.models import Article, Skip

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Floods hit northern towns | The Daily Example</title>
<meta property="og:title" content="Floods hit northern towns">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://example.com/news/floods-hit-northern-towns">
<meta property="article:published_time" content="2005-03-01T12:30:00+02:00">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://example.com/news/floods-hit-northern-towns">
<script>window.dataLayer = [{"page": "article"}];</script>
<style>.ad-banner { color: red; }</style>
</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather centre</a></li>
</ul></nav></header>
<div class="ad-banner advertisement">Advertisement: cheap flights with SuperAir!</div>
<main>
<article>
<h1>Floods hit northern towns</h1>
<p class="byline">By Jane Reporter</p>
<div class="share-buttons social">
  <a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a>
</div>
<p>Heavy rain caused rivers to burst their banks across the north on Tuesday, forcing
hundreds of residents to leave their homes as water levels rose faster than forecast.</p>
<p>Emergency services said more than 300 properties had been flooded in the towns of
Riverside and Millbrook, where the river reached its highest level since 1870.</p>
<p>&ldquo;We have never seen anything like it,&rdquo; said local councillor Tom Baker,
who spent the night helping neighbours move furniture upstairs &amp; out of harm&#8217;s way.</p>
<p>The Environment Agency issued twelve severe flood warnings and urged people not to drive
through flood water, which can be deeper and faster-flowing than it looks.</p>
<p>Forecasters expect the rain to ease by Thursday, but warned that river levels could keep
rising for another two days as water drains from the hills.</p>
</article>
<aside class="related"><h3>Related Stories</h3><ul>
  <li><a href="/a">Storm warning issued for the coast</a></li>
  <li><a href="/b">Rainfall record broken in Millbrook</a></li>
</ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
  <div class="comment"><p>Reader123: This is terrible, my cousin lives there and lost
  everything in the flood last night.</p></div>
  <div class="comment"><p>FloodWatcher: The council should have built the defences years
  ago, shameful.</p></div>
  <form><textarea></textarea><button>Leave a reply</button></form>
</section>
</main>
<div class="newsletter">Sign up for our newsletter to get the best stories every morning.</div>
<footer><p>&copy; 2005 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
<script>var ads = "SuperAir cheap flights";</script>
</body>
</html>
"""


def read_page(root: Path, rel: str, content: str | bytes) -> Article | Skip:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    files, _ = scan(root, [path])
    [item] = read_source(files[0])
    return item


def test_a_saved_news_page_gives_its_main_text_only(tmp_path: Path) -> None:
    a = read_page(tmp_path, "weather/floods.html", PAGE)
    assert isinstance(a, Article), a
    assert a.body.startswith("Heavy rain caused rivers to burst their banks")
    assert a.body.endswith("as water drains from the hills.")
    for furniture in [
        "Home",
        "Weather centre",
        "SuperAir",
        "Advertisement",
        "Share on",
        "Facebook",
        "Related Stories",
        "Storm warning",
        "Reader123",
        "FloodWatcher",
        "Leave a reply",
        "newsletter",
        "All rights reserved",
        "Privacy",
        "dataLayer",
        ".ad-banner",
    ]:
        assert furniture not in a.body, furniture


def test_page_paragraphs_are_separated_by_blank_lines(tmp_path: Path) -> None:
    a = read_page(tmp_path, "floods.html", PAGE)
    assert isinstance(a, Article)
    assert a.body.count("\n\n") == 4
    assert "\n\n\n" not in a.body


def test_the_page_heading_is_the_title_and_not_repeated_in_the_body(tmp_path: Path) -> None:
    a = read_page(tmp_path, "floods.htm", PAGE)
    assert isinstance(a, Article)
    assert a.title == "Floods hit northern towns"
    assert "Floods hit northern towns" not in a.body


def test_page_metadata_fills_date_author_source_url_and_section(tmp_path: Path) -> None:
    a = read_page(tmp_path, "weather/floods.html", PAGE)
    assert isinstance(a, Article)
    assert a.date == datetime(2005, 3, 1, 10, 30)  # 12:30+02:00 as naive UTC
    assert a.author == "Jane Reporter"
    assert a.source == "The Daily Example"
    assert a.url == "https://example.com/news/floods-hit-northern-towns"
    assert a.section == "weather"
    assert a.id == a.path == "weather/floods.html"


def test_html_entities_in_a_page_are_decoded(tmp_path: Path) -> None:
    a = read_page(tmp_path, "floods.html", PAGE)
    assert isinstance(a, Article)
    assert "“We have never seen anything like it,”" in a.body
    assert "upstairs & out of harm’s way" in a.body


def test_a_page_without_a_stated_date_has_none(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2005-03-01T12:30:00+02:00">', "")
    a = read_page(tmp_path, "floods.html", page)
    assert isinstance(a, Article) and a.date is None


INDEX_PAGE = """<html><head><title>Index</title></head><body>
<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World news</a></li>
<li><a href='/sport'>Sport</a></li></ul></nav></header>
<main><ul><li><a href='/1'>Storm warning issued for the coast tonight</a></li>
<li><a href='/2'>Rainfall record broken in Millbrook</a></li></ul></main>
<footer><p>&copy; 2005 The Daily Example.</p></footer></body></html>"""


def test_a_page_without_article_text_is_skipped(tmp_path: Path) -> None:
    skip = Skip("index.html", "no article text found in HTML")
    assert read_page(tmp_path, "index.html", INDEX_PAGE) == skip
    menu = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body>"
    assert read_page(tmp_path, "index.html", menu) == skip


def test_a_short_plain_page_still_gives_its_text(tmp_path: Path) -> None:
    page = "<html><body><p>One paragraph from an old site, with no structure at all.</p></body>"
    a = read_page(tmp_path, "old.html", page)
    assert isinstance(a, Article)
    assert a.body == "One paragraph from an old site, with no structure at all."


def test_a_legacy_charset_declared_in_the_page_is_honoured(tmp_path: Path) -> None:
    text = "Наводнение затопило северные города. " * 12
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        f"<title>Наводнение</title></head><body><article><h1>Наводнение</h1><p>{text}</p>"
        f"<p>{text}</p></article></body></html>"
    )
    a = read_page(tmp_path, "ru.html", page.encode("koi8-r"))
    assert isinstance(a, Article), a
    assert a.title == "Наводнение"
    assert a.body.startswith("Наводнение затопило северные города.")


def test_a_cp1252_page_reads_its_curly_quotes(tmp_path: Path) -> None:
    para = "\u201cThe water came in within minutes,\u201d said the café owner. " * 6
    page = (
        "<html><head><title>Café flooded</title></head>"
        f"<body><article><p>{para}</p><p>{para}</p></article></body></html>"
    )
    a = read_page(tmp_path, "cafe.html", page.encode("cp1252"))
    assert isinstance(a, Article), a
    assert a.title == "Café flooded"
    assert a.body.startswith("\u201cThe water came in within minutes,\u201d said the café owner.")


def test_an_xml_declaration_does_not_break_a_page(tmp_path: Path) -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.replace("<!DOCTYPE html>", "")
    a = read_page(tmp_path, "xhtml.html", page)
    assert isinstance(a, Article) and a.title == "Floods hit northern towns"
