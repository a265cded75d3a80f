"""Media in headless Chromium: a post with one embed of each service, a WAV and (with `lame`) an mp3.

Nothing may be requested from another host before the reader clicks; a click on the YouTube
card puts an iframe on www.youtube-nocookie.com in the page (the request itself is answered
here with a 204, so no traffic leaves); the file players play; everything fits the column at
phone and desktop widths. Screenshots go to the test's tmp folder (and to $TRACKPRESS_SCREENSHOTS
when set, for a person to look at)."""
from __future__ import annotations

import http.server
import math
import os
import shutil
import struct
import subprocess
import wave
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import BuildOptions, build_site

from .helpers import CHROMIUM_ARGS, assert_no_horizontal_overflow, serve, skip_without_chromium

skip_without_chromium()

from playwright.sync_api import expect  # noqa: E402

POST = "/2024/06/01/night-drive-out-now/"
SERVICES = ("youtube", "vimeo", "soundcloud", "spotify", "apple-music", "apple-podcasts", "mixcloud", "bandcamp")
LAME = shutil.which("lame")

BODY = """Night Drive is out today. Watch it, stream it, buy it:

[Night Drive (official video)](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s)

https://vimeo.com/76979871

https://soundcloud.com/forss/flickermood

https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC

https://music.apple.com/us/album/night-drive/1440857781?i=1440857786

https://podcasts.apple.com/us/podcast/the-mix-room/id1200361736

https://www.mixcloud.com/spartacus/party-time/

https://rowanvale.bandcamp.com/album/night-drive#album=1234567890

https://rowanvale.bandcamp.com/track/lights-with-a-rather-long-name-for-a-phone-screen

https://youtube.com/shorts/lwhO2_td3dU

[Night Drive (WAV master)](/media/night-drive.wav)
{mp3}
Thanks for listening.
"""


def _tone_wav(path: Path, seconds: float = 4.0, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = b"".join(struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * i / rate)))
                          for i in range(int(rate * seconds)))
        w.writeframes(frames)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("media-site")
    (root / "site.toml").write_text('title = "Night Shift Audio"\nbase_url = "https://beats.example"\n'
                                    'timezone = "UTC"\nauthor = "Rowan Vale"\n', encoding="utf-8")
    media = root / "static" / "media"
    media.mkdir(parents=True)
    _tone_wav(media / "night-drive.wav")
    mp3 = ""
    if LAME:
        subprocess.run([LAME, "--quiet", "-b", "64", str(media / "night-drive.wav"), str(media / "night-drive.mp3")],
                       check=True, timeout=60)
        mp3 = "\n[Night Drive (mp3)](/media/night-drive.mp3)\n"
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "night-drive.md").write_text(
        '---\ntitle: "Night Drive: Out Now"\ndate: 2024-06-01 10:00:00+00:00\n---\n' + BODY.format(mp3=mp3),
        encoding="utf-8")
    summary = build_site(BuildOptions(root=root, output=root / "output", now=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    with serve(summary.output, _Quiet) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=CHROMIUM_ARGS + ["--autoplay-policy=no-user-gesture-required"])
        try:
            yield browser
        finally:
            browser.close()


class Requests:
    """Every request the page makes; other hosts are answered here (an empty 204, or an empty page when
    the browser navigates there) and never reach the network."""

    def __init__(self):
        self.all: list[str] = []
        self.errors: list[str] = []

    def route(self, route):
        self.all.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        elif route.request.is_navigation_request() and route.request.frame.parent_frame is None:
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>elsewhere</title>")
        else:
            route.fulfill(status=204, body="")

    def third_party(self) -> list[str]:
        return [u for u in self.all if urlsplit(u).hostname != "127.0.0.1"]


def _open(chromium, width: int, **options):
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    context.set_default_timeout(8_000)
    requests = Requests()
    context.route("**/*", requests.route)
    page = context.new_page()
    page.on("pageerror", lambda exc: requests.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and requests.errors.append(msg.text))
    return context, page, requests


def _shoot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    folder = os.environ.get("TRACKPRESS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / name)
    return path


@pytest.mark.parametrize("width", [390, 1280])
def test_no_third_party_request_before_a_click_and_players_fit(chromium, media_site, tmp_path, width):
    context, page, requests = _open(chromium, width)
    try:
        page.goto(media_site + POST)
        page.wait_for_load_state("networkidle")
        for service in SERVICES:
            expect(page.locator(f".player--{service} a.player__facade").first).to_be_visible()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        assert requests.third_party() == []
        assert page.locator("iframe").count() == 0
        assert_no_horizontal_overflow(page)
        column = page.locator(".entry-content").bounding_box()
        for figure in page.locator(".entry-content .player").all():
            box = figure.bounding_box()
            assert box["x"] >= column["x"] - 1 and box["x"] + box["width"] <= column["x"] + column["width"] + 1, box
        video = page.locator(".player--vimeo").bounding_box()
        assert video["width"] / video["height"] == pytest.approx(16 / 9, abs=0.03)
        assert video["width"] >= column["width"] - 2
        assert page.locator(".player--soundcloud").bounding_box()["height"] == pytest.approx(166, abs=1)
        assert page.locator(".player--spotify").bounding_box()["height"] == pytest.approx(352, abs=1)
        short = page.locator(".player--portrait").bounding_box()
        assert short["height"] / short["width"] == pytest.approx(16 / 9, abs=0.03)
        # every facade's text stays inside its card
        overflow = page.evaluate("""() => [...document.querySelectorAll('.player__facade > span')]
            .filter(s => { const r = s.getBoundingClientRect(), c = s.closest('.player').getBoundingClientRect();
                           return r.right > c.right + 1 || r.bottom > c.bottom + 1 || r.left < c.left - 1; })
            .map(s => s.closest('.player').className + ' ' + s.className)""")
        assert overflow == []
        page.evaluate("window.scrollTo(0, 0)")
        _shoot(page, tmp_path, f"media-{width}.png")
        assert requests.errors == []
    finally:
        context.close()


def test_clicking_the_youtube_card_loads_the_privacy_enhanced_player(chromium, media_site, tmp_path):
    context, page, requests = _open(chromium, 1280)
    try:
        page.goto(media_site + POST)
        facade = page.locator(".player--youtube:not(.player--portrait) a.player__facade")
        expect(facade).to_have_accessible_name("Play: YouTube Night Drive (official video)")
        expect(facade).to_have_attribute("role", "button")
        assert requests.third_party() == []
        facade.click()
        frame = page.locator(".player--youtube:not(.player--portrait) iframe")
        expect(frame).to_have_count(1)
        src = frame.get_attribute("src")
        assert urlsplit(src).hostname == "www.youtube-nocookie.com"
        assert src.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90")
        assert frame.get_attribute("title") == "Night Drive (official video) on YouTube"
        page.wait_for_timeout(300)
        hosts = {urlsplit(u).hostname for u in requests.third_party()}
        assert hosts == {"www.youtube-nocookie.com"}, hosts         # and only that, only after the click
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        assert page.locator(".player--vimeo iframe").count() == 0    # the others are still cards
        assert requests.errors == []
    finally:
        context.close()


def test_keyboard_space_and_enter_start_a_player_and_focus_is_visible(chromium, media_site):
    context, page, requests = _open(chromium, 1280)
    try:
        page.goto(media_site + POST)
        vimeo = page.locator(".player--vimeo a.player__facade")
        vimeo.focus()
        outline = vimeo.evaluate("a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth")
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")                    # focus by keyboard: :focus-visible applies
        outline = vimeo.evaluate("a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth")
        assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
        page.keyboard.press("Space")
        frame = page.locator(".player--vimeo iframe")
        expect(frame).to_have_count(1)
        assert "dnt=1" in frame.get_attribute("src") and page.url.endswith(POST)
        page.locator(".player--soundcloud a.player__facade").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".player--soundcloud iframe")).to_have_count(1)
        assert page.url.endswith(POST)
    finally:
        context.close()


def test_without_javascript_the_cards_are_links_to_the_originals(chromium, media_site):
    context, page, requests = _open(chromium, 1280, java_script_enabled=False)
    try:
        page.goto(media_site + POST)
        youtube = page.locator(".player--youtube:not(.player--portrait) a.player__facade")
        assert youtube.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s"
        assert youtube.get_attribute("role") is None
        bandcamp = page.locator(".player--bandcamp.player--link a")
        expect(bandcamp).to_have_accessible_name("Bandcamp Lights With A Rather Long Name For A Phone Screen Open")
        youtube.click()
        page.wait_for_url("https://www.youtube.com/**")     # answered by our 204, never by YouTube
        assert requests.third_party() == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s"]
    finally:
        context.close()


@pytest.mark.parametrize("name", ["night-drive.wav"] + (["night-drive.mp3"] if LAME else []))
def test_the_file_player_plays(chromium, media_site, name):
    context, page, requests = _open(chromium, 1280)
    try:
        page.goto(media_site + POST)
        audio = page.locator(f'audio[src="/media/{name}"]')
        expect(audio).to_have_attribute("preload", "none")
        assert audio.evaluate("a => a.readyState") == 0              # nothing downloaded before play
        audio.evaluate("a => { a.muted = true; return a.play(); }")
        page.wait_for_function(f"""() => document.querySelector('audio[src="/media/{name}"]').currentTime > 0.3""",
                               timeout=8_000)
        assert audio.evaluate("a => a.error") is None
        assert requests.third_party() == []
    finally:
        context.close()
