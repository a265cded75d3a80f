"""The plain records both readers produce, and the guarded XML loader they share.

A `Record` is one post or page as WordPress had it, already in the shape of our
front matter (strings, not datetimes), so the writer only orders and dumps it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element
from xml.parsers.expat import ErrorString

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import BuildError, Diagnostic, TrackpressError
from ..model import Enclosure
from ..urls import quote_path


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
    wordpress: Mapping[str, Any] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Export:
    """What a reader found: records to write, items left out, and what was lost."""
    records: tuple[Record, ...]
    skipped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    base_url: str                  # "https://example.com", no trailing slash


def load_xml(path: Path, hint: str) -> Element:
    """Parse untrusted XML; a broken file becomes `path:line: XML is broken (…) — hint`."""
    if not path.is_file():
        raise TrackpressError(f"{path}: no such file — check the path")
    try:
        return SafeET.parse(path).getroot()
    except SafeET.ParseError as err:
        line, column = err.position
        reason = ErrorString(err.code)
        if reason == "no element found":
            reason = "the file ends too early"
        raise BuildError([Diagnostic(str(path), line, "",
                                     f"XML is broken ({reason} at column {column + 1})", hint)]) from None
    except DefusedXmlException as err:
        raise TrackpressError(f"{path}: the XML declares entities or a DTD ({err}), which is unsafe to read — {hint}") from None


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
    return quote_path(path)


def year_of(permalink: str, date: str) -> str:
    """The year folder: from a date-based URL first (it is the local date), else the date."""
    first = permalink.strip("/").split("/", 1)[0]
    if len(first) == 4 and first.isdigit():
        return first
    return date[:4] if date[:4].isdigit() else "undated"
