"""Our feeds against a WordPress feed: the structure is the contract.

Two references: tests/fixtures/wordpress-tag-feed.xml, written for these tests
(invented posts in the real feed's shape), always; and the user's real feed,
read from ../shared at test time (nothing of its text lives in this
repository), where it exists — elsewhere those cases skip. Contents differ
(different posts); everything a feed reader keys on must have the same shape.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from conftest import FIXTURE_FEED, post, read

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
}
LONG_BODY = "\n\n".join(f"Paragraph {n} of a long post about sidechain pumping and 808s." for n in range(20))
EMBED = ('<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
         '<div class="wp-block-embed__wrapper">\nhttps://youtube.com/shorts/lwhO2_td3dU\n</div></figure>')

FILES = {
    "content/posts/a.md": post("Rowan's First Beat", "2024-08-08 16:48:07-07:00", EMBED + "\n\n" + LONG_BODY,
                               id=8343, categories=["Releases"], tags=["808", "sidechain", "Drums"]),
    "content/posts/b.md": post("Second Beat", "2024-08-05 00:42:02-07:00", "Short body with *emphasis*.",
                               id=8291, categories=["Releases", "Gear"], tags=["sidechain"],
                               updated="2024-08-11 16:41:00-07:00"),
    "content/posts/c.md": post("Third Beat", "2024-05-20 10:50:20-07:00", "Body of the third.",
                               id=7703, categories=["Releases"], tags=["sidechain", "Lawsuit"],
                               excerpt="A manual excerpt, kept exactly as written"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build, make_site
    root = make_site(tmp_path_factory.mktemp("feeds") / "site", FILES)
    build(root)
    return root


def _feed_text(path) -> str:
    """The feed without what a caching plugin appends after `</rss>`."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index("</rss>") + len("</rss>")] + "\n"


@pytest.fixture(scope="module", params=["fixture-feed", "real-feed"])
def reference(request) -> str:
    """The WordPress feed to compare with: the one written for the tests, then the real one."""
    path = FIXTURE_FEED if request.param == "fixture-feed" else request.getfixturevalue("reference_feed")
    return _feed_text(path)


def _skeleton(xml: str) -> str:
    """The feed with every text and CDATA value blanked and runs of categories
    folded to one: what is left is names, attributes' names, order and whitespace."""
    xml = re.sub(r"<!\[CDATA\[.*?\]\]>", "<![CDATA[…]]>", xml, flags=re.S)
    xml = re.sub(r">[^<>]+</", lambda m: ">…</" if m.group(0).strip(">< /\t\n") else m.group(0), xml)
    xml = re.sub(r'(\w[\w:]*)="[^"]*"', r'\1="…"', xml)
    xml = re.sub(r"(\t\t<category><!\[CDATA\[…\]\]></category>\n)+", "\t\t<category><![CDATA[…]]></category>\n", xml)
    return xml


def _items(xml: str) -> list[str]:
    return re.findall(r"<item>.*?</item>", xml, flags=re.S)


def test_namespaces_in_reference_order(built, reference):
    ours = read(built, "tag/sidechain/feed/index.html")
    first = lambda text: re.findall(r'xmlns:(\w+)="([^"]+)"', text[: text.index("<channel>")])
    assert first(ours) == first(reference)
    assert ours.startswith('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n')


def test_channel_matches_reference_skeleton(built, reference):
    ours = read(built, "tag/sidechain/feed/index.html")
    head = lambda text: _skeleton(text[: text.index("<item>")])
    assert head(ours) == head(reference)


def test_every_item_matches_reference_skeleton(built, reference):
    ref_items = {_skeleton(item) for item in _items(reference)}
    assert len(ref_items) == 1, "the reference's items share one shape"
    ours = _items(read(built, "tag/sidechain/feed/index.html"))
    assert len(ours) == 3
    for item in ours:
        assert _skeleton(item) == next(iter(ref_items))
    tail = lambda text: _skeleton(text[text.rindex("</item>"):])
    assert tail(read(built, "tag/sidechain/feed/index.html")) == tail(reference)


def test_element_order_and_values(built, reference):
    root = ET.fromstring(read(built, "tag/sidechain/feed/index.html"))
    ref = ET.fromstring(reference)
    assert [c.tag for c in root.find("channel")][:10] == [c.tag for c in ref.find("channel")][:10]
    channel = root.find("channel")
    assert channel.findtext("title") == "sidechain Archives - Test Beats"
    assert channel.find("atom:link", NS).attrib == {
        "href": "https://beats.example/tag/sidechain/feed/", "rel": "self", "type": "application/rss+xml"}
    assert channel.findtext("link") == "https://beats.example/tag/sidechain/"
    assert channel.findtext("description") == "Loops & notes"
    # newest *modified* time among the items, later than every pubDate
    assert channel.findtext("lastBuildDate") == "Sun, 11 Aug 2024 23:41:00 +0000"
    assert channel.findtext("language") == "en-US"
    assert channel.findtext("image/url") == "https://beats.example/static/icon.png"
    assert channel.findtext("image/title") == channel.findtext("title")
    assert channel.findtext("image/link") == channel.findtext("link")

    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Rowan\u2019s First Beat", "Second Beat", "Third Beat"]
    first = items[0]
    assert first.findtext("link") == "https://beats.example/2024/08/08/rowans-first-beat/"
    assert first.findtext("dc:creator", namespaces=NS) == "Rowan Vale"
    assert first.findtext("pubDate") == "Thu, 08 Aug 2024 23:48:07 +0000"
    # categories first, then tags, each sorted case-insensitively
    assert [c.text for c in first.findall("category")] == ["Releases", "808", "Drums", "sidechain"]
    assert [c.text for c in items[1].findall("category")] == ["Gear", "Releases", "sidechain"]
    assert [c.text for c in items[2].findall("category")] == ["Releases", "Lawsuit", "sidechain"]
    assert first.find("guid").attrib == {"isPermaLink": "false"}
    assert [i.findtext("guid") for i in items] == [f"https://beats.example/?p={n}" for n in (8343, 8291, 7703)]


def test_reference_date_and_guid_forms(built, reference):
    date_form = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$")
    for text in (reference, read(built, "tag/sidechain/feed/index.html")):
        root = ET.fromstring(text)
        dates = [root.findtext("channel/lastBuildDate")] + [e.text for e in root.iter("pubDate")]
        assert all(date_form.match(d) for d in dates), dates
        assert all(re.fullmatch(r"https://[^/]+/\?p=\d+", g.text) for g in root.iter("guid"))


def test_excerpt_and_footer(built):
    items = ET.fromstring(read(built, "tag/sidechain/feed/index.html")).findall("channel/item")
    footer = ('<p>The post <a href="https://beats.example/2024/08/08/rowans-first-beat/">Rowan&#8217;s First Beat</a>'
              ' appeared first on <a href="https://beats.example">Test Beats</a>.</p>\n')
    description = items[0].findtext("description")
    words = ("Paragraph 0 of a long post about sidechain pumping and 808s. " * 1).split()
    assert description.startswith("<p>" + " ".join(words))       # the embed is not in the excerpt
    assert description.endswith(" [&#8230;]</p>\n" + footer)
    excerpt = description[3: description.index(" [&#8230;]")]
    assert len(excerpt.split()) == 55
    assert items[0].findtext("content:encoded", namespaces=NS).endswith("</p>" + footer)
    assert "wp-block-embed__wrapper" in items[0].findtext("content:encoded", namespaces=NS)
    # a short post: every word, no ellipsis
    assert items[1].findtext("description").startswith("<p>Short body with emphasis.</p>\n<p>The post ")
    # a manual excerpt: exactly as written
    assert items[2].findtext("description").startswith("<p>A manual excerpt, kept exactly as written</p>\n<p>The post ")


def test_cdata_where_the_reference_has_it(built, reference):
    ours = read(built, "tag/sidechain/feed/index.html")
    for element in ("dc:creator", "category", "description", "content:encoded"):
        assert f"<{element}><![CDATA[" in reference
        assert f"<{element}><![CDATA[" in ours
    for element in ("title", "link", "pubDate", "guid"):
        assert not re.search(rf"<{element}[^>]*><!\[CDATA\[", ours)


def test_fixture_feed_has_the_real_feeds_shape(reference_feed):
    """The feed written for the tests stands in for the real one only while their skeletons agree."""
    assert _skeleton(_feed_text(FIXTURE_FEED)) == _skeleton(_feed_text(reference_feed))
    first = lambda text: re.findall(r'xmlns:(\w+)="([^"]+)"', text[: text.index("<channel>")])
    assert first(_feed_text(FIXTURE_FEED)) == first(_feed_text(reference_feed))


def test_every_feed_parses_with_feedparser(built):
    feeds = sorted((built / "output").rglob("feed/index.html"))
    assert {f.relative_to(built / "output").as_posix() for f in feeds} == {
        "feed/index.html", "tag/sidechain/feed/index.html", "tag/808/feed/index.html",
        "tag/drums/feed/index.html", "tag/lawsuit/feed/index.html", "category/releases/feed/index.html",
        "category/gear/feed/index.html", "author/rowan-vale/feed/index.html"}
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        assert parsed.entries, path


def test_feed_holds_the_ten_newest(tmp_path):
    from conftest import build, make_site
    files = {f"content/posts/p{n:02d}.md": post(f"Post {n}", f"2024-01-{n:02d} 12:00:00+00:00") for n in range(1, 13)}
    root = make_site(tmp_path / "site", files)
    build(root)
    titles = [i.findtext("title") for i in ET.fromstring(read(root, "feed/index.html")).iter("item")]
    assert titles == [f"Post {n}" for n in range(12, 2, -1)]
