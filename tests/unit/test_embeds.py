"""Service URLs → facades: every URL form we promise, and the ones that must stay links."""
from __future__ import annotations

import pytest

from generator.embeds import bandcamp, expand_embeds, facade, player_for, recognise, start_seconds

YT = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.mark.parametrize("url, src", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YT),
    ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", YT),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", YT),
    ("https://youtu.be/dQw4w9WgXcQ", YT),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", YT),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YT),
    ("https://www.youtube.com/live/dQw4w9WgXcQ", YT),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", YT),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", YT),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", YT + "&start=90"),
    ("https://youtu.be/dQw4w9WgXcQ?t=90s", YT + "&start=90"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", YT + "&start=90"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=75", YT + "&start=75"),
    ("https://youtu.be/dQw4w9WgXcQ#t=1h2m3s", YT + "&start=3723"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLabc123", YT + "&list=PLabc123"),
    ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
     "https://www.youtube-nocookie.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&autoplay=1"),
])
def test_youtube_url_forms_play_on_the_privacy_enhanced_domain(url, src):
    embed = recognise(url)
    assert embed is not None and embed.service == "youtube" and embed.src == src
    assert embed.url == url and embed.is_video


def test_youtube_shorts_are_portrait():
    embed = recognise("https://youtube.com/shorts/lwhO2_td3dU")
    assert embed.kind == "short" and embed.ratio == "9 / 16"
    assert "player--portrait" in facade(embed)


@pytest.mark.parametrize("value, seconds", [("90", 90), ("90s", 90), ("1m30s", 90), ("2m", 120), ("1h", 3600),
                                            ("1h2m3s", 3723), ("", 0), ("abc", 0), ("-5", 0)])
def test_start_times(value, seconds):
    assert start_seconds(value) == seconds


@pytest.mark.parametrize("url, src", [
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://www.vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://vimeo.com/76979871/abcdef1234", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abcdef1234"),
    ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://vimeo.com/groups/shortfilms/videos/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://vimeo.com/76979871#t=30s", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1#t=30s"),
])
def test_vimeo_without_tracking(url, src):
    embed = recognise(url)
    assert embed.service == "vimeo" and embed.src == src


@pytest.mark.parametrize("url, kind, title, height", [
    ("https://soundcloud.com/forss/flickermood", "track", "Flickermood", 166),
    ("https://m.soundcloud.com/forss/flickermood", "track", "Flickermood", 166),
    ("https://soundcloud.com/forss/sets/soulhack", "set", "Soulhack", 450),
    ("https://soundcloud.com/forss", "profile", "Forss", 450),
    ("https://api.soundcloud.com/tracks/293", "track", "", 166),
])
def test_soundcloud_tracks_sets_profiles(url, kind, title, height):
    embed = recognise(url)
    assert (embed.service, embed.kind, embed.title, embed.height) == ("soundcloud", kind, title, height)
    assert embed.src.startswith("https://w.soundcloud.com/player/?url=https%3A%2F%2F")


@pytest.mark.parametrize("kind, height", [("track", 152), ("album", 352), ("playlist", 352), ("artist", 352),
                                          ("episode", 152), ("show", 352)])
def test_spotify_kinds(kind, height):
    embed = recognise(f"https://open.spotify.com/{kind}/4uLU6hMCjMI75M1A2tKUQC?si=xyz")
    assert embed.service == "spotify" and embed.kind == kind and embed.height == height
    assert embed.src == f"https://open.spotify.com/embed/{kind}/4uLU6hMCjMI75M1A2tKUQC"


def test_spotify_localised_links():
    assert recognise("https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC").kind == "track"


def test_apple_music_and_podcasts():
    song = recognise("https://music.apple.com/us/album/night-drive/1440857781?i=1440857786")
    assert song.service == "apple-music" and song.kind == "track" and song.height == 175 and song.title == "Night Drive"
    assert song.src == "https://embed.music.apple.com/us/album/night-drive/1440857781?i=1440857786"
    album = recognise("https://music.apple.com/gb/album/night-drive/1440857781")
    assert album.kind == "album" and album.height == 450
    assert recognise("https://music.apple.com/us/playlist/late-night/pl.u-abc123").kind == "playlist"
    show = recognise("https://podcasts.apple.com/us/podcast/the-mix-room/id1200361736")
    assert show.service == "apple-podcasts" and show.kind == "show" and show.title == "The Mix Room"
    assert show.src == "https://embed.podcasts.apple.com/us/podcast/the-mix-room/id1200361736"
    episode = recognise("https://podcasts.apple.com/us/podcast/the-mix-room/id1200361736?i=1000612345678")
    assert episode.kind == "episode" and episode.height == 175 and episode.src.endswith("?i=1000612345678")


def test_mixcloud_shows_and_profiles():
    mix = recognise("https://www.mixcloud.com/spartacus/party-time/")
    assert mix.service == "mixcloud" and mix.kind == "mix" and mix.title == "Party Time" and mix.height == 120
    assert mix.src == ("https://player-widget.mixcloud.com/widget/iframe/?hide_cover=1&autoplay=1"
                       "&feed=%2Fspartacus%2Fparty-time%2F")
    assert recognise("https://www.mixcloud.com/spartacus/").kind == "profile"
    assert recognise("https://www.mixcloud.com/discover/house/") is None


def test_bandcamp_with_and_without_an_id():
    with_id = recognise("https://rowanvale.bandcamp.com/album/night-drive#album=1234567890")
    assert with_id.service == "bandcamp" and with_id.title == "Night Drive"
    assert with_id.src.startswith("https://bandcamp.com/EmbeddedPlayer/album=1234567890/size=large/")
    assert with_id.url == "https://rowanvale.bandcamp.com/album/night-drive"     # the fragment is ours, not theirs
    both = recognise("https://rowanvale.bandcamp.com/track/lights#album=12&track=34")
    assert "album=12/track=34/" in both.src
    without = recognise("https://rowanvale.bandcamp.com/album/night-drive")
    assert without.src == "" and without.title == "Night Drive"
    card = facade(without)
    assert "player--link" in card and "data-player-src" not in card
    assert 'href="https://rowanvale.bandcamp.com/album/night-drive"' in card
    assert '<span class="player__service">Bandcamp</span> <span class="player__title">Night Drive</span>' in card
    embedded = recognise("https://bandcamp.com/EmbeddedPlayer/album=987654/size=large/bgcol=ffffff/")
    assert embedded and "album=987654/" in embedded.src
    assert recognise("https://rowanvale.bandcamp.com/") is None
    assert recognise("https://rowanvale.bandcamp.com/album/x#album=notanumber").src == ""


def test_bandcamp_shortcode_ids():
    embed = bandcamp(album="1234567890", track="42")
    assert "album=1234567890/track=42/" in embed.src and embed.url == "https://bandcamp.com/"
    assert bandcamp(album="x") is None


@pytest.mark.parametrize("url", [
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.example/watch?v=dQw4w9WgXcQ&youtube.com",
    "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be.evil.example/dQw4w9WgXcQ",
    "https://vimeo.com.evil.example/76979871",
    "https://open.spotify.com.evil.example/track/4uLU6hMCjMI75M1A2tKUQC",
    "https://soundcloud.com.evil.example/forss/flickermood",
    "https://bandcamp.com.evil.example/album/x",
    "https://evil.example/.bandcamp.com/album/x",
    "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
    "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onmouseover=alert(1)",
    "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/",
    "https://www.youtube.com/watch?v=<x>",
    "https://www.youtube.com/feed/subscriptions",
    "https://vimeo.com/about",
    "https://soundcloud.com/discover",
    "https://open.spotify.com/track/short",
    "https://open.spotify.com/user/someone",
    "https://music.apple.com/us/browse",
    "https://example.com/song.mp3",
])
def test_what_stays_a_link(url):
    assert recognise(url) is None and player_for(url) is None


def test_facade_is_a_labelled_link_with_the_player_in_data():
    html = player_for("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "Sodium Lights (video)")
    assert html.startswith('<figure class="player player--embed player--youtube player--box" style="--player-ratio: 16 / 9">')
    assert '<a class="player__facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1m30s"' in html
    assert 'data-player-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=90"' in html
    # named by its visible text (label in name), "Play:" hidden in front
    assert '<span class="visually-hidden">Play: </span><span class="player__service">YouTube</span> <span class="player__title">Sodium Lights (video)</span>' in html and "aria-label" not in html
    assert 'data-player-title="Sodium Lights (video) on YouTube"' in html
    assert "<iframe" not in html and "<img" not in html                 # nothing is loaded before the click
    assert '<span class="player__service">YouTube</span>' in html


def test_facade_without_a_title_names_the_service_and_kind():
    html = player_for("https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC")
    assert '<span class="player__service">Spotify</span> <span class="player__title">Spotify album</span>' in html and "--player-height: 352px" in html and "player--strip" in html


def test_titles_are_escaped():
    html = player_for("https://youtu.be/dQw4w9WgXcQ", '<script>alert("x")</script>')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;x&quot;" in html


def test_youtube_thumbnail_only_when_allowed():
    embed = recognise("https://youtu.be/dQw4w9WgXcQ")
    assert "i.ytimg.com" not in facade(embed)
    assert 'src="https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"' in facade(embed, thumbnails=True)


def test_embed_blocks_become_facades_and_unknown_stay_links():
    block = ('<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n{}\n</div></figure>')
    out = expand_embeds(block.format("https://soundcloud.com/forss/flickermood"))
    assert 'class="player player--embed player--soundcloud player--strip"' in out
    out = expand_embeds(block.format("https://example.com/x?a=1&amp;b=2"))
    assert '<a href="https://example.com/x?a=1&amp;b=2">' in out
    out = expand_embeds(block.format("https://example.com/a.mp3"), fallback=lambda url: f"<audio src='{url}'>")
    assert "<audio src='https://example.com/a.mp3'>" in out


def test_an_embed_blocks_caption_names_the_player():
    block = ('<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div>'
             '<figcaption class="wp-element-caption">Sodium Lights <em>(video)</em></figcaption></figure>')
    out = expand_embeds(block)
    assert '<span class="visually-hidden">Play: </span><span class="player__service">YouTube</span> <span class="player__title">Sodium Lights (video)</span>' in out
    assert out.endswith('<figcaption class="wp-element-caption">Sodium Lights <em>(video)</em></figcaption></figure>')
