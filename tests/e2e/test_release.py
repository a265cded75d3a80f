"""A post's `release:` block: validated, and shown by the theme as a release page."""
from __future__ import annotations

import re

import pytest

from conftest import build, make_site, post, read, run_cli
from unit.test_audio import silent_mp3, tone_wav

FOLDER = 'title = "Test Beats"\nbase_url = "https://example.org/blog"\ntimezone = "UTC"\n'
RELEASE = {
    "title": "Sodium Lights EP", "type": "ep", "cover": "/img/cover.png", "date": "2024-06-21",
    "tracks": [
        {"title": "Sodium Lights", "audio": "/audio/sodium.mp3"},
        {"title": "Night Bus", "duration": "3:41"},
        {"title": "Sketch", "audio": "/audio/sketch.wav", "duration": "1:02"},
    ],
    "links": {"spotify": "https://open.spotify.com/album/abc", "apple_music": "https://music.apple.com/us/album/x/1",
              "bandcamp": "https://artist.bandcamp.com/album/x", "youtube": "https://www.youtube.com/playlist?list=PLx"},
}


def release_site(tmp_path, release=RELEASE, config=None, **fields):
    root = make_site(tmp_path, {"content/posts/ep.md": post("New EP", "2024-06-21", "Words.", release=release, **fields)},
                     **({"config": config} if config else {}))
    (root / "static/audio").mkdir(parents=True)
    silent_mp3(root / "static/audio/sodium.mp3", 77)
    tone_wav(root / "static/audio/sketch.wav", seconds=2.0)
    (root / "static/img").mkdir()
    (root / "static/img/cover.png").write_bytes(b"png")
    return root


def section(page: str) -> str:
    start = page.index('<section class="release"')
    return page[start: page.index("</section>", start)]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = release_site(tmp_path_factory.mktemp("release"))
    build(root)
    return section(read(root, "2024/06/21/new-ep/index.html")), root


def test_cover_title_kind_and_date(page):
    html, _ = page
    assert '<img class="release__cover" src="/img/cover.png" alt="Cover art of Sodium Lights EP"' in html
    assert '<p class="release__kind">EP</p>' in html
    assert '<h2 class="release__title" id="release-title">Sodium Lights EP</h2>' in html
    assert 'Released <time datetime="2024-06-21">June 21, 2024</time> · 3 tracks, 4:45' in html


def test_track_list_with_durations_from_the_file_or_as_written(page):
    html, _ = page
    titles = re.findall(r'<span class="release-track__title">(.*?)</span>', html)
    durations = re.findall(r'<time class="release-track__duration" datetime="(.*?)">(.*?)</time>', html)
    assert titles == ["Sodium Lights", "Night Bus", "Sketch"]
    assert durations == [("PT0M2S", "0:02"), ("PT3M41S", "3:41"), ("PT1M2S", "1:02")]   # written wins: an excerpt


def test_tracks_with_audio_get_a_player_and_a_waveform_when_decodable(page):
    html, _ = page
    players = re.findall(r"<audio [^>]*>", html)
    assert len(players) == 2
    assert all('controls preload="none"' in p for p in players)
    assert 'src="/audio/sodium.mp3"' in players[0] and 'src="/audio/sketch.wav"' in players[1]
    assert html.count('class="player player--audio"') == 2
    peaks = re.findall(r'data-peaks="([\d ]+)"', html)
    assert len(peaks[-1].split()) == 100 and "100" in peaks[-1].split()        # the WAV always decodes
    assert html.count('<svg class="release__waveform"') == len(peaks)


def test_streaming_links_are_plain_links_with_names(page):
    html, _ = page
    links = re.findall(r'<a class="release-link release-link--(\w+)" href="([^"]+)"[^>]*>.*?</svg>'
                       r'<span class="release-link__text"><span class="release-link__pre">Listen on </span>(.*?)</span></a>', html)
    assert [(k, name) for k, _, name in links] == [("spotify", "Spotify"), ("apple_music", "Apple Music"),
                                                   ("bandcamp", "Bandcamp"), ("youtube", "YouTube")]
    assert "<iframe" not in html and "<script" not in html and "<img" not in html.split("release__cover", 1)[1]


def test_release_tracks_become_enclosures(page):
    _, root = page
    feed = read(root, "feed/index.html")
    assert '<enclosure url="https://beats.example/audio/sodium.mp3" length="32109" type="audio/mpeg" />' in feed
    assert 'url="https://beats.example/audio/sketch.wav"' in feed


def test_a_site_in_a_folder(tmp_path):
    root = release_site(tmp_path, config=FOLDER)
    build(root)
    html = section(read(root, "2024/06/21/new-ep/index.html"))
    assert 'src="/blog/img/cover.png"' in html and 'src="/blog/audio/sodium.mp3"' in html


def test_a_protected_post_shows_no_release(tmp_path):
    root = release_site(tmp_path, protected=True)
    build(root)
    assert 'class="release"' not in read(root, "2024/06/21/new-ep/index.html")


def test_title_defaults_to_the_posts_and_a_release_may_be_only_links(tmp_path):
    root = release_site(tmp_path, release={"links": {"bandcamp": "https://a.bandcamp.com/track/x"}})
    build(root)
    html = section(read(root, "2024/06/21/new-ep/index.html"))
    assert 'id="release-title">New EP</h2>' in html and "release__tracks" not in html and "release__cover" not in html


@pytest.mark.parametrize("release, message", [
    ({"links": {"spotfy": "https://open.spotify.com/x"}},
     'content/posts/ep.md:6: release.links.spotfy: "spotfy" is not a streaming service Trackpress knows — did you mean spotify?'),
    ({"links": {"bandcamp": "ftp://x.example/a"}},
     'content/posts/ep.md:6: release.links.bandcamp: "ftp://x.example/a" uses the ftp: scheme'),
    ({"links": {"youtube": "javascript:alert(1)"}},
     'content/posts/ep.md:6: release.links.youtube: "javascript:alert(1)" is a javascript: URL'),
    ({"links": {"spotify": "/spotify/"}}, 'content/posts/ep.md:6: release.links.spotify: "/spotify/" is not an http(s) URL'),
    ({"titel": "X"}, "content/posts/ep.md:5: release.titel: unknown key in release — did you mean title?"),
    ({"tracks": [{"title": "A", "duraton": "3:00"}]},
     "content/posts/ep.md:7: release.tracks.0.duraton: unknown key in a track — did you mean duration?"),
    ({"tracks": [{"title": "A", "duration": "3:75"}]},
     'content/posts/ep.md:7: release.tracks.0.duration: "3:75" is not a duration'),
    ({"tracks": [{"duration": "3:00"}]}, "content/posts/ep.md:6: release.tracks.0: a track without a title"),
    ({"date": "June 2024"}, 'content/posts/ep.md:5: release.date: "June 2024" is not a date'),
    ({"type": "lp"}, 'content/posts/ep.md:5: release.type: "lp" is not a kind of release'),
    ({"cover": "javascript:x"}, 'content/posts/ep.md:5: release.cover: "javascript:x" is a javascript: URL'),
    ({"tracks": "A, B"}, 'content/posts/ep.md:5: release.tracks: "A, B" is not a list of tracks'),
    ("yes", 'content/posts/ep.md:4: release: "yes" is not a set of key: value lines'),
])
def test_bad_release_blocks_name_the_part_and_its_line(tmp_path, release, message):
    root = release_site(tmp_path, release=release)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert message in result.stderr, result.stderr


def test_every_problem_of_a_release_in_one_run(tmp_path):
    root = release_site(tmp_path, release={"titel": "X", "links": {"spotfy": "https://x.example/", "tidal": "x"}})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert all(f in result.stderr for f in ("release.titel", "release.links.spotfy", "release.links.tidal"))
