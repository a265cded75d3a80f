"""An RSS2 feed as WordPress (with Yoast) publishes it → records.

A feed is a thin view of a post: no modified date, no drafts, no pages, no
comments, and categories and tags look alike — the caller names the categories.
"""
from __future__ import annotations

import html
import re
from datetime import timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from ..errors import TrackpressError
from ..model import Enclosure
from .html import manual_excerpt, strip_feed_footer, untexturize_title
from .records import Export, Record, clean_slug, link_path, load_xml, whole, year_of

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_COMMENT_COUNT = "{http://purl.org/rss/1.0/modules/slash/}comments"
_HINT = "download the feed again or repair the file"
_POST_ID = re.compile(r"[?&](?:p|page_id)=(\d+)")


def read_feed(path: Path, categories: Iterable[str] = ()) -> Export:
    channel = load_xml(path, _HINT).find("channel")
    if channel is None:
        raise TrackpressError(f"{path}: not an RSS feed (no <channel>) — give the URL's /feed/ output")
    link = urlsplit((channel.findtext("link") or "").strip())
    home = f"{link.scheme}://{link.netloc}" if link.netloc else ""
    wanted = {name.casefold() for name in categories}

    records: list[Record] = []
    notes: list[str] = []
    seen_terms: set[str] = set()
    for item in channel.findall("item"):
        title = untexturize_title(html.unescape((item.findtext("title") or "").strip())).strip()
        guid = (item.findtext("guid") or "").strip()
        label = title or guid or f"item {len(records) + 1}"
        permalink = link_path(item.findtext("link") or "", "", label, notes)
        date = _gmt((item.findtext("pubDate") or "").strip())
        terms = list(dict.fromkeys(name for name in ((c.text or "").strip() for c in item.findall("category")) if name))
        seen_terms.update(name.casefold() for name in terms)
        post_id = _POST_ID.search(guid)
        guid_id = whole(post_id.group(1)) if post_id else None
        author = (item.findtext(_CREATOR) or "").strip()
        comments = whole(item.findtext(_COMMENT_COUNT) or "0")
        if not title:
            notes.append(f"{label}: has no title; the build needs one — add `title:` before building")
        if not date:
            notes.append(f"{label}: no date it could read; left out — add `date:` before building")
        if comments:
            notes.append(f"{label}: {comments} comments are not in a feed — import a WordPress export to keep them")
        records.append(Record(
            kind="post", folder=f"posts/{year_of(permalink, date)}", label=label, title=title,
            slug=clean_slug(unquote(permalink.rstrip("/").rsplit("/", 1)[-1]) or title, str(guid_id or "untitled")),
            body=strip_feed_footer(item.findtext(_CONTENT) or ""),
            date=date, permalink=permalink, author=author, author_slug=clean_slug(author, ""),
            categories=tuple(t for t in terms if t.casefold() in wanted),
            tags=tuple(t for t in terms if t.casefold() not in wanted),
            excerpt=manual_excerpt(item.findtext("description") or ""),
            id=guid_id, guid=guid,
            enclosures=tuple(_enclosure(e) for e in item.findall("enclosure")),
        ))

    if not wanted:
        notes.append("no categories were named: every term was written as a tag")
    for name in sorted(wanted - seen_terms):
        notes.append(f"category {name!r} was named but no post in the feed has it")
    notes.append("a feed has no modified dates, drafts, pages, comments or custom fields, and only the "
                 "newest posts — import a WordPress export (Tools → Export) for the rest")
    return Export(records=tuple(records), skipped=(), notes=tuple(notes), base_url=home)


def _gmt(pub_date: str) -> str:
    """"Mon, 20 May 2024 17:50:20 +0000" → "2024-05-20 17:50:20+00:00"."""
    if not pub_date:
        return ""
    try:
        return parsedate_to_datetime(pub_date).astimezone(timezone.utc).isoformat(" ")
    except (TypeError, ValueError, OverflowError, IndexError):
        return ""


def _enclosure(el: Element) -> Enclosure:
    length = el.get("length", "").strip()
    return Enclosure(url=el.get("url", "").strip(), length=whole(length) or 0,
                     type=el.get("type", ""))
