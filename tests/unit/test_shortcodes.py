"""Shortcodes: WordPress's parser rules and each shortcode's markup, with hostile attributes."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from generator.attachments import Attachment, read_attachments
from generator.markdown import render_body
from generator.model import Author, Entry
from generator.shortcodes import KNOWN_SHORTCODES, parse_atts, safe_url

WHEN = datetime(2024, 6, 1, tzinfo=timezone.utc)
MEDIA = {
    10: Attachment(10, "/wp-content/uploads/a.jpg", "A", "First <b>cap</b>", "alt A", "", "image/jpeg", 5, 2),
    11: Attachment(11, "/wp-content/uploads/b.jpg", "B", "", "alt B", "", "image/jpeg", 5, 1),
    12: Attachment(12, "/wp-content/uploads/song.mp3", "Song", "", "", "", "audio/mpeg", 5, 0),
    13: Attachment(13, "javascript:alert(1)", "Bad", "", "", "", "image/png", 5, 3),
    14: Attachment(14, "/wp-content/uploads/other.jpg", "O", "", "", "", "image/jpeg", 99, 0),
}


def page(body: str, fmt: str = "wordpress", wp_id: int | None = 5) -> str:
    entry = Entry(kind="post", source="content/posts/a.md", title="T", slug="t", date=WHEN, updated=WHEN,
                  author=Author("a", "a"), url="/t/", guid="g", body=body, body_line=1, format=fmt, wp_id=wp_id)
    return render_body(entry, 55, attachments=MEDIA).page_html


def excerpt(body: str, fmt: str = "wordpress") -> str:
    entry = Entry(kind="post", source="content/posts/a.md", title="T", slug="t", date=WHEN, updated=WHEN,
                  author=Author("a", "a"), url="/t/", guid="g", body=body, body_line=1, format=fmt, wp_id=5)
    return render_body(entry, 55, attachments=MEDIA).excerpt


def test_known_names_cover_the_issue():
    assert {"caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed", "youtube", "vimeo",
            "soundcloud", "sourcecode", "code", "python"} <= KNOWN_SHORTCODES


def test_parse_atts_quoted_unquoted_positional():
    assert parse_atts(' a="1 2" B=\'x\' c=3 "pos one" two') == {"a": "1 2", "b": "x", "c": "3", 0: "pos one", 1: "two"}
    assert parse_atts(' caption="Tom &amp; Jerry"') == {"caption": "Tom & Jerry"}
    assert parse_atts(' x="<a href=\'y\'"') == {"x": ""}        # unbalanced markup is dropped, as WordPress does


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x",
                                 "vbscript:x", "\\\\evil/x"])
def test_script_urls_are_refused(url):
    assert safe_url(url) is None


def test_caption_html5_figure():
    out = page('[caption id="attachment_9" align="alignleft" width="150"]<img src="/a.jpg" alt=""> A caption[/caption]')
    assert out.startswith('<figure id="attachment_9" aria-describedby="caption-attachment-9" style="width: 150px" '
                          'class="wp-caption alignleft"><img src="/a.jpg" alt="">'
                          '<figcaption id="caption-attachment-9" class="wp-caption-text">A caption</figcaption></figure>')
    assert "<p>" not in out                       # shortcode_unautop: no paragraph around the figure


def test_caption_attribute_is_text_and_classes_sanitised():
    out = page('[wp_caption width="100" align="x\\" onclick=\\"y" caption="<script>alert(1)</script> & co"]'
               '<img src="/a.jpg">[/wp_caption]', "html")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in out
    assert "onclick" not in out.split("<img")[0].replace("xonclick", "")


def test_caption_without_width_or_caption_is_just_the_content():
    assert page('[caption width="0"]<img src="/a.jpg"> text[/caption]', "html") == '<img src="/a.jpg">'


def test_escaped_shortcode_stays_literal():
    out = page('Write [[caption]] or [[gallery ids="1"]] like this.')
    assert "[caption]" in out and '[gallery ids="1"]' in out and "<div" not in out


def test_unknown_shortcodes_stay_text():
    assert page("[contact-form-7 id=3] and [foo]", "html") == "[contact-form-7 id=3] and [foo]"


def test_shortcodes_inside_html_attributes_are_left_alone():
    out = page('<a title="[gallery]" href="/x/">x</a>', "html")
    assert out == '<a title="[gallery]" href="/x/">x</a>'


def test_nested_different_shortcodes():
    out = page('[caption width="300" caption="Live"][audio src="/a.mp3"][/caption]', "html")
    assert out.startswith("<figure") and "<audio" in out and "Live</figcaption>" in out


def test_gallery_with_ids_in_their_order_and_columns():
    out = page('[gallery ids="11,10" columns="2" size="medium"]', "html")
    assert out.index("b.jpg") < out.index("a.jpg")
    assert "gallery-columns-2 gallery-size-medium" in out and "width: 50%" in out
    assert "<a href='/wp-content/uploads/b.jpg'><img" in out
    assert 'alt="alt B"' in out
    assert "First &lt;b&gt;cap&lt;/b&gt;</figcaption>" in out     # attachment captions are text


def test_gallery_without_ids_takes_the_posts_images_by_menu_order_and_skips_unsafe_urls():
    out = page("[gallery link=none]", "html")
    assert out.index("b.jpg") < out.index("a.jpg")       # menu_order 1 before 2
    assert "other.jpg" not in out and "javascript" not in out and "<a " not in out


def test_gallery_of_a_post_with_no_media_is_empty():
    assert page("[gallery]", "html", wp_id=77) == ""


def test_audio_player():
    out = page('[audio mp3="/x.mp3" ogg="/x.ogg" loop="on"]', "html")
    assert out.startswith('<figure class="player player--audio">')      # the site's one audio player
    assert ('<audio controls preload="none" loop aria-label="x"><source src="/x.mp3" type="audio/mpeg">'
            '<source src="/x.ogg" type="audio/ogg">') in out
    assert '<a class="player__download" href="/x.mp3" download' in out


def test_audio_positional_url_and_attached_file():
    assert 'src="https://e.example/s.mp3"' in page("[audio https://e.example/s.mp3]", "html")
    assert 'src="/wp-content/uploads/song.mp3"' in page("[audio]", "html")


def test_hostile_media_urls_are_not_linked():
    out = page('[audio src="javascript:alert(1)"][video src="data:text/html,<b>x</b>"]', "html")
    assert "<audio" not in out and "<video" not in out and 'href="javascript' not in out and "src=\"data" not in out
    assert "javascript:alert(1)" in out                # shown as text


def test_video_player_and_hosted_video():
    out = page('[video mp4="/v.mp4" poster="/p.jpg" width="800" height="450"]', "html")
    assert out.startswith('<figure class="player player--video">')
    assert 'preload="none"' in out and 'poster="/p.jpg" src="/v.mp4"' in out
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page('[video src="https://youtu.be/dQw4w9WgXcQ"]', "html")


def test_attribute_values_are_escaped():
    out = page('[video mp4="/v.mp4?a=1&b=&quot;><script>x</script>"]', "html")
    assert "<script>" not in out


def test_playlist_is_an_ordered_list_of_players():
    out = page('[playlist ids="12"]', "html")
    assert out.startswith('<ol class="player-list player-list--audio"><li class="player-list__item">'
                          '<figure class="player player--audio">')
    assert '<span class="player__title">Song</span>' in out and "<audio" in out


def test_embed_youtube_vimeo_soundcloud():
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page("[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page("[youtube=https://www.youtube.com/watch?v=dQw4w9WgXcQ&w=320]")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page("[youtube dQw4w9WgXcQ]")
    assert "player.vimeo.com/video/12345?dnt=1" in page("[vimeo 12345]")
    assert "player.vimeo.com/video/678?dnt=1" in page("[vimeo https://vimeo.com/678]")
    out = page('[soundcloud url="https://api.soundcloud.com/tracks/1" params="x"]')
    assert "w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F1" in out


def test_embed_of_other_urls_is_a_link_and_script_urls_text():
    assert '<a href="https://example.org/x">https://example.org/x</a>' in page("[embed]https://example.org/x[/embed]")
    out = page("[embed]javascript:alert(1)[/embed] [soundcloud url=\"https://evil.example/x\"]")
    assert 'href="javascript' not in out and '<a href="https://evil.example/x">' in out and "<iframe" not in out


def test_sourcecode_is_highlighted_from_the_stored_text():
    out = page('[sourcecode language="python"]\nif a < b and "x":\n    print(a[0])\n[/sourcecode]\n\nAfter "this".')
    assert out.startswith('<div class="highlight"><pre><span></span><code><span class="k">if</span>')
    assert "&quot;x&quot;" in out and "&#8220;" not in out.split("</pre>")[0]      # no typography inside code
    assert "<p>After &#8220;this&#8221;.</p>" in out


@pytest.mark.parametrize("body", ['[code lang="js"]var a = 1;[/code]', '[code language="javascript"]var a = 1;[/code]',
                                  "[javascript]var a = 1;[/javascript]", "[js]var a = 1;[/js]"])
def test_code_shortcode_forms(body):
    assert '<span class="kd">var</span>' in page(body, "html")


def test_code_with_an_unknown_language_is_plain_and_escaped():
    out = page('[code lang="nope"]<script>alert(1)</script>[/code]', "html")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_markdown_bodies_render_shortcodes_standing_alone():
    out = page('Intro\n\n[python]\nx = [1]\n[/python]\n\n[audio src="/a.mp3"]\n\ninline [audio src="/b.mp3"] stays',
               "markdown")
    assert '<span class="n">x</span>' in out and 'src="/a.mp3"' in out
    assert '<p>inline [audio src="/b.mp3"] stays</p>' in out


def test_excerpt_is_shortcode_free():
    assert excerpt('[caption width="10"]<img src="/a.jpg"> Cap[/caption] Words [youtube x123456] '
                   '[vimeo 1] [code]x[/code] end') == "Words end"


def test_read_attachments(tmp_path):
    assert read_attachments(tmp_path) == ({}, ())
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "media.yaml").write_text(
        "- {id: 2, url: /b.jpg, title: B, mime: image/jpeg, parent: 5, menu_order: 0}\n"
        "- {id: 1, url: /a.jpg, title: A, caption: C, alt: D, mime: image/jpeg, menu_order: 1}\n", encoding="utf-8")
    found, problems = read_attachments(tmp_path)
    assert problems == () and list(found) == [1, 2] and found[2].parent == 5 and found[1].caption == "C"
    (tmp_path / "content" / "media.yaml").write_text("- {id: 1, url: /a.jpg}\n- {id: 2, url: [\n", encoding="utf-8")
    found, problems = read_attachments(tmp_path)
    assert found == {} and str(problems[0]).startswith("content/media.yaml:3: is not valid YAML")
    (tmp_path / "content" / "media.yaml").write_text("- {id: 1, url: /a.jpg}\n- {id: zero, url: /b.jpg}\n", encoding="utf-8")
    found, problems = read_attachments(tmp_path)
    assert list(found) == [1] and str(problems[0]).startswith("content/media.yaml:2: id:")
