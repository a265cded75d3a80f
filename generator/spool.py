"""The spool: produced files wait on disk for the writer, not in memory.

A build of 10,000 posts produces some 600 MB of pages. Held as bytes until
the writer publishes them, they were most of the build's peak memory (and
with forked workers, every byte was pickled back to the parent once more).
So each produced file is written, as soon as it is made, to a folder beside
the output folder (`.output.spool-XXXX/`, on the same file system, so the
writer moves it into place with a rename instead of copying it), and the
build carries only its path and SHA-256.

The spool is not the output: nothing in it is ever served, and the writer's
guarantees are unchanged (it stages or updates in place exactly as with
bytes in memory). The build removes the folder when it ends, whether it
succeeded or failed. A killed build leaves it behind; the next build's writer
removes it (`remove_stale`) once no process holds its lock file: a build still
running holds it, so a second build of the same site never takes the first
one's files.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from .errors import BuildError, Diagnostic

_LOCK = ".lock"
_TREE = "tree"
# why a file cannot be put at its place in the tree (it then gets a flat name): the place itself
_NOT_THERE = {errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.ENAMETOOLONG, errno.EINVAL, errno.ELOOP}
STALE_UNLOCKED_SECONDS = 3600.0   # a spool with no lock file (killed while being made) is removed after this


class Spool:
    """A folder of produced files, made when the first file is put (a build that produces nothing makes none).
    Real state (the folder, its lock, a counter), so a class. Forked workers inherit it and put files in the
    same folder: call `open()` before forking."""

    def __init__(self, output: Path):
        self._output = output
        self._folder: str | None = None
        self._lock = None
        self._count = 0

    @property
    def folder(self) -> Path | None:
        return Path(self._folder) if self._folder is not None else None

    def open(self) -> None:
        """Make the folder and take its lock (once). Beside the output folder when its parent exists, so the
        writer can rename; else in the system's temporary folder (the writer then copies)."""
        if self._folder is not None:
            return
        parent = self._output.parent
        near = parent if parent.is_dir() else Path(tempfile.gettempdir())
        try:
            folder = tempfile.mkdtemp(prefix=f".{self._output.name}.spool-", dir=near)
            lock = open(os.path.join(folder, _LOCK), "a+")
        except OSError as exc:
            raise _problem(near, exc) from None
        if not try_lock(lock):                  # nobody else knows the folder yet: this cannot fail
            lock.close()
            raise AssertionError(f"could not lock the new spool {folder}")
        self._folder, self._lock = folder, lock

    @property
    def tree(self) -> Path | None:
        """The folder where files put with their output path wait at that path (see `put`)."""
        return Path(self._folder, _TREE) if self._folder is not None else None

    def put(self, data: bytes, same_as: str = "", place: str = "") -> tuple[str, str]:
        """Write `data` to a new file of the spool; its absolute path and SHA-256. When its SHA-256 is
        `same_as` (the previous build's file at its place, still on disk), nothing is written: the path is "".
        With `place` (the file's path in the output, relative), it is written at that path under `tree`, so a
        staged build can take the whole tree as its staging folder (writer.py) and the folders are made by
        the workers, in parallel, instead of one by one at publish time. A place that is not a plain relative
        path, or that cannot be made there (a file where a folder must be), falls back to a flat name."""
        digest = hashlib.sha256(data).hexdigest()
        if same_as and digest == same_as:
            return "", digest
        self.open()
        if place and plain_relative(place):
            path = os.path.join(self._folder, _TREE, place)
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "xb") as file:
                    file.write(data)
                return path, digest
            except OSError as exc:
                if exc.errno not in _NOT_THERE:     # a full disk, no permission: a real problem
                    raise _problem(Path(path).parent, exc) from None
        self._count += 1
        path = os.path.join(self._folder, f"{os.getpid()}-{self._count}")
        try:
            with open(path, "xb") as file:
                file.write(data)
        except OSError as exc:
            raise _problem(Path(path).parent, exc) from None
        return path, digest

    def remove(self) -> None:
        """Remove the folder and whatever is still in it (the writer moved the rest out), and drop the lock."""
        if self._folder is None:
            return
        self._lock.close()                      # first: Windows removes no file that is open
        shutil.rmtree(self._folder, ignore_errors=True)
        self._folder, self._lock = None, None


def remove_stale(output: Path) -> None:
    """Remove the spools that killed builds of `output` left beside it: those whose lock nobody holds."""
    for folder in output.parent.glob(f".{output.name}.spool-*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:
            lock = open(folder / _LOCK, "r")
        except FileNotFoundError:
            try:
                old = time.time() - folder.stat().st_mtime > STALE_UNLOCKED_SECONDS
            except OSError:
                continue
            if old:
                shutil.rmtree(folder, ignore_errors=True)
            continue
        except OSError:
            continue
        try:
            if try_lock(lock):
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            lock.close()


def plain_relative(path: str) -> bool:
    """A relative POSIX path of plain segments (no empty, `.` or `..` segment, no backslash or NUL): joined
    to a folder, it stays inside it as long as no segment is a link."""
    return bool(path) and not path.startswith("/") and "\\" not in path and "\0" not in path and all(
        part not in ("", ".", "..") for part in path.split("/"))


def try_lock(handle) -> bool:
    """Take an exclusive lock on an open file without waiting; False when another holds it."""
    try:
        import fcntl
    except ImportError:                # Windows
        import msvcrt
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _problem(folder: Path, exc: OSError) -> BuildError:
    return BuildError([Diagnostic(str(folder), 0, "", f"could not write a produced page into {folder}: "
                                  f"{exc.strerror or exc}",
                                  "free disk space or fix the folder's permissions; the previous output is untouched")])
