"""Enclosures: each post's audio and video in its feed item, with an absolute URL and the
real length and type of the file (as WordPress writes them), and a clear error when a
file named in front matter is not in the site."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest

from conftest import build, make_site, post, read, run_cli
from unit.test_audio import silent_mp3, tone_wav

FOLDER = """\
title = "Test Beats"
base_url = "https://example.org/blog"
timezone = "UTC"
"""


def enclosures(root, feed="feed/index.html"):
    channel = ET.fromstring(read(root, feed)).find("channel")
    return {item.findtext("title"): [dict(e.attrib) for e in item.findall("enclosure")]
            for item in channel.findall("item")}


def site(tmp_path, files, config=None):
    root = make_site(tmp_path, files, **({"config": config} if config else {}))
    (root / "static/audio").mkdir(parents=True, exist_ok=True)
    silent_mp3(root / "static/audio/track.mp3")
    tone_wav(root / "static/audio/sketch.wav")
    return root


def test_length_and_type_come_from_the_file_and_the_url_is_absolute(tmp_path):
    root = site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01", enclosures=[{"url": "/audio/track.mp3"}]),
        "content/posts/b.md": post("B", "2024-05-02", audio="/audio/sketch.wav"),
        "content/posts/c.md": post("C", "2024-05-03", audio=["/audio/track.mp3", "https://cdn.example/x.ogg"],
                                   video="https://cdn.example/clip.mp4"),
    })
    build(root)
    found = enclosures(root)
    assert found["A"] == [{"url": "https://beats.example/audio/track.mp3", "length": str(77 * 417), "type": "audio/mpeg"}]
    size = (root / "static/audio/sketch.wav").stat().st_size
    assert found["B"] == [{"url": "https://beats.example/audio/sketch.wav", "length": str(size), "type": "audio/wav"}]
    assert found["C"] == [
        {"url": "https://beats.example/audio/track.mp3", "length": str(77 * 417), "type": "audio/mpeg"},
        {"url": "https://cdn.example/x.ogg", "length": "0", "type": "audio/ogg"},
        {"url": "https://cdn.example/clip.mp4", "length": "0", "type": "video/mp4"},
    ]
    parsed = feedparser.parse((root / "output/feed/index.html").read_bytes())
    assert not parsed.bozo
    assert {e.href for entry in parsed.entries for e in entry.enclosures} >= {"https://beats.example/audio/track.mp3"}


def test_a_site_in_a_folder_gets_the_folder_in_enclosure_urls(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", audio="/audio/track.mp3")}, FOLDER)
    build(root)
    assert enclosures(root)["A"][0]["url"] == "https://example.org/blog/audio/track.mp3"


def test_an_absolute_url_to_a_file_of_this_site_is_measured_too(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", enclosures=[
        {"url": "https://beats.example/audio/track.mp3", "length": 5, "type": "audio/mpeg"},
        {"url": "https://beats.example/elsewhere/old.mp3", "length": 5, "type": "audio/mpeg"}])})
    build(root)
    assert enclosures(root)["A"] == [
        {"url": "https://beats.example/audio/track.mp3", "length": str(77 * 417), "type": "audio/mpeg"},
        {"url": "https://beats.example/elsewhere/old.mp3", "length": "5", "type": "audio/mpeg"},   # not ours: as written
    ]


def test_a_written_length_or_type_that_disagrees_with_the_file_is_a_warning_and_the_file_wins(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", enclosures=[
        {"url": "/audio/track.mp3", "length": 1234, "type": "audio/mp3"}])})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert (f"warning: content/posts/a.md:6: enclosures: length 1234 is not the size of /audio/track.mp3 "
            f"({77 * 417} bytes); the feed says {77 * 417} — remove length: (the build reads it from the file)") in result.stderr
    assert ("warning: content/posts/a.md:7: enclosures: type audio/mp3 is not what /audio/track.mp3 is (audio/mpeg); "
            "the feed says audio/mpeg") in result.stderr
    assert enclosures(root)["A"][0]["length"] == str(77 * 417)


def test_a_file_that_is_not_in_the_site_is_an_error_with_its_line(tmp_path):
    root = site(tmp_path, {
        "content/posts/x.md": post("X", "2024-05-01", enclosures=[{"url": "/audio/x.mp3", "length": 1}]),
        "content/posts/y.md": post("Y", "2024-05-01", audio=["/audio/track.mp3", "/audio/gone.wav"]),
        "content/posts/z.md": post("Z", "2024-05-01", release={"tracks": [{"title": "T", "audio": "/audio/nope.mp3"}]}),
    })
    (root / "output").mkdir()
    (root / "output/keep.txt").write_text("last good build")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    hint = "(the site's static/ folder is served at the site root), or fix the path"
    assert (f"content/posts/x.md:5: enclosures: /audio/x.mp3 is not in static/ — put the file at "
            f"static/audio/x.mp3 {hint}") in result.stderr
    assert f"content/posts/y.md:6: audio: /audio/gone.wav is not in static/ — put the file at static/audio/gone.wav {hint}" in result.stderr
    assert "content/posts/z.md:7: release: /audio/nope.mp3 is not in static/" in result.stderr
    assert (root / "output/keep.txt").read_text() == "last good build"


def test_a_missing_file_in_a_draft_is_a_warning(tmp_path):
    root = site(tmp_path, {"content/posts/d.md": post("D", "2024-05-01", draft=True, audio="/audio/gone.mp3"),
                           "content/posts/a.md": post("A", "2024-05-01")})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "warning: content/posts/d.md:5: audio: /audio/gone.mp3 is not in static/" in result.stderr


def test_theme_files_are_in_the_site_too(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", enclosures=[{"url": "/static/style.css"}])})
    build(root)
    [enclosure] = enclosures(root)["A"]
    assert enclosure["type"] == "text/css" and int(enclosure["length"]) > 1000


def test_protected_posts_carry_no_enclosure(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", protected=True, audio="/audio/track.mp3")})
    build(root)
    assert list(enclosures(root).values()) == [[]]


@pytest.mark.parametrize("value, message", [
    ('"javascript:alert(1)"', 'audio: "javascript:alert(1)" is a javascript: URL'),
    ("//cdn.example/a.mp3", 'audio: "//cdn.example/a.mp3" starts with //'),
    ("{url: /a.mp3}", "audio: {'url': '/a.mp3'} is not a list"),
])
def test_bad_audio_values(tmp_path, value, message):
    root = make_site(tmp_path, {"content/posts/a.md": f"---\ntitle: A\ndate: 2024-05-01\naudio: {value}\n---\nx\n"})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1 and f"content/posts/a.md:4: {message}" in result.stderr, result.stderr
