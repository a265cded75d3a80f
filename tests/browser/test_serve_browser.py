"""The writing loop in headless Chromium: `trackpress serve` running in-process on a
mini-site, a post open in the browser, its files edited as an editor would. The
test never reloads or navigates: what changes on screen is the live-reload
script's doing."""
from __future__ import annotations

import io
import time

import pytest

from generator.serve import DevServer, ServeOptions
from generator.theme import BUNDLED_THEMES
from tests.conftest import BASE_CONFIG, make_site, post

from .helpers import DESKTOP, MOBILE, Watch, assert_clean, skip_without_chromium

skip_without_chromium()

POST_URL = "2025/01/02/first-beat/"
TIMEOUT = 20_000        # ms: a rebuild of a tiny site takes well under a second; CI machines are slow


@pytest.fixture
def served(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/posts/2025/first.md": post("First Beat", "2025-01-02 10:00", "The first words."),
        "content/posts/2025/second.md": post("Second Beat", "2025-02-03 10:00", "Other words."),
        # the site's own copy of the theme's stylesheet (static/static/ replaces the theme's file)
        "static/static/style.css": (BUNDLED_THEMES / "default/static/style.css").read_text(encoding="utf-8"),
    }, BASE_CONFIG.replace('site_icon = "/static/icon.png"\n', ""))
    server = DevServer(ServeOptions(root=root, port=0), io.StringIO(), io.StringIO())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def opened(browser, served):
    """A desktop page showing the post, with a marker that only survives if the page is never navigated."""
    watch = Watch(origin=served.url.rstrip("/"))
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.route("**/*", watch.route)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("response", watch.on_response)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.goto(served.url + POST_URL)
    page.wait_for_function("document.documentElement.dataset.trackpressLive === 'connected'")
    page.evaluate("window.__kept = 'same document'")
    yield page, watch, navigations
    context.close()


def _wait_connected(page) -> None:
    """The page's event stream is open (after a reload it reconnects)."""
    page.wait_for_function("document.documentElement.dataset.trackpressLive === 'connected'")


def test_appended_text_appears_without_the_test_reloading(opened, served):
    page, watch, navigations = opened
    source = served.root / "content/posts/2025/first.md"
    source.write_text(source.read_text() + "\nA line written while the page was open.\n")
    page.get_by_text("A line written while the page was open.").wait_for()
    assert len(navigations) == 2                      # the first load, then the script's reload
    assert watch.page_errors == [] and watch.console_errors == []


def test_broken_front_matter_shows_an_overlay_then_the_page_comes_back(opened, served):
    page, watch, _ = opened
    source = served.root / "content/posts/2025/first.md"
    good = source.read_text()
    source.write_text(good.replace("date: 2025-01-02 10:00", "date: 2025-13-45"))
    overlay = page.locator("trackpress-problems")
    overlay.wait_for()
    assert "content/posts/2025/first.md" in overlay.inner_text()
    assert "date" in overlay.inner_text() and "Fix:" in overlay.inner_text()
    page.screenshot(path=str(served.root.parent / "overlay.png"))
    assert page.locator("h1").first.inner_text() == "First Beat"        # the last good page, underneath
    source.write_text(good.replace("The first words.", "The first words, fixed."))
    page.get_by_text("The first words, fixed.").wait_for()
    assert overlay.count() == 0
    # a page opened while the site is broken shows the overlay at once
    source.write_text("---\ntitle: [unclosed\n---\nbody\n")
    overlay.wait_for()
    second = page.context.new_page()
    second.goto(served.url + "2025/02/03/second-beat/")
    second.locator("trackpress-problems").wait_for()
    assert "content/posts/2025/first.md" in second.locator("trackpress-problems").inner_text()
    second.close()
    assert watch.page_errors == []


def test_a_stylesheet_edit_restyles_without_a_navigation(opened, served):
    page, watch, navigations = opened
    before = page.evaluate("getComputedStyle(document.body).outlineColor")
    css = served.root / "static/static/style.css"
    css.write_text(css.read_text() + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function("getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'")
    assert before != "rgb(1, 2, 3)"
    assert page.evaluate("window.__kept") == "same document"          # no reload, no navigation
    assert len(navigations) == 1
    hrefs = page.evaluate("[...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.getAttribute('href'))")
    assert sum("style.css?v=" in h for h in hrefs) == 1 and sum("style.css" in h for h in hrefs) == 1
    assert watch.page_errors == []


def test_the_overlay_reads_on_a_phone(browser, served):
    source = served.root / "content/posts/2025/first.md"
    source.write_text(source.read_text().replace("date: 2025-01-02 10:00", "date: someday"))
    context = browser.new_context(viewport=MOBILE, is_mobile=True)
    page = context.new_page()
    deadline = time.monotonic() + 20
    while not served.live.problems and time.monotonic() < deadline:
        time.sleep(0.05)
    page.goto(served.url + POST_URL)
    overlay = page.locator("trackpress-problems")
    overlay.wait_for(timeout=TIMEOUT)
    box = overlay.bounding_box()
    assert box["width"] <= MOBILE["width"] + 1
    page.screenshot(path=str(served.root.parent / "overlay-phone.png"))
    context.close()


def test_a_hidden_tab_gives_its_stream_back_and_catches_up(opened, served):
    page, watch, _ = opened
    hide = """state => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    page.evaluate(hide, "hidden")
    page.wait_for_function("!document.documentElement.dataset.trackpressLive")
    before = served.live.generation
    source = served.root / "content/posts/2025/first.md"
    source.write_text(source.read_text() + "\nWritten while the tab was hidden.\n")
    deadline = time.monotonic() + 20
    while served.live.generation == before and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert page.evaluate("window.__kept") == "same document"          # hidden: nothing happened yet
    page.evaluate(hide, "visible")
    page.get_by_text("Written while the tab was hidden.").wait_for()
    assert watch.page_errors == []
