"""Stage the new build beside `output/`, then swap it in.

Nothing touches the previous output until the whole new build is on disk, so
a build that fails (a template error, a full disk, a read-only folder, a
kill) leaves the last good site exactly as it was. A folder is only ever
replaced if an earlier build made it (it carries a marker file listing what
that build wrote), so a mistyped --output can never wipe a user's own files.
One build at a time: a lock beside the output folder makes a second build
wait; staging and retired folders a killed build left behind are removed by
the next one.

A produced page usually arrives as a file in the build's spool (spool.py,
beside the output folder) with its SHA-256, not as bytes: it is moved into
place with a rename wherever bytes would be written.

A file whose bytes equal what the previous build wrote there (its SHA-256 in
the previous marker) is not written again, so unchanged files keep their
modification time and rsync-style deploys upload nothing.

When the folder holds a previous build with a whole marker, it is updated in
place instead of staged (a rebuild after a small edit touches a few files,
not tens of thousands): every new or changed file is first written whole
under a temporary name beside its place; only when all are written is the
marker rewritten without them (so a build killed from here on cannot make
the next one trust a file it did not finish), then each is moved over its
old version (a rename: a reader sees the old file or the new one, never
half), files no longer built are removed, and the marker is written whole.
A failure while writing removes the temporary files and leaves the previous
output as it was. Where an update needs a folder where a file was (or the
reverse), the build is staged and swapped as above; there, unchanged files
are hard-linked into the staging folder (copied, modification time kept,
where linking fails).
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import BuildError, Diagnostic, Reporter, TrackpressError
from .model import OutputFile
from .spool import plain_relative, remove_stale, try_lock

MARKER = ".trackpress-output"
_MARKER_HEAD = "Built by Trackpress. This folder is replaced by every build. Files it wrote (SHA-256, path):\n"
LOCK_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Published:
    """What a publish did: files written anew and files kept from the previous build (the marker included),
    each file's SHA-256 (the marker included) and which files were written or removed."""
    written: int
    kept: int
    digests: dict = field(default_factory=dict)
    changed: tuple = ()             # paths written anew or removed, sorted
    in_place: bool = False          # True: updated in place; False: staged and swapped

    @property
    def files(self) -> int:
        return self.written + self.kept


@dataclass(frozen=True)
class _Kept(OutputFile):
    """An output identical to the previous build's file at `previous` (`digest` is its SHA-256): linked
    (or copied), not written."""
    previous: str = ""


def publish(output: Path, files: tuple[OutputFile, ...], reporter: Reporter | None = None,
            known: tuple[dict[str, str], set[str]] | None = None, tree: Path | None = None) -> Published:
    """Write `files` (bytes, or copies of a source file) into a staging
    folder, then swap it into `output`. Files identical to the previous
    build's are kept (linked) instead of written. A damaged previous marker
    is a warning (every file is then written). `known` is the previous
    build's manifest (path → SHA-256) and every file in the folder, for a
    caller that knows them for certain (trackpress serve's private folder,
    written by nothing else): the folder is then neither listed nor its
    marker read. `tree` is the spool's folder of files waiting at their
    output paths (spool.py): a staged build takes it whole as its staging
    folder, so its files need no folder made or rename at this point."""
    output = output.resolve()
    _check_target(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_problem(output.parent, exc, "create the output folder") from None
    with build_lock(output):
        _remove_leftovers(output)
        previous = known[0] if known is not None else _previous_manifest(output, reporter)
        if previous and output.is_dir():
            try:
                return _update_in_place(output, files, previous, known[1] if known is not None else None)
            except _NeedsStaging:
                pass
        return _stage_and_swap(output, files, previous, tree)


class _NeedsStaging(Exception):
    """The update cannot be made in place (a file must become a folder, or the reverse)."""


def _stage_and_swap(output: Path, files: tuple[OutputFile, ...], previous: dict[str, str],
                    tree: Path | None = None) -> Published:
    try:
        staging = _new_folder(output.parent, f".{output.name}.staging-")
        if tree is not None and tree.is_dir():
            os.rmdir(staging)                       # (the name stays ours: only builds holding the lock use it)
            try:
                os.replace(tree, staging)           # the spooled files are in place already
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                os.mkdir(staging)                   # the spool is on another file system: its files are copied
                tree = None
        else:
            tree = None
    except OSError as exc:
        raise _os_problem(output.parent, exc, "create a staging folder in") from None
    try:
        manifest = []
        digests: dict[str, str] = {}
        kept = 0
        folders: set[str] = set()                   # made (or found) in the staging folder
        for file in sorted(files, key=lambda f: f.path):
            if not plain_relative(file.path):     # nothing in the staging folder is a link: the path stays inside
                raise _outside(file)
            target = staging / file.path
            same = _unchanged(output, file, previous)
            if tree is not None and file.spooled and file.spooled == str(tree / file.path):
                if same is None:                    # already at its place
                    digests[file.path] = file.digest
                    manifest.append(f"{file.digest}  {file.path}\n")
                    continue
                os.unlink(target)                   # the previous build's file is kept instead (its time too)
            parent = file.path.rpartition("/")[0]
            if parent and parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(parent)
            digest = _write(target, same or file)
            kept += same is not None
            digests[file.path] = digest
            manifest.append(f"{digest}  {file.path}\n")
        marker = (_MARKER_HEAD + "".join(manifest)).encode("utf-8")
        if _read_bytes(output / MARKER) == marker and _keep(staging / MARKER, _Kept(MARKER, previous=str(output / MARKER))):
            kept += 1
        else:
            (staging / MARKER).write_bytes(marker)
        digests[MARKER] = hashlib.sha256(marker).hexdigest()
        changed = tuple(sorted(p for p in set(digests) | set(previous) if previous.get(p) != digests.get(p) and p != MARKER))
        _swap(staging, output)
        return Published(written=len(manifest) + 1 - kept, kept=kept, digests=digests, changed=changed)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _os_problem(Path(exc.filename or output), exc, "write") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _update_in_place(output: Path, files: tuple[OutputFile, ...], previous: dict[str, str],
                     listed: set[str] | None = None) -> Published:
    """Bring `output` to `files` touching only what changed (see the module's docstring)."""
    on_disk, folders = _listing(output) if listed is None else (listed, {p for f in listed for p in _parents(f)})
    planned = {f.path for f in files}
    digests: dict[str, str] = {}
    pending: list[tuple[Path, Path]] = []           # (temporary file, its place)
    made: list[Path] = []                           # folders this update created
    spooled: dict[Path, str] = {}                   # temporary file → the spool file it was moved from
    kept = 0
    try:
        for file in sorted(files, key=lambda f: f.path):
            if file.keep and previous.get(file.path) == file.keep and file.path in on_disk:
                digests[file.path] = file.keep
                kept += 1
                continue
            target = output / file.path
            same = None if file.keep else _unchanged(output, file, previous)
            if same is not None:
                digests[file.path] = same.digest
                kept += 1
                continue
            if not plain_relative(file.path):     # (in place, every parent is a real folder of the listing or made here)
                raise _outside(file)
            if file.path in folders or any(parent in on_disk for parent in _parents(file.path)):
                raise _NeedsStaging(file.path)      # (a link counts as a file: nothing is written through one)
            for parent in reversed(_parents(file.path)):
                if parent not in folders:
                    (output / parent).mkdir()
                    folders.add(parent)
                    made.append(output / parent)
            temporary = target.with_name(f".tp-new-{secrets.token_hex(4)}-{target.name}"[:255])
            pending.append((temporary, target))
            if file.keep or _bytes_kept(file):
                raise _nothing_to_keep(file)
            if file.spooled:
                spooled[temporary] = file.spooled
            digests[file.path] = _write(temporary, file)
    except BaseException as exc:
        _undo(pending, made, spooled)               # (a staged build after this needs the spooled files again)
        if isinstance(exc, OSError):
            raise _os_problem(Path(exc.filename or output), exc, "write") from None
        raise
    gone = sorted(p for p in on_disk if p not in planned and p != MARKER)
    changed = tuple(sorted([target.relative_to(output).as_posix() for _, target in pending] + gone))
    if not changed:
        digests[MARKER] = _marker_digest(output)
        return Published(written=0, kept=kept + 1, digests=digests, changed=(), in_place=True)
    marker = (_MARKER_HEAD + "".join(f"{digests[p]}  {p}\n" for p in sorted(digests))).encode("utf-8")
    untouched = {p: d for p, d in previous.items() if p in digests and p not in changed}
    try:                  # from here a killed build leaves a marker that vouches only for untouched files
        _write_marker(output, (_MARKER_HEAD + "".join(f"{d}  {p}\n" for p, d in sorted(untouched.items()))).encode("utf-8"))
    except BaseException as exc:
        _undo(pending, made, spooled)
        if isinstance(exc, OSError):
            raise _os_problem(Path(exc.filename or output), exc, "write") from None
        raise
    try:
        for index, (temporary, target) in enumerate(pending):
            os.replace(temporary, target)
        for path in gone:
            (output / path).unlink()
        _prune(output, gone)
        _write_marker(output, marker)
    except OSError as exc:
        _undo(pending[index:] if pending else [], [])
        raise BuildError([Diagnostic(str(output), 0, "", f"could not update it: {exc.strerror or exc}",
                                     "free disk space or fix the folder's permissions, then build again: "
                                     "the next build finishes the update")]) from None
    digests[MARKER] = hashlib.sha256(marker).hexdigest()
    return Published(written=len(pending) + 1, kept=kept, digests=digests, changed=changed, in_place=True)


def _marker_digest(output: Path) -> str:
    data = _read_bytes(output / MARKER)
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def _nothing_to_keep(file: OutputFile) -> BuildError:
    """A file to keep whose previous version is gone or not what the marker says: there is nothing to keep."""
    return BuildError([Diagnostic(file.path, 0, "", "the previous build's file changed while this build ran",
                                 "build again")])


def _listing(output: Path) -> tuple[set[str], set[str]]:
    """Every file and every folder under `output`, as relative POSIX paths (a link counts as a file)."""
    files: set[str] = set()
    folders: set[str] = set()
    stack = [("", str(output))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as it:
            for item in it:
                relative = prefix + item.name
                if item.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    stack.append((relative + "/", item.path))
                else:
                    files.add(relative)
    return files, folders


def _parents(path: str) -> list[str]:
    """"a/b/c.html" → ["a/b", "a"]."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _undo(pending: list[tuple[Path, Path]], made: list[Path], spooled: dict[Path, str] | None = None) -> None:
    """Remove the temporary files (a spooled one goes back to its spool file) and the folders made for them."""
    for temporary, _ in pending:
        try:
            if spooled and temporary in spooled:
                os.replace(temporary, spooled[temporary])
                continue
        except OSError:
            pass
        try:
            temporary.unlink()
        except OSError:
            pass
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            pass


def _prune(output: Path, gone: list[str]) -> None:
    """Remove the folders that removing `gone` left empty (deepest first)."""
    for parent in sorted({p for path in gone for p in _parents(path)}, key=lambda p: -p.count("/")):
        try:
            (output / parent).rmdir()
        except OSError:
            pass                       # not empty


def _write_marker(output: Path, data: bytes) -> None:
    temporary = output / f".tp-new-{secrets.token_hex(4)}-{MARKER}"
    try:
        temporary.write_bytes(data)
        os.replace(temporary, output / MARKER)
    except BaseException:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise


def _outside(file: OutputFile) -> BuildError:
    return BuildError([Diagnostic(file.path, 0, "", "would be written outside the output folder",
                                  "check the permalink or slug that produced it")])


_MANIFEST_LINE_RE = re.compile(r"([0-9a-f]{64})  ([^\n]+)")


def _previous_manifest(output: Path, reporter: Reporter | None) -> dict[str, str]:
    """The previous build's marker as path → SHA-256; empty when there is none.
    A marker that does not parse whole (truncated, edited) is ignored, with a warning."""
    marker = output / MARKER
    try:
        text = marker.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError):
        text = None
    found: dict[str, str] = {}
    if text is not None and text.startswith(_MARKER_HEAD) and text.endswith("\n"):
        for line in text[len(_MARKER_HEAD):].splitlines():
            match = _MANIFEST_LINE_RE.fullmatch(line)
            if match is None:
                break
            found[match.group(2)] = match.group(1)
        else:
            return found
    if reporter is not None:
        reporter.warn(Diagnostic(str(marker), 0, "", "the previous build's list of files is damaged, so it was ignored",
                                 "nothing to do: every file was written anew"))
    return {}


def _unchanged(output: Path, file: OutputFile, previous: dict[str, str]) -> _Kept | None:
    """`file` as a `_Kept` when the previous build wrote the same bytes at the same path
    (its digest in the marker, and the file still there, a regular file of the same size)."""
    old_digest = previous.get(file.path)
    if file.keep:
        return _Kept(file.path, previous=str(output / file.path), digest=file.keep)
    if old_digest is None:
        return None
    if _bytes_kept(file):                       # produced again, and the same as the file there
        try:
            regular = stat.S_ISREG(os.lstat(output / file.path).st_mode)
        except OSError:
            return None
        return _Kept(file.path, previous=str(output / file.path), digest=file.digest) \
            if regular and file.digest == old_digest else None
    old = output / file.path
    try:
        info = os.lstat(old)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if file.spooled:
        try:
            if os.stat(file.spooled).st_size != info.st_size:
                return None
        except OSError:
            return None
        digest = file.digest
    elif file.copy_from:
        try:
            if os.stat(file.copy_from).st_size != info.st_size:
                return None
        except OSError:
            return None
        digest = _file_digest(Path(file.copy_from))
    else:
        if len(file.data) != info.st_size:
            return None
        digest = hashlib.sha256(file.data).hexdigest()
    if digest != old_digest:
        return None
    return _Kept(file.path, file.data, file.copy_from, spooled=file.spooled, previous=str(old), digest=digest)


def _bytes_kept(file: OutputFile) -> bool:
    """A file produced again whose bytes are only in the previous build's file (its `digest`)."""
    return bool(file.digest) and not file.spooled and not file.data and not file.copy_from


def _keep(target: Path, file: _Kept) -> bool:
    """The previous build's file at `target`: a hard link, or a copy keeping its modification time."""
    try:
        os.link(file.previous, target)
        return True
    except OSError:
        pass
    try:
        shutil.copy2(file.previous, target)
        return True
    except OSError:
        try:
            target.unlink()
        except OSError:
            pass
        return False


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write(target: Path, file: OutputFile) -> str:
    if isinstance(file, _Kept):
        if _keep(target, file):
            return file.digest
        if file.keep or _bytes_kept(file):                          # nothing but the previous file has its bytes
            raise _nothing_to_keep(file)
        file = OutputFile(file.path, file.data, file.copy_from,      # the previous file vanished: write it
                          spooled=file.spooled, digest=file.digest)
    if file.spooled:
        try:
            os.replace(file.spooled, target)        # the spool is beside the output folder: a rename
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            shutil.copyfile(file.spooled, target)   # it is elsewhere when the output's parent did not exist
        return file.digest
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
        if try_lock(handle) and _same_file(handle, path):
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


def leftovers(output: Path) -> bool:
    """Whether a killed build left staging or retired folders beside `output` (the next publish removes them)."""
    return any(output.parent.glob(f".{output.name}.staging-*")) or any(output.parent.glob(f".{output.name}.old-*"))


def _remove_leftovers(output: Path) -> None:
    """Staging and retired folders of a build that was killed (we hold the
    lock, so no running build owns them), and the spools of killed builds
    (a running build holds its spool's own lock: spool.py)."""
    remove_stale(output)
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


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder of a random name in `parent`, with the permissions any folder gets (the umask's), not
    mkdtemp's owner-only ones: a staging folder becomes the output folder, which a web server must read."""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.mkdir(folder)
            return folder
        except FileExistsError:
            continue


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
