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
nothing beside `output/`.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

from . import markdown as _markdown_module
from .attachments import Attachment
from .errors import Diagnostic, Reporter
from .model import Body, Entry
from .players import MediaInfo

CACHE_DIR = ".trackpress-cache"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by Trackpress.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")
_GITIGNORE = "# Created by Trackpress: the body cache, safe to delete.\n*\n"
_LIBRARIES = ("markdown", "pygments", "nh3")
_FIELDS = {"html": str, "page_html": str, "excerpt": str, "toc": str, "summary": str, "reading_minutes": int}


@dataclass(frozen=True)
class CachedBodies:
    """Every entry's body, keyed by source path (in the entries' order), how many were rendered or reused,
    and the bodies rendered anew by the cache file they belong in (`store_bodies` writes them)."""
    bodies: dict[str, Body]
    rendered: int
    reused: int
    cached: bool                    # False: built without the cache (--no-cache, or it could not be used)
    fresh: Mapping[Path, Body] = field(default_factory=dict)


def cached_bodies(root: Path, entries: tuple[Entry, ...], excerpt_words: int, *, version: str,
                  attachments: Mapping[int, Attachment] | None = None, media_info: MediaInfo | None = None,
                  jobs: int = 1, enabled: bool = True, reporter: Reporter | None = None) -> CachedBodies:
    """`render_bodies`, with every body rendered before read from `root/.trackpress-cache/`. Nothing is
    written here: `store_bodies` does that once the build has succeeded. `enabled=False` neither reads
    nor (later) writes the folder."""
    reporter = reporter if reporter is not None else Reporter()
    entries = tuple(entries)
    render = functools.partial(_markdown_module.render_bodies, excerpt_words=excerpt_words,
                               attachments=attachments, media_info=media_info, jobs=jobs)
    folder = root / CACHE_DIR
    if not enabled:
        return CachedBodies(render(entries), len(entries), 0, False)
    if folder.exists() and not folder.is_dir():
        _unusable(reporter, "it is not a folder")
        return CachedBodies(render(entries), len(entries), 0, False)

    settings = settings_digest(excerpt_words, attachments, media_info, version)
    paths = {e.source: _path(folder, body_key(e, settings)) for e in entries}
    found: dict[str, Body] = {}
    damaged = 0
    for entry in entries:
        body, ok = _load(paths[entry.source])
        if body is not None:
            found[entry.source] = body
        damaged += not ok
    if damaged:
        reporter.warn(Diagnostic(f"{CACHE_DIR}/", 0, "",
                                 f"{damaged} cached bod{'ies' if damaged != 1 else 'y'} could not be read and "
                                 f"{'were' if damaged != 1 else 'was'} rendered again",
                                 f"nothing to do; delete {CACHE_DIR}/ to start the cache afresh"))
    missing = tuple(e for e in entries if e.source not in found)
    rendered = render(missing) if missing else {}
    bodies = {e.source: found[e.source] if e.source in found else rendered[e.source] for e in entries}
    fresh = {paths[source]: body for source, body in rendered.items()}
    return CachedBodies(bodies, len(missing), len(entries) - len(missing), True, fresh)


def store_bodies(root: Path, cached: CachedBodies, reporter: Reporter | None = None) -> None:
    """Write the bodies this build rendered into the cache (after the build succeeded: a failed build
    writes nothing). A folder that cannot be made, or files that cannot be written, are warnings."""
    reporter = reporter if reporter is not None else Reporter()
    if not cached.cached or not cached.fresh or not _prepare(root / CACHE_DIR, reporter):
        return
    unwritable = sum(not _store(path, body) for path, body in cached.fresh.items())
    if unwritable:
        reporter.warn(Diagnostic(f"{CACHE_DIR}/", 0, "",
                                 f"{unwritable} bod{'ies' if unwritable != 1 else 'y'} could not be stored in the cache",
                                 "the site is built all the same; make the folder writable, or build with --no-cache"))


def settings_digest(excerpt_words: int, attachments: Mapping[int, Attachment] | None,
                    media_info: MediaInfo | None, version: str) -> str:
    """What every body of this build depends on beside its own entry; computed once a build."""
    settings = {
        "code": code_digest(),
        "python": list(sys.version_info[:2]),
        "libraries": {name: _installed(name) for name in _LIBRARIES},
        "trackpress": version,
        "extensions": _markdown_module.EXTENSIONS,          # read now, not at import: settings can change
        "extension_configs": _markdown_module.EXTENSION_CONFIGS,
        "excerpt_words": excerpt_words,
        "attachments": sorted((int(key), repr(value)) for key, value in (attachments or {}).items()),
        "media_info": sorted((str(key), repr(value)) for key, value in (media_info or {}).items()),
    }
    return _digest(settings)


def body_key(entry: Entry, settings: str) -> str:
    """The SHA-256 naming an entry's cached body."""
    return _digest([settings, entry.body, entry.format, entry.excerpt, entry.wp_id, entry.title])


@functools.cache
def code_digest() -> str:
    """A digest of every `.py` file of this package (names and bytes), once a process."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


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
    return Body(**stored), True


def _store(path: Path, body: Body) -> bool:
    record = {name: getattr(body, name) for name in _FIELDS}
    try:
        path.parent.mkdir(exist_ok=True)
        _write_atomic(path, json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
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
