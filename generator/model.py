"""The frozen data that flows through the pipeline.

read → model → render → write: each phase takes these objects and returns new
ones; nothing is filled in later. Standard library only, all picklable, so a
phase can run in another process or be cached on disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, NamedTuple


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str


@dataclass(frozen=True)
class Podcast:
    """`[podcast]` in site.toml: which feeds are podcast feeds, and what Apple's directory needs."""
    feeds: tuple[str, ...] = ("/feed/",)   # site paths of the feeds that are podcasts
    title: str = ""                # "" = the feed's own title
    description: str = ""          # "" = the tagline
    author: str = ""               # "" = the site's author
    owner_name: str = ""           # "" = the author
    owner_email: str = ""
    image: str = ""                # 1400–3000 px square JPEG/PNG: http(s) URL or site path
    category: str = ""             # Apple's category
    subcategory: str = ""          # and its subcategory ("Music Commentary"), or ""
    explicit: bool = False
    type: str = "episodic"         # "episodic" or "serial"
    funding_url: str = ""
    funding_text: str = "Support the show"


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
    share_image: str = ""          # site path or http(s) URL: og:image of pages without their own image
    share_image_alt: str = ""      # its og:image:alt
    x_handle: str = ""             # "@name": twitter:site and twitter:creator
    nav: tuple[NavLink, ...] = ()
    social: tuple[tuple[str, str], ...] = ()      # (network, url) in config order
    import_categories: tuple[str, ...] = ()       # feed import: which terms are categories
    podcast: Podcast | None = None                # [podcast]: None = no podcast feeds
    extra: Mapping[str, Any] = field(default_factory=dict)
    search: bool = True                           # a Pagefind index and a search page
    sitemap_max_urls: int = 50_000                # URLs a sitemap file; past it, sitemap-N.xml and an index


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


class MediaInfo(NamedTuple):
    """What the build read from an audio or video file in the site."""
    length: int                    # bytes
    type: str                      # MIME type
    duration: float | None         # seconds; None when the file does not say


@dataclass(frozen=True)
class ReleaseTrack:
    title: str
    audio: str = ""                # URL or site path of the track's file, or ""
    duration: float | None = None  # seconds as written (`duration:`), else the file's
    type: str = ""                 # the audio's MIME type
    audio_duration: float | None = None   # seconds, read from the file when it is in the site
    peaks: tuple[int, ...] = ()    # waveform, 0–100 per bar, when the build could decode the file


@dataclass(frozen=True)
class Release:
    """A post's `release:` block: a single, EP or album."""
    title: str
    cover: str = ""                # URL or site path
    date: str = ""                 # YYYY-MM-DD as written, or ""
    kind: str = ""                 # "single", "ep", "album" or ""
    tracks: tuple[ReleaseTrack, ...] = ()
    links: tuple[tuple[str, str], ...] = ()   # (service key, URL) in front-matter order


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
    protected: bool = False        # password-protected in WordPress: the URL answers, the text is never published
    category_slugs: tuple[str, ...] = ()   # the slug of each of `categories`, resolved through terms.yaml
    tag_slugs: tuple[str, ...] = ()        # the slug of each of `tags`
    audio: tuple[str, ...] = ()    # `audio:` files (URLs or site paths): players on the page, enclosures in feeds
    video: tuple[str, ...] = ()    # `video:` likewise
    release: Release | None = None # `release:` block
    durations: Mapping[str, float] = field(default_factory=dict)   # enclosure URL → seconds, read from the file


@dataclass(frozen=True)
class Body:
    """An entry's rendered body."""
    html: str          # as published in feeds (content:encoded)
    page_html: str     # as shown on the entry's page (embeds turned into players)
    excerpt: str       # feed description text, before the <p> wrap and footer
    toc: str = ""      # table of contents HTML
    summary: str = ""  # card excerpt (escaped plain text, excerpts.py): the manual excerpt, the teaser, or the prose trimmed
    reading_minutes: int = 0   # minutes to read the text (excerpts.reading_minutes); 0: no text


@dataclass(frozen=True)
class TermInfo:
    """A category or tag as `content/terms.yaml` declares it."""
    kind: str                      # "category" or "tag"
    name: str
    slug: str                      # Unicode, as WordPress stored it (percent-decoded)
    parent: str = ""               # categories: the parent's slug; "" at the top level
    description: str = ""          # as written (WordPress allows some HTML)
    line: int = 0                  # where it is declared in content/terms.yaml
    wp_id: int | None = None       # WordPress's term_id (`id:`), for `/?cat=ID`, `/?tag_id=ID` and block filters


@dataclass(frozen=True)
class Vocabulary:
    """Every declared term, by kind, in file order. Front matter names a term by
    its slug or its name; `find` says which declared term that is."""
    categories: tuple[TermInfo, ...] = ()
    tags: tuple[TermInfo, ...] = ()
    source: str = "content/terms.yaml"

    def of(self, kind: str) -> tuple[TermInfo, ...]:
        return self.categories if kind == "category" else self.tags if kind == "tag" else ()

    def find(self, kind: str, value: str) -> tuple[TermInfo | None, tuple[TermInfo, ...]]:
        """The declared term `value` names (a slug match first, then a name match,
        then a name match ignoring case), and every term that matched equally
        (more than one: the name is shared, the first is taken)."""
        terms = self.of(kind)
        for match in (lambda t: t.slug == value, lambda t: t.name == value,
                      lambda t: t.name.casefold() == value.casefold()):
            found = tuple(t for t in terms if match(t))
            if found:
                return found[0], found
        return None, ()

    def path(self, kind: str, slug: str) -> tuple[str, ...]:
        """The slugs from the top-level ancestor down to `slug` (categories nest)."""
        by_slug = {t.slug: t for t in self.of(kind)}
        chain = [slug]
        while (term := by_slug.get(chain[0])) is not None and term.parent and term.parent not in chain:
            chain.insert(0, term.parent)
        return tuple(chain)


@dataclass(frozen=True)
class Term:
    """A tag, category or author archive."""
    kind: str                      # "tag", "category", "author"
    name: str
    slug: str
    url: str                       # nested categories: "/category/parent/child/"
    feed_url: str
    posts: tuple[int, ...]         # indexes into Site.posts, newest first (a category's include its children's)
    parent: str = ""               # categories: the parent's slug
    description: str = ""          # from content/terms.yaml, as written
    source: str = ""               # "content/terms.yaml" when declared there
    wp_id: int | None = None       # WordPress's term_id, from content/terms.yaml


@dataclass(frozen=True)
class Comment:
    """An approved comment (or ping) kept from WordPress, ready to show."""
    id: int
    parent: int                    # 0: a reply to the post
    author: str                    # plain text
    author_url: str                # an http(s) URL or ""
    date: datetime                 # aware, local time
    html: str                      # the comment's HTML, sanitised (WordPress's comment tags only)
    type: str = ""                 # "" for a comment; "pingback", "trackback"


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
    # approved comments of each shown entry (by source path), oldest first; protected entries have none
    comments: Mapping[str, tuple[Comment, ...]] = field(default_factory=dict)


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
    keep: str = ""        # when set, the previous build's file at `path` (this is its SHA-256) is kept as it is
    warnings: tuple = ()  # the warnings producing it gave (Diagnostics), said again when it is kept next time
    spooled: str = ""     # when set, its bytes wait in this file of the build's spool (spool.py), moved into place
    digest: str = ""      # with `spooled`: the SHA-256 of those bytes; alone: the same bytes as the previous
                          # build's file at `path`, which has this SHA-256 (produced again, found unchanged)
