"""Shared constants and small helpers for the browser tests."""
from __future__ import annotations

import functools
import re
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SITE_TITLE = "Night Shift Audio"
HOME_TITLE = "Night Shift Audio - Beats, mixes and the business of making music"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}

RELEASE_POST = "/2024/06/21/sodium-lights-new-single-out-now/"
CODE_POST = "/2024/04/12/delay-times-bpm-and-a-tiny-python-script/"
JAPANESE_DAY = "/2024/11/22/"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def skip_without_chromium() -> None:
    """Call at the top of each test module: skip it when the browser cannot run."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
                    "it is missing here, so they are skipped (CI installs it)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


@dataclass
class Watch:
    """What went wrong while a page was open: filled in by the page fixtures."""
    origin: str                                   # http://127.0.0.1:PORT
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)        # same-origin: failed or status >= 400
    blocked: list[str] = field(default_factory=list)       # off-origin requests we aborted
    statuses: dict[str, int] = field(default_factory=dict)  # same-origin URL -> last status

    def is_local(self, url: str) -> bool:
        return urlsplit(url).hostname == "127.0.0.1"

    def on_console(self, msg) -> None:
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            self.console_errors.append(f"{msg.text} [{where}]")

    def on_request_failed(self, request) -> None:
        # net::ERR_ABORTED is the browser cancelling a request itself, e.g. the favicon fetch
        # still pending when a test navigates on; a missing file shows up as an HTTP status.
        if self.is_local(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} failed: {request.failure}")

    def on_response(self, response) -> None:
        if self.is_local(response.url):
            self.statuses[response.url] = response.status
            if response.status >= 400:
                self.failed.append(f"{response.url} -> HTTP {response.status}")

    def route(self, route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def problems(self) -> list[str]:
        return self.failed + self.console_errors + [f"page error: {e}" for e in self.page_errors]

    def reset(self) -> None:
        for items in (self.console_errors, self.page_errors, self.failed, self.blocked):
            items.clear()
        self.statuses.clear()


def assert_clean(watch: Watch) -> None:
    """No console errors, no uncaught exceptions, no failed same-origin requests."""
    problems = watch.problems()
    assert problems == [], "\n".join(problems)


OVERFLOW_JS = """(vw) => {
    const doc = document.documentElement;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > vw + 1) {
            // Only report the outermost culprit, not everything inside a scroll box.
            let p = el.parentElement, inside = false;
            while (p && p !== document.body) {
                const s = getComputedStyle(p);
                if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) { inside = true; break; }
                p = p.parentElement;
            }
            if (!inside) wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
        }
    }
    return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, viewport: vw, wide: wide.slice(0, 5)};
}"""


def assert_no_horizontal_overflow(page) -> None:
    """The page is no wider than the viewport the test asked for.

    Compared with the requested width, not just window.innerWidth: with is_mobile,
    Chromium widens the layout viewport (and innerWidth) to fit content that overflows.
    """
    width = page.viewport_size["width"]
    facts = page.evaluate(OVERFLOW_JS, width)
    assert facts["scrollWidth"] <= width and facts["innerWidth"] == width, facts


@contextmanager
def serve(directory: Path, handler: type[SimpleHTTPRequestHandler] = SimpleHTTPRequestHandler):
    """Serve `directory` on 127.0.0.1 (a free port) in a daemon thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
