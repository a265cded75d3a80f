"""The Jinja environment for a theme and its parents.

A theme is a folder `themes/<name>/` with `templates/`, `static/` and an
optional `theme.toml` naming a `parent`. Templates are looked up child first,
then each parent: one `ChoiceLoader` chain, so a child overrides only the
templates it has. Themes are found in the site's own `themes/` folder, then
among the themes that ship with Trackpress. Jinja stays behind this module.
"""
from __future__ import annotations

import re
import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .buildenv import BUNDLED_THEMES
from .errors import BuildError, Diagnostic, TrackpressError
from .urls import site_url



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
        current = _parent_of(folder, root)
    return ThemeInfo(name, tuple(chain))


def _locate(root: Path, name: str) -> Path | None:
    for base in (root / "themes", BUNDLED_THEMES):
        folder = base / name
        if (folder / "templates").is_dir():
            return folder
    return None


def _parent_of(folder: Path, root: Path) -> str:
    """The `parent` named in a theme's theme.toml, "" if none; a theme.toml that
    cannot be read, is not TOML, or names a parent oddly is an error, never ignored."""
    meta = folder / "theme.toml"
    where = _shown(meta, root)

    def fail(message: str, hint: str, line: int = 0):
        raise BuildError([Diagnostic(where, line, "parent" if "parent" in message else "", message, hint)])

    if not meta.exists():
        return ""
    if not meta.is_file():
        fail("is not a regular file", "make theme.toml a text file, or remove it")
    try:
        data = meta.read_bytes()
    except OSError as exc:
        fail(f"cannot be read ({exc.strerror or type(exc).__name__})", "make theme.toml readable (chmod u+r)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail("is not UTF-8 text", "save the file as UTF-8 in your editor", data[: exc.start].count(b"\n") + 1)
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        fail(f"not valid TOML: {exc}", "fix the syntax", int(found.group(1)) if found else 0)
    parent = parsed.get("parent", "")
    line = next((i for i, l in enumerate(text.splitlines(), 1) if re.match(r"\s*\"?parent\"?\s*=", l)), 0)
    if not isinstance(parent, str):
        fail(f"parent {parent!r} is not a theme name", 'write it as parent = "default"', line)
    if parent and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", parent):
        fail(f"parent {parent!r} is not a theme folder name", 'write the name of a theme folder, like parent = "default"', line)
    return parent


def _shown(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the site root where possible."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


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
        self.env.filters["url"] = _url_filter

    def template_files(self) -> dict[str, bytes]:
        """Every file under the chain's template folders (any of them an `include` can reach), by
        "<chain position>:<path in templates/>", for page keys (reuse.py). Unreadable ones read as empty:
        the template check reports them."""
        found: dict[str, bytes] = {}
        for position, folder in enumerate(self.info.chain):
            top = folder / "templates"
            for path in sorted(top.rglob("*")) if top.is_dir() else ():
                try:
                    if path.is_file():
                        found[f"{position}:{path.relative_to(top).as_posix()}"] = path.read_bytes()
                except OSError:
                    found[f"{position}:{path.relative_to(top).as_posix()}"] = b""
        return found

    def static_dirs(self) -> tuple[Path, ...]:
        """Static folders, parent first, so a child's files win when copied in order."""
        return tuple(folder / "static" for folder in reversed(self.info.chain) if (folder / "static").is_dir())

    def has(self, name: str) -> bool:
        """Whether the theme (or a parent) has the template: optional pages are planned only then."""
        return any((folder / "templates" / name).is_file() for folder in self.info.chain)

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
                                           "add it to the theme or to its parent"))
            except UnicodeDecodeError:
                problems.append(Diagnostic(_shown(Path(self._find(name)), self.root), 0, "", "is not UTF-8 text",
                                           "save the template as UTF-8 in your editor"))
            except OSError as exc:
                problems.append(Diagnostic(_shown(Path(self._find(name)), self.root), 0, "", f"cannot be read ({exc.strerror or type(exc).__name__})",
                                           "make the template a readable file"))
        if problems:
            raise BuildError(problems)

    def render(self, name: str, context: dict[str, Any], source: str) -> str:
        """Render one template. Any error a template causes — Jinja's own, or a
        Python error inside it (`{{ 1/0 }}`, a bad filter argument, a partial
        that includes itself) — becomes a Diagnostic naming the template and line."""
        try:
            return self.env.get_template(name).render(context)
        except TrackpressError:
            raise
        except RecursionError as exc:
            filename, line = _template_frame(exc)
            raise BuildError([self._diagnostic(
                filename or self._find(name), line,
                f"templates include or extend each other without end (while rendering {source})",
                "remove the include or extends that leads back to this template")]) from None
        except Exception as exc:
            filename, line = _template_frame(exc)
            raise BuildError([self._diagnostic(filename or self._find(name), line,
                                               f"{type(exc).__name__}: {exc} (while rendering {source})")]) from None

    def _find(self, name: str) -> str:
        """The file a template name stands for (the first in the chain that has it)."""
        for folder in self.info.chain:
            if (folder / "templates" / name).exists():
                return str(folder / "templates" / name)
        return f"themes/{self.info.name}/templates/{name}"

    def _diagnostic(self, filename: str | None, line: int | None, message: str,
                    hint: str = "fix the template (see the Jinja docs) and build again") -> Diagnostic:
        path = filename or f"themes/{self.info.name}/templates"
        return Diagnostic(_shown(Path(path), self.root), line or 0, "", message, hint)


@jinja2.pass_context
def _url_filter(context: Any, path: str) -> str:
    """`{{ "/about/"|url }}`: a site path as the browser follows it, with the
    site's base path in front when the site lives in a folder ("/blog/about/").
    Absolute URLs, fragments and relative links pass unchanged."""
    return site_url(context.get("base_path", ""), path)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering traceback."""
    found: tuple[str | None, int | None] = (getattr(exc, "filename", None), getattr(exc, "lineno", None))
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            found = (frame.filename, frame.lineno)
    return found
