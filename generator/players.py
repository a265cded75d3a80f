"""Audio and video files → accessible HTML5 players.

`<figure class="player player--audio">` holds the track's title and duration
(when known), an `<audio controls preload="none">` (nothing is downloaded
until the reader presses play) and a download link; video files get
`<video controls preload="none" playsinline>` in the same frame. Markdown's
lone file URLs, `[audio]`, `[video]`, `[playlist]` and imported audio/video
blocks all come here, so they look and behave the same.

`media_info` maps a site path (`/media/night-drive.mp3`) to what the build
read from the file: `(length in bytes, MIME type, duration in seconds)`.
Standard library only.
"""
from __future__ import annotations

import html
import re
from typing import Mapping, Sequence
from urllib.parse import unquote, urlsplit

AUDIO_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "ogg": "audio/ogg",
               "oga": "audio/ogg", "opus": "audio/ogg", "wav": "audio/wav", "flac": "audio/flac"}
VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
               "ogv": "video/ogg"}

MediaInfo = Mapping[str, tuple]      # site path → (length, mime, duration seconds or None)

_SAFE = re.compile(r"^(?:https?://|/(?!/))[^\s<>\"'`\\]*$", re.I)


def extension(url: str) -> str:
    """The file extension a URL's path ends in, lowercased; "" for none, or for a URL whose host
    cannot be read (`http://[x]/a.mp3`: urlsplit refuses it, and no player can play it)."""
    try:
        path = urlsplit(url).path if "://" in url else url.split("?", 1)[0].split("#", 1)[0]
    except ValueError:
        return ""
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def media_kind(url: str) -> str:
    """"audio", "video" or "" for a URL by its file extension."""
    ext = extension(url)
    return "audio" if ext in AUDIO_TYPES else "video" if ext in VIDEO_TYPES else ""


def is_safe(url: str) -> bool:
    """An http(s) URL or a site path, with nothing that could break out of an attribute."""
    return bool(_SAFE.match(url.strip()))


def file_title(url: str) -> str:
    """`/media/night-drive_v2.mp3` → "night-drive_v2" (what the reader can recognise); "" when
    urlsplit cannot read the URL (the player is then named by the URL itself)."""
    try:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    except ValueError:
        return ""
    return name.rsplit(".", 1)[0] if "." in name else name


def format_duration(seconds: float | None) -> str:
    """3:07, 1:02:03; "" when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return ""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _iso_duration(seconds: float) -> str:
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _lookup(url: str, media_info: MediaInfo | None) -> tuple:
    if not media_info:
        return ()
    path = unquote(url.split("?", 1)[0].split("#", 1)[0]) if url.startswith("/") else url
    info = media_info.get(path) or media_info.get(url)
    return tuple(info) if info else ()


def _player(tag: str, url: str, title: str, duration_seconds: float | None, mime: str,
            media_info: MediaInfo | None, extra: str, poster: str = "",
            alternatives: Sequence[tuple[str, str]] = ()) -> str:
    url = url.strip()
    if not is_safe(url):
        return f'<span class="shortcode-refused">{html.escape(url, quote=False)}</span>' if url else ""
    info = _lookup(url, media_info)
    if info:
        mime = mime or (info[1] if len(info) > 1 and info[1] else "")
        if duration_seconds is None and len(info) > 2 and info[2]:
            duration_seconds = info[2]
    types = AUDIO_TYPES if tag == "audio" else VIDEO_TYPES
    mime = mime or types.get(extension(url), "")
    title = " ".join((title or file_title(url) or url).split())
    fmt = extension(url).upper()
    duration = format_duration(duration_seconds)
    time = (f' <time class="player__duration" datetime="{_iso_duration(duration_seconds)}">{duration}</time>'
            if duration else "")
    type_attr = f' type="{_attr(mime)}"' if mime else ""
    poster_attr = f' poster="{_attr(poster)}"' if poster and is_safe(poster) else ""
    safe, label = _attr(url), _attr(title)
    others = [(u.strip(), m or types.get(extension(u), "")) for u, m in alternatives if u.strip() != url and is_safe(u)]
    if others:          # several formats: the browser picks the first it can play
        sources = "".join(f'<source src="{_attr(u)}"' + (f' type="{_attr(m)}"' if m else "") + ">"
                          for u, m in [(url, mime)] + others)
        source_attr = ""
    else:
        sources, source_attr = "", f' src="{safe}"'
    fallback = sources + f'<a href="{safe}">Download {html.escape(title, quote=False)}</a>'
    download = (f'<a class="player__download" href="{safe}" download{type_attr}>Download'
                f'<span class="screen-reader-text"> {html.escape(title, quote=False)}</span>'
                + (f" ({fmt})" if fmt else "") + "</a>")
    return (f'<figure class="player player--{tag}">'
            f'<figcaption class="player__caption"><span class="player__title">{html.escape(title, quote=False)}</span>'
            f'{time}</figcaption>'
            f'<{tag} controls preload="none"{extra}{poster_attr}{source_attr} aria-label="{label}">{fallback}</{tag}>'
            f'{download}</figure>')


def audio_player(url: str, title: str = "", duration_seconds: float | None = None, mime: str = "",
                 media_info: MediaInfo | None = None, loop: bool = False,
                 alternatives: Sequence[tuple[str, str]] = ()) -> str:
    """An audio file's player: title, duration when known, `<audio controls preload="none">`, download link.
    `alternatives`: other formats of the same track, as (url, mime)."""
    return _player("audio", url, title, duration_seconds, mime, media_info, " loop" if loop else "",
                   alternatives=alternatives)


def video_player(url: str, title: str = "", duration_seconds: float | None = None, mime: str = "",
                 media_info: MediaInfo | None = None, poster: str = "", loop: bool = False,
                 width: int = 0, height: int = 0, alternatives: Sequence[tuple[str, str]] = ()) -> str:
    """A video file's player: as the audio one, with `<video … playsinline>` (and its size, so the
    page does not jump when the first frame arrives)."""
    size = f' width="{int(width)}" height="{int(height)}"' if width > 0 and height > 0 else ""
    return _player("video", url, title, duration_seconds, mime, media_info,
                   " playsinline" + (" loop" if loop else "") + size, poster, alternatives)


def file_player(url: str, title: str = "", media_info: MediaInfo | None = None) -> str | None:
    """The player for an audio or video file URL, or None when the URL is not one."""
    kind = media_kind(url)
    if not kind or not is_safe(url):
        return None
    if kind == "audio":
        return audio_player(url, title, media_info=media_info)
    return video_player(url, title, media_info=media_info)


def playlist(items: list[str], kind: str = "audio") -> str:
    """Several players as one ordered list (`[playlist]`)."""
    if not items:
        return ""
    rows = "".join(f'<li class="player-list__item">{item}</li>' for item in items)
    return f'<ol class="player-list player-list--{"video" if kind == "video" else "audio"}">{rows}</ol>\n'


# --------------------------------------------------------------------------
# Imported audio and video blocks
# --------------------------------------------------------------------------

_MEDIA_BLOCK = re.compile(
    r'<figure class="wp-block-(audio|video)[^"]*">\s*<(audio|video)\b([^>]*)>(.*?)</\2>\s*'
    r'(?:<figcaption[^>]*>(.*?)</figcaption>\s*)?</figure>', re.I | re.S)
_SRC = re.compile(r'\bsrc\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', re.I)
_POSTER = re.compile(r'\bposter\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', re.I)
_TAGS = re.compile(r"<[^>]*>")


def expand_media_blocks(body_html: str, media_info: MediaInfo | None = None) -> str:
    """WordPress's stored `<figure class="wp-block-audio"><audio controls src=…>` → the same players
    as everywhere else (the caption, as text, is the title)."""
    def replace(match: re.Match[str]) -> str:
        tag, attributes, inner, caption = match.group(2).lower(), match.group(3), match.group(4), match.group(5)
        found = _SRC.search(attributes) or _SRC.search(inner)
        if not found:
            return match.group(0)
        url = html.unescape(found.group(1) if found.group(1) is not None else found.group(2))
        if not is_safe(url):
            return match.group(0)
        title = html.unescape(_TAGS.sub("", caption or "")).strip()
        loop = bool(re.search(r"\bloop\b", attributes, re.I))
        if tag == "audio":
            return audio_player(url, title, media_info=media_info, loop=loop)
        poster = _POSTER.search(attributes)
        poster_url = html.unescape(poster.group(1) or poster.group(2) or "") if poster else ""
        return video_player(url, title, media_info=media_info, poster=poster_url, loop=loop)
    if "wp-block-audio" not in body_html and "wp-block-video" not in body_html:
        return body_html
    return _MEDIA_BLOCK.sub(replace, body_html)
