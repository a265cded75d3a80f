"""Hostile text end to end: titles, terms, author names and bodies full of
markup, quotes, `]]>`, stray ampersands and control characters come out
escaped in every page and as well-formed XML in every feed.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest

from conftest import BASE_CONFIG, build, make_site, post

HOSTILE_TITLE = "<script>alert(1)</script> & \"Quotes\" 'n' Stuff ]]> \x01"
HOSTILE_TAG = "<b>bold</b> & co"
HOSTILE_CATEGORY = "Cats & <i>Dogs</i>"
HOSTILE_AUTHOR = 'Eve <evil> & "Mallory"'
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("hostile"), {
        "content/posts/hostile.md": post(
            HOSTILE_TITLE, "2024-05-01",
            body="Body with ]]> inside, a \x02 control character & a stray ampersand.\n\nSecond paragraph.",
            tags=[HOSTILE_TAG], categories=[HOSTILE_CATEGORY], author=HOSTILE_AUTHOR),
        "content/posts/raw-html.md": post(
            "Raw HTML body", "2024-05-02", format="html",
            body="<p>Stored HTML with ]]> and \x03 and a lone & here.</p>", tags=[HOSTILE_TAG]),
        "content/posts/calm.md": post("A calm post", "2024-04-01", tags=["Mixing"]),
    })
    build(root)
    return root


def output_files(root: Path, pattern: str) -> dict[str, str]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.glob(pattern))}


def feeds(root: Path) -> dict[str, str]:
    return output_files(root, "**/feed/index.html")


def html_pages(root: Path) -> dict[str, str]:
    return {path: text for path, text in output_files(root, "**/*.html").items()
            if not path.endswith("feed/index.html")}


def hostile_page(root: Path) -> str:
    [page] = [p for p in (root / "output/2024/05/01").glob("*/index.html")]
    return page.read_text(encoding="utf-8")


def straight(text: str) -> str:
    """Undo WordPress typography: curly quotes back to straight ones."""
    return text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}))


def items(feed_text: str) -> list[ET.Element]:
    return ET.fromstring(feed_text.encode("utf-8")).findall("./channel/item")


# --- pages ---------------------------------------------------------------------------------

def test_hostile_title_is_escaped_on_its_page(hostile):
    page = hostile_page(hostile)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in page

    [title] = re.findall(r"<title>(.*?)</title>", page, re.S)
    assert "<" not in title and ">" not in title
    assert title.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ")
    shown = straight(html.unescape(title))
    assert shown.startswith("<script>alert(1)</script> & \"Quotes\" 'n' Stuff ]]>")
    assert shown.endswith(" - Test Beats")

    [heading] = re.findall(r'<h1 class="entry__title">(.*?)</h1>', page, re.S)
    assert straight(html.unescape(heading)).startswith("<script>alert(1)</script> & \"Quotes\" 'n' Stuff ]]>")


def test_no_page_carries_live_markup_from_names(hostile):
    pages = html_pages(hostile)
    assert len(pages) > 5
    for path, text in pages.items():
        for live in ("<script>alert", "<b>bold</b>", "<i>Dogs</i>", "<evil>"):
            assert live not in text, f"{path} has live {live}"

    page = hostile_page(hostile)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    assert "Cats &amp; &lt;i&gt;Dogs&lt;/i&gt;" in page
    assert "Eve &lt;evil&gt; &amp;" in page


def test_hostile_term_archives_exist_and_are_escaped(hostile):
    tag_page = (hostile / "output/tag/bold-co/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;bold&lt;/b&gt; &amp; co Archives - Test Beats</title>" in tag_page
    assert "Tag: &lt;b&gt;bold&lt;/b&gt; &amp; co" in tag_page
    category_page = (hostile / "output/category/cats-dogs/index.html").read_text(encoding="utf-8")
    assert "<title>Cats &amp; &lt;i&gt;Dogs&lt;/i&gt; Archives - Test Beats</title>" in category_page
    assert (hostile / "output/author/eve-mallory/index.html").is_file()


# --- feeds ---------------------------------------------------------------------------------

def test_every_feed_is_well_formed(hostile):
    found = feeds(hostile)
    assert {"feed/index.html", "tag/bold-co/feed/index.html", "category/cats-dogs/feed/index.html",
            "author/eve-mallory/feed/index.html"} <= set(found)
    for path, text in found.items():
        ET.fromstring(text.encode("utf-8"))          # raises on malformed XML
        parsed = feedparser.parse(text.encode("utf-8"))
        assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
        assert not CONTROL.search(text), f"{path} has a control character"


def test_feed_channel_titles_keep_hostile_term_names(hostile):
    found = feeds(hostile)
    channel = ET.fromstring(found["tag/bold-co/feed/index.html"].encode("utf-8")).find("channel")
    assert channel.findtext("title") == "<b>bold</b> & co Archives - Test Beats"
    channel = ET.fromstring(found["author/eve-mallory/feed/index.html"].encode("utf-8")).find("channel")
    assert channel.findtext("title") == 'Eve <evil> & "Mallory", Author at Test Beats'


def test_feed_items_keep_the_original_characters(hostile):
    expected_title = "<script>alert(1)</script> & \"Quotes\" 'n' Stuff ]]>"
    seen = 0
    for path, text in feeds(hostile).items():
        for item in items(text):
            if "/2024/05/01/" not in item.findtext("link"):
                continue
            seen += 1
            assert straight(item.findtext("title")).strip() == expected_title, path
            assert item.findtext(CREATOR) == HOSTILE_AUTHOR, path
            assert [c.text for c in item.findall("category")] == [HOSTILE_CATEGORY, HOSTILE_TAG], path
        for entry in feedparser.parse(text.encode("utf-8")).entries:
            if "/2024/05/01/" in entry.link:
                assert straight(entry.title).strip() == expected_title, path
                assert [t.term for t in entry.tags] == [HOSTILE_CATEGORY, HOSTILE_TAG], path
    # the home feed, the tag feed, the category feed and the author feed
    assert seen == 4


def test_cdata_terminator_control_characters_and_stray_ampersands_in_bodies(hostile):
    home = {item.findtext("title"): item for item in items(feeds(hostile)["feed/index.html"])}
    markdown_item = next(item for title, item in home.items() if "alert(1)" in title)
    markdown_body = html.unescape(markdown_item.findtext(CONTENT))
    stored_html_body = html.unescape(home["Raw HTML body"].findtext(CONTENT))

    assert "Body with ]]> inside, a  control character & a stray ampersand." in markdown_body
    assert "Second paragraph." in markdown_body
    assert "Stored HTML with ]]> and  and a lone & here." in stored_html_body
    for body in (markdown_body, stored_html_body):
        assert not CONTROL.search(body)
    # the excerpt in <description> is CDATA too
    assert "Body with ]]> inside" in html.unescape(markdown_item.findtext("description"))
    assert "Stored HTML with ]]> and" in html.unescape(home["Raw HTML body"].findtext("description"))


def test_cdata_terminator_in_author_and_term_names(tmp_path):
    """dc:creator and category are plain text in CDATA: a name containing
    `]]>` must read back as written, not as `]]&gt;`."""
    root = make_site(tmp_path, {
        "content/posts/odd.md": post("Odd names", "2024-05-01", author="Eve ]]> Mallory",
                                     tags=["a ]]> b"], categories=["x]]>y"]),
    })
    build(root)
    text = (root / "output/feed/index.html").read_text(encoding="utf-8")
    [item] = items(text)
    assert item.findtext(CREATOR) == "Eve ]]> Mallory"
    assert [c.text for c in item.findall("category")] == ["x]]>y", "a ]]> b"]
    entry = feedparser.parse(text.encode("utf-8")).entries[0]
    assert entry.author == "Eve ]]> Mallory"
    assert [t.term for t in entry.tags] == ["x]]>y", "a ]]> b"]


# --- Unicode slugs -------------------------------------------------------------------------

def test_japanese_title_gets_a_unicode_slug_and_lowercase_percent_encoded_links(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/yoru.md": post("夜のローファイ", "2024-05-02", tags=["ローファイ"]),
    })
    build(root)
    out = root / "output"
    assert (out / "2024/05/02/夜のローファイ/index.html").is_file()
    assert (out / "tag/ローファイ/index.html").is_file()
    assert (out / "tag/ローファイ/feed/index.html").is_file()

    encoded = quote("夜のローファイ").lower()
    assert encoded.startswith("%e5%a4%9c")
    [item] = items((out / "feed/index.html").read_text(encoding="utf-8"))
    assert item.findtext("title") == "夜のローファイ"
    assert item.findtext("link") == f"https://beats.example/2024/05/02/{encoded}/"
    assert item.findtext("guid") == f"https://beats.example/2024/05/02/{encoded}/"

    tag_feed = ET.fromstring((out / "tag/ローファイ/feed/index.html").read_bytes())
    assert tag_feed.findtext("channel/link") == f"https://beats.example/tag/{quote('ローファイ').lower()}/"
    for text in feeds(root).values():
        escapes = re.findall(r"%[0-9A-Fa-f]{2}", text)
        assert escapes and escapes == [e.lower() for e in escapes]

    page = (out / "2024/05/02/夜のローファイ/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://beats.example/2024/05/02/{encoded}/">' in page
    assert "<title>夜のローファイ - Test Beats</title>" in page


def test_punctuation_in_a_title_is_dropped_from_the_slug_as_wordpress_does(tmp_path):
    """sanitize_title_with_dashes turns only whitespace, `.` and `/` into
    hyphens and deletes other ASCII punctuation: "Q&A" → "qa", "1,000" → "1000"."""
    root = make_site(tmp_path, {
        "content/posts/hostile.md": post(HOSTILE_TITLE, "2024-05-01"),
        "content/posts/qa.md": post("How I got 1,000 streams & a Q&A (live)", "2024-05-03"),
    })
    build(root)
    assert (root / "output/2024/05/01/alert1-quotes-n-stuff/index.html").is_file()
    assert (root / "output/2024/05/03/how-i-got-1000-streams-a-qa-live/index.html").is_file()
