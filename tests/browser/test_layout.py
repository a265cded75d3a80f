"""Layout: highlighted code, and a phone-sized screen without sideways scrolling."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from .helpers import (CODE_POST, JAPANESE, JAPANESE_DAY, RELEASE_POST, assert_no_horizontal_overflow,
                      skip_without_chromium)

skip_without_chromium()

from playwright.sync_api import expect  # noqa: E402


def test_code_block_is_syntax_highlighted(page, site_url):
    page.goto(site_url + CODE_POST)
    pre = page.locator(".entry-content .highlight pre").first
    expect(pre).to_be_visible()
    colours = page.evaluate("""() => {
        const pre = document.querySelector('.entry-content .highlight pre');
        const spans = [...pre.querySelectorAll('.k, .kn')];
        return {pre: getComputedStyle(pre).color,
                keywords: spans.map(s => [s.className, s.textContent, getComputedStyle(s).color])};
    }""")
    assert colours["keywords"], "no .k / .kn keyword spans in the code block"
    assert all(colour != colours["pre"] for _, _, colour in colours["keywords"]), colours
    # The block has its own background (from pygments.css / the theme), not the page's.
    backgrounds = page.evaluate("""() => [getComputedStyle(document.querySelector('.highlight')).backgroundColor,
                                          getComputedStyle(document.body).backgroundColor]""")
    assert backgrounds[0] not in ("rgba(0, 0, 0, 0)", backgrounds[1]), backgrounds


def test_code_block_scrolls_instead_of_widening_the_page_on_a_phone(mobile_page, site_url):
    page = mobile_page
    page.goto(site_url + CODE_POST)
    assert_no_horizontal_overflow(page)
    pre = page.evaluate("""() => {
        const pre = document.querySelector('.entry-content .highlight pre');
        const r = pre.getBoundingClientRect();
        return {scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth, right: r.right,
                overflowX: getComputedStyle(pre).overflowX, innerWidth: window.innerWidth};
    }""")
    assert pre["scrollWidth"] > pre["clientWidth"], pre       # long lines really are wider...
    assert pre["overflowX"] in ("auto", "scroll"), pre         # ...and the pre scrolls them
    assert pre["right"] <= page.viewport_size["width"], pre
    # It can actually be scrolled sideways.
    scrolled = page.evaluate("""() => { const pre = document.querySelector('.entry-content .highlight pre');
                                        pre.scrollLeft = 40; return pre.scrollLeft; }""")
    assert scrolled > 0


@pytest.mark.parametrize("path", ["/", "/page/2/", RELEASE_POST, CODE_POST, "/tag/workflow/",
                                  "/category/releases/", JAPANESE_DAY, "/about/", "/404.html"])
def test_no_horizontal_overflow_on_a_phone(mobile_page, site_url, path):
    mobile_page.goto(site_url + path)
    assert_no_horizontal_overflow(mobile_page)


def test_japanese_post_does_not_overflow_on_a_phone(mobile_page, site_url):
    page = mobile_page
    page.goto(site_url + JAPANESE_DAY)
    page.locator(".card__title a").filter(has_text=JAPANESE).tap()
    page.wait_for_url(lambda url: JAPANESE.search(unquote(urlsplit(url).path)) is not None)
    expect(page.locator("h1")).to_contain_text(JAPANESE)
    assert_no_horizontal_overflow(page)


def test_nav_links_are_visible_and_tappable_on_a_phone(mobile_page, site_url):
    page = mobile_page
    page.goto(site_url + "/")
    links = page.locator("nav.site-nav a")
    expect(links).to_have_count(3)
    width = page.viewport_size["width"]
    for link in links.all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert box["width"] >= 24 and box["height"] >= 24, box   # WCAG 2.5.8 target size
    expect(page.locator("nav.site-nav a[aria-current=page]")).to_have_text("Home")

    for name, path, heading in [("About", "/about/", "About"), ("Contact", "/contact/", "Contact"),
                                ("Home", "/", "Latest posts")]:
        page.locator("nav.site-nav a", has_text=name).tap()
        page.wait_for_url(site_url + path)
        expect(page.locator("h1")).to_contain_text(heading)
        expect(page.locator("nav.site-nav a", has_text=name)).to_have_attribute("aria-current", "page")
