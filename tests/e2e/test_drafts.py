"""Empty titles and drafts (issue 8, item 1): WordPress allows an untitled post,
and a draft never blocks a build over fields that matter only once published."""
from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from conftest import NOW, make_site, post, read
from generator.build import BuildOptions, build_site
from generator.errors import BuildError, Reporter


def built(root: Path, **options):
    reporter = Reporter()
    summary = build_site(BuildOptions(root=root, now=NOW, **options), reporter)
    return summary, [str(w) for w in reporter.warnings]


@pytest.fixture
def untitled(tmp_path: Path) -> Path:
    root = make_site(tmp_path, {
        "content/posts/older.md": post("Older", "2024-05-01"),
        "content/posts/nameless.md": post("", "2024-05-02", body="A post with *no* title.", id=77),
        "content/posts/newer.md": post("Newer", "2024-05-03"),
        "content/pages/blank.md": "---\ntitle:\ndate: 2024-05-01\n---\nA page with a blank title.\n",
    })
    built(root)
    return root


def test_an_explicitly_empty_title_builds_where_wordpress_would_put_it(untitled):
    page = read(untitled, "2024/05/02/77/index.html")            # WordPress names an untitled post by its ID
    assert "<title>Test Beats</title>" in page                   # the site's title alone, no dangling " - "
    assert '<h1 class="entry__title">(no title)</h1>' in page
    assert '<meta property="og:title" content="Test Beats">' in page
    assert "A post with <em>no</em> title." in page
    assert (untitled / "output/blank/index.html").is_file()


def test_listings_and_neighbours_name_an_untitled_post(untitled):
    home = read(untitled, "index.html")
    assert '<a href="/2024/05/02/77/" rel="bookmark">(no title)</a>' in home
    older = read(untitled, "2024/05/01/older/index.html")
    newer = read(untitled, "2024/05/03/newer/index.html")
    assert '<span class="post-nav__title">Next Post</span>' in older           # WordPress's words for it
    assert '<span class="post-nav__title">Previous Post</span>' in newer


def test_the_feed_carries_an_empty_title_and_stays_valid(untitled):
    text = read(untitled, "feed/index.html")
    assert "<title></title>" in text
    feed = feedparser.parse(text)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Newer", "", "Older"]


def test_a_missing_title_key_is_still_an_error(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": "---\ndate: 2024-05-01\n---\nNo title key.\n"})
    with pytest.raises(BuildError) as caught:
        built(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        'content/posts/a.md:1: title: missing — add a line like title: "My new track"']


ZERO_DATE = "---\ntitle: Someday\ndate: 0000-00-00 00:00:00\ndraft: true\n---\nNot scheduled yet.\n"


def test_a_draft_wordpress_never_dated_is_a_warning_and_skipped(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"), "content/posts/someday.md": ZERO_DATE})
    summary, warnings = built(root)
    assert summary.posts == 1
    assert warnings == [
        'content/posts/someday.md:3: date: "0000-00-00 00:00:00" is out of range: the year must be 1000 to 9998 '
        "(a draft: skipped until it is fixed; --drafts builds it and shows this as an error) — use a date in the "
        "years 1000 to 9998"]


def test_with_drafts_a_draft_must_be_valid(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"), "content/posts/someday.md": ZERO_DATE})
    with pytest.raises(BuildError) as caught:
        built(root, drafts=True)
    assert [str(d) for d in caught.value.diagnostics] == [
        'content/posts/someday.md:3: date: "0000-00-00 00:00:00" is out of range: the year must be 1000 to 9998 '
        "— use a date in the years 1000 to 9998"]


def test_a_drafts_unsafe_permalink_missing_date_and_shared_guid_do_not_block(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01", guid="urn:one"),
        "content/posts/d1.md": post("D1", "2024-05-01", draft=True, permalink="//evil.example/"),
        "content/posts/d2.md": "---\ntitle: D2\ndraft: true\n---\n",
        "content/posts/d3.md": post("D3", "2024-05-02", draft=True, guid="urn:one"),
        "content/posts/d4.md": post("D4", "2024-05-01", draft=True, slug="a"),      # would share a's URL
    })
    summary, warnings = built(root)
    assert summary.posts == 1 and (root / "output/2024/05/01/a/index.html").is_file()
    assert [w.split(":")[0] for w in warnings] == ["content/posts/d1.md", "content/posts/d2.md", "content/posts/d3.md"]
    assert all("(a draft: skipped" in w for w in warnings)
    with pytest.raises(BuildError) as caught:
        built(root, drafts=True)
    paths = sorted({d.path for d in caught.value.diagnostics})
    assert paths == ["content/posts/a.md", "content/posts/d1.md", "content/posts/d2.md", "content/posts/d3.md"]
    assert any("content/posts/d4.md" in d.message for d in caught.value.diagnostics)     # the URL collision


def test_published_posts_errors_are_unchanged(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": "---\ntitle: A\ndate: 0000-00-00 00:00:00\n---\n"})
    with pytest.raises(BuildError) as caught:
        built(root)
    assert [d.path for d in caught.value.diagnostics] == ["content/posts/a.md"]
