"""[podcast] in site.toml: validated like every other setting (line, key, did-you-mean)."""
from __future__ import annotations

import pytest

from generator.config import load_config
from generator.errors import BuildError
from generator.model import Podcast

HEAD = 'title = "Night Shift Audio"\nbase_url = "https://example.com"\nauthor = "Rowan Vale"\n'
GOOD = HEAD + """
[podcast]
title = "Night Shift Radio"
owner_email = "rowan@example.com"
image = "/podcast-3000.jpg"
category = "Music > Music Commentary"
"""


def load(tmp_path, text):
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def problems(tmp_path, text) -> list[str]:
    with pytest.raises(BuildError) as exc:
        load(tmp_path, text)
    return [str(d) for d in exc.value.diagnostics]


def test_no_podcast_table_no_podcast(tmp_path):
    assert load(tmp_path, HEAD).podcast is None


def test_defaults(tmp_path):
    podcast = load(tmp_path, GOOD).podcast
    assert podcast == Podcast(feeds=("/feed/",), title="Night Shift Radio", owner_email="rowan@example.com",
                              image="/podcast-3000.jpg", category="Music", subcategory="Music Commentary")
    assert podcast.explicit is False and podcast.type == "episodic" and podcast.author == ""


def test_every_key(tmp_path):
    podcast = load(tmp_path, GOOD + 'author = "R. Vale"\nowner_name = "Rowan"\nexplicit = true\n'
                   'funding_url = "https://ko-fi.com/rowan"\nfunding_text = "Buy me a coffee"\n'
                   'type = "serial"\ndescription = "Beats after dark"\n'
                   'feeds = ["/feed/", "/category/radio/feed/", "/feed/"]\n').podcast
    assert podcast.feeds == ("/feed/", "/category/radio/feed/")
    assert (podcast.author, podcast.owner_name, podcast.explicit, podcast.type) == ("R. Vale", "Rowan", True, "serial")
    assert podcast.funding_url == "https://ko-fi.com/rowan" and podcast.funding_text == "Buy me a coffee"


def test_category_without_subcategory(tmp_path):
    podcast = load(tmp_path, GOOD.replace("Music > Music Commentary", "Technology")).podcast
    assert (podcast.category, podcast.subcategory) == ("Technology", "")


@pytest.mark.parametrize("line, message", [
    ('autor = "x"', "site.toml:10: podcast.autor: unknown key in [podcast] — did you mean 'author'?"),
    ("explicit = \"no\"", "site.toml:10: podcast.explicit: 'no' is not true or false — write explicit = false (or true)"),
    ('funding_url = "ko-fi.com/me"', "site.toml:10: podcast.funding_url: 'ko-fi.com/me' is not an http(s) URL or a site path"),
    ('funding_url = "/support/"', "site.toml:10: podcast.funding_url: '/support/' is not an http(s) URL"),
    ('owner_name = 3', "site.toml:10: podcast.owner_name: 3 is not a string"),
    ('type = "weekly"', "site.toml:10: podcast.type: 'weekly' is not episodic or serial"),
    ('feeds = "/feed/"', "site.toml:10: podcast.feeds: '/feed/' is not a list of feed paths"),
    ('feeds = ["/category/radio/"]', "site.toml:10: podcast.feeds: '/category/radio/' is not a feed's site path"),
])
def test_bad_values_name_their_key_and_line(tmp_path, line, message):
    found = problems(tmp_path, GOOD + line + "\n")
    assert any(p.startswith(message) for p in found), found


def test_title_inside_the_table_is_found_on_its_own_line(tmp_path):
    found = problems(tmp_path, GOOD.replace('title = "Night Shift Radio"', "title = 1"))
    assert found == ["site.toml:6: podcast.title: 1 is not a string — write it as title = \"…\""]


@pytest.mark.parametrize("value, message", [
    ("Musik", "podcast.category: 'Musik' is not one of Apple Podcasts' categories — did you mean 'Music'?"),
    ("Music > Music Comentary", "podcast.category: 'Music Comentary' is not a subcategory of 'Music' — did you mean 'Music Commentary'?"),
    ("Technology > Gadgets", "podcast.category: 'Gadgets' is not a subcategory of 'Technology' — its subcategories: none"),
])
def test_apple_categories(tmp_path, value, message):
    assert problems(tmp_path, GOOD.replace("Music > Music Commentary", value)) == [f"site.toml:9: {message}"]


def test_apples_required_tags_are_required(tmp_path):
    found = problems(tmp_path, HEAD + "\n[podcast]\nauthor = \"Rowan\"\n")
    assert [p.split(" — ")[0] for p in found] == [
        "site.toml:5: podcast.image: missing (Apple Podcasts requires it)",
        "site.toml:5: podcast.category: missing (Apple Podcasts requires it)",
        "site.toml:5: podcast.owner_email: missing (Apple Podcasts requires it)",
    ]


def test_bad_email_and_script_image(tmp_path):
    found = problems(tmp_path, GOOD.replace("rowan@example.com", "rowan").replace("/podcast-3000.jpg", "javascript:alert(1)"))
    assert any(p.startswith("site.toml:8: podcast.image: 'javascript:alert(1)' is a javascript: URL") for p in found), found
    assert any(p.startswith("site.toml:7: podcast.owner_email: 'rowan' is not an email address") for p in found), found


def test_podcast_must_be_a_table(tmp_path):
    assert problems(tmp_path, HEAD + 'podcast = "yes"\n') == [
        "site.toml:4: podcast: is not a table — write [podcast] followed by lines like author = \"Rowan Vale\""]


def test_podcast_problems_come_with_the_others(tmp_path):
    found = problems(tmp_path, GOOD.replace('author = "Rowan Vale"', 'athor = "x"') + "autor = 1\n")
    assert any("site.toml:3: athor: unknown key" in p for p in found)
    assert any("podcast.autor: unknown key" in p for p in found)
