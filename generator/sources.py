"""Walk `content/` in sorted order and read each Markdown file.

Only `content/posts/**/*.md` (posts) and `content/pages/**/*.md` (pages) are
entries; other files there (comments data, notes) are left alone. Hidden files
and folders (`.git`, `_drafts`) and editor leftovers (`x.md~`) are skipped.

Nothing here may hang or crash on an odd file system entry: only regular
files are ever opened (a FIFO would block the build for ever), a folder named
`x.md` is walked like any folder, and links are followed only when they end
inside the site folder. Problems are returned, not raised, so the build can
report them beside every other file's; harmless oddities are warnings.
"""
from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

from . import ledger
from .errors import Diagnostic, Reporter
from .model import SourceFile

KINDS = (("posts", "post"), ("pages", "page"))

_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_sources(root: Path, reporter: Reporter | None = None, remembered: dict | None = None
                 ) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Every readable entry file, and the problems with the others (returned,
    not raised, so the build can report them beside every other file's).

    `remembered` is a long-lived process's record of the last walk (warm.py):
    a file whose size, modification time, inode and change time are what they
    were then, and which had not changed for ledger.RACY_SECONDS before it was
    read (the window the ledger's fingerprint uses, for the same reason), is
    taken from it instead of read again (any write changes the change time,
    which no program can set back). It is replaced by this walk's record."""
    walk = _Walk(root, reporter, remembered)
    for folder, kind in KINDS:
        walk.folder(root / "content" / folder, kind, top=True)
    if remembered is not None:
        remembered.clear()
        remembered.update(walk.record)
    return tuple(walk.found), tuple(walk.problems)


def _hidden(name: str) -> bool:
    return name.startswith((".", "_")) or name.endswith("~")


class _Walk:
    """One walk over content/: what it found, what went wrong, which real
    folders it has entered (so a link back up cannot loop)."""

    def __init__(self, root: Path, reporter: Reporter | None, remembered: dict | None = None):
        self.root = root
        self.top = str(root).rstrip("/") + "/"
        self.remembered = remembered
        self.record: dict[str, tuple] = {}
        self.started = time.time_ns()
        self.real_root = Path(os.path.realpath(root))
        self.reporter = reporter
        self.found: list[SourceFile] = []
        self.problems: list[Diagnostic] = []
        self.entered: set[Path] = set()

    def relative(self, path: Path) -> str:
        text, top = str(path), self.top
        if text.startswith(top) and os.sep == "/":       # the common case, without pathlib's parsing
            return text[len(top):]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path, message: str, hint: str) -> None:
        self.problems.append(Diagnostic(self.relative(path), 0, "", message, hint))

    def warn(self, path: Path, message: str, hint: str) -> None:
        if self.reporter is not None:
            self.reporter.warn(Diagnostic(self.relative(path), 0, "", message, hint))

    def folder(self, path: Path, kind: str, top: bool = False) -> None:
        if top and not os.path.lexists(path):
            return
        target = self.follow(path)
        if target is None:
            return
        if not target.is_dir():
            if top:
                self.error(path, "is not a folder", f"content/{path.name}/ must be a folder of .md files")
            return
        if target in self.entered:
            self.warn(path, "links to a folder that was already read (a loop or a second way in); skipped",
                      "remove the link, or make it point somewhere else")
            return
        self.entered.add(target)
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            self.error(path, f"the folder cannot be read ({_reason(exc)})",
                       "give yourself read permission on it (chmod u+rx), or move it out of content/")
            return
        for name in names:
            if _hidden(name):
                continue
            self.entry(path / name, kind)

    def entry(self, path: Path, kind: str) -> None:
        is_md = path.name.endswith(".md")
        try:
            info = os.lstat(path)
        except OSError as exc:
            if is_md:
                self.error(path, f"cannot be read ({_reason(exc)})", "check the file and its folder's permissions")
            return
        if stat.S_ISLNK(info.st_mode):
            target = self.follow(path, report=is_md)
            if target is None:
                return
            try:
                info = os.stat(target)
            except OSError as exc:
                if is_md:
                    self.error(path, f"cannot be read ({_reason(exc)})", "check the file the link points to")
                return
        if stat.S_ISDIR(info.st_mode):
            self.folder(path, kind)     # a folder named x.md is a folder like any other
        elif not is_md:
            return                      # comments data, notes, images: not ours
        elif stat.S_ISREG(info.st_mode):
            self.read(path, kind, info)
        else:
            what = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a regular file")
            self.error(path, f"is {what}, not a file; it was not read",
                       "replace it with a regular Markdown file, or remove it from content/")

    def follow(self, path: Path, report: bool = True) -> Path | None:
        """Where `path` really is, if that is inside the site folder; else None
        (with an error, or a warning when `report` is off, saying why)."""
        if not path.is_symlink():
            target = Path(os.path.realpath(path))
        else:
            link = os.readlink(path)
            problem = None
            try:
                target = path.resolve(strict=True)
            except RuntimeError:            # Python 3.11 says a link loop this way
                problem = f"is a link that loops ({link!r} leads back to itself)"
            except OSError as exc:
                problem = (f"is a link that loops ({link!r} leads back to itself)" if exc.errno == errno.ELOOP
                           else f"is a broken link: {link!r} does not exist")
            if problem:
                if report:
                    self.error(path, problem, "point the link at an existing file or folder, or remove it")
                else:
                    self.warn(path, problem + "; skipped", "point the link at an existing file or folder, or remove it")
                return None
        if not target.is_relative_to(self.real_root):
            if report or target.is_dir():
                self.error(path, f"is a link to {target}, outside the site folder; links must stay inside the site",
                           "copy the file or folder into the site instead of linking to it")
            return None
        return target

    def read(self, path: Path, kind: str, seen: os.stat_result | None = None) -> None:
        relative = self.relative(path)
        times = ((seen.st_size, seen.st_mtime_ns, seen.st_ino, seen.st_ctime_ns)
                 if seen is not None and self.remembered is not None else None)      # only a process that remembers
        if times is not None:
            known = self.remembered.get((relative, kind))
            if known is not None and known[0] == times and known[1]:
                self.record[(relative, kind)] = known
                self.found.append(known[2])
                return
        try:
            # O_NONBLOCK: should the file have become a FIFO since we looked, opening it
            # must not wait for a writer. fstat then checks what we really opened.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            self.problems.append(Diagnostic(relative, 0, "", f"cannot be read ({_reason(exc)})",
                                            "make it readable (chmod u+r), or move it out of content/"))
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                self.problems.append(Diagnostic(relative, 0, "", "is not a regular file; it was not read",
                                                "replace it with a regular Markdown file"))
                return
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read()
        except OSError as exc:
            self.problems.append(Diagnostic(relative, 0, "", f"cannot be read ({_reason(exc)})",
                                            "check the disk and the file, then build again"))
            return
        finally:
            os.close(fd)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(Diagnostic(relative, line, "", "is not UTF-8 text",
                                            "save the file as UTF-8 in your editor"))
            return
        source = SourceFile(relative, kind, text.replace("\r\n", "\n"))
        self.found.append(source)
        if times is not None:
            settled = max(times[1], times[3]) < self.started - int(ledger.RACY_SECONDS * 1e9)
            self.record[(relative, kind)] = (times, settled, source)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__
