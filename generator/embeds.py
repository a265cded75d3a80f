"""Embed blocks → players, as WordPress does when it displays a page.

WordPress stores a YouTube embed as a bare URL inside
`<figure class="wp-block-embed …"><div class="wp-block-embed__wrapper">URL</div></figure>`
and turns it into an iframe at display time. Pages get a privacy-friendly
player (youtube-nocookie.com, loaded lazily); feeds keep the block as stored.
Existing iframes pass through untouched.
"""
from __future__ import annotations

import html
import re

_WRAPPER = re.compile(
    r'(<div class="wp-block-embed__wrapper">)\s*(https?://[^\s<]+)\s*(</div>)', re.I)
_YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|embed/|live/)"
    r"|youtu\.be/)([A-Za-z0-9_-]{6,})", re.I)


def youtube_id(url: str) -> str | None:
    match = _YOUTUBE.match(html.unescape(url))
    return match.group(1) if match else None


def player(url: str, title: str = "YouTube video") -> str | None:
    video = youtube_id(url)
    if video is None:
        return None
    return (f'<iframe class="video-embed" src="https://www.youtube-nocookie.com/embed/{video}" '
            f'title="{html.escape(title)}" width="560" height="315" loading="lazy" '
            'allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; web-share" '
            'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>')


def expand_embeds(body_html: str, title: str = "YouTube video") -> str:
    """Bare embed URLs become players; anything not recognised stays a link."""
    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        frame = player(url, title)
        if frame is None:
            safe = html.escape(html.unescape(url))
            frame = f'<a href="{safe}">{safe}</a>'
        return f"{match.group(1)}\n{frame}\n{match.group(3)}"
    return _WRAPPER.sub(replace, body_html)


_VIMEO = re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/)?(\d{3,12})(?:[/?#]|$)",
                    re.I)


def vimeo_id(url: str) -> str | None:
    match = _VIMEO.match(html.unescape(url).strip())
    return match.group(1) if match else None


def vimeo_player(video: str, width: int = 640, height: int = 360, title: str = "Vimeo video") -> str:
    """Vimeo's player without tracking (`dnt=1`), loaded lazily. `video` is the numeric id."""
    if not video.isdigit():
        raise ValueError(f"not a Vimeo id: {video!r}")
    return (f'<iframe class="video-embed" src="https://player.vimeo.com/video/{video}?dnt=1" '
            f'title="{html.escape(title)}" width="{int(width)}" height="{int(height)}" loading="lazy" '
            'allow="fullscreen; picture-in-picture" '
            'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>')
