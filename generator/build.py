"""The build, as a recipe: read → model → render → write.

Each step is a pure function of what the previous steps returned; only the
first (reading files) and the last (publishing) touch the disk.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .assemble import assemble_site
from .config import load_config
from .content import parse_entries
from .errors import BuildError, Reporter
from .markdown import render_bodies
from .render import render_site
from .sources import read_sources
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


@dataclass(frozen=True)
class BuildSummary:
    posts: int
    pages: int
    archives: int                    # listing pages: home, terms, dates, with pagination
    feeds: int
    files: int
    seconds: float
    output: Path

    def line(self) -> str:
        return (f"Built {self.posts} posts, {self.pages} pages, {self.archives} archive pages, "
                f"{self.feeds} feeds ({self.files} files) into {self.output} in {self.seconds:.2f}s")


def build_site(options: BuildOptions, reporter: Reporter | None = None) -> BuildSummary:
    reporter = reporter if reporter is not None else Reporter()
    started = time.perf_counter()
    root = options.root.resolve()
    output = (options.output or root / "output").resolve()
    now = options.now or datetime.now(timezone.utc)

    config = load_config(root)
    problems = []
    try:
        theme = Theme(find_theme(root, config.theme), root)
    except BuildError as exc:
        problems += exc.diagnostics
    sources, unreadable = read_sources(root, reporter)
    problems += unreadable
    try:
        entries = parse_entries(sources, config, reporter)
    except BuildError as exc:
        problems += exc.diagnostics
    if problems:
        raise BuildError(problems)

    site = assemble_site(entries, config, now, options.drafts, options.future)
    bodies = render_bodies(site.posts + site.pages, config.excerpt_words)
    files = render_site(site, bodies, theme, VERSION)
    copies = tuple((folder, "static") for folder in theme.static_dirs())
    if (root / "static").is_dir():
        copies += ((root / "static", ""),)
    count = publish(output, files, copies)

    feeds = sum(1 for f in files if f.path == "feed/index.html" or f.path.endswith("/feed/index.html"))
    pages = {e.url for e in site.posts + site.pages}
    archives = sum(1 for f in files if f.path.endswith("index.html") and not f.path.endswith("feed/index.html")) - len(pages)
    return BuildSummary(len(site.posts), len(site.pages), archives, feeds, count,
                        time.perf_counter() - started, output)
