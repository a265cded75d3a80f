"""`trackpress new` and `trackpress init`: files a user starts from.

Nothing here ever overwrites: every file is created with O_EXCL, so an
existing one (even one that appeared a moment ago) stops the command with its
name. A title is user input like any other: whitespace runs (newlines, tabs)
become one space, lone surrogates from undecodable arguments are dropped,
and it is written as a YAML double-quoted string with every character YAML
could misread escaped, so the front matter reads back the same title. The
file name is the WordPress slug of the title, which cannot hold `/`, `\\` or
`..`; the path is still checked to land in the content folder.
"""
from __future__ import annotations

import math
import os
import struct
import unicodedata
import wave
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import load_config
from .errors import TrackpressError
from .urls import slugify
from .version import VERSION

FALLBACK_SLUG = "untitled"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar that any YAML parser reads back unchanged."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Zs", "Cf", "Co", "Cn", "Cs")):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out) + '"'


def clean_title(title: str) -> str:
    """One line of text: whitespace runs become one space, lone surrogates go."""
    text = "".join(ch for ch in title if unicodedata.category(ch) != "Cs")
    return " ".join(text.split())


def new_entry(root: Path, title: str, page: bool = False, now: datetime | None = None) -> Path:
    """Write a draft post (content/posts/YYYY/slug.md) or page (content/pages/slug.md); its path."""
    config = load_config(root)
    text = clean_title(title)
    if not text:
        raise TrackpressError('the title is empty — give it one, like: trackpress new "Sodium Lights: the stems"')
    when = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(config.timezone)).replace(microsecond=0)
    slug = slugify(text) or FALLBACK_SLUG
    folder = root / "content" / ("pages" if page else f"posts/{when:%Y}")
    path = folder / f"{slug}.md"
    kind = "page" if page else "post"
    front = [f"title: {yaml_string(text)}", f"date: {when.isoformat(sep=' ')}", f"author: {yaml_string(config.author)}"]
    if not page:
        front += ["categories: []", "tags: []"]
    front.append("draft: true")
    body = ("Write the page here. It is a draft: `trackpress serve --drafts` shows it; "
            "delete the `draft: true` line to publish it.\n" if page else
            "Write the post here. Put a YouTube, SoundCloud, Bandcamp or audio-file link alone on a line "
            "and it becomes a player.\n\nIt is a draft: `trackpress serve --drafts` shows it; delete the "
            "`draft: true` line to publish it.\n")
    _create(root, folder, path, "---\n" + "\n".join(front) + "\n---\n" + body, f"a {kind} with this slug")
    return path


def _create(root: Path, folder: Path, path: Path, text: str | bytes, what: str) -> None:
    """Create `path` (never replacing anything) after checking it lands inside `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    if not path.resolve().parent == folder.resolve():
        raise TrackpressError(f"{path} would be written outside {folder} — choose another title")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        raise TrackpressError(f"{shown} already exists ({what}) — nothing was written; edit that file, "
                              "or choose another title") from None
    except OSError as exc:
        raise TrackpressError(f"cannot create {path}: {exc.strerror or exc} — check the folder's permissions") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


# --- trackpress init ------------------------------------------------------------------------------

def init_site(folder: Path, now: datetime | None = None) -> list[Path]:
    """A new site in `folder` that builds at once; the files written."""
    if folder.exists() and not folder.is_dir():
        raise TrackpressError(f"{folder} is a file — pass a folder for the new site")
    for marker in ("site.toml", "content"):
        if (folder / marker).exists():
            raise TrackpressError(f"{folder} already has a site ({marker} is there) — nothing was written; "
                                  "pick a new or empty folder, e.g. trackpress init my-blog")
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    files: list[tuple[str, str | bytes]] = [
        ("site.toml", SITE_TOML),
        (".gitignore", "# what `trackpress build` and `trackpress serve` make: rebuilt any time\n"
                       "output/\n.trackpress-cache/\n"),
        (f"content/posts/{when:%Y}/first-light-the-making-of-a-loop.md", _example_post(when)),
        ("content/pages/about.md", _about_page(when)),
        ("static/audio/first-light-sketch.wav", _tone()),
    ]
    for name, _ in files:                 # all or nothing: check every name before writing one
        if os.path.lexists(folder / name):
            raise TrackpressError(f"{folder / name} already exists — nothing was written; "
                                  "pick a new or empty folder for the site")
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        path = folder / name
        _create(folder, path.parent, path, text, "a file of the new site")
        written.append(path)
    return written


SITE_TOML = f"""\
# Your site's settings. Only title and base_url are needed; every other key below is
# commented out with its default: remove the # to change it. README.md, "site.toml reference".

title = "My Producer Notebook"            # the site title (required)
base_url = "https://example.com"          # where it will live (required); with a folder: "https://example.org/blog"

# tagline = ""                            # the WordPress tagline: feed <description>, home page title
# language = "en-US"                      # <html lang> and the feed's <language>
# timezone = "UTC"                        # IANA name, e.g. "Europe/Berlin", for dates written without an offset
# author = "admin"                        # the default author of every post
# theme = "default"                       # a folder in themes/ (yours first), then the bundled ones
# permalink = "/%year%/%monthnum%/%day%/%postname%/"   # WordPress's permalink syntax
# tag_base = "tag"                        # /tag/<slug>/
# category_base = "category"              # /category/<slug>/
# author_base = "author"                  # /author/<slug>/
# posts_per_page = 10                     # posts on the home page and each archive page
# feed_items = 10                         # items in each RSS feed
# excerpt_words = 55                      # length of automatic excerpts (twice as many characters for Japanese, Chinese, Thai)
# search = true                           # a search page (/search/) and index (Pagefind); false: none
# sitemap_max_urls = 50000                # URLs in one sitemap file; past it sitemap-1.xml, … and an index
# feed_footer = "The post %%POSTLINK%% appeared first on %%BLOGLINK%%."   # "" turns it off
# site_icon = ""                          # 32×32 icon, URL or site path: the feed's <image>
# share_image = ""                        # image shared links show (og:image) when a page has none; 1200×630 or more
# share_image_alt = ""                    # that image's description (og:image:alt)
# x_handle = ""                           # the X account, "@name": twitter:site and twitter:creator
# generator = "Trackpress {VERSION}"      # the feed's <generator>

# Menu links, in order:
# [[nav]]
# title = "About"
# url = "/about/"

# Footer links: x, kofi, youtube, instagram, soundcloud, bandcamp, spotify, tiktok, mastodon,
# bluesky, patreon, github, email
# [social]
# bandcamp = "https://you.bandcamp.com/"

# Which terms of an imported feed are categories (the rest become tags):
# [import]
# categories = ["Releases"]

# Make feeds podcasts (README, "Podcast"); owner_email, image and category are required:
# [podcast]
# feeds = ["/feed/"]
# title = "Night Sessions"
# owner_email = "you@example.com"
# image = "/podcast-3000.jpg"
# category = "Music > Music Commentary"
# explicit = false

# Your own values, handed to templates as extra:
# [extra]
# mood = "late"
"""


def _example_post(when: datetime) -> str:
    return f"""\
---
title: "First Light: the making of a loop"
date: {when.isoformat(sep=' ')}
categories: [Releases]
tags: [sketches, synths]
release:
  title: "First Light (sketch)"
  type: single
  tracks:
    - title: "First Light (sketch)"
      audio: /audio/first-light-sketch.wav
---
This is the first post of the site, and the file shows everything a post can do with music. Edit it
or delete it: it lives in `content/posts/{when:%Y}/`.

The `release:` block above puts the single at the top of the page with a player. The track is
a two-second test tone I left in `static/audio/`; drop your bounce in its place and the
duration, size and feed enclosure follow the file.

## How the loop started

Four bars of a detuned pad, a kick that sits just under the bass, and far too much tape
saturation. I bounced it at two in the morning and it still sounded right at breakfast, which is
the only test I trust.

A link alone on its line becomes a player that loads nothing until you press play:

https://www.youtube.com/watch?v=M7lc1UVf-VE

[First Light (sketch)](/audio/first-light-sketch.wav)

Bandcamp needs the album ID from Share/Embed: `https://you.bandcamp.com/album/first-light#album=ID`.
"""


def _about_page(when: datetime) -> str:
    return f"""\
---
title: "About"
date: {when.isoformat(sep=' ')}
---
I make beats after dark: soft keys, heavy low end and drums that swing a little late. This site
is my notebook — the releases, the sessions behind them, and what I learn about mixing along the
way.

Edit this page in `content/pages/about.md`.
"""


def _tone(seconds: float = 2.0, rate: int = 8000) -> bytes:
    """A short, quiet A4 sine with a fade out, as 8-bit mono WAV: a real audio file for the example's player."""
    frames = bytearray()
    count = int(seconds * rate)
    for i in range(count):
        fade = 1.0 - i / count
        frames += struct.pack("B", int(128 + 40 * fade * math.sin(2 * math.pi * 440 * i / rate)))
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()
