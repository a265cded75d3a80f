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
import jinja2.environment
import jinja2.meta
import jinja2.runtime

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
        # A build reads each template once: auto_reload off spares an os.stat of the file at every
        # {% include %} and {% extends %} (53,000 at 1,000 posts). Edited templates are still seen:
        # trackpress serve makes a new Theme when a template file changes (build.py's theme memo).
        self.env = _Environment(
            loader=jinja2.ChoiceLoader(loaders),
            auto_reload=False,
            cache_size=-1,                      # every template stays compiled: a theme has a few dozen
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["url"] = _url_filter
        self.env.template_class = _Template
        self._reads: dict[str, tuple[str, ...] | None] = {}     # template name → the names it reads, sorted
        # template name → (the context names its own source reads, the templates it names), None when it
        # cannot be parsed or names a template by an expression: each source parsed once per Theme
        self._parsed: dict[str, tuple[frozenset[str], tuple[str, ...]] | None] = {}

    def fragments(self, *stable: Any) -> "Fragments":
        """A new, empty record of rendered partials for one run of pages (see `Fragments`); `stable`
        are the objects that stay the same on every page of it (the common context's values)."""
        return Fragments(self, (*stable, *self.env.globals.values()))

    def prepare(self, names: tuple[str, ...]) -> None:
        """Compile the templates `names` reach (includes, imports, extends) and find what each reads,
        now rather than at first use: before forking workers, so that each does not do it again. A
        template that cannot be read or compiled is left for rendering to report."""
        todo, seen = list(names), set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            self._reads_of(name)
            try:
                self.env.get_template(name)
            except Exception:                         # rendering reports it, with the page that needs it
                continue
            parsed = self._parsed.get(name)
            todo += parsed[1] if parsed is not None else ()

    def _reads_of(self, name: str) -> tuple[str, ...] | None:
        """The context names a template reads, with every template it includes, imports or extends
        (as this theme's loader chain finds them); None when one of those is named by an expression,
        so that what it reads cannot be known. Computed once per template per Theme: the sources do
        not change under a Theme (a changed file makes a new one)."""
        if name not in self._reads:
            names: set[str] = {"base_path"}           # read by the |url filter through the context
            todo, seen = [name], set()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                parsed = self._parse(current)
                if parsed is None:
                    break
                names |= parsed[0]
                todo += parsed[1]
            self._reads[name] = tuple(sorted(names)) if parsed is not None else None
        return self._reads[name]

    def _parse(self, name: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """What one template's own source reads and names (see `_parsed`)."""
        if name not in self._parsed:
            self._parsed[name] = None
            try:
                tree = self.env.parse(self.env.loader.get_source(self.env, name)[0], name)
                referenced = tuple(jinja2.meta.find_referenced_templates(tree))
                if None not in referenced:
                    self._parsed[name] = (frozenset(jinja2.meta.find_undeclared_variables(tree)), referenced)
            except Exception:                         # unreadable or broken: rendering reports it
                pass
        return self._parsed[name]

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

    def render(self, name: str, context: dict[str, Any], source: str, fragments: "Fragments | None" = None) -> str:
        """Render one template. Any error a template causes — Jinja's own, or a
        Python error inside it (`{{ 1/0 }}`, a bad filter argument, a partial
        that includes itself) — becomes a Diagnostic naming the template and line.
        With `fragments`, a partial it includes that was rendered before with the
        same values is not rendered again (see `Fragments`)."""
        try:
            if fragments is not None:
                context = {**context, _FRAGMENTS: fragments}
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


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with `post.url` on a view dict looked up as the key straight away.
    Jinja tries the attribute first and the key after the AttributeError; a plain dict has no
    attribute but dict's own (`items`, `keys`…), so for any other name the result is the same
    without raising and catching an exception at each of a page's ~150 lookups."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_FRAGMENTS = "__trackpress_fragments__"      # the context key Theme.render gives a run's Fragments under
FRAGMENT_BYTES = 8 << 20                      # at most this much kept a run (~5,000 cards); past it, rendered
_SHORT = 64                                   # strings up to this length key a fragment by their value
_MISSING = ("missing",)                       # the parts of a key that are not values
_TOKEN = "token"
_OBJECT = "object"


class Fragments:
    """Partials rendered in one run of pages (one build's pages in one process), by what they read.

    A post's card is on about ten listing pages (home, year, month, day, categories, tags, author):
    it is rendered the second time it is seen and then reused, byte for byte (once the cards kept so
    far have been reused, the first time: see `_eager`). A template's output
    depends only on the values of the context names it reads (`Theme._reads_of`, with everything it
    includes) and on the theme's files, so the key is the template's name and, for each name it
    reads, its value: undefined, an int or bool, a short string (by value), or an object registered
    with `stable` (by the token it was registered with). A value of any other kind (a page's own
    content, a loop variable, a list made for one page) means no reuse for that call: it is
    rendered as usual. Child themes' overrides are what the loader chain finds, so an override is
    analysed and keyed like any other template. Lives only as long as the run: never kept on the
    Theme (a long-lived server reuses the Theme across builds whose posts differ)."""

    def __init__(self, theme: Theme, stable: tuple[Any, ...] = ()):
        self._theme = theme
        self._tokens: dict[int, Any] = {}         # id of a registered object → its token
        self._held: dict[int, Any] = {}           # … and the object, so that its id is not reused
        self._seen: set[int] = set()              # hashes of keys met once: a fragment is kept only when met
        #                                           again (two keys of one hash: kept at once, no harm)
        self._done: dict[tuple, bytes] = {}       # UTF-8: a card's "→" would make its str 2 bytes a character
        self._size = 0                            # bytes in _done
        self.limit = FRAGMENT_BYTES
        self._busy = 0                            # > 0 while a fragment being kept is rendered
        self._keeps: dict[str, int] = {}          # template name → fragments of it kept …
        self._hits: dict[str, int] = {}           # … and times one of them was used again
        for value in stable:
            self.stable(value)

    def stable(self, value: Any, token: Any = None) -> Any:
        """Register an object that no page of the run changes. Its `token` (hashable) must stand
        for what it holds, for the whole run: an object made again with the same content (a post's
        view, made again for the next chunk of pages) may carry the same token, and then finds
        what was rendered from the first. Without a token, the object itself stands for itself
        (kept for the run)."""
        self._tokens[id(value)] = (_TOKEN, token) if token is not None else (_OBJECT, id(value))
        self._held[id(value)] = value
        return value

    def _eager(self, name: str) -> bool:
        """Whether a fragment of template `name` is kept the first time it is met: when those of it kept so
        far were used again at least once each on average (a card, in a run of listing pages), a new one
        will be too, and rendering it a second time before keeping it is waste. A template most of whose
        fragments are met once (a single post's own partials) is kept only when met again."""
        return self._hits.get(name, 0) >= self._keeps.get(name, 1)

    def _key(self, template: "jinja2.Template", context: Any) -> tuple | None:
        names = self._theme._reads_of(template.name) if template.name else None
        if names is None:
            return None
        key: list[Any] = [template.name]
        tokens = self._tokens
        for name in names:
            value = context.resolve_or_missing(name)
            if value is jinja2.runtime.missing:
                key.append(_MISSING)
            elif type(value) is str and len(value) <= _SHORT:
                key.append(value)                 # no other part of a key is a str
            elif value is None or type(value) is bool or type(value) is int or (
                    isinstance(value, str) and len(value) <= _SHORT):
                key.append((type(value), value))  # True is not 1, Markup("a") is not "a"
            elif id(value) in tokens:
                key.append(tokens[id(value)])
            else:
                return None
        return tuple(key)


class _Template(jinja2.Template):
    """A template whose rendering asks the run's `Fragments` first (when the context carries one)."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        template = super()._from_namespace(environment, namespace, globals)
        render = template.root_render_func

        def root_render_func(context):
            # not a generator itself: a template that is not kept (every page, most partials) streams
            # as Jinja's own function does, with no generator in between
            fragments = context.get(_FRAGMENTS)
            # a template rendered with blocks (a page, or a parent of a template that extends it) shows
            # what the blocks say: never kept
            key = (fragments._key(template, context) if fragments is not None and not fragments._busy
                   and not context.blocks else None)
            if key is None:
                return render(context)
            kept = fragments._done.get(key)
            name = template.name
            if kept is not None:
                fragments._hits[name] = fragments._hits.get(name, 0) + 1
                return _once(kept.decode("utf-8"))
            if fragments._size >= fragments.limit or (hash(key) not in fragments._seen and not fragments._eager(name)):
                fragments._seen.add(hash(key))
                return render(context)
            fragments._keeps[name] = fragments._keeps.get(name, 0) + 1
            fragments._busy += 1                  # what it includes is part of it: not kept apart
            try:
                text = "".join(render(context))
            finally:
                fragments._busy -= 1
            kept = fragments._done[key] = text.encode("utf-8")
            fragments._size += len(kept)
            return _once(text)

        template.root_render_func = root_render_func
        return template

    def make_module(self, vars=None, shared=False, locals=None):
        """`{% import … with context %}` and `{% from … import … with context %}`: the module's body
        runs for the names it defines (macros, sets), so it is never a kept fragment, nor is
        anything it includes (the context says there is no Fragments for it)."""
        context = self.new_context(vars, shared, locals)
        context.vars[_FRAGMENTS] = None
        return jinja2.environment.TemplateModule(self, context)


def _once(text: str):
    """A kept fragment as the one event of a render stream (a generator: an include closes it)."""
    yield text


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
