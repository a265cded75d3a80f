"""The Jinja environment for a theme and its parents.

A theme is a folder `themes/<name>/` with `templates/`, `static/` and an
optional `theme.toml` naming a `parent`. Templates are looked up child first,
then each parent: one `ChoiceLoader` chain, so a child overrides only the
templates it has. Themes are found in the site's own `themes/` folder, then
among the themes that ship with Trackpress. Jinja stays behind this module.
"""
from __future__ import annotations

import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .errors import BuildError, Diagnostic

BUNDLED_THEMES = Path(__file__).resolve().parent / "themes"


@dataclass(frozen=True)
class ThemeInfo:
    name: str
    chain: tuple[Path, ...]        # theme folders, child first


def find_theme(root: Path, name: str) -> ThemeInfo:
    chain: list[Path] = []
    current = name
    while current:
        folder = _locate(root, current)
        if folder is None:
            known = sorted({p.name for base in (root / "themes", BUNDLED_THEMES) if base.is_dir()
                            for p in base.iterdir() if (p / "templates").is_dir()})
            where = "site.toml" if current == name else f"{chain[-1].name}/theme.toml"
            raise BuildError([Diagnostic(where, 0, "theme" if current == name else "parent",
                                         f"no theme named {current!r}",
                                         f"use one of: {', '.join(known) or '(none found)'}, or add themes/{current}/templates/")])
        if folder in chain:
            raise BuildError([Diagnostic(f"themes/{current}/theme.toml", 0, "parent", "themes name each other as parents in a loop",
                                         "remove the parent line from one of them")])
        chain.append(folder)
        current = _parent_of(folder)
    return ThemeInfo(name, tuple(chain))


def _locate(root: Path, name: str) -> Path | None:
    for base in (root / "themes", BUNDLED_THEMES):
        folder = base / name
        if (folder / "templates").is_dir():
            return folder
    return None


def _parent_of(folder: Path) -> str:
    meta = folder / "theme.toml"
    if not meta.is_file():
        return ""
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError([Diagnostic(f"themes/{folder.name}/theme.toml", 0, "", f"not valid TOML: {exc}",
                                     "fix the syntax")]) from None
    parent = data.get("parent", "")
    return parent if isinstance(parent, str) else ""


class Theme:
    """A loaded theme: the Jinja environment (real state: its template cache)."""

    def __init__(self, info: ThemeInfo, root: Path):
        self.info = info
        self.root = root
        loaders = [jinja2.FileSystemLoader(str(folder / "templates")) for folder in info.chain]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def static_dirs(self) -> tuple[Path, ...]:
        """Static folders, parent first, so a child's files win when copied in order."""
        return tuple(folder / "static" for folder in reversed(self.info.chain) if (folder / "static").is_dir())

    def check(self, names: tuple[str, ...]) -> None:
        """Compile every template the build needs, reporting all errors at once."""
        problems = []
        for name in names:
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                problems.append(self._diagnostic(exc.filename, exc.lineno, exc.message or str(exc)))
            except jinja2.TemplateNotFound as exc:
                problems.append(Diagnostic(f"themes/{self.info.name}/templates/{name}", 0, "",
                                           f"template missing (looked for {exc.name})",
                                           f"add it to the theme or to its parent"))
        if problems:
            raise BuildError(problems)

    def render(self, name: str, context: dict[str, Any], source: str) -> str:
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            filename, line = _template_frame(exc)
            raise BuildError([self._diagnostic(filename, line, f"{type(exc).__name__}: {exc} (while rendering {source})")]) from None

    def _diagnostic(self, filename: str | None, line: int | None, message: str) -> Diagnostic:
        path = filename or f"themes/{self.info.name}/templates"
        try:
            path = Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            pass
        return Diagnostic(path, line or 0, "", message, "fix the template (see the Jinja docs) and build again")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering traceback."""
    found: tuple[str | None, int | None] = (getattr(exc, "filename", None), getattr(exc, "lineno", None))
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            found = (frame.filename, frame.lineno)
    return found
