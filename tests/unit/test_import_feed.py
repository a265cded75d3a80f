"""Importing a WordPress RSS2 feed.

The first part reads the user's real feed (../shared/reference/, through the
`reference_feed` fixture: skipped with the reason where it is absent, run in CI).
The second part uses a small feed written here in WordPress's shape (invented
text), so the importer's own rules are tested everywhere.
"""
from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest
import yaml

from generator.errors import TrackpressError
from generator.importers import import_feed

POSTS = Path("content/posts/2024")
SLUGS = {
    8343: "elon-musks-productivity-process",
    8291: "does-elon-musk-have-a-simplified-system-to-optimize-your-workflow",
    7703: "key-points-from-the-elon-musk-vs-openai-lawsuit",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, reference_feed):
    root = tmp_path_factory.mktemp("site")
    report = import_feed(reference_feed, root, categories=["insights"])
    return root, report


def _stored_bodies(reference: Path) -> list[str]:
    """content:encoded of each item, read straight from the feed text."""
    text = reference.read_text(encoding="utf-8")
    return re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", text, re.S)


def _file(root: Path, post_id: int) -> Path:
    return root / POSTS / f"{SLUGS[post_id]}.md"


def test_writes_one_markdown_file_per_item_under_its_url_year(imported):
    root, report = imported
    assert sorted(report.written) == sorted(f"content/posts/2024/{slug}.md" for slug in SLUGS.values())
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(report.written)
    assert report.skipped == ()


def test_front_matter_of_the_first_item(imported):
    root, _ = imported
    post = frontmatter.load(_file(root, 8343))
    assert list(post.metadata) == ["title", "date", "slug", "permalink", "author", "author_slug",
                                   "categories", "tags", "id", "guid", "format"]
    assert post["title"] == "Elon Musk's Productivity Process"   # straight again: the build texturizes it
    assert post["date"] == "2024-08-08 23:48:07+00:00"
    assert post["slug"] == "elon-musks-productivity-process"
    assert post["permalink"] == "/2024/08/08/elon-musks-productivity-process/"
    assert post["author"] == "TMacBiz"
    assert post["author_slug"] == "tmacbiz"
    assert post["categories"] == ["Insights"]
    assert post["tags"] == ["7steps", "elon musk", "productivity"]
    assert post["id"] == 8343
    assert post["guid"] == "https://mashene.com/?p=8343"
    assert post["format"] == "html"


def test_url_keeps_the_local_date_while_date_is_gmt(imported):
    root, _ = imported
    post = frontmatter.load(_file(root, 7703))
    assert post["permalink"] == "/2024/05/21/key-points-from-the-elon-musk-vs-openai-lawsuit/"
    assert post["date"] == "2024-05-20 17:50:20+00:00"
    assert post["categories"] == ["Insights"]
    assert post["tags"] == ["elon musk", "lawsuit", "Open.ai", "vs Sam Altman"]
    assert post["id"] == 7703 and post["guid"] == "https://mashene.com/?p=7703"


def test_only_the_hand_written_excerpt_is_kept(imported):
    root, _ = imported
    assert "excerpt" not in frontmatter.load(_file(root, 8343)).metadata
    assert "excerpt" not in frontmatter.load(_file(root, 8291)).metadata
    assert frontmatter.load(_file(root, 7703))["excerpt"] == (
        "These bullet points provide a comprehensive yet simplified understanding of the key issues in the "
        "Elon Musk vs. OpenAI lawsuit, focusing on the deviation from the original mission, "
        "commercialization, and ethical concerns surrounding AGI development")


@pytest.mark.parametrize("index, post_id", [(0, 8343), (1, 8291), (2, 7703)])
def test_body_is_content_encoded_minus_the_footer(imported, reference_feed, index, post_id):
    root, _ = imported
    stored = _stored_bodies(reference_feed)[index]
    footer_at = stored.rindex("<p>The post <a href=")
    assert stored[footer_at:].endswith("</a>.</p>\n")
    text = _file(root, post_id).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert "appeared first on" not in body
    assert body == stored[:footer_at]
    assert frontmatter.loads(text).content == stored[:footer_at].strip()


def test_terms_are_all_tags_when_no_category_is_named(tmp_path, reference_feed):
    report = import_feed(reference_feed, tmp_path)
    post = frontmatter.load(_file(tmp_path, 8343))
    assert "categories" not in post.metadata
    assert post["tags"] == ["Insights", "7steps", "elon musk", "productivity"]
    assert any("every term was written as a tag" in note for note in report.notes)


def test_a_second_import_keeps_edited_files(tmp_path, reference_feed):
    import_feed(reference_feed, tmp_path, categories=["Insights"])
    edited = _file(tmp_path, 8343)
    edited.write_text("my edit", encoding="utf-8")
    again = import_feed(reference_feed, tmp_path, categories=["Insights"])
    assert again.written == ()
    assert ("content/posts/2024/elon-musks-productivity-process.md", "exists; use --force to overwrite") in again.skipped
    assert edited.read_text(encoding="utf-8") == "my edit"


# -- A feed written here, in the shape WordPress with Yoast publishes ---------------------

def feed_item(title: str, slug: str, *, day: str = "10", terms=("Insights", "synths"),
              description: str = "", content: str = "<p>Words.</p>\n", post_id: int = 1,
              link: str = "") -> str:
    link = link or f"https://beats.example/2024/03/{day}/{slug}/"
    categories = "".join(f"\n\t\t<category><![CDATA[{t}]]></category>" for t in terms)
    footer = (f'<p>The post <a href="{link}">{title}</a> appeared first on '
              '<a href="https://beats.example">Test Beats</a>.</p>\n')
    return f"""
	<item>
		<title>{title}</title>
		<link>{link}</link>
		<dc:creator><![CDATA[Rowan Vale]]></dc:creator>
		<pubDate>Sun, {day} Mar 2024 18:00:00 +0000</pubDate>{categories}
		<guid isPermaLink="false">https://beats.example/?p={post_id}</guid>
		<description><![CDATA[{description}{footer}]]></description>
		<content:encoded><![CDATA[{content}{footer}]]></content:encoded>
		<wfw:commentRss>{link}feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>"""


def feed(*items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>synths Archives - Test Beats</title>
	<atom:link href="https://beats.example/tag/synths/feed/" rel="self" type="application/rss+xml" />
	<link>https://beats.example/tag/synths/</link>
	<description>Loops &amp; notes</description>
	<lastBuildDate>Sun, 10 Mar 2024 18:00:00 +0000</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.5</generator>{"".join(items)}
	</channel>
</rss>
"""


BASIC = feed(
    feed_item("Rowan&#8217;s Tape Loop", "rowans-tape-loop", post_id=11,
              description="<p>A loop made by hand.</p>\n"),
    feed_item("Bass &#038; Drums", "bass-drums", day="09", post_id=12, terms=("synths",),
              description="<p>Low end talk [&#8230;]</p>\n"),
)


def write_feed(tmp_path: Path, text: str, name: str = "feed.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path, slug: str) -> frontmatter.Post:
    return frontmatter.load(root / POSTS / f"{slug}.md")


def test_fixture_feed_front_matter(tmp_path):
    report = import_feed(write_feed(tmp_path, BASIC), tmp_path / "site", categories=["Insights"])
    assert sorted(report.written) == ["content/posts/2024/bass-drums.md", "content/posts/2024/rowans-tape-loop.md"]
    post = load(tmp_path / "site", "rowans-tape-loop")
    assert post["title"] == "Rowan's Tape Loop"
    assert post["categories"] == ["Insights"] and post["tags"] == ["synths"]
    assert post["excerpt"] == "A loop made by hand."
    assert post["id"] == 11 and post["guid"] == "https://beats.example/?p=11"
    assert post.content == "<p>Words.</p>"
    other = load(tmp_path / "site", "bass-drums")
    assert other["title"] == "Bass & Drums" and "excerpt" not in other.metadata


def test_fixture_terms_are_all_tags_when_no_category_is_named(tmp_path):
    report = import_feed(write_feed(tmp_path, BASIC), tmp_path / "site")
    assert load(tmp_path / "site", "rowans-tape-loop")["tags"] == ["Insights", "synths"]
    assert any("every term was written as a tag" in note for note in report.notes)


def test_fixture_second_import_keeps_edited_files(tmp_path):
    path, root = write_feed(tmp_path, BASIC), tmp_path / "site"
    import_feed(path, root)
    edited = root / POSTS / "bass-drums.md"
    edited.write_text("my edit", encoding="utf-8")
    again = import_feed(path, root)
    assert again.written == ()
    assert ("content/posts/2024/bass-drums.md", "exists; use --force to overwrite") in again.skipped
    assert edited.read_text(encoding="utf-8") == "my edit"


# Escaped markup in a title or description is text the author wrote, and stays text.
SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_escaped_markup_in_title_and_description_stays_text(tmp_path):
    text = feed(feed_item(f"Tips {SCRIPT}", "tips-script", description=f"<p>Do {SCRIPT} now</p>\n",
                          content="<p>Body &lt;b&gt; stays as stored.</p>\n"))
    import_feed(write_feed(tmp_path, text), tmp_path / "site")
    file = tmp_path / "site" / POSTS / "tips-script.md"
    meta = yaml.safe_load(file.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:])
    assert meta["title"] == "Tips <script>alert(1)</script>"       # plain text, as WordPress showed it
    assert meta["excerpt"] == "Do <script>alert(1)</script> now"
    assert frontmatter.load(file).content == "<p>Body &lt;b&gt; stays as stored.</p>"


@pytest.mark.parametrize("title", [
    "Key: value # not a comment", "- leading dash", "? question", "&anchor *alias !tag %dir @at `tick",
    "'single' and \"double\" quotes", "yes", "null", "2024-03-10", "0x1F", "[not, a, list]", "{not: map}",
    "Line one\n---\nline three", "Tab\tinside", "夜のローファイ — 🎧", "a &amp; b stays &amp;",
])
def test_titles_read_back_exactly(tmp_path, title):
    """The feed's title is XML-escaped HTML text; what the author typed comes back from the file."""
    from html import escape
    from xml.sax.saxutils import escape as xml_escape
    in_feed = xml_escape(escape(title, quote=False)).replace("\n", "&#10;").replace("\t", "&#9;")
    import_feed(write_feed(tmp_path, feed(feed_item(in_feed, "odd"))), tmp_path / "site")
    text = (tmp_path / "site" / POSTS / "odd.md").read_text(encoding="utf-8")
    assert frontmatter.loads(text)["title"] == title
    assert text.split("\n")[1].startswith("title: ")       # one line, whatever it holds
    assert text.count("\n---\n") == 1


def test_two_items_with_one_slug_get_two_files(tmp_path):
    text = feed(feed_item("One", "same", post_id=1), feed_item("Two", "same", day="09", post_id=2))
    report = import_feed(write_feed(tmp_path, text), tmp_path / "site")
    assert sorted(report.written) == ["content/posts/2024/same-2.md", "content/posts/2024/same.md"]
    assert load(tmp_path / "site", "same")["title"] == "One"
    assert load(tmp_path / "site", "same-2")["title"] == "Two"
    assert any("written as same-2.md" in note for note in report.notes)


def test_a_link_that_climbs_out_is_not_kept(tmp_path):
    text = feed(feed_item("Climb", "x", link="https://beats.example/2024/../../../etc/passwd/"))
    report = import_feed(write_feed(tmp_path, text), tmp_path / "site")
    assert report.written == ("content/posts/2024/climb.md",)       # the slug comes from the title
    assert "permalink" not in load(tmp_path / "site", "climb").metadata
    assert any("is not a plain site path" in note for note in report.notes)


@pytest.mark.parametrize("text, message", [
    ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
     "not an RSS feed (no <channel>)"),
    (BASIC[: BASIC.index("<guid")], "XML is broken (the file ends too early"),
    ("PK\x03\x04 this is a zip", "XML is broken ("),
    ("", "XML is broken (the file ends too early"),
    ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>&b;</channel></rss>',
     "declares entities or a DTD"),
])
def test_a_file_that_is_not_a_feed_is_a_message(tmp_path, text, message):
    path = write_feed(tmp_path, text)
    with pytest.raises(TrackpressError) as caught:
        import_feed(path, tmp_path / "site")
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    assert " — " in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_a_missing_file_or_a_folder_is_a_message(tmp_path):
    with pytest.raises(TrackpressError, match="no such file — check the path"):
        import_feed(tmp_path / "nope.xml", tmp_path / "site")
    with pytest.raises(TrackpressError, match="is a folder, not a file"):
        import_feed(tmp_path, tmp_path / "site")


def test_the_command_line_says_what_is_wrong_without_a_traceback(tmp_path):
    from conftest import run_cli
    path = write_feed(tmp_path, "<html><body>not a feed</body></html>")
    result = run_cli("import", "feed", str(path), "--root", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {path}: not an RSS feed")
    assert "Traceback" not in result.stderr
