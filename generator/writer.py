"""Stage the new build beside `output/`, then swap it in.

Nothing touches the previous output until the whole new build is on disk, so
a build that fails (a template error, a full disk, a read-only folder, a
kill) leaves the last good site exactly as it was. A folder is only ever
replaced if an earlier build made it (it carries a marker file listing what
that build wrote), so a mistyped --output can never wipe a user's own files.
One build at a time: a lock beside the output folder makes a second build
wait; staging and retired folders a killed build left behind are removed by
the next one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BuildError, Diagnostic, TrackpressError
from .model import OutputFile

MARKER = ".trackpress-output"
_MARKER_HEAD = "Built by Trackpress. This folder is replaced by every build. Files it wrote (SHA-256, path):\n"
LOCK_WAIT_SECONDS = 60.0


def publish(output: Path, files: tuple[OutputFile, ...]) -> int:
    """Write `files` (bytes, or copies of a source file) into a staging
    folder, then swap it into `output`. Returns the number of files written,
    the marker included."""
    output = output.resolve()
    _check_target(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_problem(output.parent, exc, "create the output folder") from None
    with build_lock(output):
        _remove_leftovers(output)
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
        except OSError as exc:
            raise _os_problem(output.parent, exc, "create a staging folder in") from None
        try:
            manifest = []
            for file in sorted(files, key=lambda f: f.path):
                target = staging / file.path
                if not target.resolve().is_relative_to(staging.resolve()):
                    raise BuildError([Diagnostic(file.path, 0, "", "would be written outside the output folder",
                                                 "check the permalink or slug that produced it")])
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = _write(target, file)
                manifest.append(f"{digest}  {file.path}\n")
            (staging / MARKER).write_text(_MARKER_HEAD + "".join(manifest), encoding="utf-8")
            _swap(staging, output)
            return len(manifest) + 1
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise _os_problem(Path(exc.filename or output), exc, "write") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _write(target: Path, file: OutputFile) -> str:
    if not file.copy_from:
        target.write_bytes(file.data)
        return hashlib.sha256(file.data).hexdigest()
    digest = hashlib.sha256()
    with open(file.copy_from, "rb") as source, open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _os_problem(path: Path, exc: OSError, doing: str) -> BuildError:
    reason = exc.strerror or str(exc)
    return BuildError([Diagnostic(str(path), 0, "", f"could not {doing} it: {reason}",
                                  "free disk space or fix the folder's permissions; the previous output is untouched")])


def _check_target(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise BuildError([Diagnostic(str(output), 0, "", "the output path is a file",
                                     "pass --output a folder (default: output/)")])
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise BuildError([Diagnostic(str(output), 0, "", "the output folder has files that an earlier build did not write",
                                     "choose an empty or new folder with --output; Trackpress never replaces folders it did not make")])


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold `.<output>.lock` beside the output folder for the whole publish;
    a second build waits for it (up to a minute), then says who holds it.
    The file is removed when the build ends, so nothing is left behind."""
    path = output.parent / f".{output.name}.lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            handle = open(path, "a+")
        except OSError as exc:
            raise _os_problem(path, exc, "create the lock file") from None
        if _try_lock(handle) and _same_file(handle, path):
            break                      # locked, and nobody removed the file meanwhile
        handle.close()
        if time.monotonic() > deadline:
            raise TrackpressError(f"{path}: another build of this site is still running — "
                                  "wait for it to finish, then build again")
        time.sleep(0.05)
    try:
        yield
    finally:
        try:
            path.unlink()
        except OSError:
            pass
        handle.close()                 # closing releases the lock


def _same_file(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def _try_lock(handle) -> bool:
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


def _remove_leftovers(output: Path) -> None:
    """Staging and retired folders of a build that was killed (we hold the
    lock, so no running build owns them)."""
    for prefix in (f".{output.name}.staging-", f".{output.name}.old-"):
        for folder in output.parent.glob(prefix + "*"):
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, onerror=_writable_and_retry)


def _writable_and_retry(function, path, _exc_info) -> None:
    try:
        os.chmod(os.path.dirname(path), stat.S_IRWXU)
        function(path)
    except OSError:
        pass


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    os.replace(output, retired)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(retired, output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
