"""The site → in-memory output files: every page through the theme, every
feed, the stylesheet for code. No file is read or written here.

Templates get plain view data (dicts of strings, lists and Markup), never
build internals; the context each template receives is documented in
generator/themes/default/README.md.
"""
from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from .config import SOCIAL_NETWORKS
from .feeds import archive_title, render_feed, site_feeds
from .markdown import pygments_css, render_title
from .model import Body, DateArchive, Entry, OutputFile, Site, Term
from .redirects import (apache_htaccess, collect_redirects, netlify_headers, netlify_redirects, nginx_snippet,
                        redirect_script)
from .taxonomy import Pager, paginate
from .theme import Theme
from .typography import strip_tags
from .urls import join_url, output_path, slugify

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
REDIRECT_SCRIPT = "wp-redirects.js"
TEMPLATES = ("index.html", "archive.html", "single.html", "page.html", "404.html")


def render_site(site: Site, bodies: dict[str, Body], theme: Theme, version: str) -> tuple[OutputFile, ...]:
    theme.check(TEMPLATES)
    terms = {(t.kind, t.slug): t for t in site.tags + site.categories}
    views = [_post_view(site, terms, post, bodies[post.source]) for post in site.posts]
    common = _common(site, version)
    site_feed = {"url": "/feed/", "title": site.config.title}
    files: list[OutputFile] = []

    def page(template: str, url: str, title: str, feed: dict[str, str], source: str, **context: Any) -> None:
        full = {**common, "page_title": title, "canonical": join_url(site.config.base_url, url),
                "feed": feed, "description": context.pop("description", site.config.tagline), **context}
        files.append(OutputFile(output_path(url), theme.render(template, full, source).encode("utf-8")))

    for index, post in enumerate(site.posts):
        older = site.posts[index + 1] if index + 1 < len(site.posts) else None
        newer = site.posts[index - 1] if index > 0 else None
        body = bodies[post.source]
        page("single.html", post.url, f"{_plain_title(post.title)} - {site.config.title}", site_feed, post.source,
             post=views[index], content=Markup(body.page_html), toc=Markup(body.toc),
             previous=_link(older), next=_link(newer), description=_plain(body.excerpt))
    for entry in site.pages:
        body = bodies[entry.source]
        page("page.html", entry.url, f"{_plain_title(entry.title)} - {site.config.title}", site_feed, entry.source,
             post=_post_view(site, terms, entry, body), content=Markup(body.page_html), description=_plain(body.excerpt))

    home_order = tuple(i for i, p in enumerate(site.posts) if p.sticky) + \
        tuple(i for i, p in enumerate(site.posts) if not p.sticky)
    for pager in paginate("/", home_order, site.config.posts_per_page):
        title = f"{site.config.title}{_page_of(pager)} - {site.config.tagline}" if site.config.tagline \
            else f"{site.config.title}{_page_of(pager)}"
        page("index.html", pager.url, title, site_feed, "home",
             posts=[views[i] for i in pager.posts], pagination=_pagination(pager),
             archive={"kind": "home", "name": site.config.title, "heading": ""},
             redirect_script=f"/{REDIRECT_SCRIPT}")

    for term in site.categories + site.tags + site.authors:
        feed = {"url": term.feed_url, "title": archive_title(term, site.config.title)}
        heading = {"tag": f"Tag: {term.name}", "category": f"Category: {term.name}",
                   "author": f"Posts by {term.name}"}[term.kind]
        for pager in paginate(term.url, term.posts, site.config.posts_per_page):
            page("archive.html", pager.url, _term_title(term, pager, site.config.title), feed, f"{term.kind} {term.name}",
                 posts=[views[i] for i in pager.posts], pagination=_pagination(pager),
                 archive={"kind": term.kind, "name": term.name, "heading": heading},
                 description=f"{heading} — {site.config.title}")

    for archive in site.dates:
        name = _date_name(archive)
        for pager in paginate(archive.url, archive.posts, site.config.posts_per_page):
            page("archive.html", pager.url, f"{name}{_page_of(pager)} - {site.config.title}", site_feed, f"archive {name}",
                 posts=[views[i] for i in pager.posts], pagination=_pagination(pager),
                 archive={"kind": archive.kind, "name": name, "heading": f"Archive: {name}"})

    page("404.html", "/404.html", f"Page not found - {site.config.title}", site_feed, "404",
         redirect_script=f"/{REDIRECT_SCRIPT}")
    feeds = site_feeds(site, bodies)
    for feed in feeds:
        files.append(OutputFile(output_path(feed.path), render_feed(feed).encode("utf-8")))
    rules = collect_redirects(site, tuple(f.path for f in feeds))
    for name, text in ((REDIRECT_SCRIPT, redirect_script(rules)), ("_redirects", netlify_redirects(rules)),
                       ("_headers", netlify_headers(rules)), (".htaccess", apache_htaccess(rules)),
                       ("nginx-redirects.conf", nginx_snippet(rules))):
        files.append(OutputFile(name, text.encode("utf-8")))
    files.append(OutputFile("static/pygments.css", pygments_css().encode("utf-8")))
    return tuple(files)


def _common(site: Site, version: str) -> dict[str, Any]:
    c = site.config
    return {
        "site": {
            "title": c.title, "tagline": c.tagline, "base_url": c.base_url, "language": c.language,
            "author": c.author, "icon": c.site_icon,
            "nav": [{"title": n.title, "url": n.url} for n in c.nav],
            "social": [{"network": k, "label": SOCIAL_NETWORKS[k], "url": u} for k, u in c.social],
        },
        "static": "/static/",
        "redirect_script": "",
        "generator": f"Trackpress {version}",
    }


def _post_view(site: Site, terms: dict[tuple[str, str], Term], entry: Entry, body: Body) -> dict[str, Any]:
    """The plain view of an entry that templates get. `terms` indexes the
    site's tags and categories by (kind, slug), built once per render."""
    c = site.config

    def links(names: tuple[str, ...], kind: str) -> list[dict[str, str]]:
        # a page's terms have no archive (archives list posts), so they are not linked
        found = (terms.get((kind, slugify(name))) for name in names)
        return [{"name": term.name, "url": term.url} for term in found if term is not None]

    return {
        "title": Markup(render_title(entry.title)),
        "title_text": entry.title,
        "url": entry.url,
        "date_iso": entry.date.isoformat(),
        "date_display": _display_date(entry),
        "updated_iso": entry.updated.isoformat(),
        "author": {"name": entry.author.name, "url": f"/{c.author_base}/{entry.author.slug}/"},
        "categories": links(entry.categories, "category"),
        "tags": links(entry.tags, "tag"),
        "excerpt": Markup(body.excerpt),
        "image": entry.image,
        "sticky": entry.sticky,
        "lang": entry.language or c.language,
        "extra": dict(entry.extra),
    }


def _display_date(entry: Entry) -> str:
    d = entry.date
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _link(entry: Entry | None) -> dict[str, Any] | None:
    return None if entry is None else {"title": Markup(render_title(entry.title)), "url": entry.url}


def _pagination(pager: Pager) -> dict[str, Any]:
    base = pager.url if pager.number == 1 else pager.url.rsplit("page/", 1)[0]
    return {
        "current": pager.number, "total": pager.total,
        "prev_url": pager.prev_url, "next_url": pager.next_url,
        "pages": [{"number": n, "url": base if n == 1 else f"{base}page/{n}/", "current": n == pager.number}
                  for n in range(1, pager.total + 1)],
    }


def _page_of(pager: Pager) -> str:
    return f" - Page {pager.number} of {pager.total}" if pager.number > 1 else ""


def _term_title(term: Term, pager: Pager, site_title: str) -> str:
    if term.kind == "author":
        return f"{term.name}, Author at {site_title}{_page_of(pager)}"
    return f"{term.name} Archives{_page_of(pager)} - {site_title}"


def _date_name(archive: DateArchive) -> str:
    if archive.kind == "year":
        return f"{archive.year}"
    if archive.kind == "month":
        return f"{_MONTHS[archive.month - 1]} {archive.year}"
    return f"{_MONTHS[archive.month - 1]} {archive.day}, {archive.year}"


def _plain_title(title: str) -> str:
    """The typographic title as plain text (curly quotes as characters)."""
    return html.unescape(render_title(title))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())
