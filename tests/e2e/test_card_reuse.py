"""A post's card, rendered once per build and reused on every listing page, is the card each page
would have rendered: the same bytes everywhere, a child theme's override honoured with whatever
page values it reads, and an edit seen on every listing at the next build."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, NOW, make_site, post
from generator import render
from generator.build import BuildOptions, build_site

CARD = re.compile(r'<article class="card.*?</article>', re.S)


def files() -> dict[str, str]:
    found = {}
    for i in range(14):
        found[f"content/posts/take-{i:02d}.md"] = post(
            f"Take {i} <em>late</em> & loud", f"2024-0{1 + i % 3}-{1 + i:02d} 21:00:00",
            f"Bounced the {i}th mix to tape, then printed the stems.",
            tags=[f"tape {i % 3}", "stems"], categories=["Mixing" if i % 2 else "Sessions"])
    return found


def cards(root: Path, page: str) -> list[str]:
    return CARD.findall((root / "output" / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_card_is_the_same_bytes_on_every_listing(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)           # with 2 jobs: forked workers, each its own cards
    root = make_site(tmp_path / "site", files())
    build_site(BuildOptions(root=root, now=NOW, jobs=jobs, cache=False))
    listings = ["index.html", "page/2/index.html", "tag/stems/index.html", "tag/tape-1/index.html",
                "category/mixing/index.html", "2024/02/index.html", "2024/index.html", "author/rowan-vale/index.html"]
    by_title: dict[str, set[str]] = {}
    for page in listings:
        for card in cards(root, page):
            title = re.search(r'rel="bookmark">(.*?)</a>', card).group(1)
            by_title.setdefault(title, set()).add(card)
    assert len(by_title) == 14
    assert all(len(seen) == 1 for seen in by_title.values()), [t for t, s in by_title.items() if len(s) > 1]
    assert "Take 4 &lt;em&gt;late&lt;/em&gt; &amp; loud" in by_title      # a Markdown title is text


def test_a_child_themes_card_shows_each_pages_own_values(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    site = files()
    site["themes/kid/theme.toml"] = 'parent = "default"\n'
    site["themes/kid/templates/partials/post-card.html"] = (
        '<article class="card">{{ post.title }} | {{ archive.heading or archive.name }} | page {{ pagination.current }}'
        '{% include "partials/reading-time.html" %}</article>\n')
    root = make_site(tmp_path / "site", site, config=BASE_CONFIG + 'theme = "kid"\nposts_per_page = 4\n')
    build_site(BuildOptions(root=root, now=NOW, jobs=2, cache=False))
    for page, heading, number in [("tag/stems/index.html", "Tag: stems", 1), ("tag/stems/page/2/index.html", "Tag: stems", 2),
                                  ("tag/tape-0/index.html", "Tag: tape 0", 1), ("2024/index.html", "Archive: 2024", 1),
                                  ("index.html", "Test Beats", 1)]:
        found = cards(root, page)
        assert found, page
        assert all(f" | {heading} | page {number}" in card for card in found), (page, found)


def test_an_edited_title_is_on_every_listing_at_the_next_build(tmp_path):
    root = make_site(tmp_path / "site", files())
    options = BuildOptions(root=root, now=NOW, jobs=1)
    build_site(options)
    assert any("Take 5 &lt;em&gt;" in c for c in cards(root, "tag/stems/index.html"))
    path = root / "content/posts/take-05.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Take 5", "Take Five"), encoding="utf-8")
    build_site(options)
    for page in ["tag/stems/index.html", "tag/tape-2/index.html", "category/mixing/index.html", "2024/03/index.html",
                 "author/rowan-vale/index.html"]:
        text = "".join(cards(root, page))
        assert "Take Five &lt;em&gt;" in text and "Take 5 " not in text, page
