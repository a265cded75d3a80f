"""The ledger: what the last successful build into an output folder wrote, and from what.

One JSON file a output folder, `.trackpress-cache/ledger-<digest of the folder's path>.json`,
written after a build succeeded (a failed build leaves the old one). It holds:

- `files`: every file the build wrote, with the page key it was produced from (see
  reuse.py), its SHA-256, and the size, modification time, inode and change time it had
  on disk afterwards. The next build produces an output again only when its key changed
  or the file on disk is not what the ledger says (edited, replaced or removed by hand).
- `inputs`: a fingerprint of every file the read phase can read (site.toml, content/,
  static/, themes/, the bundled themes and Trackpress's own code) by path, size,
  modification time, inode and change time, with the options that shape the site. When
  it matches, and nothing in the output folder moved, the build has nothing to do. A
  file changed in the last two seconds before the fingerprint was taken is "racy" (its
  next change could keep the same times, like git's "racily clean" files): its bytes go
  into the fingerprint too, and `racy` lists it so the next check hashes it again.
- `valid_until`: the date of the first post the build held back as future, when it
  becomes due, the site changes without any file changing.
- the summary's counts and the warnings, so a build that has nothing to do says what
  the last one said.
- `related`: every post's related posts, with a digest of what they were computed from
  (the code and every post's outline), so a build that changed no title, date or term
  does not score them again.

A ledger that cannot be read whole is ignored (the build then does everything), never
trusted in part. JSON, not pickle: a cache file is never code.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import Diagnostic

LEDGER_VERSION = 3
INPUT_FOLDERS = ("content", "static", "themes")
INPUT_FILES = ("site.toml",)
RACY_SECONDS = 2.0


@dataclass(frozen=True)
class Written:
    """A file the build left in the output folder, as the ledger remembers it."""
    key: str                # the page key it was produced from; "" when it has none (always produced)
    digest: str             # SHA-256 of its bytes
    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int

    def same_on_disk(self, info: os.stat_result) -> bool:
        return (stat.S_ISREG(info.st_mode) and info.st_size == self.size and info.st_mtime_ns == self.mtime_ns
                and info.st_ino == self.inode and info.st_ctime_ns == self.ctime_ns)


@dataclass(frozen=True)
class Ledger:
    output: str
    inputs: str = ""                                    # "" = no trusted fingerprint
    racy: tuple[str, ...] = ()                          # inputs hashed by their bytes too (see fingerprint)
    valid_until: str = ""                               # ISO datetime, "" = never expires
    summary: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[Diagnostic, ...] = ()
    files: Mapping[str, Written] = field(default_factory=dict)
    page_warnings: Mapping[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    links: Mapping[str, tuple[str, tuple[Diagnostic, ...]]] = field(default_factory=dict)   # links.check_links
    related: tuple[str, Mapping[str, tuple[str, ...]]] = ("", {})   # (key, related.Related.posts) of that build


def ledger_path(cache_folder: Path, output: Path) -> Path:
    name = hashlib.sha256(str(output).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return cache_folder / f"ledger-{name}.json"


def load_ledger(cache_folder: Path, output: Path) -> Ledger | None:
    """The ledger of the last build into `output`, or None (none, another folder's, damaged)."""
    try:
        raw = json.loads(ledger_path(cache_folder, output).read_bytes().decode("ascii"))
        if raw.get("version") != LEDGER_VERSION or raw.get("output") != str(output):
            return None
        return Ledger(
            output=raw["output"], inputs=str(raw["inputs"]), racy=tuple(str(p) for p in raw["racy"]),
            valid_until=str(raw["valid_until"]),
            summary=dict(raw["summary"]),
            warnings=tuple(Diagnostic(*w) for w in raw["warnings"]),
            files={str(path): Written(*record) for path, record in raw["files"].items()},
            page_warnings={str(path): tuple(Diagnostic(*w) for w in ws) for path, ws in raw["page_warnings"].items()},
            links={str(source): (str(key), tuple(Diagnostic(*w) for w in ws)) for source, (key, ws) in raw["links"].items()},
            related=(str(raw["related"][0]), {str(source): tuple(str(s) for s in shown)
                                               for source, shown in raw["related"][1].items()}))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store_ledger(cache_folder: Path, ledger: Ledger, write_atomic) -> bool:
    """Write the ledger (atomically, with the cache's writer); False when it cannot be written."""
    record = {
        "version": LEDGER_VERSION, "output": ledger.output, "inputs": ledger.inputs, "racy": list(ledger.racy),
        "valid_until": ledger.valid_until, "summary": dict(ledger.summary),
        "warnings": [list(asdict(w).values()) for w in ledger.warnings],
        "files": {path: [w.key, w.digest, w.size, w.mtime_ns, w.inode, w.ctime_ns]
                  for path, w in sorted(ledger.files.items())},
        "page_warnings": {path: [list(asdict(w).values()) for w in ws]
                          for path, ws in sorted(ledger.page_warnings.items()) if ws},
        "links": {source: [key, [list(asdict(w).values()) for w in ws]] for source, (key, ws) in sorted(ledger.links.items())},
        "related": [ledger.related[0], {source: list(shown) for source, shown in sorted(ledger.related[1].items())}],
    }
    try:
        write_atomic(ledger_path(cache_folder, Path(ledger.output)),
                     json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        return True
    except OSError:
        return False


def forget_ledger(cache_folder: Path, output: Path) -> None:
    """Remove the ledger before publishing: if the build dies half-way, no stale ledger survives it."""
    try:
        ledger_path(cache_folder, output).unlink()
    except OSError:
        pass


# -- what the read phase can read -------------------------------------------------------------

def fingerprint(root: Path, extra_folders: Iterable[Path], settings: Any, skip: Iterable[Path] = (),
                racy: Iterable[str] | None = None) -> tuple[str, tuple[str, ...]]:
    """A digest of every input file's path and times, with `settings` (code digest, options), and the
    files in it that are "racy": changed within RACY_SECONDS of now, so that a next change could keep
    their size and times. Their bytes go into the digest too. To check a ledger's fingerprint, pass its
    racy files as `racy` (those are hashed again, whatever their times now). The digest is "" (never
    trusted) when a folder is a link (what is behind it could change without this walk noticing) or
    cannot be listed."""
    checked, fresh, found = fingerprints(root, extra_folders, settings, skip, racy)
    return (checked if racy is not None else fresh), found


def fingerprints(root: Path, extra_folders: Iterable[Path], settings: Any, skip: Iterable[Path] = (),
                 racy: Iterable[str] = ()) -> tuple[str, str, tuple[str, ...]]:
    """`fingerprint` both ways in one walk: (the digest with the files in `racy` hashed, as a
    ledger's is checked; the digest with the files racy now hashed, as a new ledger stores it; those
    files). When the first does not match the ledger, the build needs the second: one walk, not two."""
    racy_after = time.time_ns() - int(RACY_SECONDS * 1e9)
    given = set(racy or ())
    found_racy: list[str] = []
    start = json.dumps(settings, sort_keys=True, default=repr).encode("utf-8")
    checked, fresh = hashlib.sha256(start), hashlib.sha256(start)
    skipped = {os.path.realpath(p) for p in skip}
    bases = [root / name for name in INPUT_FILES + INPUT_FOLDERS] + list(extra_folders)

    def add(path: str, info: os.stat_result) -> bool:
        line = (f"{path}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\0"
                f"{info.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))
        checked.update(line)
        fresh.update(line)
        regular = stat.S_ISREG(info.st_mode)
        now_racy = regular and max(info.st_mtime_ns, info.st_ctime_ns) > racy_after
        if now_racy:
            found_racy.append(path)
        if regular and (now_racy or path in given):
            try:
                with open(path, "rb") as handle:
                    data = hashlib.file_digest(handle, "sha256").digest()
            except OSError:
                return False
            if path in given:
                checked.update(data)
            if now_racy:
                fresh.update(data)
        return True

    for top in bases:
        checked.update(f"\0top\0{top}\0".encode("utf-8", "surrogateescape"))
        fresh.update(f"\0top\0{top}\0".encode("utf-8", "surrogateescape"))
        try:
            info = os.stat(top)
        except FileNotFoundError:
            continue
        except OSError:
            return "", "", ()
        if not stat.S_ISDIR(info.st_mode):
            if not add(str(top), info):
                return "", "", ()
            continue
        if os.path.islink(top):
            return "", "", ()
        for path, info in _walk(top, skipped):
            if info is None or not add(path, info):
                return "", "", ()
    return checked.hexdigest(), fresh.hexdigest(), tuple(found_racy)


def _walk(top: Path, skipped: set[str]):
    """(relative path, stat following links) of every entry under `top`, sorted; (…, None) when a
    folder cannot be listed or a folder is reached through a link."""
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        if os.path.realpath(folder) in skipped:
            continue
        try:
            with os.scandir(folder) as it:
                found = sorted(it, key=lambda e: e.name)
        except OSError:
            yield folder, None
            return
        for item in found:
            try:
                info = os.stat(item.path)
            except OSError:                 # a dangling link: its presence still counts
                info = os.lstat(item.path)
            if stat.S_ISDIR(info.st_mode):
                if item.is_symlink():
                    yield item.path, None
                    return
                stack.append(item.path)
            yield item.path, info


# -- the output folder as it is now -----------------------------------------------------------

def scan_output(output: Path) -> dict[str, os.stat_result] | None:
    """Every regular file under `output` (relative POSIX path → lstat), or None when something in it is
    not a plain file or folder (a link someone put there), or it cannot be listed."""
    found: dict[str, os.stat_result] = {}
    stack = [("", str(output))]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError:
            return None
        for item in items:
            relative = prefix + item.name
            try:
                if item.is_dir(follow_symlinks=False):
                    stack.append((relative + "/", item.path))
                    continue
                info = item.stat(follow_symlinks=False)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode):
                return None
            found[relative] = info
    return found


def intact(ledger: Ledger, on_disk: Mapping[str, os.stat_result] | None, marker: str) -> set[str]:
    """The paths whose file is still exactly what the last build left (so may be kept without producing)."""
    if on_disk is None or marker not in on_disk or marker not in ledger.files \
            or not ledger.files[marker].same_on_disk(on_disk[marker]):
        return set()              # the marker was touched: nothing in the folder is vouched for
    return {path for path, written in ledger.files.items()
            if path != marker and path in on_disk and written.same_on_disk(on_disk[path])}


def untouched(ledger: Ledger, on_disk: Mapping[str, os.stat_result] | None) -> bool:
    """Whether the output folder holds exactly the files the last build left, each as it left it."""
    return (on_disk is not None and set(on_disk) == set(ledger.files)
            and all(w.same_on_disk(on_disk[p]) for p, w in ledger.files.items()))
