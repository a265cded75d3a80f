"""The table of contents gets the same typography as the headings it lists (issue 12).

Python-Markdown's toc extension builds `md.toc` from the headings' text while it
converts; WordPress typography (curly quotes, dashes) runs afterwards on the
body only, so the list used to keep the straight quotes the headings lost.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from generator.markdown import render_body
from generator.model import Author, Entry

WHEN = datetime(2024, 6, 1, tzinfo=timezone.utc)


def body(text: str):
    entry = Entry(kind="post", source="content/posts/a.md", title="T", slug="t", date=WHEN, updated=WHEN,
                  author=Author("a", "a"), url="/t/", guid="g", body=text, body_line=1, format="markdown")
    return render_body(entry, 55)


def _texts(html: str, tag: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)]


def test_toc_entries_read_exactly_like_their_headings():
    rendered = body("## Don't \"warm\" it -- yet\n\nText.\n\n## The '80s sound...\n\nMore.\n")
    headings = _texts(rendered.html, "h2")
    entries = _texts(rendered.toc, "a")
    assert headings == ["Don&#8217;t &#8220;warm&#8221; it &#8212; yet", "The &#8217;80s sound&#8230;"]
    assert entries == headings
    assert "'" not in rendered.toc.split('href="')[0] and '"warm"' not in rendered.toc


def test_toc_links_still_point_at_the_headings_ids():
    rendered = body("## Don't stop\n\nText.\n")
    assert 'href="#dont-stop"' in rendered.toc and 'id="dont-stop"' in rendered.html
