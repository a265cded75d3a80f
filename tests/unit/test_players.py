"""Audio/video file players, and Markdown's lone URLs becoming players (or staying links)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from generator.attachments import Attachment
from generator.markdown import render_body, render_bodies
from generator.model import Author, Entry
from generator.players import (audio_player, expand_media_blocks, file_player, format_duration, media_kind,
                               video_player)

WHEN = datetime(2024, 6, 1, tzinfo=timezone.utc)


def entry(body: str, fmt: str = "markdown") -> Entry:
    return Entry(kind="post", source="content/posts/a.md", title="T", slug="t", date=WHEN, updated=WHEN,
                 author=Author("a", "a"), url="/t/", guid="g", body=body, body_line=1, format=fmt, wp_id=5)


def page(body: str, fmt: str = "markdown", media_info=None, attachments=None) -> str:
    return render_body(entry(body, fmt), 55, attachments=attachments, media_info=media_info).page_html


# ---- players.py -----------------------------------------------------------

def test_audio_player_markup():
    out = audio_player("/media/night-drive.mp3", "Night Drive", duration_seconds=187.4)
    assert out.startswith('<figure class="player player--audio"><figcaption class="player__caption">'
                          '<span class="player__title">Night Drive</span>')
    assert '<time class="player__duration" datetime="PT3M7S">3:07</time>' in out
    assert '<audio controls preload="none" src="/media/night-drive.mp3" aria-label="Night Drive">' in out
    assert ('<a class="player__download" href="/media/night-drive.mp3" download type="audio/mpeg">Download'
            '<span class="screen-reader-text"> Night Drive</span> (MP3)</a></figure>') in out


def test_audio_player_title_from_file_name_and_no_duration():
    out = audio_player("https://cdn.example/a/Late%20Night%20Loop.ogg")
    assert '<span class="player__title">Late Night Loop</span>' in out and "<time" not in out
    assert 'type="audio/ogg"' in out and "(OGG)" in out


def test_media_info_gives_duration_and_mime():
    info = {"/media/night-drive.m4a": (123456, "audio/x-m4a", 3723.0)}
    out = audio_player("/media/night-drive.m4a", media_info=info)
    assert '<time class="player__duration" datetime="PT1H2M3S">1:02:03</time>' in out and 'type="audio/x-m4a"' in out


def test_video_player_markup():
    out = video_player("/media/studio.mp4", "Studio tour", poster="/media/studio.jpg", width=1280, height=720)
    assert out.startswith('<figure class="player player--video">')
    assert ('<video controls preload="none" playsinline width="1280" height="720" poster="/media/studio.jpg" '
            'src="/media/studio.mp4" aria-label="Studio tour">') in out
    assert 'type="video/mp4"' in out and "(MP4)" in out


def test_several_formats_become_sources():
    out = audio_player("/x.mp3", alternatives=[("/x.ogg", ""), ("javascript:alert(1)", "")])
    assert '<source src="/x.mp3" type="audio/mpeg"><source src="/x.ogg" type="audio/ogg">' in out
    assert "javascript" not in out and ' src="/x.mp3" aria' not in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:audio/mpeg;base64,AAAA", "/a b.mp3", '/a".mp3',
                                 "//evil.example/a.mp3"])
def test_unsafe_urls_are_not_players(url):
    assert file_player(url) is None
    assert "<audio" not in audio_player(url)


@pytest.mark.parametrize("url, kind", [("/a.mp3", "audio"), ("/a.M4A", "audio"), ("/a.aac", "audio"), ("/a.ogg", "audio"),
                                       ("/a.opus", "audio"), ("/a.wav", "audio"), ("/a.flac", "audio"),
                                       ("/a.mp4", "video"), ("/a.webm", "video"), ("/a.mov", "video"),
                                       ("/a.m4v", "video"), ("https://e.example/a.mp3?dl=1", "audio"),
                                       ("/a.txt", ""), ("/mp3", ""), ("https://e.example/mp3/", "")])
def test_media_kind_by_extension(url, kind):
    assert media_kind(url) == kind


def test_format_duration():
    assert [format_duration(s) for s in (None, 0, 59.6, 61, 3600)] == ["", "0:00", "1:00", "1:01", "1:00:00"]


def test_imported_audio_and_video_blocks():
    stored = ('<figure class="wp-block-audio"><audio controls src="/wp-content/uploads/t.mp3"></audio>'
              '<figcaption class="wp-element-caption">Night <em>Drive</em></figcaption></figure>'
              '<figure class="wp-block-video"><video controls poster="/p.jpg" src="/v.webm"></video></figure>')
    out = expand_media_blocks(stored)
    assert '<figure class="player player--audio">' in out and '<span class="player__title">Night Drive</span>' in out
    assert '<audio controls preload="none" src="/wp-content/uploads/t.mp3"' in out
    assert '<video controls preload="none" playsinline poster="/p.jpg" src="/v.webm"' in out
    assert "wp-block-audio" not in out


# ---- Markdown: lone lines -------------------------------------------------

@pytest.mark.parametrize("line, service", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"),
    ("<https://youtu.be/dQw4w9WgXcQ>", "youtube"),
    ("https://vimeo.com/76979871", "vimeo"),
    ("https://soundcloud.com/forss/flickermood", "soundcloud"),
    ("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "spotify"),
    ("https://music.apple.com/us/album/night-drive/1440857781", "apple-music"),
    ("https://podcasts.apple.com/us/podcast/the-mix-room/id1200361736", "apple-podcasts"),
    ("https://www.mixcloud.com/spartacus/party-time/", "mixcloud"),
    ("https://rowanvale.bandcamp.com/album/night-drive#album=1234567890", "bandcamp"),
    ("   https://youtu.be/dQw4w9WgXcQ   ", "youtube"),
])
def test_a_lone_url_becomes_its_services_player(line, service):
    out = page(f"Intro.\n\n{line}\n\nOutro.")
    assert f'<figure class="player player--embed player--{service} ' in out
    assert "<p><figure" not in out and "<p>Intro.</p>" in out and "<p>Outro.</p>" in out


def test_a_lone_url_inside_a_paragraph_gets_a_paragraph_of_its_own():
    out = page("Watch this:\nhttps://youtu.be/dQw4w9WgXcQ\nand tell me.")
    assert out.index("<p>Watch this:</p>") < out.index("player--youtube") < out.index("<p>and tell me.</p>")


def test_list_items_and_their_continuations_keep_their_urls():
    out = page("- Track one\n  https://youtu.be/dQw4w9WgXcQ\n\n  https://youtu.be/dQw4w9WgXcQ\n\nhttps://youtu.be/dQw4w9WgXcQ\r\n")
    assert out.count("player--youtube") == 1 and out.count("<li>") == 1


def test_a_lone_markdown_link_is_a_player_titled_by_its_text():
    out = page("[Sodium Lights (official video)](https://youtu.be/dQw4w9WgXcQ)")
    assert '<span class="visually-hidden">Play: </span><span class="player__service">YouTube</span> <span class="player__title">Sodium Lights (official video)</span>' in out
    out = page("[Night Drive](/media/night-drive.mp3)")
    assert '<span class="player__title">Night Drive</span>' in out and 'src="/media/night-drive.mp3"' in out


@pytest.mark.parametrize("body", [
    "Watch https://youtu.be/dQw4w9WgXcQ now.",
    "Watch <https://youtu.be/dQw4w9WgXcQ> now.",
    "- https://youtu.be/dQw4w9WgXcQ",
    "> https://youtu.be/dQw4w9WgXcQ",
    "    https://youtu.be/dQw4w9WgXcQ",
    "```\nhttps://youtu.be/dQw4w9WgXcQ\n```",
    "~~~text\nhttps://youtu.be/dQw4w9WgXcQ\n~~~",
    "`https://youtu.be/dQw4w9WgXcQ`",
    "<div>\nhttps://youtu.be/dQw4w9WgXcQ\n</div>",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://example.com/page",
    "javascript:alert(1)",
    "<javascript:alert(1)>",
    "/about/",
])
def test_what_stays_text_or_a_link(body):
    out = page(body)
    assert "player" not in out and "<iframe" not in out


def test_a_lone_link_to_a_javascript_url_is_not_a_player():
    assert "player" not in page("[x](javascript:alert(1))")


def test_a_lone_audio_file_becomes_a_player_with_its_duration():
    info = {"/media/night-drive.mp3": (1000, "audio/mpeg", 187.0)}
    body = "Here it is:\n\n/media/night-drive.mp3\n\nhttps://cdn.example/clips/teaser.webm\n"
    out = page(body, media_info=info)
    assert '<audio controls preload="none" src="/media/night-drive.mp3"' in out and ">3:07</time>" in out
    assert '<video controls preload="none" playsinline src="https://cdn.example/clips/teaser.webm"' in out


def test_render_bodies_passes_media_info():
    info = {"/a.mp3": (1, "audio/mpeg", 61.0)}
    bodies = render_bodies((entry("/a.mp3"),), 55, media_info=info)
    assert ">1:01</time>" in bodies["content/posts/a.md"].page_html


def test_players_stay_out_of_the_excerpt_and_feed_gets_the_same_markup():
    body = render_body(entry("Before.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n/media/a.mp3\n\nAfter."), 55)
    assert body.excerpt.startswith("Before.") and "YouTube" not in body.excerpt and "Download" not in body.excerpt
    assert "player--youtube" in body.html and "player--audio" in body.html


def test_shortcodes_give_the_same_players():
    embed = page("[embed]https://soundcloud.com/forss/flickermood[/embed]")
    assert "player--soundcloud" in embed
    assert "player--youtube" in page("[youtube https://youtu.be/dQw4w9WgXcQ]")
    assert "player--vimeo" in page("[vimeo 76979871]")
    assert "player--soundcloud" in page('[soundcloud url="https://soundcloud.com/forss/flickermood"]')
    assert "player--spotify" in page('[spotify id="spotify:track:4uLU6hMCjMI75M1A2tKUQC"]')
    bandcamp = page("[bandcamp width=350 height=470 album=1234567890 size=large bgcol=ffffff linkcol=0687f5]")
    assert "player--bandcamp" in bandcamp and "album=1234567890/" in bandcamp
    audio = page('[audio src="/media/a.mp3"]', media_info={"/media/a.mp3": (1, "audio/mpeg", 5.0)})
    assert '<figure class="player player--audio">' in audio and ">0:05</time>" in audio
    video = page('[video src="/media/a.mp4"]')
    assert '<figure class="player player--video">' in video and "playsinline" in video
    assert "player--youtube" in page('[video src="https://youtu.be/dQw4w9WgXcQ"]')
    assert "player--audio" in page("[embed]https://cdn.example/a.mp3[/embed]")


def test_playlist_shortcode_lists_players_with_titles():
    media = {12: Attachment(12, "/wp-content/uploads/song.mp3", "Song", "", "", "", "audio/mpeg", 5, 0)}
    out = page('[playlist ids="12"]', "html", attachments=media)
    assert out.startswith('<ol class="player-list player-list--audio"><li class="player-list__item">'
                          '<figure class="player player--audio">')
    assert '<span class="player__title">Song</span>' in out


def test_imported_embed_blocks_get_facades_on_pages_only():
    block = ('<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">\n'
             "https://youtube.com/shorts/lwhO2_td3dU\n</div></figure>")
    body = render_body(entry(block, "html"), 55)
    assert "player--youtube" in body.page_html and "player" not in body.html


def test_imported_bodies_autoembed_lone_urls_as_wordpress_does():
    classic = page("Listen:\n\nhttps://soundcloud.com/forss/flickermood\n\nand https://youtu.be/dQw4w9WgXcQ inline.",
                   "wordpress")
    assert "player--soundcloud" in classic and "<p><figure" not in classic and "player--youtube" not in classic
    blocks = page('<!-- wp:paragraph -->\n<p>https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC</p>\n'
                  '<!-- /wp:paragraph -->', "html")
    assert "player--spotify" in blocks
    assert "player--audio" in page("https://cdn.example/a.mp3", "wordpress")
    assert "player" not in page("https://example.com/page", "wordpress")


@pytest.mark.parametrize("body, fmt", [
    ("<http://[x]/a.mp3>\n", "markdown"),                       # an autolink alone on its line
    ("http://[x]/a.mp3\n", "markdown"),
    ("http://www.example.org[audio]\n", "html"),                 # WordPress's autoembed of a line
    ("<p>http://[::1/a.mp3</p>\n", "wordpress"),
    ('[audio src="http://[x]/a.mp3"]\n', "html"),
    ("[embed]http://[x]/a.mp4[/embed]\n", "html"),
])
def test_a_url_urlsplit_refuses_never_stops_the_build(body, fmt):
    # urlsplit raises ValueError for a bracketed host that is no IP address: such a URL is no media file
    out = page(body, fmt)
    assert "<audio" not in out and "<video" not in out
    assert "http://" in out                                      # the URL stays, as text or a link
