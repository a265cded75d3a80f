"""Light and dark (issue 12): the system preference by default, a toggle that remembers the reader's
choice across reloads, and a page without JavaScript that follows the system and shows no dead button.
Also: no sideways scrolling at 390 px on any page kind in either scheme, and the Subscribe page."""
from __future__ import annotations

import pytest

from .helpers import CODE_POST, DESKTOP, JAPANESE_DAY, RELEASE_POST, assert_clean, assert_no_horizontal_overflow, skip_without_chromium

skip_without_chromium()

PAGE_KINDS = ["/", "/page/2/", CODE_POST, RELEASE_POST, "/about/", "/tag/workflow/", "/category/releases/",
              "/author/rowan-vale/", "/2024/", "/2024/04/", JAPANESE_DAY, "/404.html", "/subscribe/"]
BG = "getComputedStyle(document.body).backgroundColor"


def _luminance(css: str) -> float:
    r, g, b = (int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def _context(browser, watch, **options):
    context = browser.new_context(viewport=DESKTOP, **options)
    context.set_default_timeout(5_000)
    page = context.new_page()
    page.route("**/*", watch.route)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("response", watch.on_response)
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_system_scheme(browser, watch, site_url, scheme):
    context, page = _context(browser, watch, color_scheme=scheme)
    page.goto(site_url + "/")
    light = _luminance(page.evaluate(BG)) > 0.5
    assert light == (scheme == "light")
    toggle = page.locator(".theme-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-pressed") == ("true" if scheme == "dark" else "false")
    assert_clean(watch)
    context.close()


def test_the_toggle_switches_and_the_choice_survives_a_reload_and_other_pages(browser, watch, site_url):
    context, page = _context(browser, watch, color_scheme="light")
    page.goto(site_url + "/")
    toggle = page.get_by_role("button", name="Dark theme")
    assert _luminance(page.evaluate(BG)) > 0.5
    toggle.click()
    assert _luminance(page.evaluate(BG)) < 0.2
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("localStorage.getItem('trackpress-theme')") == "dark"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _luminance(page.evaluate(BG)) < 0.2                          # remembered, against the system's light
    page.goto(site_url + CODE_POST)
    assert _luminance(page.evaluate(BG)) < 0.2                          # on every page of the site
    page.get_by_role("button", name="Dark theme").click()               # and back
    assert _luminance(page.evaluate(BG)) > 0.5
    page.reload()
    assert _luminance(page.evaluate(BG)) > 0.5
    assert page.evaluate("localStorage.getItem('trackpress-theme')") == "light"
    assert_clean(watch)
    context.close()


def test_the_toggle_works_from_the_keyboard(browser, watch, site_url):
    context, page = _context(browser, watch, color_scheme="dark")
    page.goto(site_url + "/about/")
    page.locator(".theme-toggle").focus()
    page.keyboard.press("Enter")
    assert _luminance(page.evaluate(BG)) > 0.5
    page.keyboard.press("Space")
    assert _luminance(page.evaluate(BG)) < 0.2
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_the_page_follows_the_system_and_shows_no_toggle(browser, watch, site_url, scheme):
    context, page = _context(browser, watch, color_scheme=scheme, java_script_enabled=False)
    for path in ("/", CODE_POST, "/404.html"):
        page.goto(site_url + path)
        assert (_luminance(page.evaluate(BG)) > 0.5) == (scheme == "light"), path
        assert page.locator(".theme-toggle").count() == 1
        assert not page.locator(".theme-toggle").is_visible(), path       # no button that could not work
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_horizontal_scroll_at_390px(browser, watch, site_url, path, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", watch.route)
    page.goto(site_url + path)
    assert_no_horizontal_overflow(page)
    context.close()


def test_the_hero_is_sized_before_it_loads_and_only_code_pages_load_pygments(browser, watch, site_url):
    context, page = _context(browser, watch)
    page.goto(site_url + CODE_POST)
    hero = page.locator(".entry__hero img")
    assert hero.get_attribute("loading") is None and hero.get_attribute("width")
    box = hero.bounding_box()
    assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02
    chosen = hero.evaluate("img => img.currentSrc")
    assert chosen.endswith(("-800w.png", "-1200w.png", "delay-grid.png")), chosen
    loaded = [url for url in watch.statuses if url.endswith("pygments.css")]
    assert loaded, "the code post does not load pygments.css"
    watch.reset()
    page.goto(site_url + "/about/")
    assert not [url for url in watch.statuses if url.endswith("pygments.css")]
    context.close()


def test_the_subscribe_page_is_readable_and_linked_from_every_page(browser, watch, site_url):
    context, page = _context(browser, watch)
    page.goto(site_url + "/tag/workflow/")
    page.get_by_role("link", name="Subscribe").click()
    page.wait_for_url("**/subscribe/")
    text = page.inner_text("main")
    assert "feed reader" in text and "https://example.com/feed/" in text
    assert "]]>" not in text and "<item>" not in text
    assert page.get_by_role("link", name="Open the feed").first.get_attribute("href") == "/feed/"
    assert_clean(watch)
    context.close()
