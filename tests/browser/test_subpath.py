"""A site in a folder (base_url https://example.org/blog) in headless Chromium:
served at /blog/ by a plain static server whose root holds nothing else, every
link a reader clicks stays on the site and loads, assets load, and the
forwarding script sends `/blog/?p=ID` and an old alias to the post.
"""
from __future__ import annotations

import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import build, make_site, post

from .helpers import CHROMIUM_ARGS, serve

CHROMIUM = "/usr/bin/chromium"
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"headless browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package `playwright` is not installed")

CONFIG = """\
title = "Folder Beats"
tagline = "Loops in a folder"
base_url = "https://example.org/blog"
timezone = "UTC"
posts_per_page = 1

[[nav]]
title = "About"
url = "/about/"
"""
FILES = {
    "content/posts/a.md": post("First Beat", "2024-05-01 10:00", "Words.", id=11, tags=["synths"],
                               aliases=["/old-first/"]),
    "content/posts/b.md": post("Second Beat", "2024-05-02 10:00", "More.", id=12, categories=["Releases"]),
    "content/pages/about.md": post("About", "2024-01-01", "Who we are.", id=5),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """The built output served at /blog/ (a server root holding only the blog/ folder)."""
    root = make_site(tmp_path_factory.mktemp("blog-site"), FILES, CONFIG)
    host = tmp_path_factory.mktemp("host-root")
    build(root, output=host / "blog")
    with serve(host, _Quiet) as url:
        yield url


@pytest.fixture(scope="module")
def page(origin):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.set_default_timeout(10_000)
            yield context.new_page()
        finally:
            browser.close()


def test_every_link_on_the_home_page_loads_under_the_folder(origin, page):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
    page.goto(origin + "/blog/")
    assert page.title().startswith("Folder Beats")
    styles = page.evaluate("() => [...document.styleSheets].map(s => s.href)")
    assert origin + "/blog/static/style.css" in styles
    hrefs = sorted(set(page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => !h.includes('#'))")))
    assert hrefs and all(h.startswith(origin + "/blog/") for h in hrefs), hrefs
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
    assert failed == []


def test_clicking_through_nav_pagination_and_a_post(origin, page):
    page.goto(origin + "/blog/")
    page.click("nav.site-nav >> text=About")
    page.wait_for_url(origin + "/blog/about/")
    page.click("a.site-title")
    page.wait_for_url(origin + "/blog/")
    page.click("a.pagination__step--next")
    page.wait_for_url(origin + "/blog/page/2/")
    page.click("h2.card__title a")
    page.wait_for_url(origin + "/blog/2024/05/01/first-beat/")


@pytest.mark.parametrize("old, new", [("/blog/?p=12", "/blog/2024/05/02/second-beat/"),
                                      ("/blog/?page_id=5", "/blog/about/"),
                                      ("/blog/?tag=synths", "/blog/tag/synths/")])
def test_the_forwarding_script_sends_old_query_links_under_the_folder(origin, page, old, new):
    page.goto(origin + old)
    page.wait_for_url(origin + new)
