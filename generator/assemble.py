"""Entries → the `Site`: which posts are published, in what order, and
their archives. (Which URLs collide is the plan's job: it sees every output.)

A password-protected entry is published as WordPress shows it to a visitor
without the password: its URL, "Protected: " before its title, WordPress's
notice for its body and excerpt, and nothing else — its text, featured image,
enclosures and comments never leave this function, so no later phase (pages,
feeds, listings, blocks, search data) can publish them.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable, Hashable, Mapping

from .model import Comment, Entry, Site, SiteConfig, Vocabulary
from .taxonomy import collect_dates, collect_terms

PROTECTED_TITLE = "Protected: {}"                      # get_the_title() for a post with a password
PROTECTED_BODY = "<p>This content is password protected.</p>\n"
PROTECTED_EXCERPT = "There is no excerpt because this is a protected post."


def assemble_site(entries: tuple[Entry, ...], config: SiteConfig, now: datetime,
                  drafts: bool = False, future: bool = False, vocabulary: Vocabulary | None = None,
                  comments: Mapping[str, tuple[Comment, ...]] | None = None,
                  outlines: Callable[[tuple[Entry, ...]], Hashable] | None = None,
                  remembered: dict | None = None) -> Site:
    """Published entries, newest first, with their archives and approved comments.

    `now` is passed in (never read from the clock here) so builds are
    reproducible and tests can pin it. The archives are made of the posts'
    outlines alone (terms and dates: never a body), so a long-lived process
    (warm.py) passes `outlines` (posts → a key of everything but their bodies)
    and `remembered`, and gets the last build's archives back when the key is
    the same.
    """
    def visible(e: Entry) -> bool:
        return (drafts or not e.draft) and (future or e.date <= now)

    shown = [protect(e) if e.protected else e for e in entries if visible(e)]
    posts = tuple(sorted((e for e in shown if e.kind == "post"),
                         key=lambda e: (e.date, e.slug), reverse=True))
    pages = tuple(sorted((e for e in shown if e.kind == "page"), key=lambda e: e.url))
    comments = comments or {}
    kept = {e.source: comments[e.source] for e in posts + pages if not e.protected and comments.get(e.source)}
    key = (outlines(posts), repr(config), repr(vocabulary)) if outlines is not None and remembered is not None else None
    archives = remembered.get(key) if key is not None else None
    if archives is None:
        archives = (collect_terms(posts, config, "tag", vocabulary), collect_terms(posts, config, "category", vocabulary),
                    collect_terms(posts, config, "author"), collect_dates(posts))
        if key is not None:
            remembered.clear()
            remembered[key] = archives
    tags, categories, authors, dates = archives
    return Site(config=config, posts=posts, pages=pages, tags=tags, categories=categories, authors=authors,
                dates=dates, comments=kept)


def protect(entry: Entry) -> Entry:
    """What a visitor without the password sees of a protected entry."""
    return replace(entry, title=PROTECTED_TITLE.format(entry.title), body=PROTECTED_BODY, format="html",
                   excerpt=PROTECTED_EXCERPT, image="", enclosures=(), audio=(), video=(), release=None)
