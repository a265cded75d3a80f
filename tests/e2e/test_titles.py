"""WordPress titles are HTML: kept (sanitised) on pages, stripped in feeds; Markdown titles stay text."""
from __future__ import annotations


from conftest import build, make_site, post, read

TITLE = 'Markup: Title <em>With</em> <b>Mark<sup>up</sup></b><script>alert(1)</script> &amp; "more"'


def built(tmp_path):
    root = make_site(tmp_path / "s", {
        "content/posts/a.md": post(TITLE, "2024-06-01", "<p>Body.</p>", format="html", slug="markup"),
        "content/posts/b.md": post("Plain <em>text</em>", "2024-06-02", "Body.", slug="plain"),
    })
    build(root)
    return root


def test_feed_titles_are_plain_text(tmp_path):
    feed = read(built(tmp_path), "feed/index.html")
    assert "<title>Markup: Title With Markup &amp; &#8220;more&#8221;</title>" in feed
    assert "<title>Plain &lt;em&gt;text&lt;/em&gt;</title>" in feed
    assert "alert" not in feed


def test_page_titles_keep_inline_markup(tmp_path):
    root = built(tmp_path)
    page = read(root, "2024/06/01/markup/index.html")
    assert "Title <em>With</em> <b>Mark<sup>up</sup></b>" in page and "<script>alert" not in page
    assert "<title>Markup: Title With Markup &amp; “more” - Test Beats</title>" in page
    assert "Plain &lt;em&gt;text&lt;/em&gt;" in read(root, "2024/06/02/plain/index.html")
