"""Watching a site's sources (watchdog stays behind this module) and turning
bursts of file events into one call.

Editors save in steps (a temporary file, then a rename; vim's `4913` probe;
backup files), a `git checkout` touches hundreds of files, folders appear and
vanish. Every event under `content/`, `themes/`, `static/` or on `site.toml`
marks the site dirty; `on_change` runs once the events have stopped for
`quiet` seconds (or after `longest` seconds of a steady stream), with the set
of paths that changed. The output and cache folders are never watched, so a
build cannot wake itself.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED_FOLDERS = ("content", "themes", "static")
WATCHED_FILES = ("site.toml",)


class Watcher(FileSystemEventHandler):
    """The observer, the pending paths and the thread that waits out a burst (real state: a class)."""

    def __init__(self, root: Path, on_change: Callable[[frozenset[str]], None],
                 quiet: float = 0.08, longest: float = 1.0) -> None:
        self.root = root.resolve()
        self._on_change = on_change
        self._quiet, self._longest = quiet, longest
        self._observer = Observer()
        self._scheduled: dict[str, object] = {}       # folder name → its ObservedWatch
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._debounce, name="trackpress-watch", daemon=True)

    def start(self) -> None:
        self._observer.schedule(self, str(self.root), recursive=False)   # site.toml, folders appearing
        self._schedule_folders()
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=5)

    def _schedule_folders(self) -> None:
        for name in WATCHED_FOLDERS:
            folder = self.root / name
            if name not in self._scheduled and folder.is_dir() and not folder.is_symlink():
                try:
                    self._scheduled[name] = self._observer.schedule(self, str(folder), recursive=True)
                except OSError:          # gone again, or no more inotify watches: the next event retries
                    continue

    def _unschedule_gone(self) -> None:
        for name, watch in list(self._scheduled.items()):
            if not (self.root / name).is_dir():
                del self._scheduled[name]
                try:
                    self._observer.unschedule(watch)
                except Exception:        # already stopped by its folder's removal
                    pass

    # --- watchdog's thread -----------------------------------------------------------------------

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return                        # reading a file changes nothing
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        relevant = [r for r in (self._relative(p) for p in paths) if r is not None]
        if not relevant:
            return
        if any("/" not in r and r in WATCHED_FOLDERS for r in relevant):
            self._unschedule_gone()
            self._schedule_folders()      # content/ created (or re-created) after we started
        with self._wake:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(relevant)
            self._last = now
            self._wake.notify_all()

    def _relative(self, path: str | bytes) -> str | None:
        text = path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path
        try:
            relative = Path(text).relative_to(self.root).as_posix()
        except ValueError:
            return None
        top = relative.split("/", 1)[0]
        return relative if top in WATCHED_FOLDERS or relative in WATCHED_FILES else None

    # --- the debounce thread ----------------------------------------------------------------------

    def _debounce(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stopping or self._pending)
                if self._stopping:
                    return
                while not self._stopping:
                    now = time.monotonic()
                    due = min(self._last + self._quiet, self._first + self._longest)
                    if now >= due:
                        break
                    self._wake.wait(due - now)
                if self._stopping:
                    return
                changed, self._pending = frozenset(self._pending), set()
            try:
                self._on_change(changed)
            except Exception:             # the callback only sets a flag; never let the watcher die
                continue
