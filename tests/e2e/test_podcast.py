"""Podcast feeds: the feeds [podcast] names gain Apple's tags and the podcast namespace;
every other feed stays byte for byte what WordPress writes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from conftest import BASE_CONFIG, build, make_site, post, read
from unit.test_audio import silent_mp3

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
CONFIG = BASE_CONFIG + """
[podcast]
title = "Night Shift Radio"
author = "Rowan Vale"
owner_name = "Rowan Vale"
owner_email = "rowan@example.com"
image = "/static/podcast-3000.jpg"
category = "Music > Music Commentary"
explicit = false
funding_url = "https://ko-fi.com/rowan"
feeds = ["/category/radio/feed/"]
"""
FILES = {
    "content/posts/ep1.md": post("Episode 1: Night & Day", "2024-05-01 20:00", "First show.", id=501,
                                 categories=["Radio"], image="/img/ep1.jpg", audio="/audio/ep1.mp3"),
    "content/posts/ep2.md": post("Episode 2", "2024-05-08 20:00", "Second show.", categories=["Radio"],
                                 guid="tag:beats.example,2024:radio-2", audio="/audio/ep2.mp3"),
    "content/posts/text.md": post("Just words", "2024-05-09 20:00", "No audio here.", categories=["Notes"]),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("podcast") / "site", FILES, CONFIG)
    (root / "static/audio").mkdir(parents=True)
    silent_mp3(root / "static/audio/ep1.mp3", 77)           # 2 s
    silent_mp3(root / "static/audio/ep2.mp3", 2297)         # 60 s
    (root / "static/img").mkdir()
    (root / "static/img/ep1.jpg").write_bytes(b"jpg")
    build(root)
    return root


def channel(root, path):
    return ET.fromstring(read(root, path)).find("channel")


def test_the_podcast_feed_has_apples_required_tags(built):
    c = channel(built, "category/radio/feed/index.html")
    assert c.findtext("title") == "Night Shift Radio"
    assert c.findtext(f"{ITUNES}author") == "Rowan Vale"
    assert c.findtext(f"{ITUNES}owner/{ITUNES}name") == "Rowan Vale"
    assert c.findtext(f"{ITUNES}owner/{ITUNES}email") == "rowan@example.com"
    assert c.find(f"{ITUNES}image").get("href") == "https://beats.example/static/podcast-3000.jpg"
    category = c.find(f"{ITUNES}category")
    assert category.get("text") == "Music" and category.find(f"{ITUNES}category").get("text") == "Music Commentary"
    assert c.findtext(f"{ITUNES}explicit") == "false"
    assert c.findtext(f"{ITUNES}type") == "episodic"
    funding = c.find(f"{PODCAST}funding")
    assert funding.get("url") == "https://ko-fi.com/rowan" and funding.text == "Support the show"
    assert re.fullmatch(r"[0-9a-f-]{36}", c.findtext(f"{PODCAST}guid"))


def test_each_episode_has_duration_artwork_type_and_a_guid_that_never_changes(built):
    items = {i.findtext("title"): i for i in channel(built, "category/radio/feed/index.html").findall("item")}
    ep1, ep2 = items["Episode 1: Night &#038; Day".replace("&#038;", "&")], items["Episode 2"]
    assert ep1.findtext(f"{ITUNES}duration") == "2" and ep2.findtext(f"{ITUNES}duration") == "60"
    assert ep1.find(f"{ITUNES}image").get("href") == "https://beats.example/img/ep1.jpg"
    assert ep2.find(f"{ITUNES}image") is None                       # no post image, no episode artwork
    assert ep1.findtext(f"{ITUNES}episodeType") == ep2.findtext(f"{ITUNES}episodeType") == "full"
    assert ep1.findtext("guid") == "https://beats.example/?p=501"
    assert ep2.findtext("guid") == "tag:beats.example,2024:radio-2"
    assert ep1.find("enclosure").attrib == {"url": "https://beats.example/audio/ep1.mp3", "length": str(77 * 417),
                                            "type": "audio/mpeg"}


def test_feedparser_reads_the_itunes_fields(built):
    parsed = feedparser.parse((built / "output/category/radio/feed/index.html").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    feed = parsed.feed
    assert feed.title == "Night Shift Radio"
    assert feed.author == "Rowan Vale"
    assert feed.publisher_detail.email == "rowan@example.com"
    assert feed.image.href == "https://beats.example/static/podcast-3000.jpg"
    assert feed.itunes_explicit is not True          # feedparser knows only yes/clean; Apple writes true/false
    assert [t.term for t in feed.tags] == ["Music", "Music Commentary"]
    durations = {e.title: e.itunes_duration for e in parsed.entries}
    assert durations == {"Episode 2": "60", "Episode 1: Night & Day": "2"}
    assert all(e.itunes_episodetype == "full" for e in parsed.entries)
    assert parsed.entries[1].image.href == "https://beats.example/img/ep1.jpg"


def test_the_podcast_feed_is_well_formed_and_declares_both_namespaces(built):
    text = read(built, "category/radio/feed/index.html")
    ET.fromstring(text)
    head = text[: text.index("<channel>")]
    assert re.findall(r"xmlns:(\w+)=", head) == ["content", "wfw", "dc", "atom", "sy", "slash", "itunes", "podcast"]


def test_other_feeds_have_no_podcast_markup(built):
    for path in ("feed/index.html", "category/notes/feed/index.html", "author/rowan-vale/feed/index.html"):
        text = read(built, path)
        assert "itunes" not in text and "podcast" not in text, path
        assert channel(built, path).find("item/enclosure") is not None or path.endswith("notes/feed/index.html")


def test_podcast_on_the_site_feed_by_default(tmp_path):
    config = CONFIG.replace('feeds = ["/category/radio/feed/"]\n', "").replace('title = "Night Shift Radio"\n', "")
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", audio="https://cdn.example/a.mp3")}, config)
    build(root)
    c = channel(root, "feed/index.html")
    assert c.findtext("title") == "Test Beats"                      # the feed's own title when none is set
    assert c.findtext(f"{ITUNES}author") == "Rowan Vale"
    item = c.find("item")
    assert item.find(f"{ITUNES}duration") is None                   # a remote file: no duration known
    assert item.find("enclosure").get("url") == "https://cdn.example/a.mp3"
    assert "itunes" not in read(root, "category/uncategorized/feed/index.html") if (
        root / "output/category/uncategorized/feed/index.html").exists() else True
