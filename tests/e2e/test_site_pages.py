"""A mini-site built end to end: every page kind at its WordPress URL."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import post, read


class _Page(HTMLParser):
    """What a reader checks on a page: title, canonical, feed link, links."""

    def __init__(self, text: str):
        super().__init__()
        self.title, self.links, self.alternates, self.canonical, self._in_title = "", [], [], "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/rss+xml":
            self.alternates.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page(root, path) -> _Page:
    return _Page(read(root, path))


def _files(root):
    return sorted(p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*") if p.is_file())


def test_every_page_kind_at_its_wordpress_url(site):
    root = site({
        "content/posts/2024/first.md": post("First Mix", "2024-08-08 16:48:07-07:00", id=5,
                                             categories=["Mixing & Mastering"], tags=["808", "Sidechain"]),
        "content/posts/2024/second.md": post("Second Mix", "2024-08-08 09:00:00-07:00",
                                              categories=["Gear"], tags=["808"], author="Guest Writer"),
        "content/posts/2023/old.md": post("Old One", "2023-12-31 23:30:00-08:00"),
        "content/pages/about.md": post("About Me", "2024-01-01"),
        "content/pages/gear.md": post("My Gear", "2024-01-01", parent="about"),
    })
    files = _files(root)
    for expected in [
        "index.html", "404.html", "feed/index.html", "static/pygments.css", "static/style.css",
        "2024/08/08/first-mix/index.html", "2024/08/08/second-mix/index.html", "2023/12/31/old-one/index.html",
        "about-me/index.html", "about/my-gear/index.html",
        "tag/808/index.html", "tag/808/feed/index.html", "tag/sidechain/index.html",
        "category/mixing-mastering/index.html", "category/mixing-mastering/feed/index.html",
        "category/gear/index.html", "author/rowan-vale/index.html", "author/rowan-vale/feed/index.html",
        "author/guest-writer/index.html", "2024/index.html", "2024/08/index.html", "2024/08/08/index.html",
        "2023/index.html", "2023/12/index.html", "2023/12/31/index.html",
    ]:
        assert expected in files, expected
    assert not any("page/2" in f for f in files)

    single = page(root, "2024/08/08/first-mix/index.html")
    assert single.title == "First Mix - Test Beats"
    assert single.canonical == "https://beats.example/2024/08/08/first-mix/"
    assert single.alternates == ["/feed/"]
    assert {"/tag/808/", "/tag/sidechain/", "/category/mixing-mastering/", "/author/rowan-vale/"} <= set(single.links)
    assert "/2024/08/08/second-mix/" in single.links        # previous (older) post

    tag = page(root, "tag/808/index.html")
    assert tag.title == "808 Archives - Test Beats"
    assert tag.alternates == ["/tag/808/feed/"]
    assert tag.links.index("/2024/08/08/first-mix/") < tag.links.index("/2024/08/08/second-mix/")
    assert page(root, "category/mixing-mastering/index.html").title == "Mixing & Mastering Archives - Test Beats"
    assert page(root, "author/guest-writer/index.html").title == "Guest Writer, Author at Test Beats"
    assert page(root, "2024/08/index.html").title == "August 2024 - Test Beats"
    assert page(root, "2024/08/08/index.html").title == "August 8, 2024 - Test Beats"
    assert page(root, "index.html").title == "Test Beats - Loops & notes"
    assert page(root, "about/my-gear/index.html").title == "My Gear - Test Beats"


def test_local_date_makes_the_url_not_gmt(site):
    # 23:30 in Los Angeles on Dec 31 is already Jan 1 in GMT; WordPress uses the local date.
    root = site({"content/posts/a.md": post("New Year", "2023-12-31 23:30:00-08:00")})
    assert (root / "output/2023/12/31/new-year/index.html").is_file()
    assert "<pubDate>Mon, 01 Jan 2024 07:30:00 +0000</pubDate>" in read(root, "feed/index.html")


def test_date_without_offset_is_in_the_site_time_zone(site):
    root = site({"content/posts/a.md": post("Late", "2024-03-01 23:00")})
    assert (root / "output/2024/03/01/late/index.html").is_file()
    assert "<pubDate>Sat, 02 Mar 2024 07:00:00 +0000</pubDate>" in read(root, "feed/index.html")


def test_pagination_like_wordpress(site):
    files = {f"content/posts/p{n:02d}.md": post(f"Track {n:02d}", f"2024-05-{n:02d} 12:00:00+00:00", tags=["loops"])
             for n in range(1, 24)}
    root = site(files)
    out = _files(root)
    for prefix in ("", "tag/loops/", "2024/", "2024/05/", "author/rowan-vale/"):
        assert f"{prefix}index.html" in out
        assert f"{prefix}page/2/index.html" in out
        assert f"{prefix}page/3/index.html" in out
        assert f"{prefix}page/4/index.html" not in out
    first, second, third = (page(root, p) for p in ("tag/loops/index.html", "tag/loops/page/2/index.html",
                                                     "tag/loops/page/3/index.html"))
    assert second.title == "loops Archives - Page 2 of 3 - Test Beats"
    assert page(root, "page/2/index.html").title == "Test Beats - Page 2 of 3 - Loops & notes"
    assert page(root, "author/rowan-vale/page/3/index.html").title == "Rowan Vale, Author at Test Beats - Page 3 of 3"
    assert second.canonical == "https://beats.example/tag/loops/page/2/"
    posts_on = lambda p: [l for l in p.links if re.fullmatch(r"/2024/05/\d\d/track-\d\d/", l)]
    assert len(set(posts_on(first))) == 10 and len(set(posts_on(second))) == 10 and len(set(posts_on(third))) == 3
    assert "/2024/05/23/track-23/" in posts_on(first) and "/2024/05/01/track-01/" in posts_on(third)
    assert "/tag/loops/page/2/" in first.links and "/tag/loops/" in second.links and "/tag/loops/page/3/" in second.links


def test_drafts_and_future_posts(tmp_path):
    from conftest import build, make_site
    root = make_site(tmp_path / "site", {
        "content/posts/live.md": post("Live", "2024-01-01"),
        "content/posts/draft.md": post("Draft Idea", "2024-02-01", draft=True, tags=["wip"]),
        "content/posts/future.md": post("Next Year", "2027-01-01", tags=["soon"]),
    })
    summary = build(root)
    assert summary.posts == 1
    out = _files(root)
    assert "2024/01/01/live/index.html" in out
    assert not any("draft-idea" in f or "next-year" in f or f.startswith(("tag/wip", "tag/soon")) for f in out)
    assert "Draft Idea" not in read(root, "feed/index.html") and "Next Year" not in read(root, "index.html")

    build(root, drafts=True)
    assert "2024/02/01/draft-idea/index.html" in _files(root) and "tag/wip/index.html" in _files(root)
    assert not (root / "output/2027").exists()
    build(root, drafts=True, future=True)
    assert "2027/01/01/next-year/index.html" in _files(root)


def test_explicit_permalink_slug_and_guid(site):
    root = site({
        "content/posts/a.md": post("Imported", "2024-05-20 17:50:20+00:00", permalink="/2024/05/21/kept-url/", id=7703),
        "content/posts/b.md": post("Renamed", "2024-05-01", slug="my-slug", guid="https://old.example/?p=1"),
        "content/posts/c.md": post("No Id", "2024-04-01"),
    })
    assert (root / "output/2024/05/21/kept-url/index.html").is_file()
    assert (root / "output/2024/05/01/my-slug/index.html").is_file()
    feed = read(root, "feed/index.html")
    assert '<guid isPermaLink="false">https://beats.example/?p=7703</guid>' in feed
    assert '<guid isPermaLink="false">https://old.example/?p=1</guid>' in feed
    assert '<guid isPermaLink="false">https://beats.example/2024/04/01/no-id/</guid>' in feed


def test_custom_permalink_pattern(site):
    from conftest import BASE_CONFIG
    root = site({"content/posts/a.md": post("Beat Tape", "2024-05-20", id=42, categories=["Releases"])},
                config=BASE_CONFIG + 'permalink = "/%category%/%post_id%-%postname%/"\ntag_base = "topic"\n')
    assert (root / "output/releases/42-beat-tape/index.html").is_file()


def test_excerpts_on_listing_pages_and_typography(site):
    body = ("Don't \"over-compress\" the 808's tail... it's 1920x1080 -- or 9' 9\" -- whatever.\n\n"
            "`don't touch 'code'`\n\n" + " ".join(f"w{n}" for n in range(80)))
    root = site({"content/posts/a.md": post("Rowan's \"Big\" Mix -- Part 2...", "2024-01-01", body)})
    single = read(root, "2024/01/01/rowans-big-mix-part-2/index.html")
    assert "Don&#8217;t &#8220;over-compress&#8221; the 808&#8217;s tail&#8230; it&#8217;s 1920&#215;1080 &#8212; or 9&#8242; 9&#8243; &#8212; whatever." in single
    assert "<code>don't touch 'code'</code>" in single.replace("&#39;", "'").replace("&#x27;", "'")
    assert "Rowan&#8217;s &#8220;Big&#8221; Mix &#8212; Part 2&#8230;" in single
    assert page(root, "2024/01/01/rowans-big-mix-part-2/index.html").title == "Rowan\u2019s \u201cBig\u201d Mix \u2014 Part 2\u2026 - Test Beats"
    home = read(root, "index.html")
    # the card: 55 words of the prose (code is not prose): 13 words, then w0 … w41, and an ellipsis
    assert "w41\u2026</p>" in home and "w42" not in home and "touch" not in home.split('card__excerpt')[1]
    feed = read(root, "feed/index.html")
    description = feed[feed.index("<description><![CDATA[") :]
    assert " [&#8230;]</p>" in description.split("]]>")[0]


def test_code_highlighting_and_markdown_extensions(site):
    body = ("## Signal chain {#chain}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n"
            "[^1]: A footnote.\n\n```python\ndef bpm_to_ms(bpm):\n    return 60000 / bpm\n```\n\n"
            '<div class="raw">kept <b>as is</b></div>\n')
    root = site({"content/posts/a.md": post("Chain", "2024-01-01", body)})
    html = read(root, "2024/01/01/chain/index.html")
    assert '<h2 id="chain">Signal chain</h2>' in html
    assert "<table>" in html and '<div class="footnote">' in html
    assert '<div class="highlight"><pre>' in html and '<span class="k">def</span>' in html
    assert '<div class="raw">kept <b>as is</b></div>' in html
    assert ".highlight .k" in read(root, "static/pygments.css")


def test_youtube_embed_becomes_a_player_on_the_page_but_not_in_the_feed(site):
    embed = ('<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">\n'
             "https://youtube.com/shorts/lwhO2_td3dU\n</div></figure>")
    root = site({"content/posts/a.md": post("Video", "2024-01-01", embed)})
    html = read(root, "2024/01/01/video/index.html")
    # a facade: the player's address waits in data-player-src until the reader presses play
    assert 'data-player-src="https://www.youtube-nocookie.com/embed/lwhO2_td3dU?autoplay=1"' in html
    assert "<iframe" not in html
    assert "https://youtube.com/shorts/lwhO2_td3dU\n</div>" in read(root, "feed/index.html")


def test_classic_editor_body_gets_wordpress_paragraphs(site):
    body = "First line\nsecond line\n\nA new paragraph with <em>HTML</em>.\n<pre>keep\n\nthis</pre>"
    root = site({"content/posts/a.md": post("Classic", "2024-01-01", body, format="wordpress")})
    html = read(root, "2024/01/01/classic/index.html")
    assert "<p>First line<br />\nsecond line</p>\n<p>A new paragraph with <em>HTML</em>.</p>\n<pre>keep\n\nthis</pre>" in html


def test_post_language_and_unknown_keys_reach_the_page(site):
    from conftest import BASE_CONFIG
    root = site({
        "content/posts/a.md": post("夜のビート", "2024-01-01", "本文です。", lang="ja", mood="late night"),
        "themes/child/theme.toml": 'parent = "default"\n',
        "themes/child/templates/single.html": '{% extends "base.html" %}{% block content %}'
                                              "<p class=mood>{{ post.extra.mood }}</p>{% endblock %}",
    }, config=BASE_CONFIG + 'theme = "child"\n')
    html = read(root, "2024/01/01/夜のビート/index.html")
    assert '<html lang="ja">' in html
    assert "<p class=mood>late night</p>" in html
    assert '<html lang="en-US">' in read(root, "index.html")      # other templates come from the parent
    assert "/2024/01/01/%e5%a4%9c%e3%81%ae%e3%83%93%e3%83%bc%e3%83%88/" in read(root, "feed/index.html")
