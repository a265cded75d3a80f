"""Accessibility basics: skip link, one h1 per page, img alt, lang, RSS autodiscovery."""
from __future__ import annotations

import pytest

from .helpers import skip_without_chromium

skip_without_chromium()

from playwright.sync_api import expect  # noqa: E402


def _html_pages(output):
    """Every HTML page of the built site, as URL paths (feeds are XML in index.html files)."""
    paths = []
    for file in sorted(output.rglob("*.html")):
        rel = file.relative_to(output).as_posix()
        if rel == "feed/index.html" or rel.endswith("/feed/index.html"):
            continue
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def test_skip_link_is_the_first_focusable_element(page, site_url):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, r = el.getBoundingClientRect();
        return {tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
                box: [r.left, r.top, r.width, r.height], vw: innerWidth, vh: innerHeight};
    }""")
    assert focused["tag"] == "A" and "skip" in focused["text"].lower(), focused
    href = focused["href"] or ""
    assert href.startswith("#") and len(href) > 1, focused
    assert page.locator(f"[id='{href[1:]}']").count() == 1, f"no element with id {href[1:]!r}"
    left, top, w, h = focused["box"]
    assert w > 1 and h > 1 and 0 <= left < focused["vw"] and 0 <= top < focused["vh"], \
        f"the focused skip link is not on screen: {focused}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == href
    assert page.evaluate("document.activeElement.id") == href[1:]


def test_every_page_has_one_h1_img_alts_a_lang_and_one_feed_link(page, site_url, built_site):
    """Visits every HTML page the build wrote."""
    paths = _html_pages(built_site.output)
    assert len(paths) > 40, paths
    problems = []
    for path in paths:
        response = page.goto(site_url + path, wait_until="domcontentloaded")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        facts = page.evaluate("""() => ({
            h1: document.querySelectorAll('h1').length,
            noAlt: [...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.outerHTML),
            lang: document.documentElement.getAttribute('lang'),
            feeds: [...document.querySelectorAll('link[rel=alternate][type="application/rss+xml"]')].length,
        })""")
        if facts["h1"] != 1:
            problems.append(f"{path}: {facts['h1']} h1 elements")
        if facts["noAlt"]:
            problems.append(f"{path}: img without alt: {facts['noAlt']}")
        if not facts["lang"]:
            problems.append(f"{path}: <html> has no lang")
        if facts["feeds"] != 1:
            problems.append(f"{path}: {facts['feeds']} RSS alternate links")
    assert problems == []


@pytest.mark.parametrize("path, feed", [
    ("/", "/feed/"),
    ("/tag/workflow/", "/tag/workflow/feed/"),
    ("/category/releases/", "/category/releases/feed/"),
    ("/author/rowan-vale/", "/author/rowan-vale/feed/"),
])
def test_rss_autodiscovery_link_returns_the_right_feed(page, site_url, path, feed):
    page.goto(site_url + path)
    link = page.locator('head link[rel=alternate][type="application/rss+xml"]')
    expect(link).to_have_count(1)
    url = link.evaluate("el => el.href")            # resolved against the page
    assert url == site_url + feed
    response = page.request.get(url)
    assert response.status == 200
    text = response.text()
    assert text.startswith("<?xml"), text[:80]
    assert "<rss" in text and "<channel>" in text
    title = link.get_attribute("title")
    assert f"<title>{title}</title>" in text, (title, text[:400])
