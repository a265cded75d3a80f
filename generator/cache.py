"""The body cache: `.trackpress-cache/` in the site root, so a rebuild renders
no Markdown it rendered before.

One JSON file per body, `bodies/ab/abcdef….json`, named by a SHA-256 of
everything a `Body` depends on: the entry fields `render_body` reads (text,
format, excerpt, WordPress ID; the title too, cheaply, in case it ever
does), `excerpt_words`, the attachments and media information it is given,
the Markdown extensions and their settings, the installed versions of
Markdown, Pygments and nh3, Trackpress's version, the Python version and a
digest of this package's own source (any code change invalidates every
body). A file is written to a temporary name and moved into place, so a
reader sees a whole file or none; one that is damaged anyway is rendered
again, with one warning for the build. The folder carries a `CACHEDIR.TAG`
and a `.gitignore` of `*`: backup tools skip it, git ignores it, and
deleting it is always safe. JSON, not pickle: a cache file is never code.
Bodies are stored only once the build has succeeded: a failed build writes
nothing beside `output/`. A cached body is read only when a page that is
produced needs it (`LazyBodies`). Old versions of edited bodies stay (an
undo reuses them) until the folder holds more than twice the site's bodies;
then every body the build did not use is removed (`prune_bodies`).
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from . import markdown as _markdown_module
from .attachments import Attachment
from .buildenv import CACHE_DIR, environment
from .blocks import has_blocks
from .errors import Diagnostic, Reporter
from .model import Body, Entry
from .players import MediaInfo
from .shelf import Shelf

CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by Trackpress.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")
_GITIGNORE = "# Created by Trackpress: the body cache, safe to delete.\n*\n"
_FIELDS = {"html": str, "page_html": str, "excerpt": str, "toc": str, "summary": str, "reading_minutes": int}


class LazyBodies(Mapping[str, Body]):
    """Every entry's body by source path, each read from its cache file only when asked for: a
    rebuild that keeps most pages never reads most bodies. A file that is gone or damaged when
    read is rendered then (and counted, and stored afterwards like any body rendered anew).
    Bodies rendered here, and cached ones once read, wait on a shelf (shelf.py: a temporary file),
    not in memory: each is read back when asked for again."""

    def __init__(self, entries: tuple[Entry, ...], paths: Mapping[str, Path], render,
                 ready: Iterable[tuple[str, Body]], folder: Path | None = None):
        self._entries = {e.source: e for e in entries}
        self._paths = paths
        self._render = render
        self._shelf = Shelf(folder)
        self._shelved: dict[str, tuple[int, ...]] = {}   # source → where its body is on the shelf
        self._loaded: dict[str, Body] = {}               # bodies the shelf could not take
        self._cards: dict[str, Body] = {}                # source → what its card shows (see card)
        self._blocks: set[str] = set()                   # sources whose page HTML has a dynamic block
        self._fresh: dict[Path, str] = {}                # cache file → source, for bodies rendered in this build
        self.rendered = 0
        for source, body in ready:                        # (source, body) pairs, as they are rendered
            self._keep(source, body)
            self._fresh[paths[source]] = source
            self.rendered += 1
        self.damaged = 0

    def _keep(self, source: str, body: Body) -> None:
        if has_blocks(body.page_html):
            self._blocks.add(source)
        where = self._shelf.put(body)
        if where is not None:
            self._shelved[source] = where
            # what a card shows of it stays in memory: listing pages show ten cards a page, and would
            # otherwise read each body back from the shelf once for every listing chunk it is on
            self._cards[source] = Body(html="", page_html="", excerpt=body.excerpt, toc="", summary=body.summary,
                                       reading_minutes=body.reading_minutes)
        else:
            self._loaded[source] = body

    def preload(self, sources) -> bool:
        """Read now (before forking page workers, which would each read them) the bodies of `sources` that
        are only in cache files; whether any of them shows a dynamic block. Bodies on the shelf or in
        memory are not read again."""
        for source in sorted(sources):
            if source not in self._shelved and source not in self._loaded:
                self[source]
        return any(source in self._blocks for source in sources)

    def card(self, source: str) -> Body:
        """The body's excerpt, summary and reading time (its other fields empty), read from memory when
        it is on the shelf: all a post's card shows. Any other body is the body itself."""
        card = self._cards.get(source)
        return card if card is not None else self[source]

    def __getitem__(self, source: str) -> Body:
        body = self._loaded.get(source)
        if body is not None:
            return body
        where = self._shelved.get(source)
        if where is not None:
            body = self._shelf.get(where)
            if body is not None:
                return body
        entry = self._entries[source]                      # KeyError for a source that is no entry
        fresh = self._paths[source] in self._fresh
        body, ok = (None, True) if fresh else _load(self._paths[source])
        if body is None:                                   # not stored, damaged, or (rarely) lost from the shelf
            self.damaged += not ok
            body = self._render((entry,))[source]
            if not fresh:
                self._fresh[self._paths[source]] = source
                self.rendered += 1
        self._keep(source, body)
        return body

    def __contains__(self, source: object) -> bool:
        return source in self._entries

    @property
    def paths(self) -> Mapping[str, Path]:
        """Each entry's cache file, by source path."""
        return self._paths

    @property
    def fresh(self) -> Mapping[Path, Body]:
        """The bodies rendered in this build, by the cache file each belongs in (read as asked for)."""
        return _Fresh(self, self._fresh)

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class _Fresh(Mapping[Path, Body]):
    """LazyBodies.fresh: cache file → body, each read from the shelf when asked for."""

    def __init__(self, bodies: LazyBodies, sources: Mapping[Path, str]):
        self._bodies, self._sources = bodies, sources

    def __getitem__(self, path: Path) -> Body:
        return self._bodies[self._sources[path]]

    def __contains__(self, path: object) -> bool:       # without reading the body (Mapping's would)
        return path in self._sources

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


@dataclass
class CachedBodies:
    """Every entry's body, keyed by source path (in the entries' order), how many were rendered or
    reused, and the bodies rendered anew by the cache file they belong in (`store_bodies` writes them).
    With the cache, `bodies` reads cached bodies as they are asked for, so the counts are final once
    the pages are produced."""
    bodies: Mapping[str, Body]
    cached: bool                    # False: built without the cache (--no-cache, or it could not be used)
    keys: Mapping[str, str] = field(default_factory=dict)    # source → body key (empty without the cache)
    settings: str = ""              # settings_digest of this build (empty without the cache)
    entries: tuple[Entry, ...] = ()
    pending: Path | None = None     # where workers wrote the records of the bodies they rendered
    also: Mapping[str, Any] = field(default_factory=dict)    # what cached_bodies' `also` said, by source

    @property
    def rendered(self) -> int:
        return self.bodies.rendered if isinstance(self.bodies, LazyBodies) else len(self.bodies)

    @property
    def reused(self) -> int:
        return len(self.bodies) - self.rendered

    @property
    def fresh(self) -> Mapping[Path, Body]:
        return self.bodies.fresh if isinstance(self.bodies, LazyBodies) else {}

    def with_blocks(self) -> set[str]:
        """The entries whose page body holds a dynamic block. Only an entry whose source has a block
        placeholder can (store_bodies never caches a body that has one its source lacks), so no other
        body is read for this."""
        return {e.source for e in self.entries if has_blocks(e.body) and has_blocks(self.bodies[e.source].page_html)}

    def report(self, reporter: Reporter) -> None:
        """The warning for cached bodies found damaged (once the pages are produced)."""
        damaged = self.bodies.damaged if isinstance(self.bodies, LazyBodies) else 0
        if damaged:
            reporter.warn(Diagnostic(f"{CACHE_DIR}/", 0, "",
                                     f"{damaged} cached bod{'ies' if damaged != 1 else 'y'} could not be read and "
                                     f"{'were' if damaged != 1 else 'was'} rendered again",
                                     f"nothing to do; delete {CACHE_DIR}/ to start the cache afresh"))


def cached_bodies(root: Path, entries: tuple[Entry, ...], excerpt_words: int, *, version: str,
                  attachments: Mapping[int, Attachment] | None = None, media_info: MediaInfo | None = None,
                  jobs: int = 1, enabled: bool = True, reporter: Reporter | None = None,
                  progress: Any = None, remembered: dict | None = None,
                  pending: Path | None = None, also: Callable[[Entry, Body], Any] | None = None,
                  meanwhile: Callable[[], None] | None = None) -> CachedBodies:
    """`render_bodies`, with every body rendered before read from `root/.trackpress-cache/` (when asked
    for). Bodies with no cache file are rendered here, all at once (on every core). Nothing is written
    here: `store_bodies` does that once the build has succeeded. `enabled=False` neither reads nor
    (later) writes the folder. `remembered` is a long-lived process's record of the last build's
    keys (warm.py): an entry whose keyed fields and settings are the same gets the same key and cache
    file without hashing or looking for it again (a file gone since is rendered again when asked for).
    `pending` (a folder the build removes when it ends, on the same file system as the cache, as a
    rule): each body rendered in the pool has its cache record written there by its worker, and
    `store_bodies` only moves it into place. `also(entry, body)` (picklable) is called for each body
    rendered in the pool, in its worker; what it says is `CachedBodies.also`, by source path.
    `meanwhile()` is called once, while the pool renders (iter_bodies), or before returning when there
    is nothing to render: the build plans its pages meanwhile."""
    reporter = reporter if reporter is not None else Reporter()
    entries = tuple(entries)

    def render(todo: tuple[Entry, ...]) -> dict[str, Body]:
        done = progress.phase("bodies", len(todo), "posts") if progress is not None and len(todo) > 1 else None
        return _markdown_module.render_bodies(todo, excerpt_words=excerpt_words, attachments=attachments,
                                              media_info=media_info, jobs=jobs if len(todo) > 1 else 1, done=done)

    folder = root / CACHE_DIR
    if not enabled or (folder.exists() and not folder.is_dir()):
        if enabled:
            _unusable(reporter, "it is not a folder")
        told: dict[str, Any] = {}                   # also's, as the batches come back
        bodies = dict(_markdown_module.iter_bodies(
            entries, excerpt_words, attachments, media_info, jobs,
            progress.phase("bodies", len(entries), "posts") if progress is not None and len(entries) > 1 else None,
            _Pending(None, "", also) if also is not None else None, told, meanwhile))
        return CachedBodies(bodies, False, also=told)

    settings = settings_digest(excerpt_words, attachments, media_info, version)
    keys: dict[str, str] = {}
    paths: dict[str, Path] = {}
    found: dict[tuple, tuple[str, Path]] = {}       # this build's record, for `remembered`
    missing: list[Entry] = []
    for e in entries:
        # what body_key reads; hashed (with the whole body text) only for a process that remembers
        handle = (settings, e.body, e.format, e.excerpt, e.wp_id, e.title) if remembered is not None else None
        hit = remembered.get(handle) if handle is not None else None
        if hit is None:
            key = body_key(e, settings)
            hit = (key, _path(folder, key))
            if not hit[1].exists():
                missing.append(e)
        keys[e.source], paths[e.source] = hit
        if handle is not None:
            found[handle] = hit
    if remembered is not None:
        remembered.clear()
        remembered.update(found)
    # bodies go onto LazyBodies' shelf as each batch comes back: never all in memory at once
    said: dict[str, Any] = {}                       # also's, filled as the batches come back
    ready = _markdown_module.iter_bodies(tuple(missing), excerpt_words, attachments, media_info,
                                         jobs if len(missing) > 1 else 1,
                                         progress.phase("bodies", len(missing), "posts")
                                         if progress is not None and len(missing) > 1 else None,
                                         _Pending(str(pending) if pending is not None else None, settings, also)
                                         if pending is not None or also is not None else None, said,
                                         meanwhile) if missing else ()
    if not missing and meanwhile is not None:
        meanwhile()
    return CachedBodies(LazyBodies(entries, paths, render, ready, folder), True, keys, settings, entries, pending,
                        said)


def store_bodies(root: Path, cached: CachedBodies, reporter: Reporter | None = None) -> None:
    """Write the bodies this build rendered into the cache (after the build succeeded: a failed build
    writes nothing). A folder that cannot be made, or files that cannot be written, are warnings."""
    reporter = reporter if reporter is not None else Reporter()
    if not cached.cached or not cached.fresh or not _prepare(root / CACHE_DIR, reporter):
        return
    fresh = cached.fresh
    paths = cached.bodies.paths if isinstance(cached.bodies, LazyBodies) else {}
    by_path = {paths[e.source]: e for e in cached.entries if paths.get(e.source) in fresh}
    unwritable = 0
    shards: set[Path] = set()
    for path in fresh:
        if path not in by_path:
            continue
        key = cached.keys[by_path[path].source]
        if cached.pending is not None and _move_pending(cached.pending, key, path, shards):
            continue                                # its worker wrote it (storable: _Pending checked)
        body = fresh[path]                          # one at a time: read back from the shelf as written
        if _storable(by_path[path], body):
            unwritable += not _store(path, body)
    if unwritable:
        reporter.warn(Diagnostic(f"{CACHE_DIR}/", 0, "",
                                 f"{unwritable} bod{'ies' if unwritable != 1 else 'y'} could not be stored in the cache",
                                 "the site is built all the same; make the folder writable, or build with --no-cache"))


def _storable(entry: Entry, body: Body) -> bool:
    """A body with a dynamic block its source does not show is never cached: with_blocks relies on that."""
    return has_blocks(entry.body) or not has_blocks(body.page_html)


@dataclass(frozen=True)
class _Pending:
    """Writes a rendered body's cache record into the build's pending folder (named by its key), in the
    worker that rendered it, and gives what `also` says of the body (the build's link check);
    picklable (a folder, the settings digest, a picklable `also`). A record that cannot be written is
    simply not there: store_bodies then writes it itself."""
    folder: str | None
    settings: str
    also: Callable[[Entry, Body], Any] | None = None

    def __call__(self, entry: Entry, body: Body) -> Any:
        if self.folder is not None and _storable(entry, body):
            try:
                with open(_pending_file(self.folder, body_key(entry, self.settings)), "xb") as file:
                    file.write(_record(body))
            except OSError:
                pass
        return self.also(entry, body) if self.also is not None else None


def _pending_file(folder: str | Path, key: str) -> str:
    """Where a worker writes the record of the body named `key` (a body_key)."""
    return os.path.join(folder, key + ".json")


def _move_pending(pending: Path, key: str, path: Path, shards: set[Path]) -> bool:
    """Move the worker-written record of the body named `key` to its cache file `path`; False when there is none."""
    source = _pending_file(pending, key)
    try:
        if path.parent not in shards:
            path.parent.mkdir(exist_ok=True)
            shards.add(path.parent)
        os.replace(source, path)
        return True
    except OSError:
        return False


def prune_bodies(root: Path, cached: CachedBodies) -> int:
    """Once the cache holds more than twice the site's bodies (old versions of edited posts pile up),
    remove every body file this build did not use. Listing names costs little (no stat), so this runs
    after every successful build; it deletes only when the cache has grown. Returns how many went."""
    folder = root / CACHE_DIR / "bodies"
    if not cached.cached or not folder.is_dir():
        return 0
    wanted = {key[:2] + "/" + key[2:] + ".json" for key in cached.keys.values()}
    try:
        found = [f"{shard.name}/{item.name}" for shard in os.scandir(folder) if shard.is_dir(follow_symlinks=False)
                 for item in os.scandir(shard.path)]
    except OSError:
        return 0
    if len(found) <= 2 * len(wanted) + 100:
        return 0
    removed = 0
    for name in found:
        if name not in wanted and name.endswith(".json"):
            try:
                (folder / name).unlink()
                removed += 1
            except OSError:
                pass
    return removed


def ready_folder(root: Path, reporter: Reporter | None = None) -> Path | None:
    """The cache folder, made (with its tag and .gitignore) if need be; None when it cannot be used."""
    folder = root / CACHE_DIR
    return folder if _prepare(folder, reporter if reporter is not None else Reporter()) else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file of the cache whole or not at all."""
    _write_atomic(path, data)


def settings_digest(excerpt_words: int, attachments: Mapping[int, Attachment] | None,
                    media_info: MediaInfo | None, version: str) -> str:
    """What every body of this build depends on beside its own entry; computed once a build."""
    settings = {
        **environment(version),
        "excerpt_words": excerpt_words,
        "attachments": sorted((int(key), repr(value)) for key, value in (attachments or {}).items()),
        "media_info": sorted((str(key), repr(value)) for key, value in (media_info or {}).items()),
    }
    return _digest(settings)


def body_key(entry: Entry, settings: str) -> str:
    """The SHA-256 naming an entry's cached body."""
    digest = hashlib.sha256(settings.encode("ascii"))
    for part in (entry.body, entry.format, "" if entry.excerpt is None else "\1" + entry.excerpt,
                 "" if entry.wp_id is None else str(entry.wp_id), entry.title):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / "bodies" / key[:2] / f"{key[2:]}.json"


def _prepare(folder: Path, reporter: Reporter) -> bool:
    """The cache folder with its CACHEDIR.TAG and .gitignore; False (and a warning) when it cannot be made."""
    try:
        folder.mkdir(exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", _GITIGNORE)):
            if not (folder / name).is_file():
                _write_atomic(folder / name, text.encode("ascii"))
        (folder / "bodies").mkdir(exist_ok=True)
        return True
    except OSError as exc:
        _unusable(reporter, exc.strerror or type(exc).__name__)
        return False


def _unusable(reporter: Reporter, reason: str) -> None:
    reporter.warn(Diagnostic(f"{CACHE_DIR}/", 0, "", f"cannot be used as the body cache ({reason}), "
                             "so every build renders every body",
                             f"make {CACHE_DIR}/ a writable folder (or remove what is in its way), "
                             "or build with --no-cache"))


def _load(path: Path) -> tuple[Body | None, bool]:
    """The body stored at `path`, or None; the flag is False when a file was there but is damaged."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):     # never stored (or the folder is not there yet)
        return None, True
    except OSError:
        return None, False
    try:
        stored = json.loads(data.decode("ascii"))
    except ValueError:                          # UnicodeDecodeError and JSONDecodeError alike
        return None, False
    if not (isinstance(stored, dict) and set(stored) == set(_FIELDS)
            and all(type(stored[name]) is kind for name, kind in _FIELDS.items())):
        return None, False
    if stored["page_html"] == stored["html"]:
        stored["page_html"] = stored["html"]    # one string, as render_body made it (most bodies): half the memory
    return Body(**stored), True


def _record(body: Body) -> bytes:
    return json.dumps({name: getattr(body, name) for name in _FIELDS}, ensure_ascii=True,
                      separators=(",", ":")).encode("ascii")


def _store(path: Path, body: Body) -> bool:
    try:
        path.parent.mkdir(exist_ok=True)
        _write_atomic(path, _record(body))
        return True
    except OSError:
        return False


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then move it into place: a reader sees all or nothing."""
    temporary = path.with_name(f".tmp-{os.getpid()}-{secrets.token_hex(6)}-{path.name}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)  # umask applies
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
