"""seo.py: share tags' view data, absolute URLs, og:locale, and JSON-LD that nothing in a title can break out of."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.images import ImageInfo, Size, picture_view
from generator.model import SiteConfig
from generator.seo import absolute_url, og_locale, script_json, share_view

CONFIG = SiteConfig(root="/x", title="Night Shift Audio", base_url="https://example.org/blog", site_icon="/icon.png",
                    share_image="/share.png", share_image_alt="The site's card", x_handle="@nightshift")


def post_view(**fields) -> dict:
    view = {"title": Markup("Don&#8217;t &#8220;warm&#8221; it"), "title_text": "Don't \"warm\" it",
            "date_iso": "2024-05-01T10:00:00-07:00", "updated_iso": "2024-05-03T09:00:00-07:00",
            "author": {"name": "Rowan Vale", "url": "/blog/author/rowan-vale/"}, "image": "", "lang": "en-US"}
    return {**view, **fields}


def test_absolute_urls_keep_the_sub_path_and_encode_what_a_url_cannot_hold():
    assert absolute_url(CONFIG, "/img/a b.png") == "https://example.org/blog/img/a%20b.png"
    assert absolute_url(CONFIG, "/img/caf%C3%A9.png") == "https://example.org/blog/img/caf%C3%A9.png"
    assert absolute_url(CONFIG, "https://cdn.example/x.jpg") == "https://cdn.example/x.jpg"
    assert absolute_url(CONFIG, "/img/\"><script>.png") == "https://example.org/blog/img/%22%3E%3Cscript%3E.png"
    assert absolute_url(CONFIG, "") == ""


@pytest.mark.parametrize("tag, locale", [("en-US", "en_US"), ("ja", "ja"), ("pt-br", "pt_BR"), ("de_DE", "de_DE"),
                                         ("zh-Hant-TW", "zh")])
def test_og_locale(tag, locale):
    assert og_locale(tag) == locale


def test_a_post_without_its_own_image_shares_the_site_default_with_its_size():
    images = {"/share.png": ImageInfo("/share.png", 1200, 630)}
    share = share_view(CONFIG, kind="post", canonical="https://example.org/blog/2024/05/01/x/", title="Don’t “warm” it",
                       description="Tape and tubes.", post=post_view(), images=images)
    assert share["type"] == "article"
    assert share["image"] == {"url": "https://example.org/blog/share.png", "alt": "The site's card",
                              "width": 1200, "height": 630, "secure": True}
    assert share["twitter"] == {"card": "summary_large_image", "site": "@nightshift", "creator": "@nightshift"}
    assert share["published_time"] == "2024-05-01T10:00:00-07:00"
    assert share["modified_time"] == "2024-05-03T09:00:00-07:00"
    assert share["locale"] == "en_US"
    ld = json.loads(str(share["json_ld"]))
    assert ld["@type"] == "BlogPosting"
    assert ld["headline"] == "Don’t “warm” it"
    assert ld["mainEntityOfPage"] == {"@type": "WebPage", "@id": "https://example.org/blog/2024/05/01/x/"}
    assert ld["author"] == {"@type": "Person", "name": "Rowan Vale", "url": "https://example.org/blog/author/rowan-vale/"}
    assert ld["publisher"]["logo"]["url"] == "https://example.org/blog/icon.png"
    assert ld["image"]["url"] == "https://example.org/blog/share.png"
    assert ld["datePublished"] < ld["dateModified"]


def test_the_posts_own_image_wins_and_its_alt_is_the_title_unless_given():
    own = share_view(CONFIG, kind="post", canonical="https://example.org/blog/x/", title="T", description="",
                     post=post_view(image="/img/cover.jpg"))
    assert own["image"]["url"] == "https://example.org/blog/img/cover.jpg"
    assert own["image"]["alt"] == "Don’t “warm” it"
    assert own["image"]["width"] is None                 # not a local file we know: no size claimed
    given_alt = share_view(CONFIG, kind="post", canonical="https://example.org/blog/x/", title="T", description="",
                           post=post_view(image="/img/cover.jpg"), image_alt="Tape machine")
    assert given_alt["image"]["alt"] == "Tape machine"


def test_listing_pages_are_websites_without_article_times_or_json_ld():
    share = share_view(CONFIG, kind="tag", canonical="https://example.org/blog/tag/x/", title="Tag: x", description="d")
    assert share["type"] == "website"
    assert share["published_time"] == share["modified_time"] == ""
    assert share["json_ld"] == ""
    assert share["image"]["url"] == "https://example.org/blog/share.png"


def test_no_image_anywhere_means_the_small_card():
    bare = SiteConfig(root="/x", title="T", base_url="https://example.org")
    share = share_view(bare, kind="home", canonical="https://example.org/", title="T", description="")
    assert share["image"] is None and share["twitter"]["card"] == "summary" and share["twitter"]["site"] == ""


def test_script_json_cannot_close_the_script_element():
    text = script_json({"headline": "</script><script>alert(1)</script><!-- \u2028\u2029 & done"})
    assert "</" not in text and "<!--" not in text and "<" not in text and ">" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"headline": "</script><script>alert(1)</script><!-- \u2028\u2029 & done"}


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=300), description=st.text(max_size=300))
def test_json_ld_round_trips_any_title_and_stays_inside_its_script(title, description):
    share = share_view(CONFIG, kind="post", canonical="https://example.org/blog/x/", title=title,
                       description=description, post=post_view())
    text = str(share["json_ld"])
    # what an HTML parser looks for to end a script element, and what old JS engines read as a line end
    assert not re.search(r"</script|<!--|[<>\u2028\u2029]", text, re.I)
    ld = json.loads(text)
    assert ld["headline"] == title[:110]
    assert ld.get("description", "") == description


def test_picture_view_lists_the_copies_and_the_original_with_the_base_path():
    info = ImageInfo("/img/a b.png", 1600, 900, (Size("/img/a b-480w.png", 480, 270, "/c/1", "/s"),
                                                 Size("/img/a b-800w.png", 800, 450, "/c/2", "/s")))
    view = picture_view(info, "/img/a b.png", "/blog", "alt")
    assert view["src"] == "/blog/img/a b.png" and (view["width"], view["height"]) == (1600, 900)
    assert view["srcset"] == "/blog/img/a%20b-480w.png 480w, /blog/img/a%20b-800w.png 800w, /blog/img/a%20b.png 1600w"
    assert picture_view(None, "https://cdn.example/x.jpg", "/blog", "") == {
        "src": "https://cdn.example/x.jpg", "alt": "", "width": None, "height": None, "srcset": ""}
    assert picture_view(None, "", "", "") is None


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=200), description=st.text(max_size=200))
def test_the_themes_share_partial_renders_any_title_as_one_meta_value_and_one_whole_json_ld(tmp_path_factory, title,
                                                                                              description):
    """Through the default theme's partials/share-tags.html (autoescape on), parsed as a crawler parses it."""
    from html.parser import HTMLParser
    from pathlib import Path

    from generator.theme import Theme, find_theme

    theme = Theme(find_theme(Path("/nonexistent"), "default"), Path("/nonexistent"))
    share = share_view(CONFIG, kind="post", canonical="https://example.org/blog/x/", title=title,
                       description=description, post=post_view())
    html = theme.env.get_template("partials/share-tags.html").render(share=share)

    class Head(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.meta, self.scripts, self.inside = {}, [], False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta":
                self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
            elif tag == "script":
                self.inside = True
                self.scripts.append("")

        def handle_endtag(self, tag):
            self.inside = False if tag == "script" else self.inside

        def handle_data(self, data):
            if self.inside:
                self.scripts[-1] += data

    head = Head()
    head.feed(html)
    head.close()
    assert head.meta["og:title"] == [title]
    assert len(head.scripts) == 1 and json.loads(head.scripts[0])["headline"] == title[:110]
