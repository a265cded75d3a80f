"""Password-protected posts (issue 8, item 10): the URL answers with WordPress's
notice; none of the post's text reaches a page, a listing, a feed or a data file."""
from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from conftest import build, make_site, post, read

SECRET = "Xylophone-Secret-Lyric"


@pytest.fixture
def site_with_protected(tmp_path: Path) -> Path:
    root = make_site(tmp_path, {
        "content/posts/open.md": post("Open", "2024-05-01"),
        "content/posts/locked.md": post("Locked Session", "2024-05-02", body=f"The {SECRET} is here.\n\n<!--more-->",
                                        protected=True, excerpt=f"An {SECRET} excerpt", tags=["beats"],
                                        image="/static/cover.jpg",
                                        enclosures=[{"url": "https://cdn.example/secret.mp3", "length": 1, "type": "audio/mpeg"}]),
        "content/posts/locked.comments.yaml": f"- id: 1\n  author: Ann\n  date: 2024-05-03 10:00:00\n  content: {SECRET} leak\n  status: approved\n",
        "content/pages/vault.md": post("Vault", "2024-05-01", body=SECRET, protected=True),
    })
    build(root)
    return root


def test_the_url_answers_with_the_notice_and_the_title(site_with_protected):
    page = read(site_with_protected, "2024/05/02/locked-session/index.html")
    assert '<h1 class="entry__title">Protected: Locked Session</h1>' in page
    assert "<p>This content is password protected.</p>" in page
    assert 'id="comments"' not in page                       # WordPress hides a protected post's comments too
    vault = read(site_with_protected, "vault/index.html")
    assert "Protected: Vault" in vault and "This content is password protected." in vault


def test_listings_say_there_is_no_excerpt(site_with_protected):
    for path in ("index.html", "tag/beats/index.html", "2024/05/index.html"):
        listing = read(site_with_protected, path)
        assert "Protected: Locked Session" in listing
        assert "There is no excerpt because this is a protected post." in listing


def test_the_feed_lists_it_like_wordpress_with_no_text(site_with_protected):
    feed = feedparser.parse(read(site_with_protected, "feed/index.html"))
    [item] = [e for e in feed.entries if e.title.startswith("Protected:")]
    assert item.title == "Protected: Locked Session"
    assert item.summary.startswith("<p>There is no excerpt because this is a protected post.</p>")
    assert item.content[0].value.startswith("<p>This content is password protected.</p>")
    assert not item.get("enclosures")


def test_no_output_file_holds_its_text(site_with_protected):
    out = site_with_protected / "output"
    leaks = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaks == []
    assert not any("cover.jpg" in p.read_text(encoding="utf-8", errors="ignore") for p in out.rglob("*.html"))
