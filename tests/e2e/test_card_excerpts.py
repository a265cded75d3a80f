"""Cards and reading time on a real build: a card's excerpt is the post's prose only, cut
by characters for Japanese; an `excerpt:` in the front matter and a `<!--more-->` teaser
win; the feed's description keeps WordPress's rules; related posts end each post."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from tests.conftest import build, make_site, post, read

JAPANESE = "".join(f"今夜は{n}本目のビートを作りました。" for n in range(1, 40))
FILES = {
    "content/posts/en.md": post("Gain Staging", "2024-05-01 10:00",
                                "## Setup\n\nKeep peaks near minus six[^1] before the bus. "
                                "Read https://example.com/gain for charts.\n\n```\nbus.gain = -6\n```\n\n"
                                + "More words here. " * 40 + "\n\n[^1]: dBFS.", tags=["mixing"]),
    "content/posts/ja.md": post("深夜のビート", "2024-05-02 10:00", JAPANESE, lang="ja", tags=["mixing"]),
    "content/posts/manual.md": post("Manual", "2024-05-03 10:00", "Body text that is not shown on the card.",
                                    excerpt="My own words & mine.", tags=["mixing"]),
    "content/posts/teaser.md": post("Teaser", "2024-05-04 10:00", "Only this part.\n\n<!--more-->\n\nThe rest, hidden."),
}


def cards(html: str) -> dict[str, str]:
    found = re.findall(r'<h2 class="card__title"><a href="([^"]+)".*?<p class="card__excerpt">(.*?)</p>', html, re.S)
    return {url: text for url, text in found}


def test_cards_show_prose_cut_for_their_script(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    shown = cards(read(root, "index.html"))
    english = shown["/2024/05/01/gain-staging/"]
    assert english.startswith("Keep peaks near minus six before the bus.")
    assert "Setup" not in english and "https://" not in english and "bus.gain" not in english and "dBFS" not in english
    assert english.endswith("\u2026") and len(english.split()) <= 55
    japanese = [text for url, text in shown.items() if "%e6%b7%b1" in url][0]
    assert japanese.startswith("今夜は1本目のビートを作りました。")
    assert japanese.endswith("\u2026") and len(japanese) <= 111 and len(japanese) < len(JAPANESE)
    assert shown["/2024/05/03/manual/"] == "My own words &#038; mine."       # as written (convert_chars), as before
    assert shown["/2024/05/04/teaser/"] == "Only this part."


def test_reading_time_and_related_posts_on_the_post(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    page = read(root, "2024/05/01/gain-staging/index.html")
    assert re.search(r'<span class="post-meta__reading">1 min read</span>', page)
    related = page[page.index('<aside class="related"'):]
    related = related[:related.index("</aside>")]
    assert "/2024/05/03/manual/" in related and "/2024/05/01/gain-staging/" not in related
    assert "/2024/05/04/teaser/" not in related               # shares nothing


def test_the_feed_keeps_wordpress_excerpts(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    channel = ElementTree.fromstring(read(root, "feed/index.html")).find("channel")
    descriptions = {i.findtext("title"): i.findtext("description") for i in channel.findall("item")}
    assert descriptions["Gain Staging"].startswith("<p>Setup Keep peaks near minus six1")   # wp_trim_words, as before
    assert descriptions["Manual"].startswith("<p>My own words &#038; mine.")
