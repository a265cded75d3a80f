"""The frozen data that flows through the pipeline.

read → model → render → write: each phase takes these objects and returns new
ones; nothing is filled in later. Standard library only, all picklable, so a
phase can run in another process or be cached on disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    """`site.toml`, validated. See README "site.toml reference"."""
    root: str                      # absolute path of the site folder
    title: str
    base_url: str                  # "https://example.com", no trailing slash
    tagline: str = ""
    language: str = "en-US"
    timezone: str = "UTC"          # IANA name
    author: str = "admin"
    theme: str = "default"
    permalink: str = "/%year%/%monthnum%/%day%/%postname%/"
    tag_base: str = "tag"
    category_base: str = "category"
    author_base: str = "author"
    posts_per_page: int = 10
    feed_items: int = 10
    excerpt_words: int = 55
    feed_footer: str = "The post %%POSTLINK%% appeared first on %%BLOGLINK%%."
    site_icon: str = ""            # absolute URL or site path of the 32×32 icon
    generator: str = ""            # feed <generator>; "" = "Trackpress <version>"
    nav: tuple[NavLink, ...] = ()
    social: tuple[tuple[str, str], ...] = ()      # (network, url) in config order
    import_categories: tuple[str, ...] = ()       # feed import: which terms are categories
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceFile:
    path: str          # relative to the site root, POSIX separators: "content/posts/a.md"
    kind: str          # "post" or "page"
    text: str


@dataclass(frozen=True)
class Author:
    name: str
    slug: str


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class Entry:
    """One post or page, typed from its front matter."""
    kind: str                      # "post" or "page"
    source: str                    # relative path of the Markdown file
    title: str                     # as written (typography applied at render time)
    slug: str                      # Unicode; percent-encoded only inside URLs
    date: datetime                 # aware, in the post's own offset (local time)
    updated: datetime              # aware; == date when not given
    author: Author
    url: str                       # site path, percent-encoded: "/2024/08/08/slug/"
    guid: str
    body: str                      # Markdown or HTML source
    body_line: int                 # line of the file where the body starts
    format: str = "markdown"       # "markdown" or "html"
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excerpt: str | None = None     # manual excerpt, used as written
    draft: bool = False
    wp_id: int | None = None
    sticky: bool = False
    image: str = ""                # featured image URL
    aliases: tuple[str, ...] = ()  # old site paths that redirect here
    parent: str = ""               # pages: slug of the parent page
    enclosures: tuple[Enclosure, ...] = ()
    language: str = ""             # this entry's language when not the site's ("ja")
    extra: Mapping[str, Any] = field(default_factory=dict)   # unknown front-matter keys


@dataclass(frozen=True)
class Body:
    """An entry's rendered body."""
    html: str          # as published in feeds (content:encoded)
    page_html: str     # as shown on the entry's page (embeds turned into players)
    excerpt: str       # feed description text, before the <p> wrap and footer
    toc: str = ""      # table of contents HTML


@dataclass(frozen=True)
class Term:
    """A tag, category or author archive."""
    kind: str                      # "tag", "category", "author"
    name: str
    slug: str
    url: str
    feed_url: str
    posts: tuple[int, ...]         # indexes into Site.posts, newest first


@dataclass(frozen=True)
class DateArchive:
    kind: str                      # "year", "month", "day"
    year: int
    month: int
    day: int
    url: str
    posts: tuple[int, ...]


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    posts: tuple[Entry, ...]       # published posts, newest first
    pages: tuple[Entry, ...]
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    authors: tuple[Term, ...]
    dates: tuple[DateArchive, ...]


@dataclass(frozen=True)
class PlannedOutput:
    """One file the build will write, known before anything renders."""
    kind: str                      # see plan.KINDS: "post", "page", "home", "tag", "feed", "static", …
    url: str                       # site path as linked, percent-encoded: "/tag/x/page/2/"
    path: str                      # file in the output folder, decoded, POSIX: "tag/x/page/2/index.html"
    about: str                     # what it is, for messages: "tag archive 'synths', page 2"
    sources: tuple[str, ...]       # who asked for it, relative to the site root (first: the one to change)
    field: str = ""                # the setting in sources[0] that put it here: "slug", "tag_base", …
    template: str = ""             # theme template that renders it; "" for feeds, rules and copies
    entries: tuple[str, ...] = ()  # the entries it shows, by source path, in order
    subject: str = ""              # archives and feeds: the term or date ("tag/synths", "month/2024/06")
    number: int = 1                # listings: page number
    total: int = 1                 # listings: page count
    copy_from: str = ""            # copies: absolute path of the file copied as is


@dataclass(frozen=True)
class Plan:
    """Every output of a build, sorted by file path; no two share a file."""
    outputs: tuple[PlannedOutput, ...]

    def count(self, *kinds: str) -> int:
        return sum(1 for o in self.outputs if o.kind in kinds)


@dataclass(frozen=True)
class OutputFile:
    path: str          # relative to the output folder, POSIX separators
    data: bytes = b""
    copy_from: str = ""   # when set, the file is copied from this absolute path instead of written from data
