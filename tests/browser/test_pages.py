"""What a reader sees and clicks: home, pagination, posts, archives, embeds, 404."""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

import pytest

from .helpers import (DESKTOP, HOME_TITLE, JAPANESE, JAPANESE_DAY, MOBILE, RELEASE_POST, SITE_TITLE,
                      assert_clean, skip_without_chromium)

skip_without_chromium()

from playwright.sync_api import expect  # noqa: E402

CARDS = ".post-list > article.card"


def path_of(page) -> str:
    return unquote(urlsplit(page.url).path)


def test_home_page_title_cards_and_stylesheets(page, watch, site_url):
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert page.title() == HOME_TITLE
    expect(page.locator(CARDS)).to_have_count(10)
    expect(page.locator("h1")).to_have_text("Latest posts")
    assert watch.statuses.get(site_url + "/static/style.css") == 200, watch.statuses
    assert site_url + "/static/pygments.css" not in watch.statuses      # no code on the home page (issue 12)
    # The sheet is attached and parsed (same origin, so its rules are readable).
    rules = page.evaluate("""() => Object.fromEntries([...document.styleSheets]
        .map(s => [new URL(s.href).pathname, s.cssRules.length]))""")
    assert rules.get("/static/style.css", 0) > 50, rules
    # ...and the theme is really applied: a dark page, not the browser's default white.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), background
    assert watch.page_errors == []
    assert_clean(watch)


CLEAN_PAGES = ["/", "/page/2/", RELEASE_POST, "/tag/workflow/", "/category/releases/", "/author/rowan-vale/",
               JAPANESE_DAY, "/2024/", "/about/", "/contact/", "/404.html"]


def test_pages_load_without_console_errors_or_failed_requests(page, watch, site_url):
    """One page of each kind; every problem is listed with the page it happened on."""
    problems = []
    for path in CLEAN_PAGES:
        watch.reset()
        assert page.goto(site_url + path).status == 200, path
        page.wait_for_load_state("load")
        problems += [f"{path}: {problem}" for problem in watch.problems()]
    assert problems == [], "\n".join(problems)


def test_pagination_older_link_opens_page_two(page, site_url, built_site):
    page.goto(site_url + "/")
    first = page.locator(".card__title a").all_text_contents()
    older = page.locator("nav.pagination a[rel=next]")
    expect(older).to_contain_text("Older")
    expect(older).to_have_attribute("href", "/page/2/")
    older.click()
    page.wait_for_url(site_url + "/page/2/")
    assert page.title() == f"{SITE_TITLE} - Page 2 of 2 - Beats, mixes and the business of making music"
    expect(page.locator(".archive-header__page")).to_have_text("Page 2 of 2")
    expect(page.locator(CARDS)).to_have_count(built_site.posts - 10)
    second = page.locator(".card__title a").all_text_contents()
    assert second and not set(first) & set(second), (first, second)
    newer = page.locator("nav.pagination a[rel=prev]")
    expect(newer).to_contain_text("Newer")
    newer.click()
    page.wait_for_url(site_url + "/")
    expect(page.locator(CARDS)).to_have_count(10)


def test_post_title_opens_the_post_with_date_categories_and_tags(page, site_url):
    page.goto(site_url + "/")
    link = page.locator(".card__title a", has_text="Sodium Lights: New Single Out Now")
    link.click()
    page.wait_for_url(site_url + RELEASE_POST)
    assert page.title() == f"Sodium Lights: New Single Out Now - {SITE_TITLE}"
    expect(page.locator("h1")).to_have_text("Sodium Lights: New Single Out Now")

    time = page.locator(".entry__header time[datetime]")
    expect(time).to_have_text("June 21, 2024")
    stamp = datetime.fromisoformat(time.get_attribute("datetime"))
    assert stamp.date().isoformat() == "2024-06-21" and stamp.tzinfo is not None, stamp

    # Category link → the category archive, which lists this post.
    page.locator(".entry__header a[rel~=category]", has_text="Releases").click()
    page.wait_for_url(site_url + "/category/releases/")
    assert page.title() == f"Releases Archives - {SITE_TITLE}"
    expect(page.locator("h1")).to_have_text("Category: Releases")
    expect(page.locator(".card__title a", has_text="Sodium Lights")).to_have_count(1)

    # Tag link → the tag archive.
    page.go_back()
    page.wait_for_url(site_url + RELEASE_POST)
    page.locator(".entry__footer a[rel=tag]", has_text="workflow").click()
    page.wait_for_url(site_url + "/tag/workflow/")
    assert page.title() == f"workflow Archives - {SITE_TITLE}"
    expect(page.locator("h1")).to_have_text("Tag: workflow")
    expect(page.locator(CARDS).first).to_be_visible()


def test_previous_and_next_links_walk_between_posts(page, site_url):
    page.goto(site_url + RELEASE_POST)
    older = page.locator(".post-nav a[rel=prev]")
    expect(older).to_contain_text("Older")
    older_title = older.locator(".post-nav__title").inner_text()
    older.click()
    page.wait_for_url(lambda url: urlsplit(url).path != RELEASE_POST)
    expect(page.locator("h1")).to_have_text(older_title)
    assert page.title() == f"{older_title} - {SITE_TITLE}"

    newer = page.locator(".post-nav a[rel=next]")
    expect(newer).to_contain_text("Newer")
    expect(newer.locator(".post-nav__title")).to_have_text("Sodium Lights: New Single Out Now")
    newer.click()
    page.wait_for_url(site_url + RELEASE_POST)

    newer = page.locator(".post-nav a[rel=next]")
    newer_title = newer.locator(".post-nav__title").inner_text()
    newer.click()
    page.wait_for_url(lambda url: urlsplit(url).path != RELEASE_POST)
    expect(page.locator("h1")).to_have_text(newer_title)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_release_video_is_16_by_9_and_fits_the_column(browser, watch, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.route("**/*", watch.route)
        page.goto(site_url + RELEASE_POST)
        facade = page.locator(".entry-content .player--youtube a.player__facade")
        expect(facade).to_have_count(1)
        page.wait_for_load_state("load")
        assert watch.blocked == [], "nothing may load from YouTube before the reader presses play"
        facade.click()
        frame = page.locator(".entry-content iframe")
        expect(frame).to_have_count(1)
        assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
        frame.scroll_into_view_if_needed()
        box = frame.bounding_box()
        column = page.locator(".entry-content").bounding_box()
        ratio = box["width"] / box["height"]
        assert ratio == pytest.approx(16 / 9, abs=0.05), box
        assert box["x"] >= column["x"] - 1 and box["x"] + box["width"] <= column["x"] + column["width"] + 1, (box, column)
        assert box["width"] >= column["width"] * 0.6, (box, column)  # a video, not a thumbnail
        # The embed was requested and stopped at our route, not left to time out on the network.
        page.wait_for_load_state("load")
        assert any("youtube-nocookie.com" in url for url in watch.blocked), watch.blocked
    finally:
        context.close()


def test_japanese_post_opens_from_its_day_archive(page, site_url):
    page.goto(site_url + JAPANESE_DAY)
    expect(page.locator("h1")).to_have_text("Archive: November 22, 2024")
    link = page.locator(".card__title a").filter(has_text=JAPANESE)
    expect(link).to_have_count(1)
    title = link.inner_text()
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") != JAPANESE_DAY.rstrip("/"))
    assert JAPANESE.search(path_of(page)), page.url            # the Japanese slug, decoded
    assert page.title() == f"{title} - {SITE_TITLE}"
    assert JAPANESE.search(page.title())
    expect(page.locator("h1")).to_have_text(title)
    lang = page.evaluate("document.documentElement.lang")
    assert re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", lang), repr(lang)
    expect(page.locator(".entry-content p").first).to_contain_text("Rowan")


def test_404_page_has_the_site_header_and_a_link_home(page, site_url):
    page.goto(site_url + "/404.html")
    assert page.title() == f"Page not found - {SITE_TITLE}"
    header = page.locator("header.site-header")
    expect(header).to_be_visible()
    expect(header.locator("a.site-title")).to_have_attribute("href", "/")
    expect(header.locator("a.site-title")).to_contain_text(SITE_TITLE)
    expect(page.locator("h1")).to_have_count(1)
    home = page.locator("main a[href='/']")
    expect(home).to_contain_text(re.compile("home", re.I))
    home.click()
    page.wait_for_url(site_url + "/")
    assert page.title() == HOME_TITLE


def test_404_page_works_when_served_at_a_deep_url(page, watch, site_url, built_site):
    """Servers answer unknown URLs with 404.html: its links and styles must not depend on its path."""
    body = (built_site.output / "404.html").read_bytes()
    missing = site_url + "/no/such/deep/page/"
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    page.goto(missing)
    expect(page.locator("header.site-header")).to_be_visible()
    assert watch.statuses.get(site_url + "/static/style.css") == 200, watch.statuses
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), background
    page.locator("main a", has_text=re.compile("home", re.I)).click()
    page.wait_for_url(site_url + "/")
