"""Share tags on every page kind, read the way link-preview crawlers read them (issue 12).

Facebook's, LinkedIn's and X's crawlers fetch the HTML, run no script, and read
`<meta property="og:*">` / `<meta name="twitter:*">` from the head; they need
absolute http(s) URLs (they do not know the site's address), and show the large
card only for an image of at least 1200×630 whose size they know. Each site
here is in a folder (base_url ends in /blog), so a URL that forgot the folder
shows up.
"""
from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO, build, make_site, post, read, run_cli

CONFIG = """\
title = "Folder Beats"
tagline = "Loops in a folder"
base_url = "https://example.org/blog"
timezone = "UTC"
author = "Rowan Vale"
language = "en-GB"
site_icon = "/icon.png"
share_image = "/share.png"
share_image_alt = "Folder Beats in big letters"
x_handle = "folderbeats"
"""
HOSTILE = 'Beats </script><script>alert(1)</script> <!-- "quoted" \u2028 & more'


def _png(width: int, height: int, colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


class _Head(HTMLParser):
    """What a crawler reads: meta tags (property= or name=), link rel=canonical, JSON-LD scripts, <img>s."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical = ""
        self.ld: list[str] = []
        self.images: list[dict[str, str]] = []
        self._in_ld = False
        self.lang_of_cards: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta.setdefault(key, []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.ld.append("")
        elif tag == "img":
            self.images.append(a)
        elif tag == "article" and "card" in (a.get("class") or "").split():
            self.lang_of_cards.append(a.get("lang"))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.ld[-1] += data


def parse(html: str) -> _Head:
    head = _Head()
    head.feed(html)
    return head


def one(head: _Head, key: str) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("share") / "site", {
        "content/posts/a.md": post("Tape, Tubes & \"Warm\"", "2024-05-01 10:00", "## Don't \"warm\" it\n\nWords.\n\n"
                                   "```python\nprint('hi')\n```\n", tags=["synths"], categories=["Releases"],
                                   image="/img/cover.png", image_alt="A tape machine's reels", updated="2024-05-09 08:00"),
        "content/posts/b.md": post(HOSTILE, "2024-05-02 10:00", "No image here.", tags=["synths"],
                                   excerpt='Ends </script> here'),
        "content/posts/c.md": post("夜のビート", "2024-05-03 10:00", "日本語の文章です。", lang="ja"),
        "content/pages/about.md": post("About", "2024-01-01", "Who we are."),
    }, CONFIG)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "cover.png").write_bytes(_png(2000, 1000))
    (root / "static" / "share.png").write_bytes(_png(1200, 630, (20, 20, 30)))
    (root / "static" / "icon.png").write_bytes(_png(32, 32))
    build(root)
    return root


PAGES = {
    "post": "2024/05/01/tape-tubes-warm/index.html",
    "page": "about/index.html",
    "home": "index.html",
    "tag": "tag/synths/index.html",
    "category": "category/releases/index.html",
    "author": "author/rowan-vale/index.html",
    "year": "2024/index.html",
    "month": "2024/05/index.html",
    "day": "2024/05/01/index.html",
    "404": "404.html",
    "subscribe": "subscribe/index.html",
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_every_page_kind_has_complete_absolute_share_tags(site, kind):
    head = parse(read(site, PAGES[kind]))
    for key in ("og:title", "og:type", "og:url", "og:site_name", "og:locale", "og:image", "twitter:card"):
        assert one(head, key), key
    assert one(head, "og:url") == head.canonical
    assert head.canonical.startswith("https://example.org/blog/")
    assert one(head, "og:site_name") == "Folder Beats"
    for key, values in head.meta.items():
        for value in values:
            if key.endswith((":url", ":image", ":secure_url")) or key == "og:url":
                assert re.match(r"https://example\.org/blog/\S*$", value), (key, value)
    assert one(head, "og:type") == ("article" if kind == "post" else "website")
    assert one(head, "twitter:card") == "summary_large_image"
    assert one(head, "twitter:site") == one(head, "twitter:creator") == "@folderbeats"
    if kind != "post":
        assert one(head, "og:image") == "https://example.org/blog/share.png"
        assert (one(head, "og:image:width"), one(head, "og:image:height")) == ("1200", "630")
        assert one(head, "og:image:alt") == "Folder Beats in big letters"
        assert "article:published_time" not in head.meta and head.ld == []


def test_a_post_shares_its_own_image_its_times_and_a_blog_posting(site):
    head = parse(read(site, PAGES["post"]))
    assert one(head, "og:title") == "Tape, Tubes & “Warm”"
    assert one(head, "og:image") == "https://example.org/blog/img/cover.png"
    assert (one(head, "og:image:width"), one(head, "og:image:height")) == ("2000", "1000")
    assert one(head, "og:image:alt") == "A tape machine's reels"
    assert one(head, "og:locale") == "en_GB"
    assert one(head, "article:published_time") == "2024-05-01T10:00:00+00:00"
    assert one(head, "article:modified_time") == "2024-05-09T08:00:00+00:00"
    [ld_text] = head.ld
    ld = json.loads(ld_text)
    assert ld["@type"] == "BlogPosting" and ld["headline"] == "Tape, Tubes & “Warm”"
    assert ld["url"] == ld["mainEntityOfPage"]["@id"] == head.canonical
    assert ld["image"] == {"@type": "ImageObject", "url": "https://example.org/blog/img/cover.png", "width": 2000, "height": 1000}
    assert ld["author"]["name"] == "Rowan Vale" and ld["author"]["url"] == "https://example.org/blog/author/rowan-vale/"
    assert ld["publisher"]["name"] == "Folder Beats"
    assert (ld["datePublished"], ld["dateModified"]) == ("2024-05-01T10:00:00+00:00", "2024-05-09T08:00:00+00:00")


def test_a_hostile_title_stays_text_in_tags_and_inside_its_json_ld(site):
    html = read(site, "2024/05/02/" + next(p.name for p in (site / "output" / "2024" / "05" / "02").iterdir()
                                           if p.is_dir()) + "/index.html")
    head = parse(html)
    assert "<script>alert(1)" not in html
    [ld_text] = head.ld                               # the parser found exactly one, whole: nothing closed it early
    ld = json.loads(ld_text)
    assert ld["headline"] == json.loads(json.dumps(ld["headline"]))
    assert "</script><script>alert(1)</script> <!" in ld["headline"]      # typography made "--" a dash; still text
    assert ld["description"] == "Ends </script> here"
    assert "\u2028" not in ld_text
    assert one(head, "og:image") == "https://example.org/blog/share.png"       # no image of its own: the default
    assert "</script>" in one(head, "og:title")       # escaped in the attribute, read back as the text it is


def test_the_hero_has_alt_size_and_a_srcset_of_real_copies(site):
    head = parse(read(site, PAGES["post"]))
    [hero] = [i for i in head.images if "srcset" in i and "loading" not in i]
    assert hero["alt"] == "A tape machine's reels"
    assert (hero["width"], hero["height"]) == ("2000", "1000")
    assert hero["src"] == "/blog/img/cover.png" and hero["sizes"]
    candidates = [c.strip().split(" ") for c in hero["srcset"].split(",")]
    assert [w for _, w in candidates] == ["480w", "800w", "1200w", "1600w", "2000w"]
    for url, width in candidates:
        file = site / "output" / url.removeprefix("/blog/")
        with Image.open(file) as image:
            assert image.size[0] == int(width[:-1])
            assert abs(image.size[1] - int(width[:-1]) / 2) <= 1


def test_cards_lazy_load_with_size_and_carry_the_posts_language(site):
    head = parse(read(site, "index.html"))
    [card_image] = [i for i in head.images if i.get("src") == "/blog/img/cover.png"]
    assert card_image["loading"] == "lazy" and card_image["width"] == "2000" and "480w" in card_image["srcset"]
    assert head.lang_of_cards.count("ja") == 1 and head.lang_of_cards.count(None) == 2


def test_pygments_css_only_on_pages_with_highlighted_code(site):
    assert "pygments.css" in read(site, PAGES["post"])
    for kind in ("home", "page", "tag", "404"):
        assert "pygments.css" not in read(site, PAGES[kind]), kind


def test_resized_copies_are_cached_and_identical_on_a_rebuild(site):
    first = {p.name: p.read_bytes() for p in (site / "output" / "img").iterdir()}
    cached = sorted((site / ".trackpress-cache" / "images").rglob("*.png"))
    assert len(cached) == 4
    stamps = [p.stat().st_mtime_ns for p in cached]
    build(site)
    assert {p.name: p.read_bytes() for p in (site / "output" / "img").iterdir()} == first
    assert [p.stat().st_mtime_ns for p in cached] == stamps          # reused, not made again
    assert (site / ".trackpress-cache" / ".gitignore").is_file()


def test_a_users_file_where_a_copy_goes_is_a_clear_collision(tmp_path):
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("A", "2024-05-01", image="/img/c.png")}, CONFIG)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "c.png").write_bytes(_png(1000, 500))
    (root / "static" / "img" / "c-480w.png").write_bytes(_png(10, 10))
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "static/img/c-480w.png" in result.stderr and "480 px copy of static/img/c.png" in result.stderr


def test_a_broken_featured_image_is_a_warning_and_the_page_still_builds(tmp_path):
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("A", "2024-05-01", image="/img/c.png")}, CONFIG)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "static/img/c.png" in result.stderr and "cannot be read as an image" in result.stderr
    page = read(root, "2024/05/01/a/index.html")
    assert 'src="/blog/img/c.png"' in page and "srcset" not in page.split("<main", 1)[1]


@pytest.mark.parametrize("line, field, says", [
    ('share_image = "javascript:alert(1)"', "share_image", "javascript: URL"),
    ('share_image = "//evil.example/x.png"', "share_image", "starts with //"),
    ('x_handle = "@name\\n<script>"', "x_handle", "is not an X (Twitter) handle"),
    ('x_handle = "@a_handle_that_is_far_too_long"', "x_handle", "is not an X (Twitter) handle"),
    ('share_image_alt = "two\\nlines"', "share_image_alt", "contains a line break"),
])
def test_bad_share_settings_are_refused_with_the_key_and_line(tmp_path, line, field, says):
    config = CONFIG.replace('share_image = "/share.png"\n', "").replace('x_handle = "folderbeats"\n', "")
    config = config.replace('share_image_alt = "Folder Beats in big letters"\n', "") + line + "\n"
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("A", "2024-05-01")}, config)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    number = config.splitlines().index(line) + 1
    assert f"site.toml:{number}: {field}:" in result.stderr and says in result.stderr


def test_the_demo_sites_default_share_image_is_large_enough():
    import tomllib
    config = tomllib.loads((REPO / "site.toml").read_text(encoding="utf-8"))
    path = REPO / "static" / config["share_image"].lstrip("/")
    with Image.open(path) as image:
        assert image.size[0] >= 1200 and image.size[1] >= 630 and image.format == "PNG"


def test_no_cache_makes_the_copies_without_writing_the_cache_folder(tmp_path):
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("A", "2024-05-01", image="/img/c.png")}, CONFIG)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "c.png").write_bytes(_png(1000, 500))
    result = run_cli("build", "--root", str(root), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert not (root / ".trackpress-cache").exists()
    with Image.open(root / "output" / "img" / "c-800w.png") as image:
        assert image.size == (800, 400)
