"""RSS 2.0 feeds shaped like WordPress's, element for element.

`make_feed` makes plain view models (which posts, which titles, which
links); `render_feed` writes one the way WordPress's feed-rss2.php template
does, whitespace included, with the Yoast footer on description and
content:encoded. The feed's structure is a contract with subscribers' readers,
so it lives here, not in the theme.

A feed named in `[podcast] feeds` is also a podcast: it declares the
`itunes` and `podcast` namespaces and carries Apple's channel tags and each
episode's duration, artwork and type. Every other feed is written exactly as
WordPress writes it, without a byte of either.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from .blocks import fill_blocks
from .model import Body, Enclosure, Entry, Podcast, Site, SiteConfig, Term
from .typography import clean_xml_chars, strip_tags, texturize
from .urls import join_url
from .version import VERSION

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NAMESPACES = (
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("wfw", "http://wellformedweb.org/CommentAPI/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("atom", "http://www.w3.org/2005/Atom"),
    ("sy", "http://purl.org/rss/1.0/modules/syndication/"),
    ("slash", "http://purl.org/rss/1.0/modules/slash/"),
)
PODCAST_NAMESPACES = (
    ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ("podcast", "https://podcastindex.org/namespace/1.0"),
)
_PODCAST_GUID_NAMESPACE = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6"   # the podcast namespace's own (a UUID)


@dataclass(frozen=True)
class FeedItem:
    title: str           # XML-safe text with typography entities
    link: str
    creator: str
    pub_date: str
    categories: tuple[str, ...]
    guid: str
    description: str     # HTML for CDATA
    content: str         # HTML for CDATA
    enclosures: tuple[Enclosure, ...]
    image: str = ""      # the post's image, absolute: the episode's artwork in podcast feeds
    duration: float | None = None   # seconds of the first enclosure whose length the build read


@dataclass(frozen=True)
class Feed:
    path: str            # site path of the feed: "/tag/x/feed/"
    self_url: str        # absolute URL of the feed itself
    title: str           # plain text
    link: str
    description: str     # plain text
    last_build: str
    language: str
    generator: str
    image_url: str
    items: tuple[FeedItem, ...]
    podcast: "PodcastChannel | None" = None


@dataclass(frozen=True)
class PodcastChannel:
    """What a podcast feed adds to its channel, every URL absolute."""
    author: str
    owner_name: str
    owner_email: str
    image: str
    category: str
    subcategory: str
    explicit: bool
    type: str
    guid: str            # podcast:guid, made from the feed's URL as the namespace says
    funding_url: str
    funding_text: str


def rfc822(moment: datetime) -> str:
    """`Thu, 08 Aug 2024 23:48:07 +0000`: always GMT, English names whatever the locale."""
    t = moment.astimezone(timezone.utc)
    return f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} {t:%H:%M:%S} +0000"


def archive_title(term: Term | None, site_title: str) -> str:
    """The title Yoast gives an archive and its feed."""
    if term is None:
        return site_title
    if term.kind == "author":
        return f"{term.name}, Author at {site_title}"
    return f"{term.name} Archives - {site_title}"


def item_maker(site: Site, bodies: dict[str, Body]) -> Callable[[Entry], FeedItem]:
    """A post's feed item, made once however many feeds it sits in."""
    items: dict[str, FeedItem] = {}

    def item(post: Entry) -> FeedItem:
        if post.source not in items:
            body = bodies[post.source]
            content = fill_blocks(body.html, site, bodies, post.source)
            items[post.source] = _item(post, body, site.config, content)
        return items[post.source]
    return item


def make_feed(site: Site, path: str, term: Term | None, posts: tuple[Entry, ...],
              item: Callable[[Entry], FeedItem]) -> Feed:
    """The feed at site path `path` of `term` (None: the whole site), holding `posts`."""
    config = site.config
    newest = max((p.updated for p in posts), default=None) or max(
        (p.updated for p in site.posts), default=datetime(1970, 1, 1, tzinfo=timezone.utc))
    icon = config.site_icon
    if icon.startswith("/"):
        icon = join_url(config.base_url, icon)
    self_url = join_url(config.base_url, path)
    podcast = config.podcast if config.podcast is not None and path in config.podcast.feeds else None
    return Feed(
        path=path,
        self_url=self_url,
        title=(podcast.title if podcast and podcast.title else archive_title(term, config.title)),
        link=join_url(config.base_url, term.url) if term else config.base_url,
        description=(podcast.description if podcast and podcast.description else config.tagline),
        last_build=rfc822(newest),
        language=config.language,
        generator=config.generator or f"Trackpress {VERSION}",
        image_url=icon,
        items=tuple(item(p) for p in posts),
        podcast=_podcast_channel(podcast, config, self_url) if podcast else None,
    )


def _podcast_guid(self_url: str) -> str:
    """podcast:guid, as the Podcast Index makes it: a UUIDv5 of the feed URL without its scheme.
    uuid is imported here: it costs every build's start-up, and only podcast feeds need it."""
    import uuid
    return str(uuid.uuid5(uuid.UUID(_PODCAST_GUID_NAMESPACE),
                          re.sub(r"^[a-z][a-z0-9+.-]*://", "", self_url, flags=re.I).rstrip("/")))


def _podcast_channel(podcast: Podcast, config: SiteConfig, self_url: str) -> PodcastChannel:
    author = podcast.author or config.author
    return PodcastChannel(
        author=author, owner_name=podcast.owner_name or author, owner_email=podcast.owner_email,
        image=_absolute(podcast.image, config.base_url), category=podcast.category,
        subcategory=podcast.subcategory, explicit=podcast.explicit, type=podcast.type,
        guid=_podcast_guid(self_url),
        funding_url=podcast.funding_url, funding_text=podcast.funding_text,
    )


def _absolute(url: str, base_url: str, page: str = "") -> str:
    """A site path (or a path relative to `page`) → an absolute URL; absolute URLs as they are."""
    if not url or re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    if url.startswith("/"):
        return join_url(base_url, url)
    from urllib.parse import urljoin
    return urljoin(page or base_url + "/", url)


def feed_title(post: Entry) -> str:
    """The item title: plain text with typography entities (tags stripped, as WordPress does in feeds)."""
    if post.format in ("html", "wordpress"):
        text = html.unescape(strip_tags(post.title))
        return texturize(html.escape(text, quote=False))
    return texturize(html.escape(post.title, quote=False))


_SITE_PATH_ATTR_RE = re.compile(r"""(\s(?:href|src|poster|action|cite|data)\s*=\s*)(["']?)(/(?![/\\]))""", re.I)
_SRCSET_RE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


# what _SITE_PATH_ATTR_RE matches, found from its rare end ("=", a quote, "/") rather than tried at
# every space of a long body: the attribute name before it is then checked (_site_links)
_VALUE_START_RE = re.compile(r"""=\s*["']?/(?![/\\])""")
_ATTR_NAME_END_RE = re.compile(r"(?:href|src|poster|action|cite|data)\Z", re.I)
_LONGEST_ATTR = 6


def absolute_urls(fragment: str, base_url: str) -> str:
    """Site paths in links and images → absolute URLs (feeds only: pages keep site paths)."""
    if "/" not in fragment:
        return fragment
    base = base_url.rstrip("/")
    fragment = _site_links(fragment, base)

    def srcset(m: re.Match[str]) -> str:
        parts = [p.strip() for p in m.group(3).split(",")]
        fixed = [base + p if p.startswith("/") and not p.startswith("//") else p for p in parts]
        return f"{m.group(1)}{m.group(2)}{', '.join(fixed)}{m.group(2)}"
    # most bodies have no srcset: a plain substring test first (re.I also lets "ſ", U+017F, match "s")
    if "srcset" not in fragment.lower() and "\u017f" not in fragment:
        return fragment
    return _SRCSET_RE.sub(srcset, fragment)


def _site_links(fragment: str, base: str) -> str:
    """`base` put before each site path that _SITE_PATH_ATTR_RE finds (`_SITE_PATH_ATTR_RE.sub`'s
    result, made without trying the pattern at every space). Each of its matches holds exactly one
    "=", and no two can overlap, so each "=" followed by an optional quote and a site path is one
    exactly when the text before it is a space, an attribute name and optional spaces."""
    out: list[str] = []
    last = 0
    for m in _VALUE_START_RE.finditer(fragment):
        end = m.start()
        while end > 0 and fragment[end - 1].isspace():        # re's \s is str.isspace
            end -= 1
        name = _ATTR_NAME_END_RE.search(fragment, max(0, end - _LONGEST_ATTR), end)
        if name is None or name.start() == 0 or not fragment[name.start() - 1].isspace():
            continue
        slash = m.end() - 1
        out += [fragment[last:slash], base]
        last = slash
    if not out:
        return fragment
    out.append(fragment[last:])
    return "".join(out)


def _item(post: Entry, body: Body, config: SiteConfig, content: str | None = None) -> FeedItem:
    link = join_url(config.base_url, post.url)
    title = feed_title(post)
    footer = feed_footer(config, link, title, post)
    terms = _unique(sorted(post.categories, key=str.lower)) + _unique(sorted(post.tags, key=str.lower))
    return FeedItem(
        title=title, link=link, creator=post.author.name, pub_date=rfc822(post.date),
        categories=tuple(terms), guid=post.guid,
        description=absolute_urls(f"<p>{body.excerpt}</p>\n", config.base_url) + footer,
        content=absolute_urls(body.html if content is None else content, config.base_url) + footer,
        enclosures=tuple(Enclosure(_absolute(e.url, config.base_url, link), e.length, e.type)
                         for e in post.enclosures),      # podcast apps need absolute URLs
        image=_absolute(post.image, config.base_url, link),
        duration=next((post.durations[e.url] for e in post.enclosures if e.url in post.durations), None),
    )


def feed_footer(config: SiteConfig, link: str, title_html: str, post: Entry) -> str:
    """Yoast's "The post … appeared first on …" paragraph, or "" when turned off."""
    if not config.feed_footer:
        return ""
    site_title = html.escape(config.title, quote=False)
    links = {
        "%%POSTLINK%%": f'<a href="{html.escape(link)}">{title_html}</a>',
        "%%BLOGLINK%%": f'<a href="{html.escape(config.base_url)}">{site_title}</a>',
        "%%BLOGDESCLINK%%": f'<a href="{html.escape(config.base_url)}">{site_title} - '
                            f'{html.escape(config.tagline, quote=False)}</a>',
        "%%AUTHORLINK%%": f'<a href="{html.escape(join_url(config.base_url, "/" + config.author_base + "/" + post.author.slug + "/"))}">'
                          f"{html.escape(post.author.name, quote=False)}</a>",
    }
    text = html.escape(config.feed_footer, quote=False)
    for token, value in links.items():
        text = text.replace(token, value)
    return f"<p>{text}</p>\n"


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    return [n for n in names if not (n in seen or seen.add(n))]


def _text(value: str) -> str:
    return clean_xml_chars(html.escape(value, quote=False))


def _attr(value: str) -> str:
    return clean_xml_chars(html.escape(value, quote=True))


def _cdata(value: str) -> str:
    """HTML in CDATA: a `]]>` inside becomes `]]&gt;`, as WordPress does (same meaning in HTML)."""
    return "<![CDATA[" + clean_xml_chars(value).replace("]]>", "]]&gt;") + "]]>"


def _cdata_text(value: str) -> str:
    """Plain text in CDATA (names): a `]]>` inside is split across two sections, so it reads back as is."""
    return "<![CDATA[" + clean_xml_chars(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_feed(feed: Feed, items: dict | None = None) -> str:
    """The feed as WordPress's template writes it. `items`, when given, keeps each item's XML
    (by the item's value and the feed's kind) for the next feed that holds the same post: a
    post is in its site, category, tag and author feeds."""
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n']
    out += [f'\txmlns:{prefix}="{uri}"\n' for prefix, uri in NAMESPACES + (PODCAST_NAMESPACES if feed.podcast else ())]
    out.append("\t>\n\n<channel>\n")
    out.append(f"\t<title>{_text(feed.title)}</title>\n")
    out.append(f'\t<atom:link href="{_attr(feed.self_url)}" rel="self" type="application/rss+xml" />\n')
    out.append(f"\t<link>{_text(feed.link)}</link>\n")
    out.append(f"\t<description>{_text(feed.description).replace('&amp;', '&#38;')}</description>\n")
    out.append(f"\t<lastBuildDate>{feed.last_build}</lastBuildDate>\n")
    out.append(f"\t<language>{_text(feed.language)}</language>\n")
    out.append("\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n")
    out.append("\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n")
    out.append(f"\t<generator>{_text(feed.generator)}</generator>\n\n")
    if feed.image_url:
        out.append(f"<image>\n\t<url>{_text(feed.image_url)}</url>\n\t<title>{_text(feed.title)}</title>\n"
                   f"\t<link>{_text(feed.link)}</link>\n\t<width>32</width>\n\t<height>32</height>\n</image> \n")
    if feed.podcast:
        out.append(_render_podcast(feed.podcast))
    podcast = feed.podcast is not None
    for item in feed.items:
        if items is None:
            out.append(_render_item(item, podcast=podcast))
            continue
        key = (item, podcast)
        xml = items.get(key)
        if xml is None:
            xml = items[key] = _render_item(item, podcast=podcast)
        out.append(xml)
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def _render_podcast(p: PodcastChannel) -> str:
    """Apple's channel tags (and the podcast namespace's guid and funding link)."""
    out = [f"\t<itunes:author>{_text(p.author)}</itunes:author>\n",
           f"\t<itunes:owner>\n\t\t<itunes:name>{_text(p.owner_name)}</itunes:name>\n"
           f"\t\t<itunes:email>{_text(p.owner_email)}</itunes:email>\n\t</itunes:owner>\n",
           f'\t<itunes:image href="{_attr(p.image)}" />\n']
    if p.subcategory:
        out.append(f'\t<itunes:category text="{_attr(p.category)}">\n'
                   f'\t\t<itunes:category text="{_attr(p.subcategory)}" />\n\t</itunes:category>\n')
    else:
        out.append(f'\t<itunes:category text="{_attr(p.category)}" />\n')
    out.append(f"\t<itunes:explicit>{'true' if p.explicit else 'false'}</itunes:explicit>\n")
    out.append(f"\t<itunes:type>{p.type}</itunes:type>\n")
    out.append(f"\t<podcast:guid>{p.guid}</podcast:guid>\n")
    if p.funding_url:
        out.append(f'\t<podcast:funding url="{_attr(p.funding_url)}">{_text(p.funding_text)}</podcast:funding>\n')
    return "".join(out) + "\n"


def _render_episode(item: FeedItem) -> str:
    """An item's podcast tags: duration (whole seconds), artwork, episode type."""
    out = []
    if item.duration:
        out.append(f"\t\t<itunes:duration>{round(item.duration)}</itunes:duration>\n")
    if item.image:
        out.append(f'\t\t<itunes:image href="{_attr(item.image)}" />\n')
    out.append("\t\t<itunes:episodeType>full</itunes:episodeType>\n")
    return "".join(out)


def _render_item(item: FeedItem, podcast: bool = False) -> str:
    out = ["\t<item>\n"]
    out.append(f"\t\t<title>{clean_xml_chars(item.title)}</title>\n")
    out.append(f"\t\t<link>{_text(item.link)}</link>\n")
    out.append("\t\t\n")
    out.append(f"\t\t<dc:creator>{_cdata_text(item.creator)}</dc:creator>\n")
    out.append(f"\t\t<pubDate>{item.pub_date}</pubDate>\n")
    out.append("\t\t" + "".join(f"\t\t<category>{_cdata_text(c)}</category>\n" for c in item.categories))
    out.append(f'\t\t<guid isPermaLink="false">{_text(item.guid)}</guid>\n\n')
    out.append(f"\t\t\t\t\t<description>{_cdata(item.description)}</description>\n")
    out.append(f"\t\t\t\t\t\t\t\t\t\t<content:encoded>{_cdata(item.content)}</content:encoded>\n")
    out.append("\t\t\t\t\t\n\t\t\n\t\t")
    out += [f'<enclosure url="{_attr(e.url)}" length="{e.length}" type="{_attr(e.type)}" />\n' for e in item.enclosures]
    if podcast:
        out.append(_render_episode(item))
    out.append("\n\t\t\t</item>\n\t")
    return "".join(out)
