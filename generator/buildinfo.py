"""What a build is asked to do (`BuildOptions`) and what it did (`BuildSummary`).

Plain data, in a module of their own so that the command line's quick path (build.py: is anything to
be built at all?) and the pipeline (pipeline.py) share them without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None       # default: root/output
    drafts: bool = False
    future: bool = False
    now: datetime | None = None      # default: the clock; tests pin it
    jobs: int | None = None          # worker processes for Markdown bodies; default: every core; 1: serial
    cache: bool = True               # read and write the body cache in root/.trackpress-cache/; False: a clean build
    progress: bool = False           # draw a progress bar on standard error (the command line: on a terminal)
    preview: bool = False            # trackpress serve: the search index is made once and kept while pages change


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
    produced: int = 0                # outputs produced (rendered or copied) in this build
    reused: int = 0                  # outputs kept from the previous build without producing them
    nothing_changed: bool = False    # True: no input changed since the last build, so nothing was done
    changed: tuple[str, ...] = ()    # files written anew or removed, relative to the output folder

    def line(self) -> str:
        skipped = [f"{n} {what}{'s' if n != 1 else ''}"
                   for n, what in ((self.skipped_drafts, "draft"), (self.skipped_future, "future post")) if n]
        notes = [f"skipped {' and '.join(skipped)}"] if skipped else []
        if self.warnings:
            notes.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        tail = f" ({'; '.join(notes)})" if notes else ""
        bodies = (f"bodies: {self.bodies_rendered} rendered, {self.bodies_reused} reused" if self.cached
                  else f"bodies: {self.bodies_rendered} rendered, no cache")
        verb = "Nothing changed since the last build of" if self.nothing_changed else "Built"
        return (f"{verb} {self.posts} posts, {self.pages} pages, {self.archives} archive pages, "
                f"{self.feeds} feeds ({self.files} files: {self.written} written, {self.files - self.written} unchanged) "
                f"into {self.output} in {self.seconds:.2f}s; pages: {self.produced} produced, {self.reused} reused; "
                f"{bodies}{tail}")
