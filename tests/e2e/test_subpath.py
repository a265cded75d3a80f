"""A WordPress installed in a folder: base_url = "https://example.org/blog".

The output folder is what the host serves at /blog/. Site paths in the model
stay relative to the site root; everything a reader's browser or a server
follows gets /blog in front: links and assets in every page, feeds, the
redirect rules in all five formats and the forwarding script. Real nginx
(`location /blog/ { alias …; include …; }`) and Apache (`Alias /blog …`)
serve the built folder and answer the old URLs under /blog/.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import build, make_site, post, read
from tests.e2e import servers

CONFIG = """\
title = "Folder Beats"
tagline = "Loops in a folder"
base_url = "https://example.org/blog"
timezone = "UTC"
author = "Rowan Vale"
posts_per_page = 2
site_icon = "/static/icon.png"

[[nav]]
title = "About"
url = "/about/"

[[nav]]
title = "Shop"
url = "https://shop.example/"
"""

FILES = {
    "content/posts/a.md": post("First Beat", "2024-05-01 10:00", "Words.", id=11, tags=["synths"],
                               categories=["Releases"], aliases=["/old-first/"]),
    "content/posts/b.md": post("Second Beat", "2024-05-02 10:00", "More words.", id=12, tags=["synths"]),
    "content/posts/c.md": post("Third Beat", "2024-05-03 10:00", "Even more.", id=13, categories=["Releases"],
                               enclosures=[{"url": "https://cdn.example/a.mp3", "length": 10, "type": "audio/mpeg"}]),
    "content/pages/about.md": post("About", "2024-01-01", "Who we are.", id=5),
}
BASE = "/blog"
_ATTR = re.compile(r"""\b(href|src)\s*=\s*"([^"]*)\"""")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("subpath"), FILES, CONFIG)
    build(root)
    return root


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in (root / "output").rglob("*.html"))


def _links(html: str) -> list[str]:
    return [value for _, value in _ATTR.findall(html)]


def _inside(value: str) -> bool:
    return value.startswith((BASE + "/", "http://", "https://", "#", "mailto:"))


def test_every_link_and_asset_in_every_page_is_under_the_folder_or_absolute(site):
    bad = {}
    for page in _pages(site):
        if page.name == "404.html":
            continue                     # below: its template's own home link belongs to the page templates
        wrong = [v for v in _links(page.read_text(encoding="utf-8")) if not _inside(v)]
        if wrong:
            bad[page.relative_to(site / "output").as_posix()] = wrong
    assert bad == {}
    home = read(site, "index.html")
    assert 'href="/blog/static/style.css"' in home and 'pygments.css' not in home   # no code on it (issue 12)
    assert 'href="/blog/about/"' in home and 'href="https://shop.example/"' in home      # nav: site path prefixed, URL kept
    assert 'class="site-title" href="/blog/"' in home
    assert 'href="/blog/page/2/"' in home                                                  # pagination
    assert 'href="/blog/feed/"' in home                                                    # feed link, footer
    assert 'src="/blog/static/icon.png"' in home
    assert '<link rel="canonical" href="https://example.org/blog/">' in home
    assert 's.src = "/blog/wp-redirects.js"' in home


def test_post_page_links_terms_author_and_neighbours_under_the_folder(site):
    html = read(site, "2024/05/02/second-beat/index.html")
    links = _links(html)
    assert "/blog/tag/synths/" in links
    assert "/blog/2024/05/01/first-beat/" in links and "/blog/2024/05/03/third-beat/" in links
    assert '<link rel="canonical" href="https://example.org/blog/2024/05/02/second-beat/">' in html
    tag = read(site, "tag/synths/index.html")
    assert 'href="/blog/tag/synths/feed/"' in tag
    assert "/blog/author/rowan-vale/" in _links(read(site, "2024/05/01/first-beat/index.html"))


def test_nav_marks_the_current_page_under_the_folder(site):
    about = read(site, "about/index.html")
    assert '<a href="/blog/about/" aria-current="page">About</a>' in about


def test_the_404_page_links_under_the_folder(site):
    html = read(site, "404.html")
    assert [v for v in _links(html) if not _inside(v)] == []


def test_feeds_point_into_the_folder(site):
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    for path, self_url in (("feed/index.html", "https://example.org/blog/feed/"),
                           ("tag/synths/feed/index.html", "https://example.org/blog/tag/synths/feed/")):
        channel = ElementTree.fromstring(read(site, path).encode()).find("channel")
        assert channel.find("atom:link", ns).get("href") == self_url
        for item in channel.findall("item"):
            assert item.findtext("link").startswith("https://example.org/blog/2024/")
            content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
            assert '<a href="https://example.org/blog">Folder Beats</a>' in content      # Yoast footer: the blog link
            assert 'href="https://example.org/blog/2024/' in content
        assert channel.find("image/url").text == "https://example.org/blog/static/icon.png"
    home = ElementTree.fromstring(read(site, "feed/index.html").encode()).find("channel")
    assert home.findtext("link") == "https://example.org/blog"
    assert [i.findtext("guid") for i in home.findall("item")][:1] == ["https://example.org/blog/?p=13"]


def test_every_redirect_rule_is_under_the_folder(site):
    lines = [l.split() for l in read(site, "_redirects").splitlines() if l and not l.startswith("#")]
    assert lines and all(l[0].startswith("/blog/") and l[-2].startswith("/blog/") for l in lines)
    assert ["/blog/old-first/", "/blog/2024/05/01/first-beat/", "301"] in lines
    assert ["/blog/", "p=:value", "/blog/.wp/p/:value", "301!"] in lines
    assert ["/blog/.wp/p/11", "/blog/2024/05/01/first-beat/", "301"] in lines
    headers = read(site, "_headers")
    assert "/blog/feed/\n" in headers and "\n/feed/\n" not in headers
    htaccess = read(site, ".htaccess")
    assert "RewriteBase /blog/\n" in htaccess and "ErrorDocument 404 /blog/404.html" in htaccess
    assert 'RewriteRule "^old-first/?$" /blog/2024/05/01/first-beat/ [R=301,L,NE]' in htaccess
    nginx = read(site, "nginx-redirects.conf")
    assert 'location = "/blog/old-first/" { return 301 "/blog/2024/05/01/first-beat/"; }' in nginx
    assert "location = \"/blog/\" {" in nginx and "error_page 404 /blog/404.html;" in nginx
    data = json.loads(re.search(r"var rules = (\{.*\});", read(site, "wp-redirects.js")).group(1))
    assert ["p", "11", "/blog/2024/05/01/first-beat/"] in data["query"]
    assert ["/blog/old-first/", "/blog/2024/05/01/first-beat/"] in data["paths"]
    assert all(s.startswith("/blog/") and t.startswith("/blog/") for s, t in data["paths"])


def test_a_site_at_the_host_root_is_unchanged(tmp_path):
    root = make_site(tmp_path, FILES, CONFIG.replace("https://example.org/blog", "https://example.org"))
    build(root)
    home = read(root, "index.html")
    assert 'href="/static/style.css"' in home and 'href="/about/"' in home and "/blog" not in home
    assert "RewriteBase" not in read(root, ".htaccess")
    assert "try_files /index.html =404;" in read(root, "nginx-redirects.conf")


# --- real servers ------------------------------------------------------------------------------

OLD_URLS = [
    ("/blog/?p=11", 301, "/blog/2024/05/01/first-beat/"),
    ("/blog/?page_id=5", 301, "/blog/about/"),
    ("/blog/?tag=synths", 301, "/blog/tag/synths/"),
    ("/blog/?category_name=releases", 301, "/blog/category/releases/"),
    ("/blog/?feed=rss2", 301, "/blog/feed/"),
    ("/blog/old-first/", 301, "/blog/2024/05/01/first-beat/"),
    ("/blog/feed/atom/", 301, "/blog/feed/"),
    ("/blog/2024/05/01/first-beat/feed/", 301, "/blog/2024/05/01/first-beat/"),
    ("/blog/", 200, None),
    ("/blog/2024/05/02/second-beat/", 200, None),
    ("/blog/static/style.css", 200, None),
]


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request, site, tmp_path_factory):
    if request.param == "nginx":
        servers.require_nginx()
        with servers.nginx_server(site / "output", tmp_path_factory.mktemp("nginx-blog"), base=BASE) as port:
            yield request.param, port
    else:
        servers.require_apache()
        with servers.apache_server(site / "output", base_path=BASE) as port:
            yield request.param, port


@pytest.mark.parametrize("target, status, location", OLD_URLS)
def test_old_urls_answer_under_the_folder(server, target, status, location):
    name, port = server
    got, headers, _ = servers.get(port, target)
    assert got == status, f"{name}: {target}"
    if location is not None:
        assert headers["location"].endswith(location), f"{name}: {target} → {headers['location']}"


def test_feeds_are_rss_and_missing_pages_get_the_404_page_under_the_folder(server):
    name, port = server
    status, headers, _ = servers.get(port, "/blog/feed/")
    assert status == 200 and headers["content-type"].startswith("application/rss+xml"), name
    status, _, body = servers.get(port, "/blog/no-such-page/")
    assert status == 404 and b"This track isn" in body, name


def test_links_written_in_bodies_and_site_path_enclosures_follow_the_folder(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("Linked", "2024-05-01 10:00", "See [about](/about/) and ![cover](/img/cover.jpg).",
                                   enclosures=[{"url": "/audio/a.mp3", "length": 10, "type": "audio/mpeg"}]),
        "content/pages/about.md": post("About", "2024-01-01", "Who we are."),
        "static/img/cover.jpg": "jpg", "static/audio/a.mp3": "mp3",
    }, CONFIG)
    build(root)
    page = read(root, "2024/05/01/linked/index.html")
    assert 'href="/blog/about/"' in page and 'src="/blog/img/cover.jpg"' in page
    feed = read(root, "feed/index.html")
    assert '<enclosure url="https://example.org/blog/audio/a.mp3"' in feed
    assert 'href="https://example.org/blog/about/"' in feed
