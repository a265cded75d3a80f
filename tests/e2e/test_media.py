"""A release post written the way a producer writes one — a URL per line — built end to end."""
from __future__ import annotations

import io
import re
import wave

from conftest import build, make_site, post, read

BODY = """The single is out everywhere.

https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s

https://vimeo.com/76979871

https://soundcloud.com/forss/flickermood

https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC

https://music.apple.com/us/album/night-drive/1440857781?i=1440857786

https://podcasts.apple.com/us/podcast/the-mix-room/id1200361736

https://www.mixcloud.com/spartacus/party-time/

https://rowanvale.bandcamp.com/album/night-drive#album=1234567890

https://rowanvale.bandcamp.com/track/lights

[Night Drive (radio edit)](/media/night-drive.wav)

Also on https://youtu.be/dQw4w9WgXcQ if you prefer, or <https://soundcloud.com/forss>.

https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ
"""


def _wav(seconds: float = 1.0) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))
    return out.getvalue()


def _site(tmp_path):
    root = make_site(tmp_path / "s", {"content/posts/release.md": post("Night Drive", "2024-06-01 10:00", BODY)})
    (root / "static" / "media").mkdir(parents=True)
    (root / "static" / "media" / "night-drive.wav").write_bytes(_wav())
    build(root)
    return root


def test_each_service_becomes_a_facade_and_nothing_third_party_loads(tmp_path):
    root = _site(tmp_path)
    page = read(root, "2024/06/01/night-drive/index.html")
    for service in ("youtube", "vimeo", "soundcloud", "spotify", "apple-music", "apple-podcasts", "mixcloud", "bandcamp"):
        assert f"player--embed player--{service} " in page, service
    assert page.count('class="player player--embed') == 9
    assert page.count("player--link") == 1                      # Bandcamp without an id: a link card
    assert '<span class="player__service">Bandcamp</span> <span class="player__title">Lights</span>' in page
    # no element loads anything from another host before a click: no iframe, no img/script/link off-site
    content = page.split('<div class="entry-content', 1)[1].split("</article>", 1)[0]
    assert "<iframe" not in content
    for tag in re.findall(r"<(?:img|script|iframe|source|audio|video|link)\b[^>]*>", page):
        if re.search(r'rel="(?:canonical|alternate)"', tag):          # not loaded by the browser
            continue
        for url in re.findall(r'\s(?:src|href|poster)="([^"]*)"', tag):
            assert not url.startswith(("http:", "https:", "//")), tag
    # the sentence's URLs and the look-alike host stay text or links
    assert "Also on https://youtu.be/dQw4w9WgXcQ if you prefer" in page
    assert '<a href="https://soundcloud.com/forss">https://soundcloud.com/forss</a>' in page
    assert "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ</p>" in page


def test_the_audio_file_is_a_player_and_the_theme_ships_the_script(tmp_path):
    root = _site(tmp_path)
    page = read(root, "2024/06/01/night-drive/index.html")
    assert '<audio controls preload="none" src="/media/night-drive.wav" aria-label="Night Drive (radio edit)">' in page
    assert 'class="player__download" href="/media/night-drive.wav" download' in page
    assert '<script src="/static/players.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/players.css">' in page
    assert "data-player-src" in read(root, "static/players.js")
    assert ".player__facade" in read(root, "static/players.css")


def test_the_feed_gets_links_to_the_originals_not_iframes(tmp_path):
    root = _site(tmp_path)
    feed = read(root, "feed/index.html")
    item = feed.split("<content:encoded><![CDATA[", 1)[1].split("]]></content:encoded>", 1)[0]
    assert "<iframe" not in item and "<script" not in item
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1m30s"' in item
    assert "night-drive.wav" in item
