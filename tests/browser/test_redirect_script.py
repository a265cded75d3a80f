"""The fallback for hosts that run no redirect rules (GitHub Pages and the
like): the home page and the 404 page load `/wp-redirects.js`, which forwards
old WordPress links in the visitor's browser. Served by a plain static file
server and driven in a real headless Chromium.
"""
from __future__ import annotations

import os
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from conftest import build, make_site, post
from generator.redirects import Redirect, RedirectRules, redirect_script

from .helpers import CHROMIUM_ARGS, serve

CHROMIUM = "/usr/bin/chromium"
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"headless browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package `playwright` is not installed")

TIMEOUT_MS = 10_000
JP_TAG = "夜のローファイ"
FIRST = "/2024/08/08/first-mix/"
SECOND = "/2024/05/20/second-mix/"
JP_POST = "/2024/09/01/" + quote("夜の作業").lower() + "/"
ABOUT = "/about-me/"
JP_TAG_PATH = "/tag/" + quote(JP_TAG).lower() + "/"

FILES = {
    "content/posts/2024/first.md": post("First Mix", "2024-08-08 16:48:07-07:00", id=8343,
                                         categories=["Mixing & Mastering"], tags=["808", JP_TAG]),
    "content/posts/2024/second.md": post("Second Mix", "2024-05-20 10:50:20-07:00", id=7703, tags=["808"],
                                          aliases=["/old-name/", "/2019/01/01/older/"]),
    "content/posts/2024/night.md": post("夜の作業", "2024-09-01 21:00:00-07:00", id=9001, tags=[JP_TAG],
                                         aliases=["/古い記事/"]),
    "content/pages/about.md": post("About Me", "2024-01-01", id=12),
}


class _StaticHost(SimpleHTTPRequestHandler):
    """A host with no redirect rules that answers missing paths with the site's
    own 404.html (as GitHub Pages does), status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("redirect-script") / "site", FILES)
    build(root)
    with serve(root / "output", _StaticHost) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, timeout=30_000, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    outside: list[str] = []

    def only_local(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    try:
        yield page
    finally:
        context.close()


def _path(url: str) -> str:
    """A page URL's path, decoded (Chromium may show %E5 or %e5 or the letters)."""
    return unquote(urlsplit(url).path)


def _lands_on(page, server: str, start: str, expected: str) -> None:
    page.goto(server + start, wait_until="commit")
    page.wait_for_url(lambda url: _path(url) == unquote(expected), timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")
    assert _path(page.url) == unquote(expected), f"{start} ended at {page.url}, wanted {expected}"
    assert urlsplit(page.url).netloc == urlsplit(server).netloc


@pytest.mark.parametrize("start, expected, title", [
    ("/?p=8343", FIRST, "First Mix"),
    ("/?p=9001", JP_POST, "夜の作業"),
    ("/?p=12", ABOUT, "About Me"),
    ("/?page_id=12", ABOUT, "About Me"),
    ("/?utm_source=newsletter&p=7703", SECOND, "Second Mix"),
    ("/?tag=808", "/tag/808/", "808 Archives"),
    ("/?tag=" + quote(JP_TAG, safe=""), JP_TAG_PATH, JP_TAG),                 # %E5… as browsers send it
    ("/?tag=" + quote(JP_TAG, safe="").lower(), JP_TAG_PATH, JP_TAG),         # %e5… as WordPress wrote links
    ("/?category_name=mixing-mastering", "/category/mixing-mastering/", "Mixing & Mastering Archives"),
])
def test_old_query_link_is_forwarded_from_the_home_page(page, server, start, expected, title):
    _lands_on(page, server, start, expected)
    assert page.title().startswith(title), page.title()


def test_old_feed_query_is_forwarded(page, server):
    _lands_on(page, server, "/?feed=rss2", "/feed/")


@pytest.mark.parametrize("start, expected", [
    ("/old-name/", SECOND),
    ("/2019/01/01/older/", SECOND),
    ("/2019/01/01/older", SECOND),                      # WordPress answers without the slash too
    ("/" + quote("古い記事") + "/", JP_POST),
    ("/feed/atom/", "/feed/"),
    ("/comments/feed/", "/feed/"),
    (FIRST + "feed/", FIRST),
])
def test_old_path_is_forwarded_from_the_404_page(page, server, start, expected):
    response = page.goto(server + start, wait_until="commit")
    assert response is not None and response.status == 404, "the host must answer an old path with the 404 page"
    _lands_on(page, server, start, expected)


@pytest.mark.parametrize("start", ["/", "/?utm_source=newsletter", "/?p=424242"])
def test_home_page_stays_put(page, server, start):
    page.goto(server + start, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)                      # room for a late location.replace()
    assert urlsplit(page.url).path == "/" and urlsplit(page.url).query == urlsplit(start).query, page.url
    assert page.title().startswith("Test Beats"), page.title()


def test_unknown_path_stays_on_the_404_page(page, server):
    response = page.goto(server + "/nope/", wait_until="load")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert urlsplit(page.url).path == "/nope/", page.url
    assert page.title().startswith("Page not found"), page.title()


# --- hostile rules: the script is the last line of defence on hosts with no rules ----------------

HOSTILE_RULES = RedirectRules(
    paths=(Redirect('/a "quoted" alias/', FIRST), Redirect("/__proto__/", SECOND), Redirect("/constructor/", FIRST),
           Redirect("/x</script><script>alert(1)</script>/", SECOND), Redirect("/sep\u2028line/", FIRST),
           Redirect("/semi;colon{brace}$dollar/", SECOND),
           Redirect("/evil-1/", "//evil.example/"), Redirect("/evil-2/", "/%2F%2Fevil.example/"),
           Redirect("/evil-3/", "/%5Cevil.example/"), Redirect("/evil-4/", "https://evil.example/")),
    queries=(Redirect("/", FIRST, ("tag", "__proto__")), Redirect("/", SECOND, ("tag", 'q"</script>')),
             Redirect("/", "//evil.example/", ("p", "666"))),
    feeds=(),
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The normal site, with a wp-redirects.js written from hostile rules."""
    root = make_site(tmp_path_factory.mktemp("redirect-script-hostile") / "site", FILES)
    build(root)
    (root / "output" / "wp-redirects.js").write_text(redirect_script(HOSTILE_RULES), encoding="utf-8")
    with serve(root / "output", _StaticHost) as url:
        yield url


@pytest.mark.parametrize("start, expected", [
    ("/a%20%22quoted%22%20alias/", FIRST),
    ("/__proto__/", SECOND),
    ("/constructor/", FIRST),
    ("/x%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E/", SECOND),
    ("/semi;colon%7Bbrace%7D$dollar/", SECOND),
    ("/?tag=__proto__", FIRST),
    ("/?tag=q%22%3C%2Fscript%3E", SECOND),
])
def test_hostile_rules_still_forward(page, hostile_server, start, expected):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _lands_on(page, hostile_server, start, expected)
    assert errors == []


@pytest.mark.parametrize("start, stays", [
    ("/evil-1/", "/evil-1/"), ("/evil-2/", "/evil-2/"), ("/evil-3/", "/evil-3/"), ("/evil-4/", "/evil-4/"),
    ("/?p=666", "/"), ("/?tag=constructor", "/"), ("/?tag=toString", "/"), ("/toString/", "/toString/"),
    ("/%E0%A4%A/", None),                  # a malformed escape: decodeURIComponent throws; the script must not
])
def test_hostile_rules_never_leave_the_site(page, hostile_server, start, stays):
    errors: list[str] = []
    requested: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(hostile_server + start, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)                      # room for a late location.replace()
    assert urlsplit(page.url).netloc == urlsplit(hostile_server).netloc, page.url
    if stays is not None:
        assert urlsplit(page.url).path == stays, page.url
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in requested), requested
    assert errors == [], errors
