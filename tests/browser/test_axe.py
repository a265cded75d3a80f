"""axe-core (Deque's accessibility engine, from npm) finds no serious or critical violation on any page
kind, in light and in dark (issue 12). axe-core is installed on first use (tests/npm_tools.py)."""
from __future__ import annotations

import pytest

from tests.npm_tools import npm_package

from .helpers import CODE_POST, DESKTOP, JAPANESE_DAY, RELEASE_POST, skip_without_chromium

skip_without_chromium()

PAGE_KINDS = {"home": "/", "home page 2": "/page/2/", "post with code": CODE_POST, "release post": RELEASE_POST,
              "page": "/about/", "tag": "/tag/workflow/", "category": "/category/releases/",
              "author": "/author/rowan-vale/", "year": "/2024/", "month": "/2024/04/", "day": JAPANESE_DAY,
              "404": "/404.html", "subscribe": "/subscribe/"}


@pytest.fixture(scope="module")
def axe_script() -> str:
    return str(npm_package("axe-core") / "axe.min.js")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_serious_or_critical_violations(browser, site_url, watch, axe_script, kind, scheme):
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", watch.route)
    page.goto(site_url + PAGE_KINDS[kind])
    page.add_script_tag(path=axe_script)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}));
    }""")
    context.close()
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert bad == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in bad)


def test_axe_does_find_a_violation_when_there_is_one(browser, site_url, watch, axe_script):
    """The audit is live: an image without alt text on a real page is reported."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route("**/*", watch.route)
    page.goto(site_url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/share.png\">')")
    page.add_script_tag(path=axe_script)
    ids = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    context.close()
    assert "image-alt" in ids
