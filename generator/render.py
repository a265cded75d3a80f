"""Produce: the plan → output files. Every planned page goes through the
theme, every feed through feeds.py, every rule file through redirects.py;
copies are passed on for the writer. No file of the site is read or written
here: given a spool (spool.py), each file produced is put there as soon as
it is made, so neither this process nor the build holds every page's bytes
until the writer publishes them (without one, they are kept in memory).

Templates get plain view data (dicts of strings, lists and Markup), never
build internals; the context each template receives is documented in
generator/themes/default/README.md.
"""
from __future__ import annotations

import html
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Mapping

from markupsafe import Markup

from .comments import PING_TYPES, sanitize
from .blocks import fill_blocks                 # dynamic blocks need the whole site: filled at produce time
from .config import SOCIAL_NETWORKS
from .content import SERVICES
from .errors import BuildError, Diagnostic, Reporter, raise_if_any
from .feeds import archive_title, item_maker, make_feed, render_feed
from .forking import shared_with_workers
from .images import ImageInfo, picture_view
from .markdown import plain_title, pygments_css, render_title
from .model import Body, Comment, Entry, OutputFile, Plan, PlannedOutput, Release, Site, Term
from .players import audio_player, format_duration
from .plan import PYGMENTS_CSS, REDIRECT_SCRIPT, term_subject
from .seo import share_view
from .related import Related, related_posts
from .sitemap import render_robots, render_sitemap
from .spool import Spool
from .redirects import (RedirectRules, apache_htaccess, collect_redirects, netlify_headers, netlify_redirects, nginx_snippet,
                        redirect_script)
from .theme import Theme
from .typography import strip_tags
from .urls import base_path, join_url, origin_of, prefix_links, site_url, slugify

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
TEMPLATES = ("index.html", "archive.html", "single.html", "page.html", "404.html", "search.html")
UNTITLED = "(no title)"            # what WordPress lists an untitled post as
COMMENT_DEPTH = 5                  # WordPress's default thread_comments_depth


PARALLEL_PAGES = 400          # fewer outputs to produce than this: one process (a pool costs ~0.1 s to start)
_FORKED: tuple | None = None  # what forked workers inherit (see _produce_in_pool); set only while a pool runs


def produce(plan: Plan, site: Site, bodies: dict[str, Body], theme: Theme, version: str,
            reporter: Reporter | None = None, images: Mapping[str, ImageInfo] | None = None,
            keep: Mapping[str, str] | None = None, done: Callable[[int], None] | None = None,
            jobs: int = 1, related: Related | None = None, spool: Spool | None = None,
            unchanged: Mapping[str, str] | None = None) -> tuple[OutputFile, ...]:
    """Every planned output → an `OutputFile` (or a copy to make). Template
    errors are collected across pages, each reported once; redirect rules
    that cannot be written safely are warnings. The theme's templates were
    checked (`Theme.check(TEMPLATES)`) in the read phase. An output whose
    path is in `keep` (path → SHA-256 of the previous build's file, which
    was produced from the same inputs: reuse.py) is not produced again but
    kept. Each file produced carries the warnings producing it gave.

    With `jobs` > 1 and at least PARALLEL_PAGES outputs to produce, they are
    produced by `jobs` forked processes in chunks and put back in the plan's
    order: each output depends only on the site, never on another output, so
    the files are the same as one process makes. With a `spool`, every file
    produced is written there (by the worker that made it) and carries its
    path and SHA-256 instead of its bytes; one whose SHA-256 is what
    `unchanged` gives for its path (the previous build's file there, still
    on disk) is not spooled but carries only its SHA-256: the writer keeps
    the file that is there."""
    unchanged = unchanged or {}
    keep = keep or {}
    reporter = reporter if reporter is not None else Reporter()
    related = related if related is not None else related_posts(site)   # once a build (related.py)
    todo = [o for o in plan.outputs if o.path not in keep and not o.copy_from]
    if jobs > 1 and len(todo) >= PARALLEL_PAGES and "fork" in multiprocessing.get_all_start_methods():
        return _produce_in_pool(plan, todo, (plan, related), site, bodies, theme, version, reporter, keep, done, jobs,
                                images, spool, unchanged)
    return _produce(plan.outputs, (plan, related), site, bodies, theme, version, reporter, keep, done, images, spool,
                    unchanged, _Run(site, version, theme))


def _produce_in_pool(plan: Plan, todo: list[PlannedOutput], whole: tuple, site: Site,
                     bodies: Mapping[str, Body], theme: Theme, version: str, reporter: Reporter,
                     keep: Mapping[str, str], done: Callable[[int], None] | None, jobs: int,
                     images: Mapping[str, ImageInfo] | None = None, spool: Spool | None = None,
                     unchanged: Mapping[str, str] | None = None) -> tuple[OutputFile, ...]:
    """Forked workers inherit the site, bodies and theme (nothing is pickled to them); each returns its
    chunk's files with their warnings (with a spool, only their paths and digests), or its problems.
    The parent's objects are frozen out of the garbage collector while the workers run (forking.py)."""
    global _FORKED
    # bodies are read from the cache as they are asked for: read here, once, what the workers will show
    related = whole[1]
    needed = {source for output in todo for source in output.entries}
    needed |= {source for output in todo if output.kind == "post" for source in related.get(output.entries[0])}
    preload = getattr(bodies, "preload", None)          # (cache.LazyBodies; a dict holds every body already)
    if preload is not None and preload(needed):
        preload(set(bodies))                             # a dynamic block can show any entry
    theme.prepare(tuple(sorted({o.template for o in todo if o.template})))   # compiled once, not per worker
    size = max(1, -(-len(todo) // (jobs * 16)))
    ordered = _by_affinity(todo)
    chunks = [tuple(ordered[i:i + size]) for i in range(0, len(ordered), size)]
    made: dict[str, OutputFile] = {}
    problems: list[Diagnostic] = []
    # one run's memory (post views, rendered cards, feed items), made empty here: each worker fills its own copy
    _FORKED = (whole, site, bodies, theme, version, images, spool, unchanged, _Run(site, version, theme))
    if spool is not None:
        spool.open()                                     # before forking: the workers share one folder
    try:
        with shared_with_workers(), \
                ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk, future in [(chunk, pool.submit(_produce_chunk, chunk)) for chunk in chunks]:
                try:
                    files = future.result()
                except BuildError as exc:
                    problems += [d for d in exc.diagnostics if d not in problems]
                    continue
                for file in files:
                    made[file.path] = file
                if done is not None:
                    done(len(chunk))
    finally:
        _FORKED = None
    for output in plan.outputs:                          # said in the plan's order, as one process says them
        for warning in made[output.path].warnings if output.path in made else ():
            reporter.warn(warning)
    raise_if_any(problems)
    files: list[OutputFile] = []
    for output in plan.outputs:
        if output.path in keep:
            files.append(OutputFile(output.path, keep=keep[output.path]))
        elif output.copy_from:
            files.append(OutputFile(output.path, copy_from=output.copy_from))
        elif output.path in made:
            files.append(made[output.path])
    return tuple(files)


def _by_affinity(todo: list[PlannedOutput]) -> list[PlannedOutput]:
    """The outputs to produce, in the order the pool's chunks are cut from: the redirect rule files
    first and together (one worker collects the rules, and the first of them in the plan says the
    skipped ones, as in one process), then the feeds together (a post is in its site, author,
    category and tag feeds: its feed item, kept per chunk, is made fewer times), then the rest in
    the plan's order (a post's page beside its day's archive)."""
    rules = [o for o in todo if o.kind == "redirects"]
    feeds = [o for o in todo if o.kind == "feed"]
    return rules + feeds + [o for o in todo if o.kind not in ("redirects", "feed")]


def _produce_chunk(chunk: tuple[PlannedOutput, ...]) -> tuple[OutputFile, ...]:
    assert _FORKED is not None, "a worker of _produce_in_pool"
    whole, site, bodies, theme, version, images, spool, unchanged, run = _FORKED
    return _produce(chunk, whole, site, bodies, theme, version, Reporter(), {}, None, images, spool, unchanged, run)


class _Run:
    """What one process making pages keeps from page to page of one build: the partials rendered
    (theme.Fragments: a post's card is on ~10 listing pages; about 1.5 KB a post) and the context
    every page shares, and the post views (a card's data, not its body: ~2.3 KB a post, what one
    process making every page holds anyway), so that a worker's chunks do not make them again: the
    listing pages of one chunk show nearly every post. Made empty per build (and copied empty into
    each forked worker), never kept across builds: the cards show this build's posts. Feed items
    (bigger: a feed item holds the whole body) are kept per chunk of pages only."""

    def __init__(self, site: Site, version: str, theme: Theme):
        self.common = _common(site, version)
        self.fragments = theme.fragments(*self.common.values())
        self.entries = {e.source: e for e in site.posts + site.pages}
        self.position = {e.source: i for i, e in enumerate(site.posts)}
        self.terms = _term_links(site)
        self.subjects = {term_subject(t): t for t in site.categories + site.tags + site.authors}
        self.rules: RedirectRules | None = None       # collect_redirects', made for the first rule file
        self.views: dict[str, dict[str, Any]] = {}   # source → its post view (_produce_pages' view())
        self.listings: dict[tuple[str, str, int], list[dict[str, Any]]] = {}   # _pagination's links, by listing
        self._titles: dict[tuple[str, str, bool], str] = {}   # a post's title is in every view made of it

    def title(self, entry: Entry, plain: bool = False) -> str:
        """markdown.render_title (or plain_title) of the entry's title, once per run."""
        key = (entry.title, entry.format, plain)
        if key not in self._titles:
            self._titles[key] = (plain_title if plain else render_title)(entry.title, entry.format)
        return self._titles[key]


def _produce(outputs: tuple[PlannedOutput, ...], whole: tuple, site: Site, bodies: Mapping[str, Body],
             theme: Theme, version: str, reporter: Reporter, keep: Mapping[str, str],
             done: Callable[[int], None] | None,
             images: Mapping[str, ImageInfo] | None = None, spool: Spool | None = None,
             unchanged: Mapping[str, str] | None = None, run: _Run | None = None) -> tuple[OutputFile, ...]:
    """`outputs` made, in one process, with `run`'s memory (a new one when not given)."""
    run = run if run is not None else _Run(site, version, theme)
    return _produce_pages(outputs, whole, site, bodies, theme, version, reporter, keep, done, images, spool,
                          unchanged, run)


def _produce_pages(outputs: tuple[PlannedOutput, ...], whole: tuple, site: Site, bodies: Mapping[str, Body],
                   theme: Theme, version: str, reporter: Reporter, keep: Mapping[str, str],
                   done: Callable[[int], None] | None, images: Mapping[str, ImageInfo] | None,
                   spool: Spool | None, unchanged: Mapping[str, str] | None, run: _Run) -> tuple[OutputFile, ...]:
    entries, position, terms, subjects, views = run.entries, run.position, run.terms, run.subjects, run.views
    card = getattr(bodies, "card", bodies.__getitem__)   # (cache.LazyBodies keeps what cards show in memory)

    def view(source: str) -> dict[str, Any]:
        if source not in views:
            entry = entries[source]
            alt = entry.extra.get("image_alt")
            views[source] = run.fragments.stable({    # cards are kept by its source
                **_post_view(site, terms, entry, card(source), run.title(entry)),     # + the featured image's <img> data
                "picture": picture_view((images or {}).get(entry.image), entry.image, common["base_path"],
                                        alt if isinstance(alt, str) else run.title(entry, plain=True))},
                source)
        return views[source]

    common = run.common
    plan, related = whole                           # the whole plan (sitemap, redirects) and related posts
    site_feed = {"url": "/feed/", "title": site.config.title}
    item = item_maker(site, bodies)
    feed_xml: dict = {}                             # each feed item's XML, for the next feed that holds it
    warned = False                                  # the skipped redirect rules, said in this chunk
    files: list[OutputFile] = []
    problems: list[Diagnostic] = []

    def page(output: PlannedOutput, title: str, feed: dict[str, str], **context: Any) -> bytes:
        full = {**common, "page_title": title, "canonical": join_url(site.config.base_url, output.url),
                "feed": feed, "description": context.pop("description", site.config.tagline), **context}
        post = full.get("post")
        full["share"] = share_view(site.config, kind=output.kind, canonical=full["canonical"], description=full["description"],
                                   title=plain_title(post["title_text"], entries[output.entries[0]].format)
                                   if post and post["title_text"] else title,
                                   post=post, images=images, image_alt=post["picture"]["alt"] if post and post["picture"] else "")
        return theme.render(output.template, full, output.about, run.fragments).encode("utf-8")

    def _content(body: Body, source: str) -> Markup:
        """An entry's page body: dynamic blocks filled from the site, site paths under the base path."""
        return Markup(prefix_links(fill_blocks(body.page_html, site, bodies, source, reporter), common["base_path"]))

    def listing(output: PlannedOutput) -> dict[str, Any]:
        return {"posts": [view(s) for s in output.entries],
                "pagination": _pagination(output, common["base_path"], run.listings)}

    for output in outputs:
        if output.path in keep:
            files.append(OutputFile(output.path, keep=keep[output.path]))
            continue
        said = len(reporter.warnings)
        if done is not None:
            done(1)
        try:
            if output.copy_from:
                files.append(OutputFile(output.path, copy_from=output.copy_from))
                continue
            kind = output.kind
            if kind == "post":
                post = entries[output.entries[0]]
                index = position[post.source]
                older = site.posts[index + 1] if index + 1 < len(site.posts) else None
                newer = site.posts[index - 1] if index > 0 else None
                body = bodies[post.source]
                data = page(output, _entry_title(post, site.config.title), site_feed,
                            post=view(post.source), content=_content(body, post.source), toc=Markup(body.toc),
                            previous=_link(older, "Previous Post", base=common["base_path"]), next=_link(newer, "Next Post", base=common["base_path"]),
                            description=_plain(body.excerpt), comments=_comments(site.comments.get(post.source, ())),
                            related=[view(s) for s in related.get(post.source)])
            elif kind == "page":
                entry = entries[output.entries[0]]
                body = bodies[entry.source]
                data = page(output, _entry_title(entry, site.config.title), site_feed,
                            post=view(entry.source), content=_content(body, entry.source), description=_plain(body.excerpt),
                            comments=_comments(site.comments.get(entry.source, ())))
            elif kind == "home":
                c = site.config
                title = f"{c.title}{_page_of(output)} - {c.tagline}" if c.tagline else f"{c.title}{_page_of(output)}"
                data = page(output, title, site_feed, **listing(output),
                            archive={"kind": "home", "name": c.title, "heading": "", "description": ""},
                            redirect_script=REDIRECT_SCRIPT)
            elif kind in ("tag", "category", "author"):
                term = subjects[output.subject]
                heading = {"tag": f"Tag: {term.name}", "category": f"Category: {term.name}",
                           "author": f"Posts by {term.name}"}[term.kind]
                data = page(output, _term_title(term, output, site.config.title),
                            {"url": term.feed_url, "title": archive_title(term, site.config.title)}, **listing(output),
                            archive={"kind": term.kind, "name": term.name, "heading": heading,
                                     "description": Markup(sanitize(term.description)) if term.description else ""},
                            description=_plain(sanitize(term.description)) if term.description
                            else f"{heading} — {site.config.title}")
            elif kind in ("year", "month", "day"):
                name = _date_name(output.subject)
                data = page(output, f"{name}{_page_of(output)} - {site.config.title}", site_feed, **listing(output),
                            archive={"kind": kind, "name": name, "heading": f"Archive: {name}", "description": ""})
            elif kind == "404":
                data = page(output, f"Page not found - {site.config.title}", site_feed, redirect_script=REDIRECT_SCRIPT)
            elif kind == "subscribe":
                c = site.config
                casts = c.podcast.feeds if c.podcast else ()
                feeds = [{"title": (c.podcast.title or c.title) if c.podcast and u in casts else c.title,
                          "url": join_url(c.base_url, u), "href": site_url(common["base_path"], u), "podcast": u in casts}
                         for u in dict.fromkeys(("/feed/", *casts))]
                data = page(output, f"Subscribe - {c.title}", site_feed, feeds=feeds,
                            description=f"Follow {c.title} in a feed reader or podcast app")
            elif kind == "search":
                data = page(output, f"Search - {site.config.title}", site_feed)
            elif kind == "sitemap":
                data = render_sitemap(site, plan.outputs, output.subject, site.config.sitemap_max_urls).encode("utf-8")
            elif kind == "robots":
                data = render_robots(site.config.base_url).encode("utf-8")
            elif kind == "feed":
                posts = tuple(entries[s] for s in output.entries)
                data = render_feed(make_feed(site, output.url, subjects.get(output.subject), posts, item),
                                   feed_xml).encode("utf-8")
            elif kind == "redirects":
                if run.rules is None:                                   # once per run
                    run.rules = collect_redirects(site, tuple(o.url for o in plan.outputs if o.kind == "feed"))
                if not warned:                                          # with the chunk's first rule file
                    warned = True
                    _warn_skipped(run.rules, reporter)
                data = _REDIRECT_WRITERS[output.subject](run.rules).encode("utf-8")
            elif output.url == PYGMENTS_CSS:
                data = pygments_css().encode("utf-8")
            elif kind == "reserved":
                continue                       # the writer makes the marker
            else:
                raise AssertionError(f"no producer for {output.kind} {output.url}")
        except BuildError as exc:
            problems += [d for d in exc.diagnostics if d not in problems]
            continue
        warnings = tuple(reporter.warnings[said:])
        if spool is not None:
            spooled, digest = spool.put(data, (unchanged or {}).get(output.path, ""), output.path)
            files.append(OutputFile(output.path, spooled=spooled, digest=digest, warnings=warnings))
        else:
            files.append(OutputFile(output.path, data, warnings=warnings))
    raise_if_any(problems)
    return tuple(files)


def _warn_skipped(rules: RedirectRules, reporter: Reporter | None) -> None:
    for skipped in rules.skipped if reporter is not None else ():
        rule = skipped.rule
        reporter.warn(Diagnostic(rule.origin or "site.toml", 0, rule.field, f"no redirect written: {skipped.reason}",
                                 "old links to it will not be forwarded; fix the value if it should be"))


_REDIRECT_WRITERS = {
    "wp-redirects.js": redirect_script, "_redirects": netlify_redirects, "_headers": netlify_headers,
    ".htaccess": apache_htaccess, "nginx-redirects.conf": nginx_snippet,
}


def _common(site: Site, version: str) -> dict[str, Any]:
    """What every template gets. Every URL in it is what a browser follows: a site
    in a folder (base_url "https://example.org/blog") gets "/blog" in front of
    every site path (`base_path`; templates apply it to their own paths with `|url`)."""
    c = site.config
    base = base_path(c.base_url)
    origin = origin_of(c.base_url)

    def nav(url: str) -> dict[str, str]:
        served = site_url(base, url)
        return {"url": served, "absolute": origin + served if served.startswith("/") else served}

    return {
        "site": {
            "title": c.title, "tagline": c.tagline, "base_url": c.base_url, "language": c.language,
            "author": c.author, "icon": site_url(base, c.site_icon), "home_url": site_url(base, "/"),
            "nav": [{"title": n.title, **nav(n.url)} for n in c.nav],
            "social": [{"network": k, "label": SOCIAL_NETWORKS[k], "url": u} for k, u in c.social],
        },
        "base_path": base,
        "static": site_url(base, "/static/"),
        "redirect_script": "",
        "search_url": site_url(base, "/search/") if c.search else "",
        "generator": f"Trackpress {version}",
    }


def _term_links(site: Site) -> dict[tuple[str, str], dict[str, str]]:
    """Each tag's and category's link as a post view shows it, by (kind, slug): made once per run,
    the same dict in every view that links the term (templates only read them)."""
    base = base_path(site.config.base_url)
    return {(t.kind, t.slug): {"name": t.name, "url": site_url(base, t.url)} for t in site.tags + site.categories}


def _post_view(site: Site, terms: Mapping[tuple[str, str], dict[str, str]], entry: Entry, body: Body,
               title_html: str | None = None) -> dict[str, Any]:
    """The plain view of an entry that templates get. `terms` is `_term_links`: the site's tags'
    and categories' links by (kind, slug), made once per run; `title_html` the title's
    `render_title`, when the caller has it already."""
    c = site.config
    base = base_path(c.base_url)

    def links(names: tuple[str, ...], slugs: tuple[str, ...], kind: str) -> list[dict[str, str]]:
        # a page's terms have no archive (archives list posts), so they are not linked
        if len(slugs) != len(names):          # an entry made in code, not read from a file
            slugs = tuple(slugify(name) for name in names)
        found = (terms.get((kind, slug)) for slug in slugs)
        return [link for link in found if link is not None]

    return {
        "title": Markup(title_html if title_html is not None else render_title(entry.title, entry.format))
        if entry.title else UNTITLED,
        "title_text": entry.title,
        "untitled": not entry.title,
        "protected": entry.protected,
        "url": site_url(base, entry.url),
        "date_iso": entry.date.isoformat(),
        "date_display": _display_date(entry),
        "updated_iso": entry.updated.isoformat(),
        "author": {"name": entry.author.name, "url": site_url(base, f"/{c.author_base}/{entry.author.slug}/")},
        "categories": links(entry.categories, entry.category_slugs, "category"),
        "tags": links(entry.tags, entry.tag_slugs, "tag"),
        "excerpt": Markup(body.summary or body.excerpt),     # the card's: text only, cut right for its script
        "reading_minutes": 0 if entry.protected else body.reading_minutes,
        "image": entry.image,
        "sticky": entry.sticky,
        "lang": entry.language or c.language,
        "extra": dict(entry.extra),
        "release": _release_view(entry.release, base) if entry.release and not entry.protected else None,
    }


RELEASE_KINDS = {"single": "Single", "ep": "EP", "album": "Album", "mixtape": "Mixtape", "compilation": "Compilation"}


def _release_view(release: Release, base: str) -> dict[str, Any]:
    """A release block as single.html's partials/release.html shows it: cover, track list with
    durations and players (with a build-time waveform when the file could be decoded), service links."""
    tracks = []
    for number, track in enumerate(release.tracks, 1):
        url = site_url(base, track.audio) if track.audio else ""
        tracks.append({
            "number": number, "title": track.title,
            "duration": format_duration(track.duration), "duration_iso": _iso_duration(track.duration),
            "player": Markup(audio_player(url, title=track.title, duration_seconds=track.audio_duration, mime=track.type)) if url else "",
            "peaks": " ".join(str(p) for p in track.peaks),
            "waveform": Markup(_waveform_svg(track.peaks)) if track.peaks else "",
        })
    total = sum(t.duration or 0 for t in release.tracks) if all(t.duration for t in release.tracks) else None
    when = release.date
    return {
        "title": release.title, "kind": RELEASE_KINDS.get(release.kind, ""),
        "cover": site_url(base, release.cover) if release.cover else "",
        "date_iso": when, "date_display": _display_day(when) if when else "",
        "tracks": tracks, "total": format_duration(total) if release.tracks else "",
        "links": [{"service": key, "label": SERVICES.get(key, key), "url": url} for key, url in release.links],
    }


def _display_day(day: str) -> str:
    year, month, date = (int(p) for p in day.split("-"))
    return f"{_MONTHS[month - 1]} {date}, {year}"


def _iso_duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"PT{minutes}M{secs}S"


def _waveform_svg(peaks: tuple[int, ...]) -> str:
    """The track's peaks as bars (decorative: the player beside it is what a reader uses)."""
    bars = "".join(f'<rect x="{i * 2}" y="{20 - max(1, p * 0.19):.1f}" width="1.4" height="{2 * max(1, p * 0.19):.1f}" rx="0.7"/>'
                   for i, p in enumerate(peaks))
    return (f'<svg class="release__waveform" viewBox="0 0 {2 * len(peaks)} 40" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false">{bars}</svg>')


def _display_date(entry: Entry) -> str:
    d = entry.date
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _link(entry: Entry | None, untitled: str, base: str = "") -> dict[str, Any] | None:
    """A previous/next link; an untitled post is named the way WordPress names it there."""
    if entry is None:
        return None
    return {"title": Markup(render_title(entry.title, entry.format)) if entry.title else untitled,
            "url": site_url(base, entry.url)}


def _entry_title(entry: Entry, site_title: str) -> str:
    """`<title>`: "Post - Site"; an untitled post's page is titled by the site alone, as WordPress does."""
    return f"{plain_title(entry.title, entry.format)} - {site_title}" if entry.title else site_title


def _comments(comments: tuple[Comment, ...]) -> dict[str, Any]:
    """Approved comments, threaded by parent id as WordPress threads them: a
    reply whose parent is not shown (or that loops) stands at the top level;
    replies deeper than COMMENT_DEPTH stand beside the deepest shown level."""
    by_id = {c.id: c for c in comments if c.id}
    children: dict[int, list[Comment]] = {}
    top: list[Comment] = []
    for c in comments:
        if c.parent and c.parent in by_id and not _loops(c, by_id):
            children.setdefault(c.parent, []).append(c)
        else:
            top.append(c)

    def views(c: Comment, depth: int) -> list[dict[str, Any]]:
        kids = children.get(c.id, []) if c.id else []
        if depth < COMMENT_DEPTH:
            return [_comment_view(c, [v for k in kids for v in views(k, depth + 1)])]
        flat, stack = [], [c]                 # the deepest level: the rest of the thread in order, side by side
        while stack:
            current = stack.pop()
            flat.append(_comment_view(current, []))
            stack += reversed(children.get(current.id, []) if current.id else [])
        return flat

    count = len(comments)
    return {"count": count, "heading": f"{count} comment{'s' if count != 1 else ''}" if count else "",
            "thread": [v for c in top for v in views(c, 1)]}


def _loops(comment: Comment, by_id: dict[int, Comment]) -> bool:
    """Whether following `comment`'s parents comes round to a comment already passed."""
    seen = {comment.id}
    current = by_id.get(comment.parent)
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        current = by_id.get(current.parent) if current.parent else None
    return False


def _comment_view(c: Comment, children: list[dict[str, Any]]) -> dict[str, Any]:
    d = c.date
    hour = d.hour % 12 or 12
    return {
        "id": c.id, "anchor": f"comment-{c.id}" if c.id else "",
        "author": c.author, "author_url": c.author_url,
        "date_iso": d.isoformat(),
        "date_display": f"{_MONTHS[d.month - 1]} {d.day}, {d.year} at {hour}:{d.minute:02d} {'am' if d.hour < 12 else 'pm'}",
        "html": Markup(c.html), "ping": c.type in PING_TYPES, "type": c.type,
        "children": children,
    }


def _pagination(output: PlannedOutput, prefix: str = "",
                listings: dict[tuple[str, str, int], list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """A listing page's pager. Every page of a listing links every other (as WordPress's numbered
    pager does): with `listings` (one run's, by base path, prefix and page count), the links that
    are not the current page are made once per listing and the same dicts are in each page's list
    (templates only read them), instead of a listing's pages² dicts."""
    base = output.url if output.number == 1 else output.url.rsplit("page/", 1)[0]

    def url(n: int) -> str:
        return site_url(prefix, base if n == 1 else f"{base}page/{n}/")

    number, total = output.number, output.total
    shared = listings.get((base, prefix, total)) if listings is not None else None
    if shared is None:
        shared = [{"number": n, "url": url(n), "current": False} for n in range(1, total + 1)]
        if listings is not None:
            listings[(base, prefix, total)] = shared
    pages = list(shared)
    if 1 <= number <= total:
        pages[number - 1] = {"number": number, "url": url(number), "current": True}
    return {
        "current": number, "total": total,
        "prev_url": url(number - 1) if number > 1 else None,
        "next_url": url(number + 1) if number < total else None,
        "pages": pages,
    }


def _page_of(output: PlannedOutput) -> str:
    return f" - Page {output.number} of {output.total}" if output.number > 1 else ""


def _term_title(term: Term, output: PlannedOutput, site_title: str) -> str:
    if term.kind == "author":
        return f"{term.name}, Author at {site_title}{_page_of(output)}"
    return f"{term.name} Archives{_page_of(output)} - {site_title}"


def _date_name(subject: str) -> str:
    """"year/2024", "month/2024/06", "day/2024/06/21" → "2024", "June 2024", "June 21, 2024"."""
    kind, *parts = subject.split("/")
    numbers = [int(p) for p in parts]
    if kind == "year":
        return f"{numbers[0]}"
    if kind == "month":
        return f"{_MONTHS[numbers[1] - 1]} {numbers[0]}"
    return f"{_MONTHS[numbers[1] - 1]} {numbers[2]}, {numbers[0]}"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())
