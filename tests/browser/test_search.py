"""Search in headless Chromium: the demo site's /search/ page finds a post by a word
only that post contains (through Pagefind's index the build wrote), the header's
search form leads there without JavaScript of its own, and the 404 page offers it."""
from __future__ import annotations

from urllib.parse import quote

from .helpers import CODE_POST, skip_without_chromium

skip_without_chromium()

# a word of the delay-time post's prose that no other demo post or page has
WORD = "reverbs"


def _results(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))")


def test_typing_a_word_lists_the_post_that_contains_it(page, site_url, watch, built_site):
    having = sorted(p.relative_to(built_site.output).parent.as_posix() for p in built_site.output.rglob("index.html")
                    if WORD in p.read_text(encoding="utf-8").lower() and p.parent.parent.name != "page")
    assert CODE_POST.strip("/") in having, having             # the fixture's premise: the post has the word
    page.goto(site_url + "/search/")
    page.fill(".pagefind-ui__search-input", WORD)
    links = _results(page)
    assert CODE_POST in links, links
    assert links[0] == CODE_POST, links                      # the post with the word itself ranks first
    pages = {link.split("#")[0] for link in links}
    listings = [p for p in pages if p == "/" or p.startswith(("/tag/", "/category/", "/author/")) or p.count("/") < 5]
    assert not listings, listings                             # listings repeat excerpts: they are not indexed
    assert not watch.page_errors and not watch.failed, (watch.page_errors, watch.failed)


def test_the_header_form_searches_from_any_page(page, site_url, watch):
    page.goto(site_url + CODE_POST)
    page.fill("header .search-form__input", WORD)
    page.press("header .search-form__input", "Enter")
    page.wait_for_url(f"**/search/?q={quote(WORD)}")
    assert CODE_POST in _results(page)
    assert not watch.page_errors


def test_the_404_page_offers_search(page, site_url):
    page.goto(site_url + "/404.html")
    form = page.locator("main .search-form")
    assert form.count() == 1
    assert form.get_attribute("action") == "/search/"


def test_without_javascript_the_page_links_a_web_search(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/search/")
    html = page.content()
    assert "duckduckgo.com/?q=site%3Aexample.com" in html
    context.close()


def test_a_site_in_a_folder_finds_and_links_under_its_folder(browser, tmp_path_factory):
    """base_url https://example.org/blog, served at /blog/ of a host root holding nothing else:
    the index loads from /blog/pagefind/ and the result links to /blog/…/."""
    from http.server import SimpleHTTPRequestHandler

    from tests.conftest import BASE_CONFIG, build, make_site, post

    from .helpers import serve

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    config = BASE_CONFIG.replace('base_url = "https://beats.example"', 'base_url = "https://example.org/blog"')
    root = make_site(tmp_path_factory.mktemp("search-folder"), {
        "content/posts/a.md": post("Tape Hiss", "2024-05-01 10:00", "The cassette deck adds a gentle hiss."),
        "content/posts/b.md": post("Clean Bus", "2024-05-02 10:00", "Nothing analog here."),
        "static/static/icon.png": "png",
    }, config)
    host = tmp_path_factory.mktemp("search-host")
    build(root, output=host / "blog")
    with serve(host, Quiet) as origin:
        context = browser.new_context()
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
        page.goto(origin + "/blog/search/?q=cassette")
        assert _results(page) == ["/blog/2024/05/01/tape-hiss/"]
        page.click(".pagefind-ui__result-link")
        page.wait_for_url(origin + "/blog/2024/05/01/tape-hiss/")
        assert failed == []
        context.close()
