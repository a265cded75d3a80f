"""The build, as a recipe: read → model → plan → produce → write.

Each step is a pure function of what the previous steps returned; only the
first (reading files) and the last (publishing) touch the disk.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any
from datetime import datetime, timezone
from pathlib import Path

from .assemble import assemble_site
from .assets import list_static
from .attachments import read_attachments
from .audio import Media, read_media
from .cache import CACHE_DIR, cached_bodies, store_bodies
from .comments import load_comments
from .config import load_config
from .content import read_entries
from .errors import BuildError, Reporter, raise_if_any
from .links import check_links
from .plan import LISTINGS, plan_site
from .render import TEMPLATES, produce
from .search import index_site, store_index
from .sources import read_sources
from .terms import load_terms
from .model import SiteConfig
from .theme import Theme, find_theme
from .version import VERSION
from .writer import publish


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None       # default: root/output
    drafts: bool = False
    future: bool = False
    now: datetime | None = None      # default: the clock; tests pin it
    jobs: int | None = None          # worker processes for Markdown bodies; default: every core; 1: serial
    cache: bool = True               # read and write the body cache in root/.trackpress-cache/; False: a clean build


@dataclass(frozen=True)
class BuildSummary:
    posts: int
    pages: int
    archives: int                    # listing pages: home, terms, dates, with pagination
    feeds: int
    files: int
    seconds: float
    output: Path
    skipped_drafts: int = 0
    skipped_future: int = 0
    warnings: int = 0
    written: int = 0                 # files written anew; the rest were unchanged and kept
    bodies_rendered: int = 0         # Markdown bodies rendered in this build
    bodies_reused: int = 0           # bodies read from the cache instead
    cached: bool = True              # False: built without the body cache

    def line(self) -> str:
        skipped = [f"{n} {what}{'s' if n != 1 else ''}"
                   for n, what in ((self.skipped_drafts, "draft"), (self.skipped_future, "future post")) if n]
        notes = [f"skipped {' and '.join(skipped)}"] if skipped else []
        if self.warnings:
            notes.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        tail = f" ({'; '.join(notes)})" if notes else ""
        bodies = (f"bodies: {self.bodies_rendered} rendered, {self.bodies_reused} reused" if self.cached
                  else f"bodies: {self.bodies_rendered} rendered, no cache")
        return (f"Built {self.posts} posts, {self.pages} pages, {self.archives} archive pages, "
                f"{self.feeds} feeds ({self.files} files: {self.written} written, {self.files - self.written} unchanged) "
                f"into {self.output} in {self.seconds:.2f}s; {bodies}{tail}")


def build_site(options: BuildOptions, reporter: Reporter | None = None) -> BuildSummary:
    """read → model → plan → produce → write, each phase a named call."""
    reporter = reporter if reporter is not None else Reporter()
    started = time.perf_counter()
    root = options.root.resolve()
    output = (options.output or root / "output").resolve()
    now = options.now or datetime.now(timezone.utc)

    read = _read(root, reporter, options.drafts)
    problems, config, theme, entries = read.problems, read.config, read.theme, read.entries
    if config is None or theme is None:
        raise_if_any(problems)
    site = assemble_site(entries, config, now, options.drafts, options.future, read.vocabulary, read.comments)
    plan = _pooled(problems, plan_site, site, read.theme_files, read.user_files)   # good entries' collisions too
    raise_if_any(problems)
    rendered = cached_bodies(root, site.posts + site.pages, config.excerpt_words, version=VERSION,
                             attachments=read.attachments, media_info=read.media.info, jobs=_jobs(options.jobs),
                             enabled=options.cache, reporter=reporter)
    bodies = rendered.bodies
    check_links(plan, site, bodies, reporter)
    files = produce(plan, site, bodies, theme, VERSION, reporter)
    search = index_site(plan, site, files, root / CACHE_DIR if options.cache else None)   # Pagefind (search.py)
    published = publish(output, files + search.files, reporter)     # the index is staged with the site
    store_bodies(root, rendered, reporter)          # only now: a failed build writes nothing beside output/
    store_index(search)

    shown = {e.source for e in site.posts + site.pages}
    hidden = [e for e in entries if e.source not in shown]
    return BuildSummary(
        posts=plan.count("post"), pages=plan.count("page"), archives=plan.count(*LISTINGS),
        feeds=plan.count("feed"), files=published.files, written=published.written, seconds=time.perf_counter() - started, output=output,
        bodies_rendered=rendered.rendered, bodies_reused=rendered.reused, cached=rendered.cached,
        skipped_drafts=sum(1 for e in hidden if e.draft and not options.drafts),
        skipped_future=sum(1 for e in hidden if e.date > now and not options.future and not (e.draft and not options.drafts)),
        warnings=len(reporter.warnings))


@dataclass(frozen=True)
class _Reading:
    """What the read phase found, and every problem with it."""
    problems: list
    config: SiteConfig | None
    theme: Theme | None
    entries: tuple
    vocabulary: Any
    comments: Any
    attachments: Any
    theme_files: tuple
    user_files: tuple
    media: Media = Media()


def _read(root: Path, reporter: Reporter, drafts: bool = False) -> _Reading:
    """The read phase: site.toml, the theme, content/terms.yaml, content/media.yaml,
    every entry, its comments and every static file, and all their problems
    (pooled, not raised: the plan still checks what read well). A draft's
    problems are warnings unless `drafts` (then it must be valid)."""
    problems: list = []
    config = _pooled(problems, load_config, root)
    theme = _pooled(problems, lambda: Theme(find_theme(root, config.theme if config else SiteConfig.theme), root))
    if theme is not None:
        _pooled(problems, theme.check, TEMPLATES)        # template syntax, beside every other problem
    sources, unreadable = read_sources(root, reporter)
    problems += unreadable
    vocabulary, bad_terms = load_terms(root, reporter)
    problems += bad_terms
    theme_files: tuple = ()
    if theme is not None:
        for folder in theme.static_dirs():
            found, bad = list_static(folder, folder.parent, _shown(folder, root), reporter)
            theme_files += found
            problems += bad
    user_files, bad = list_static(root / "static", root, "static", reporter)
    problems += bad
    # audio and video the site serves, probed (headers only): enclosures' lengths, types, durations
    media = read_media([("/static/" + f.relative, f.absolute) for f in theme_files] +
                       [("/" + f.relative, f.absolute) for f in user_files])
    # front matter is checked even when site.toml is broken (with the defaults), so one run shows everything
    entries, bad_entries = read_entries(sources, config or _fallback_config(root), reporter, drafts, vocabulary, media)
    problems += bad_entries
    comments = load_comments(root, entries, config or _fallback_config(root), reporter)
    attachments, bad_media = read_attachments(root)
    problems += bad_media
    return _Reading(problems, config, theme, entries, vocabulary, comments, attachments, theme_files, user_files,
                    media)


def _jobs(jobs: int | None) -> int:
    return max(1, jobs if jobs is not None else (os.cpu_count() or 1))


def _pooled(problems: list, step, *args):
    try:
        return step(*args)
    except BuildError as exc:
        problems += exc.diagnostics
        return None


def _fallback_config(root: Path) -> SiteConfig:
    """Defaults to check front matter with while site.toml itself is broken."""
    return SiteConfig(root=str(root), title="", base_url="https://example.invalid")


def _shown(folder: Path, root: Path) -> str:
    """A theme's static folder as messages name it."""
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return f"themes/{folder.parent.name}/static (bundled)"
