"""Entries → the `Site`: which posts are published, in what order, their
archives, and a check that no two things claim one URL.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import unquote

from .errors import Diagnostic, raise_if_any
from .model import Entry, Site, SiteConfig
from .taxonomy import collect_dates, collect_terms

RESERVED = ("/feed/", "/page/", "/static/", "/404.html", "/comments/feed/")


def assemble_site(entries: tuple[Entry, ...], config: SiteConfig, now: datetime,
                  drafts: bool = False, future: bool = False) -> Site:
    """Published entries, newest first, with their archives.

    `now` is passed in (never read from the clock here) so builds are
    reproducible and tests can pin it.
    """
    def visible(e: Entry) -> bool:
        return (drafts or not e.draft) and (future or e.date <= now)

    shown = [e for e in entries if visible(e)]
    posts = tuple(sorted((e for e in shown if e.kind == "post"),
                         key=lambda e: (e.date, e.slug), reverse=True))
    pages = tuple(sorted((e for e in shown if e.kind == "page"), key=lambda e: e.url))
    _check_urls(posts + pages, config)
    return Site(
        config=config, posts=posts, pages=pages,
        tags=collect_terms(posts, config, "tag"),
        categories=collect_terms(posts, config, "category"),
        authors=collect_terms(posts, config, "author"),
        dates=collect_dates(posts),
    )


def _check_urls(entries: tuple[Entry, ...], config: SiteConfig) -> None:
    claims: dict[str, list[tuple[Entry, str]]] = {}
    for entry in entries:
        claims.setdefault(unquote(entry.url), []).append((entry, "its URL"))
        for alias in entry.aliases:
            claims.setdefault(unquote(alias), []).append((entry, f"alias {alias}"))
    problems = []
    for url, owners in sorted(claims.items()):
        if len(owners) > 1:
            names = ", ".join(f"{e.source} ({how})" for e, how in owners)
            for entry, how in owners:
                problems.append(Diagnostic(entry.source, 0, "permalink" if how == "its URL" else "aliases",
                                           f"{url} is claimed by {len(owners)} files: {names}",
                                           "give one of them another slug: or permalink:"))
        elif url in RESERVED or url.startswith(tuple(f"/{b}/" for b in (config.tag_base, config.category_base, config.author_base))):
            entry = owners[0][0]
            problems.append(Diagnostic(entry.source, 0, "permalink",
                                       f"{url} is where the site writes its own archive or feed",
                                       "choose another slug: or permalink:"))
    raise_if_any(problems)
