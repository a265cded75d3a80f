"""The live site behind `trackpress serve`: rebuilds, what each one changed, and who to tell.

One `LiveSite` holds the only state the dev server has: the private output
folder, what the last build made (warm.py: parsed entries, compiled templates,
the plan, the ledger, kept in memory so a rebuild does only what the save
changed), a generation number that goes up with every build that changed
something, which output files each generation changed (the build's own list,
`BuildSummary.changed`), and the problems of the last build if it failed.
Request threads read it; the one builder thread writes it; a condition wakes
the open pages' event streams.

A failed build leaves the folder as it was (the writer only swaps in a whole
new build), so pages keep being served from the last good site while the
overlay names the problem.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .build import BuildOptions, BuildSummary, build_site
from .errors import BuildError, Diagnostic, Reporter, TrackpressError
from .warm import Warm
from .writer import MARKER

HISTORY = 200                   # generations whose changed files are remembered for pages that connect late


@dataclass(frozen=True)
class Outcome:
    """One build as the terminal and the pages hear of it."""
    generation: int
    changed: frozenset[str]                 # output files (relative paths) written, changed or removed
    summary: BuildSummary | None = None
    problems: tuple[Diagnostic, ...] = ()   # the build failed with these
    warnings: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0


class LiveSite:
    """The private build folder and what the pages need to know about it (real state: a class)."""

    def __init__(self, options: BuildOptions, build: Callable[..., BuildSummary] = build_site) -> None:
        assert options.output is not None, "serve builds into a private folder"
        self.options = options
        self.folder = Path(options.output)
        self._build = build
        self.warm = Warm(private_output=True)   # the builder thread's alone; the folder is ours
        self._lock = threading.Condition()
        self._generation = 0
        self._history: dict[int, frozenset[str]] = {}
        self._problems: tuple[Diagnostic, ...] = ()
        self._closing = False

    # --- the builder thread's side -------------------------------------------------------------

    def rebuild(self) -> Outcome:
        """Build once; record what changed (or what is wrong) and wake every waiting page."""
        started = time.perf_counter()
        reporter = Reporter()
        summary, problems = None, ()
        try:
            summary = self._build(self.options, reporter, self.warm)
        except BuildError as exc:
            problems = exc.diagnostics
        except TrackpressError as exc:
            problems = (Diagnostic("", 0, "", str(exc)),)
        except Exception as exc:          # a bug in a template filter or in Trackpress: say it, keep serving
            self.warm.forget()            # and trust nothing the broken build kept
            problems = (Diagnostic("", 0, "", f"the build crashed: {type(exc).__name__}: {exc}",
                                   "run `trackpress build --debug` for the traceback"),)
        changed = frozenset(summary.changed) if summary is not None and not problems else frozenset()
        with self._lock:
            if changed or (self._problems and not problems):
                self._generation += 1
                self._history[self._generation] = changed
                self._history.pop(self._generation - HISTORY, None)
            self._problems = tuple(problems)
            outcome = Outcome(self._generation, changed, summary, self._problems, reporter.sorted(),
                              time.perf_counter() - started)
            self._lock.notify_all()
        return outcome

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()

    # --- the request threads' side ---------------------------------------------------------------

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        with self._lock:
            return self._problems

    @property
    def built(self) -> bool:
        """A site is there to serve (some build succeeded)."""
        return (self.folder / MARKER).is_file()

    def wait(self, generation: int, problems: tuple[Diagnostic, ...], timeout: float) -> bool:
        """Block until the generation or the problems differ from what the caller has seen
        (True), or `timeout` passes or the server closes (False)."""
        with self._lock:
            return self._lock.wait_for(
                lambda: self._closing or self._generation != generation or self._problems != problems,
                timeout) and not self._closing

    @property
    def closing(self) -> bool:
        with self._lock:
            return self._closing

    def changed_since(self, generation: int) -> frozenset[str] | None:
        """Every file changed after `generation`; None when that is too long ago to know (reload)."""
        with self._lock:
            if generation >= self._generation:
                return frozenset()
            if generation < 0 or self._generation - generation >= HISTORY:
                return None
            return frozenset().union(*(self._history.get(g, frozenset())
                                       for g in range(generation + 1, self._generation + 1)))
