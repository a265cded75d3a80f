"""Fixtures: the demo site built once, served on 127.0.0.1, one Chromium, a fresh page per test."""
from __future__ import annotations

import http.server

import pytest

from generator.build import BuildOptions, build_site

from .helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, MOBILE, NOW, REPO, Watch, serve


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The demo site in the repo root, built into a temporary folder."""
    output = tmp_path_factory.mktemp("browser-site")
    summary = build_site(BuildOptions(root=REPO, output=output, now=NOW))
    return summary


@pytest.fixture(scope="session")
def site_url(built_site):
    """http://127.0.0.1:PORT serving the built site (a daemon thread, stopped at the end)."""
    with serve(built_site.output, _QuietHandler) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium. Module-scoped, not session-scoped, on purpose: only one sync
    Playwright can run at a time in a thread, and other modules in this folder
    (test_redirect_script.py) start their own; a session-wide one would still be
    running when they do ("Sync API inside the asyncio loop"). A launch costs ~0.6 s."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def watch(site_url):
    return Watch(origin=site_url)


def _open(browser, watch, **context_options):
    context = browser.new_context(**context_options)
    context.set_default_timeout(5_000)
    context.set_default_navigation_timeout(10_000)
    page = context.new_page()
    page.route("**/*", watch.route)           # only 127.0.0.1 gets through
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("requestfailed", watch.on_request_failed)
    page.on("response", watch.on_response)
    return context, page


@pytest.fixture
def page(browser, watch):
    """A fresh desktop page (1280×900)."""
    context, page = _open(browser, watch, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, watch):
    """A fresh phone-sized touch page (375×740)."""
    context, page = _open(browser, watch, viewport=MOBILE, is_mobile=True, has_touch=True)
    yield page
    context.close()
