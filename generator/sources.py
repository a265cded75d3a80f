"""Walk `content/` in sorted order and read each Markdown file.

Only `content/posts/**/*.md` (posts) and `content/pages/**/*.md` (pages) are
entries; other files there (comments data, notes) are left alone. Hidden files
and editor leftovers are skipped.
"""
from __future__ import annotations

from pathlib import Path

from .errors import Diagnostic, Reporter
from .model import SourceFile

KINDS = (("posts", "post"), ("pages", "page"))


def read_sources(root: Path, reporter: Reporter | None = None) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Every readable entry file, and the problems with the others (returned,
    not raised, so the build can report them beside every other file's)."""
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for folder, kind in KINDS:
        base = root / "content" / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md")):
            relative = path.relative_to(root).as_posix()
            if any(part.startswith((".", "_")) or part.endswith("~") for part in path.relative_to(base).parts):
                continue
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = path.read_bytes()[: exc.start].count(b"\n") + 1
                problems.append(Diagnostic(relative, line, "", "is not UTF-8 text",
                                           "save the file as UTF-8 in your editor"))
                continue
            found.append(SourceFile(relative, kind, text.replace("\r\n", "\n")))
    return tuple(found), tuple(problems)
