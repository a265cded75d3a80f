"""The plain records both readers produce, and the guarded XML loader they share.

A `Record` is one post or page as WordPress had it, already in the shape of our
front matter (strings, not datetimes), so the writer only orders and dumps it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, unquote, urlsplit
from xml.etree.ElementTree import Element
from xml.parsers.expat import ErrorString

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import BuildError, Diagnostic, TrackpressError
from ..model import Enclosure
from ..urls import quote_path, slugify

MAX_SLUG = 200      # bytes, percent-encoded: WordPress's cap on post_name (sanitize_title)
# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Comment:
    id: int
    parent: int                    # 0 for a top-level comment
    author: str
    author_url: str
    date: str                      # "2024-05-20 19:50:20+02:00"
    date_gmt: str                  # as WordPress stored it
    content: str                   # HTML as stored
    status: str                    # approved, pending, spam, trash, …
    type: str = ""                 # "" for a comment; pingback, trackback


@dataclass(frozen=True)
class Record:
    kind: str                      # "post" or "page"
    folder: str                    # under content/: "posts/2024", "pages/about"
    label: str                     # how reports name it: the title, or "post #12"
    title: str
    slug: str
    body: str
    date: str = ""
    updated: str = ""
    permalink: str = ""
    author: str = ""
    author_slug: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excerpt: str = ""
    draft: bool = False
    sticky: bool = False
    id: int | None = None
    guid: str = ""
    image: str = ""
    enclosures: tuple[Enclosure, ...] = ()
    parent: str = ""
    menu_order: int = 0
    format: str = "html"           # "html" (finished HTML) or "wordpress" (classic post_content: autop at build)
    aliases: tuple[str, ...] = ()  # other old paths of this post (its attachment pages)
    protected: bool = False        # password-protected in WordPress: the build publishes a notice, not the text
    wordpress: Mapping[str, Any] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Export:
    """What a reader found: records to write, items left out, and what was lost."""
    records: tuple[Record, ...]
    skipped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    base_url: str                  # "https://example.com", no trailing slash
    terms: tuple[Any, ...] = ()    # terms.Term: categories and tags with their slugs
    media: tuple[dict[str, Any], ...] = ()   # media.yaml entries, sorted by id
    menus: tuple[Any, ...] = ()    # menus.Menu, the one to use first
    settings: Any = None           # site.Settings for a new site.toml (WXR only)


def load_xml(path: Path, hint: str) -> Element:
    """Parse untrusted XML; a broken file becomes `path:line: XML is broken (…) — hint`."""
    if path.is_dir():
        raise TrackpressError(f"{path}: is a folder, not a file — give the path of the exported .xml file")
    if not path.exists():
        raise TrackpressError(f"{path}: no such file — check the path")
    if not path.is_file():
        raise TrackpressError(f"{path}: is not a regular file (a pipe or a device) — give the path of a saved .xml file")
    try:
        with open(path, "rb") as stream:
            return SafeET.parse(stream).getroot()
    except SafeET.ParseError as err:
        line, column = err.position
        reason = ErrorString(err.code)
        if reason == "no element found":
            reason = "the file ends too early"
        raise BuildError([Diagnostic(str(path), line, "",
                                     f"XML is broken ({reason} at column {column + 1})", hint)]) from None
    except DefusedXmlException as err:
        raise TrackpressError(f"{path}: the XML declares entities or a DTD ({err}), which is unsafe to read — {hint}") from None
    except (ValueError, LookupError) as err:       # e.g. an encoding expat cannot read
        raise TrackpressError(f"{path}: cannot read it as XML ({err}) — {hint}") from None
    except OSError as err:
        raise TrackpressError(f"{path}: cannot read it ({err.strerror or err}) — check that the file is readable") from None


def whole(text: str) -> int | None:
    """"12" → 12; anything else ("", "-1", "²", a 5,000-digit number) → None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def clean_slug(raw: str, fallback: str) -> str:
    """The slug WordPress would store for `raw` (a post_name, or a title when it has none).

    A real export's post_name comes back unchanged; anything that could act as
    a path (`../x`, `a/b`, `\\`, NUL, control characters) or that is longer than
    WordPress allows comes back as an ordinary slug, at most 200 bytes encoded.
    """
    slug = cap_encoded(slugify(raw), MAX_SLUG)
    return slug or fallback


def cap_encoded(slug: str, limit: int) -> str:
    """The longest prefix of `slug` whose percent-encoded form fits in `limit` bytes."""
    size, end = 0, 0
    for end, ch in enumerate(slug, 1):
        size += len(quote(ch, safe=""))
        if size > limit:
            end -= 1
            break
    return slug[:end].rstrip("-")


def link_path(url: str, base_path: str, label: str, notes: list[str]) -> str:
    """`site_path`, with a note when a pretty link is refused as unsafe."""
    path = site_path(url, base_path)
    parts = urlsplit(url.strip())
    if not path and parts.path not in ("", "/") and not parts.query:
        notes.append(f"{label}: its link {_show(url.strip())} is not a plain site path; "
                     "left out (the URL is made from the slug) — add `permalink:` by hand if it matters")
    return path


def _show(text: str) -> str:
    return repr(text[:120]) if CONTROL.search(text) or len(text) > 120 else text


def site_path(url: str, base_path: str = "") -> str:
    """The path of a WordPress URL as WordPress wrote it (percent-encoding in lowercase hex).

    Empty for a URL that is not a pretty permalink ("/?p=12"), so the build
    derives one instead. `base_path` ("/blog") is removed when the site lives
    in a sub-folder.
    """
    parts = urlsplit(url.strip())
    if parts.query or not parts.path or parts.path == "/":
        return ""
    path = parts.path
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    path = quote_path(path)
    return path if _plain_path(unquote(path)) else ""


def _plain_path(path: str) -> bool:
    """A path the build can keep: /a/b/ with no empty, dot, backslash or control-character segment."""
    if not path.startswith("/"):
        return False
    segments = path.split("/")[1:]
    if segments and segments[-1] == "":
        segments = segments[:-1]
    return all(seg and seg not in (".", "..") and "\\" not in seg and not CONTROL.search(seg)
               and len(seg.encode("utf-8", "surrogatepass")) <= MAX_SLUG for seg in segments)


def year_of(permalink: str, date: str) -> str:
    """The year folder: from a date-based URL first (it is the local date), else the date."""
    first = permalink.strip("/").split("/", 1)[0]
    if len(first) == 4 and first.isascii() and first.isdigit():
        return first
    return date[:4] if date[:4].isascii() and date[:4].isdigit() else "undated"
