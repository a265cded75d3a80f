"""sitemap.xml and robots.txt, from the plan.

What a sitemap lists follows WordPress's own (wp-sitemap.xml, since 5.5):
the home page, every post and page, and the first page of every category,
tag and author archive. Not listed: date archives and later pager pages (they
repeat posts the sitemap already names), the search and 404 pages, feeds,
redirects and aliases (an old URL is not a page), drafts and future posts
(they are not in the plan), and password-protected entries (their URL only
shows a notice; nothing there to index).

`<lastmod>` is the entry's `updated` (its `date` when not given); a listing's
is the newest `updated` of the posts it lists. W3C datetime, to the second,
with the entry's own offset.

The protocol allows 50,000 URLs or 50 MB (uncompressed) a file: past either,
the URLs are split into /sitemap-1.xml, /sitemap-2.xml, … and /sitemap.xml
becomes the sitemap index naming them. Every <loc> is absolute, under
base_url (a site in a folder gets its folder), XML-escaped.

robots.txt points crawlers at the sitemap. Crawlers read robots.txt only at
a host's root: for a site in a folder the file is written all the same (so
the Sitemap line is at hand) with a comment saying where it must go.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable
from html import escape as _escape

from .model import Entry, PlannedOutput, Site
from .urls import base_path, join_url, origin_of

SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
MAX_URLS = 50_000                 # the protocol's limits a file
MAX_BYTES = 50 * 1024 * 1024
LISTED = ("home", "post", "page", "category", "tag", "author")
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n'
_TAIL = "</urlset>\n"
_INDEX_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n'
_INDEX_TAIL = "</sitemapindex>\n"


@dataclass(frozen=True)
class SitemapUrl:
    loc: str                       # absolute URL, percent-encoded
    lastmod: str = ""              # W3C datetime, or "" when nothing says

    def xml(self) -> str:
        lastmod = f"<lastmod>{self.lastmod}</lastmod>" if self.lastmod else ""
        return f"<url><loc>{_xml_text(self.loc)}</loc>{lastmod}</url>\n"


def sitemap_urls(site: Site, outputs: Iterable[PlannedOutput]) -> tuple[SitemapUrl, ...]:
    """The URLs the sitemap lists, in URL order."""
    entries = {e.source: e for e in site.posts + site.pages}
    newest_all = _newest(site.posts)
    urls: dict[str, SitemapUrl] = {}
    for output in outputs:
        if output.kind not in LISTED or output.number != 1:
            continue
        if output.kind in ("post", "page"):
            entry = entries[output.entries[0]]
            if entry.protected:
                continue
            lastmod = _w3c(entry.updated)
        elif output.kind == "home":
            lastmod = newest_all
        else:                                  # a term archive: its posts are among its sources
            lastmod = _newest([entries[s] for s in output.sources if s in entries])
        loc = join_url(site.config.base_url, output.url)
        urls[loc] = SitemapUrl(loc, lastmod)
    return tuple(urls[loc] for loc in sorted(urls))


def split(urls: tuple[SitemapUrl, ...], max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[tuple[SitemapUrl, ...]]:
    """The URLs in files of at most `max_urls` URLs and `max_bytes` bytes each (at least one file)."""
    files: list[tuple[SitemapUrl, ...]] = []
    current: list[SitemapUrl] = []
    size = len(_HEAD) + len(_TAIL)
    for url in urls:
        length = len(url.xml().encode("utf-8"))
        if current and (len(current) >= max_urls or size + length > max_bytes):
            files.append(tuple(current))
            current, size = [], len(_HEAD) + len(_TAIL)
        current.append(url)
        size += length
    files.append(tuple(current))
    return files


def sitemap_paths(count: int) -> tuple[str, ...]:
    """The site paths of the files a sitemap of `count` parts is written to (the index first)."""
    return (SITEMAP,) if count == 1 else (SITEMAP, *(f"/sitemap-{n}.xml" for n in range(1, count + 1)))


def render_sitemap(site: Site, outputs: Iterable[PlannedOutput], subject: str, max_urls: int = MAX_URLS,
                   max_bytes: int = MAX_BYTES) -> str:
    """The file planned for `subject`: "sitemap" (the urlset, or the index when split) or "sitemap-N"."""
    parts = split(sitemap_urls(site, outputs), max_urls, max_bytes)
    if subject != "sitemap":
        return urlset(parts[int(subject.rsplit("-", 1)[1]) - 1])
    if len(parts) == 1:
        return urlset(parts[0])
    return sitemap_index(site.config.base_url, parts)


def urlset(urls: tuple[SitemapUrl, ...]) -> str:
    return _HEAD + "".join(url.xml() for url in urls) + _TAIL


def sitemap_index(base_url: str, parts: list[tuple[SitemapUrl, ...]]) -> str:
    rows = []
    for path, urls in zip(sitemap_paths(len(parts))[1:], parts):
        newest = max((u.lastmod for u in urls if u.lastmod), key=_instant, default="")
        lastmod = f"<lastmod>{newest}</lastmod>" if newest else ""
        rows.append(f"<sitemap><loc>{_xml_text(join_url(base_url, path))}</loc>{lastmod}</sitemap>\n")
    return _INDEX_HEAD + "".join(rows) + _INDEX_TAIL


def render_robots(base_url: str) -> str:
    """robots.txt: every crawler welcome, and where the sitemap is."""
    sitemap = join_url(base_url, SITEMAP)
    folder = base_path(base_url)
    note = ""
    if folder:
        note = (f"# This site lives in {folder}/, but crawlers read robots.txt only at {origin_of(base_url)}/robots.txt.\n"
                "# Copy the Sitemap line below into that file; this copy is not read where it is.\n")
    return f"{note}User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n"


def _newest(entries: Iterable[Entry]) -> str:
    latest = max((e.updated for e in entries), default=None)
    return _w3c(latest) if latest is not None else ""


def _w3c(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _instant(lastmod: str) -> datetime:
    return datetime.fromisoformat(lastmod)


def _xml_text(text: str) -> str:
    """&, < and > escaped for XML text (what xml.sax.saxutils.escape does, without importing
    urllib.request and http.client with it: a sixth of Trackpress's start-up)."""
    return _escape(text, quote=False)
