"""Service URLs → players that load nothing from the service until the reader asks.

`recognise(url)` knows the page URLs of YouTube, Vimeo, SoundCloud, Spotify,
Apple Music, Apple Podcasts, Mixcloud and Bandcamp and returns an `Embed`: what
the service's iframe needs (its `src`, with autoplay, because it is only
loaded after a click), its shape (a 16:9 video box or a fixed-height audio
strip) and a title when the URL carries one (a slug). Anything else — another
host, a look-alike host (`youtube.com.evil.example`), a URL with credentials,
a `javascript:` URL — is None and stays a link.

`facade(embed)` is the markup: an `<a href="the original page">` styled as a
card with the service's name, the title and a play button. With JavaScript
off it is a working link; `players.js` (theme) turns it into the iframe on
click, so a page with five videos loads none of them. No thumbnail is taken
from another host (a site setting may allow YouTube's predictable ones later:
`thumbnails=True`).

`expand_embeds` does the same for WordPress's stored embed blocks
(`<div class="wp-block-embed__wrapper">URL</div>`), for pages; feeds keep the
block as stored. Standard library only.

Bandcamp's player needs a numeric album or track ID its page URL does not
contain, and the build has no network: write it in the fragment,
`https://artist.bandcamp.com/album/name#album=1234567890` (or `#track=…`, or
both), or use WordPress.com's `[bandcamp album=… track=…]` shortcode. Without
an ID the facade is a link card to the page ("Name on Bandcamp").
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Embed:
    service: str          # "youtube", "vimeo", "soundcloud", "spotify", "apple-music", "apple-podcasts", "mixcloud", "bandcamp"
    name: str             # the service's name as readers know it: "YouTube"
    kind: str             # "video", "short", "playlist", "track", "album", "set", "profile", "artist", "episode", "show", "mix"…
    url: str              # the page the facade links to (as written)
    src: str              # the iframe's src, loaded after the click; "" when the build cannot know it (Bandcamp without ID)
    title: str = ""       # from the URL's slug when it has one
    height: int = 0       # audio strips: the iframe's height in px; 0 for video boxes
    ratio: str = "16 / 9"  # video boxes: CSS aspect-ratio
    video_id: str = ""    # YouTube: the id, for a thumbnail when a setting allows it

    @property
    def is_video(self) -> bool:
        return self.height == 0


SERVICE_NAMES = {
    "youtube": "YouTube", "vimeo": "Vimeo", "soundcloud": "SoundCloud", "spotify": "Spotify",
    "apple-music": "Apple Music", "apple-podcasts": "Apple Podcasts", "mixcloud": "Mixcloud",
    "bandcamp": "Bandcamp",
}
# what the iframe may do once the reader has asked for it
_ALLOW = {
    "youtube": "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share",
    "vimeo": "autoplay; fullscreen; picture-in-picture",
    "soundcloud": "autoplay",
    "spotify": "autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture",
    "apple-music": "autoplay *; encrypted-media *; fullscreen *; clipboard-write",
    "apple-podcasts": "autoplay *; encrypted-media *; fullscreen *; clipboard-write",
    "mixcloud": "autoplay",
    "bandcamp": "autoplay",
}

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


def _host_in(host: str, domain: str) -> bool:
    """`host` is `domain` or one of its subdomains (never `domain.evil.example`)."""
    return host == domain or host.endswith("." + domain)


def recognise(url: str) -> Embed | None:
    """The player for a service's page URL, or None (stays a link)."""
    url = html.unescape(url).strip()
    if not _SAFE_URL.match(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.username is not None or parts.password is not None or port not in (None, 80, 443) or not host:
        return None
    for domains, handler in _HANDLERS:
        if any(_host_in(host, d) for d in domains):
            return handler(url, host, parts)
    return None


def is_embeddable(url: str) -> bool:
    return recognise(url) is not None


# --------------------------------------------------------------------------
# The services
# --------------------------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def start_seconds(value: str) -> int:
    """YouTube's `t=`/`start=`: `90`, `90s`, `1m30s`, `1h2m3s` → seconds (0 when unreadable)."""
    match = _TIME.match((value or "").strip().lower())
    if not match or not any(match.groups()):
        return 0
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _query(parts) -> dict[str, str]:
    found = {k: v[0] for k, v in parse_qs(parts.query).items() if v}
    for key, value in parse_qs(parts.fragment).items():      # youtu.be/ID#t=30, bandcamp #album=…
        found.setdefault(key, value[0])
    return found


def _youtube(url: str, host: str, parts) -> Embed | None:
    query = _query(parts)
    segments = [s for s in parts.path.split("/") if s]
    video = listing = ""
    kind = "video"
    if host == "youtu.be" or host.endswith(".youtu.be"):
        video = segments[0] if len(segments) == 1 else ""
    elif not (_host_in(host, "youtube.com") or _host_in(host, "youtube-nocookie.com")):
        return None
    elif segments == ["watch"]:
        video = query.get("v", "")
    elif segments == ["playlist"]:
        listing, kind = query.get("list", ""), "playlist"
    elif len(segments) == 2 and segments[0] in ("shorts", "live", "embed", "v"):
        video = segments[1]
        if segments[0] == "shorts":
            kind = "short"
        if segments[1] == "videoseries":
            video, listing, kind = "", query.get("list", ""), "playlist"
    if listing and not re.fullmatch(r"[A-Za-z0-9_-]{2,64}", listing):
        return None
    if not listing and not _ID.match(video):
        return None
    if kind == "playlist":
        src = "https://www.youtube-nocookie.com/embed/videoseries?list=" + listing + "&autoplay=1"
    else:
        src = "https://www.youtube-nocookie.com/embed/" + video + "?autoplay=1"
        start = start_seconds(query.get("t") or query.get("start") or "")
        if start:
            src += f"&start={start}"
        extra = query.get("list", "")
        if extra and re.fullmatch(r"[A-Za-z0-9_-]{2,64}", extra):
            src += "&list=" + extra
    return Embed("youtube", "YouTube", kind, url, src, ratio="9 / 16" if kind == "short" else "16 / 9",
                 video_id=video)


def _vimeo(url: str, host: str, parts) -> Embed | None:
    segments = [s for s in parts.path.split("/") if s]
    video = secret = ""
    if host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video":
            video = segments[1]
        secret = _query(parts).get("h", "")
    elif host in ("vimeo.com", "www.vimeo.com"):
        if segments and segments[0].isdigit():
            video = segments[0]
            secret = segments[1] if len(segments) == 2 else ""
        elif len(segments) == 3 and segments[0] == "channels":
            video = segments[2]
        elif len(segments) == 4 and segments[0] == "groups" and segments[2] == "videos":
            video = segments[3]
    if not video.isdigit() or len(video) > 12 or (secret and not re.fullmatch(r"[0-9a-f]{6,20}", secret)):
        return None
    src = f"https://player.vimeo.com/video/{video}?dnt=1&autoplay=1" + (f"&h={secret}" if secret else "")
    start = start_seconds(parts.fragment.removeprefix("t=")) if parts.fragment.startswith("t=") else 0
    if start:
        src += f"#t={start}s"
    return Embed("vimeo", "Vimeo", "video", url, src)


_SOUNDCLOUD_RESERVED = {"discover", "search", "stream", "you", "upload", "pages", "terms-of-use", "charts",
                        "mobile", "settings", "messages", "notifications", "feed", "people", "tags", "popular"}


def _slug_title(slug: str) -> str:
    words = re.sub(r"[-_]+", " ", html.unescape(slug)).strip()
    if not re.fullmatch(r"[\w .'&,!()]{1,120}", words) or words.isdigit():
        return ""
    return " ".join(w[:1].upper() + w[1:] for w in words.split())


def _soundcloud(url: str, host: str, parts) -> Embed | None:
    if host not in ("soundcloud.com", "www.soundcloud.com", "m.soundcloud.com", "api.soundcloud.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    name = r"[A-Za-z0-9_-]{1,100}"
    if host == "api.soundcloud.com":
        if len(segments) != 2 or segments[0] not in ("tracks", "playlists", "users") or not segments[1].isdigit():
            return None
        kind = {"tracks": "track", "playlists": "set", "users": "profile"}[segments[0]]
        title = ""
    elif not segments or segments[0].lower() in _SOUNDCLOUD_RESERVED or not all(re.fullmatch(name, s) for s in segments):
        return None
    elif len(segments) == 1:
        kind, title = "profile", _slug_title(segments[0])
    elif len(segments) == 2 and segments[1] not in ("sets", "tracks", "albums", "likes", "reposts", "followers"):
        kind, title = "track", _slug_title(segments[1])
    elif len(segments) == 3 and segments[1] == "sets":
        kind, title = "set", _slug_title(segments[2])
    else:
        return None
    page = url.split("#", 1)[0]
    src = "https://w.soundcloud.com/player/?url=" + quote(page, safe="") + "&auto_play=true&visual=false"
    return Embed("soundcloud", "SoundCloud", kind, url, src, title, height=166 if kind == "track" else 450)


_SPOTIFY_KINDS = ("track", "album", "playlist", "artist", "episode", "show")


def _spotify(url: str, host: str, parts) -> Embed | None:
    if host != "open.spotify.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments and re.fullmatch(r"intl-[a-z]{2}(?:-[A-Za-z]{2})?", segments[0]):
        segments = segments[1:]
    if segments and segments[0] == "embed":
        segments = segments[1:]
    if len(segments) != 2 or segments[0] not in _SPOTIFY_KINDS or not re.fullmatch(r"[A-Za-z0-9]{22}", segments[1]):
        return None
    kind, ident = segments
    src = f"https://open.spotify.com/embed/{kind}/{ident}"
    return Embed("spotify", "Spotify", kind, url, src, height=152 if kind in ("track", "episode") else 352)


_APPLE_MUSIC_KINDS = {"album": "album", "playlist": "playlist", "song": "track", "artist": "artist",
                      "music-video": "video", "station": "station"}


def _apple(url: str, host: str, parts) -> Embed | None:
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    track = (query.get("i") or [""])[0]
    if track and not track.isdigit():
        return None
    if host == "music.apple.com":
        # /us/album/slug/123, /us/song/slug/123, /us/playlist/slug/pl.abc
        if len(segments) != 4 or not re.fullmatch(r"[a-z]{2}", segments[0]) or segments[1] not in _APPLE_MUSIC_KINDS:
            return None
        if not re.fullmatch(r"[\w%.-]{1,200}", segments[2]) or not re.fullmatch(r"(?:pl\.|ra\.)?[\w.-]{1,64}", segments[3]):
            return None
        kind = "track" if track else _APPLE_MUSIC_KINDS[segments[1]]
        service, embed_host = "apple-music", "embed.music.apple.com"
    elif host == "podcasts.apple.com":
        if len(segments) != 4 or not re.fullmatch(r"[a-z]{2}", segments[0]) or segments[1] != "podcast":
            return None
        if not re.fullmatch(r"[\w%.-]{1,200}", segments[2]) or not re.fullmatch(r"id\d{1,15}", segments[3]):
            return None
        kind = "episode" if track else "show"
        service, embed_host = "apple-podcasts", "embed.podcasts.apple.com"
    else:
        return None
    src = f"https://{embed_host}/" + "/".join(segments) + (f"?i={track}" if track else "")
    return Embed(service, SERVICE_NAMES[service], kind, url, src, _slug_title(segments[2]),
                 height=175 if kind in ("track", "episode") else 450)


_MIXCLOUD_RESERVED = {"discover", "upload", "select", "live", "categories", "search", "dashboard", "settings",
                      "about", "pro", "help"}


def _mixcloud(url: str, host: str, parts) -> Embed | None:
    if host not in ("mixcloud.com", "www.mixcloud.com", "m.mixcloud.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not 1 <= len(segments) <= 2 or segments[0].lower() in _MIXCLOUD_RESERVED:
        return None
    if not all(re.fullmatch(r"[\w%-]{1,120}", s) for s in segments):
        return None
    feed = "/" + "/".join(segments) + "/"
    kind = "mix" if len(segments) == 2 else "profile"
    src = ("https://player-widget.mixcloud.com/widget/iframe/?hide_cover=1&autoplay=1&feed="
           + quote(feed, safe=""))
    return Embed("mixcloud", "Mixcloud", kind, url, src, _slug_title(segments[-1]),
                 height=120 if kind == "mix" else 400)


def bandcamp_src(album: str = "", track: str = "") -> str:
    """Bandcamp's embedded player for numeric ids ("" when neither is a number)."""
    album = album if album.isdigit() and len(album) <= 15 else ""
    track = track if track.isdigit() and len(track) <= 15 else ""
    if not album and not track:
        return ""
    ids = (f"album={album}/" if album else "") + (f"track={track}/" if track else "")
    return ("https://bandcamp.com/EmbeddedPlayer/" + ids
            + "size=large/bgcol=171a21/linkcol=ffb547/tracklist=false/artwork=small/transparent=true/")


def _bandcamp(url: str, host: str, parts) -> Embed | None:
    segments = [s for s in parts.path.split("/") if s]
    if host == "bandcamp.com" and segments and segments[0] == "EmbeddedPlayer":     # Share → Embed's own src
        values = dict(s.split("=", 1) for s in segments[1:] if "=" in s)
        src = bandcamp_src(values.get("album", ""), values.get("track", ""))
        return Embed("bandcamp", "Bandcamp", "track" if "track" in values else "album", url, src,
                     height=120) if src else None
    artist = host.removesuffix(".bandcamp.com")
    if host == artist or "." in artist or not re.fullmatch(r"[a-z0-9-]{1,60}", artist):
        return None
    if len(segments) != 2 or segments[0] not in ("album", "track") or not re.fullmatch(r"[\w-]{1,150}", segments[1]):
        return None
    ids = {k: v[0] for k, v in parse_qs(parts.fragment).items() if v}
    src = bandcamp_src(ids.get("album", ""), ids.get("track", ""))
    page = url.split("#", 1)[0]
    return Embed("bandcamp", "Bandcamp", segments[0], page, src, _slug_title(segments[1]), height=120)


_HANDLERS: tuple[tuple[tuple[str, ...], Callable], ...] = (
    (("youtube.com", "youtu.be", "youtube-nocookie.com"), _youtube),
    (("vimeo.com",), _vimeo),
    (("soundcloud.com",), _soundcloud),
    (("open.spotify.com",), _spotify),
    (("music.apple.com", "podcasts.apple.com"), _apple),
    (("mixcloud.com",), _mixcloud),
    (("bandcamp.com",), _bandcamp),
)


def bandcamp(album: str = "", track: str = "", url: str = "", title: str = "") -> Embed | None:
    """WordPress.com's `[bandcamp album=… track=…]`: the player for those ids (the link goes to
    `url` when given, else to bandcamp.com)."""
    src = bandcamp_src(album.strip(), track.strip())
    if not src:
        return None
    page = url if url and recognise(url) is not None else "https://bandcamp.com/"
    return Embed("bandcamp", "Bandcamp", "track" if track.strip() and not album.strip() else "album", page, src,
                 title, height=120)


# --------------------------------------------------------------------------
# The facade
# --------------------------------------------------------------------------

_PLAY_ICON = ('<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">'
              '<path d="M8 5.5v13l11-6.5z"/></svg>')
_LINK_ICON = ('<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">'
              '<path d="M14 4h6v6h-2V7.4l-7.3 7.3-1.4-1.4L16.6 6H14zM5 6h6v2H6v10h10v-5h2v7H4V6z"/></svg>')
_KIND_WORDS = {"video": "video", "short": "short", "playlist": "playlist", "track": "track", "album": "album",
               "set": "playlist", "profile": "profile", "artist": "artist", "episode": "episode", "show": "podcast",
               "mix": "mix", "station": "station"}


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def facade(embed: Embed, title: str = "", thumbnails: bool = False) -> str:
    """The card that stands in for a service's player (a link to the original page).

    `title` (e.g. the link text the author wrote) wins over the one read from the URL.
    `thumbnails`: YouTube's predictable thumbnail as the poster (a request to i.ytimg.com
    before any click — only when the site allows it)."""
    title = " ".join((title or embed.title).split())
    kind_word = _KIND_WORDS.get(embed.kind, embed.kind)
    shown = title or f"{embed.name} {kind_word}"
    playable = bool(embed.src)
    shape = "box" if embed.is_video else "strip"
    classes = (f"player player--embed player--{embed.service} player--{shape}"
               + (" player--portrait" if embed.kind == "short" else "") + ("" if playable else " player--link")
               + (" player--tall" if embed.height >= 300 else ""))
    style = (f"--player-ratio: {embed.ratio}" if embed.is_video else f"--player-height: {int(embed.height)}px")
    data = ""
    if playable:
        frame_title = f"{title} on {embed.name}" if title else f"{embed.name} {kind_word}"
        data = (f' data-player-src="{_attr(embed.src)}" data-player-title="{_attr(frame_title)}"'
                f' data-player-allow="{_attr(_ALLOW[embed.service])}"')
    poster = ""
    if thumbnails and embed.service == "youtube" and embed.video_id:
        poster = (f'<img class="player__poster" src="https://i.ytimg.com/vi/{_attr(embed.video_id)}/hqdefault.jpg" '
                  'alt="" loading="lazy" decoding="async">')
    icon = _PLAY_ICON if playable else _LINK_ICON
    action = "" if playable else '<span class="player__action">Open</span>'
    note = (f'<span class="player__note">Loads from {_attr(embed.name)} when you press play</span>'
            if playable and embed.height >= 300 else "")
    # The link is named by the text it shows (WCAG 2.5.3 "label in name": a voice-control user says what
    # they see), with a hidden "Play:" in front when it plays here; the spaces keep the words apart.
    prefix = '<span class="visually-hidden">Play: </span>' if playable else ""
    return (f'<figure class="{classes}" style="{style}">'
            f'<a class="player__facade" href="{_attr(embed.url)}"{data}>{poster}{prefix}'
            f'<span class="player__service">{_attr(embed.name)}</span> '
            f'<span class="player__title">{html.escape(shown, quote=False)}</span> '
            f'<span class="player__play">{icon}{action}</span>{" " + note if note else ""}'
            f'</a></figure>')


def player_for(url: str, title: str = "", thumbnails: bool = False) -> str | None:
    """The facade for a service URL, or None when it is not one we know."""
    embed = recognise(url)
    return facade(embed, title, thumbnails) if embed is not None else None


# --------------------------------------------------------------------------
# WordPress's stored embed blocks
# --------------------------------------------------------------------------

_WRAPPER = re.compile(
    r'(<div class="wp-block-embed__wrapper">)\s*(https?://[^\s<]+)\s*(</div>)'
    r'(?=\s*<figcaption[^>]*>(.*?)</figcaption>)?', re.I | re.S)
_TAGS = re.compile(r"<[^>]*>")


def expand_embeds(body_html: str, title: str = "", fallback: Callable[[str], str | None] | None = None) -> str:
    """Bare embed URLs in embed blocks become facades; `fallback` may make a player of what
    is not a service (a media file); anything else stays a link. The block's caption, as
    text, names the player (`title`, the post's, is not used: it is rarely the video's)."""
    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        caption = " ".join(html.unescape(_TAGS.sub("", match.group(4) or "")).split())[:200]
        frame = player_for(url, caption) or (fallback(url) if fallback else None)
        if frame is None:
            safe = html.escape(url)
            frame = f'<a href="{safe}">{safe}</a>'
        return f"{match.group(1)}\n{frame}\n{match.group(3)}"
    return _WRAPPER.sub(replace, body_html)
