"""Entries → the `Site`: which posts are published, in what order, and
their archives. (Which URLs collide is the plan's job: it sees every output.)
"""
from __future__ import annotations

from datetime import datetime

from .model import Entry, Site, SiteConfig
from .taxonomy import collect_dates, collect_terms


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
    return Site(
        config=config, posts=posts, pages=pages,
        tags=collect_terms(posts, config, "tag"),
        categories=collect_terms(posts, config, "category"),
        authors=collect_terms(posts, config, "author"),
        dates=collect_dates(posts),
    )

