"""List the files a build copies as they are: the theme's `static/` folders
and the site's own `static/`.

Only listing happens here (no file is opened), so the plan can place every
copy before anything is written. Dot-files and dot-folders (`.git/`,
`.DS_Store`) and editor leftovers are skipped, except `.well-known/`, which
hosts and other services read. A symlink is followed only when it points
inside the site (or the theme that holds it); one that points outside, dangles
or loops is a problem, and so is anything that is not a regular file.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, Reporter

KEPT_DOT_FOLDERS = (".well-known",)


@dataclass(frozen=True)
class StaticFile:
    relative: str      # POSIX path below the static folder: "img/cover.jpg"
    source: str        # the file as the user knows it: "static/img/cover.jpg"
    absolute: str      # where to copy it from


def list_static(folder: Path, root: Path, shown_as: str, reporter: Reporter | None = None
                ) -> tuple[tuple[StaticFile, ...], tuple[Diagnostic, ...]]:
    """Every copyable file below `folder`, sorted; symlinks must stay inside `root`.

    `shown_as` is how messages name the folder ("static", "themes/dark/static").
    """
    found: list[StaticFile] = []
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        return (), ()
    inside = root.resolve()
    visited: set[str] = set()

    def walk(directory: Path, relative: str) -> None:
        real = os.path.realpath(directory)
        if real in visited:                   # a folder symlink back into itself
            return
        visited.add(real)
        try:
            names = sorted(os.listdir(directory))
        except OSError as exc:
            problems.append(Diagnostic(_shown(shown_as, relative), 0, "", f"cannot be read ({exc.strerror})",
                                       "check the folder's permissions"))
            return
        for name in names:
            rel = f"{relative}/{name}" if relative else name
            shown = _shown(shown_as, rel)
            if _skipped(name):
                continue
            path = directory / name
            try:
                info = os.lstat(path)
            except OSError as exc:
                problems.append(Diagnostic(shown, 0, "", f"cannot be read ({exc.strerror})", "check its permissions"))
                continue
            if stat.S_ISLNK(info.st_mode):
                target = _link_target(path, inside, shown, problems)
                if target is None:
                    continue
                info = os.stat(target)
            if stat.S_ISDIR(info.st_mode):
                walk(path, rel)
            elif stat.S_ISREG(info.st_mode):
                found.append(StaticFile(rel, shown, str(path.resolve())))
            elif reporter is not None:
                reporter.warn(Diagnostic(shown, 0, "", "is not a regular file (a pipe, socket or device); not copied",
                                         "remove it from the static folder"))

    walk(folder, "")
    return tuple(found), tuple(problems)


def _skipped(name: str) -> bool:
    return (name.startswith(".") and name not in KEPT_DOT_FOLDERS) or name.endswith("~") or name == "__pycache__"


def _link_target(path: Path, inside: Path, shown: str, problems: list[Diagnostic]) -> Path | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Diagnostic(shown, 0, "", "is a symlink that points nowhere (or loops)",
                                   "fix or remove the link"))
        return None
    if not target.is_relative_to(inside):
        problems.append(Diagnostic(shown, 0, "", f"is a symlink to {target}, outside the site folder",
                                   "copy the file into the site instead; links may only point inside it"))
        return None
    return target


def _shown(prefix: str, relative: str) -> str:
    return f"{prefix}/{relative}" if relative else prefix
