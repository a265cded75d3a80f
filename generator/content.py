"""Front matter → typed `Entry` objects.

Line numbers in messages count from the top of the file (the opening `---` is
line 1). Every file is checked and every problem pooled before anything stops.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Callable
from zoneinfo import ZoneInfo

import frontmatter
import yaml

from .errors import Diagnostic, Reporter, raise_if_any
from .model import Author, Enclosure, Entry, SiteConfig, SourceFile
from .urls import expand_permalink, join_url, normalize_path, quote_path, slugify

DATE_HINT = "use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ"
KNOWN_KEYS = {
    "title", "date", "updated", "slug", "author", "author_slug", "categories", "tags",
    "excerpt", "draft", "id", "guid", "permalink", "aliases", "sticky", "image", "parent",
    "enclosures", "format", "lang",
}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml's parser where installed
    """YAML without implicit timestamps: dates reach us as text so a bad one
    gets our message, not a YAML traceback."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_entries(sources: tuple[SourceFile, ...], config: SiteConfig,
                  reporter: Reporter | None = None) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    for source in sources:
        entry = parse_entry(source, config, problems)
        if entry is not None:
            entries.append(entry)
    raise_if_any(problems)
    return tuple(entries)


def parse_entry(source: SourceFile, config: SiteConfig, problems: list[Diagnostic]) -> Entry | None:
    """One file → an Entry, or None with its problems appended."""
    before = len(problems)
    header = _split(source, problems)
    if header is None:
        return None
    meta, lines, body, body_line = header

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(source.path, lines.get(key, 1), key, message, hint))

    fields = _Fields(meta, bad)
    title = fields.text("title", required=True, hint='add a line like title: "My new track"')
    zone = ZoneInfo(config.timezone)
    when = fields.get("date", lambda v: _to_datetime(v, zone), DATE_HINT, required=True)
    updated = fields.get("updated", lambda v: _to_datetime(v, zone), DATE_HINT)
    slug = fields.text("slug")
    author_name = fields.text("author") or config.author
    author_slug = fields.text("author_slug") or slugify(author_name)
    categories = fields.names("categories")
    tags = fields.names("tags")
    excerpt = fields.text("excerpt", default=None)
    draft = fields.flag("draft")
    sticky = fields.flag("sticky")
    wp_id = fields.get("id", _to_id, "use the WordPress post ID, a whole number like 8343")
    guid = fields.text("guid")
    permalink = fields.get("permalink", _to_path, 'write a site path like "/2024/05/21/my-post/"')
    aliases = fields.get("aliases", lambda v: tuple(_to_path(a) for a in _as_list(v)),
                         'write a list of old site paths like ["/old-url/"]') or ()
    image = fields.text("image")
    language = fields.get("lang", _to_language, 'write a language tag like lang: ja or lang: pt-BR') or ""
    parent = fields.text("parent")
    enclosures = fields.get("enclosures", _to_enclosures,
                            "write a list of {url: …, length: bytes, type: audio/mpeg}") or ()
    body_format = fields.get("format", _to_format, 'use "markdown" (the default), "html" (finished HTML) or "wordpress" (classic-editor HTML: paragraphs added like WordPress)') or "markdown"
    if len(problems) > before or when is None or title is None:
        return None

    slug = slug or slugify(title) or slugify(source.path.rsplit("/", 1)[-1][:-3])
    if permalink:
        url = permalink
    elif source.kind == "page":
        url = quote_path("/" + (parent.strip("/") + "/" if parent else "") + slug + "/")
    else:
        url = expand_permalink(config.permalink, when, slug, wp_id,
                               slugify(categories[0]) if categories else "", author_slug)
    if not guid:
        guid = f"{config.base_url}/?p={wp_id}" if wp_id is not None else join_url(config.base_url, url)
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    return Entry(
        kind=source.kind, source=source.path, title=title, slug=slug, date=when,
        updated=updated or when, author=Author(author_name, author_slug), url=url, guid=guid,
        body=body, body_line=body_line, format=body_format, categories=categories, tags=tags,
        excerpt=excerpt, draft=bool(draft), wp_id=wp_id, sticky=bool(sticky), image=image,
        aliases=tuple(aliases), parent=parent, enclosures=tuple(enclosures), language=language, extra=extra,
    )


def _split(source: SourceFile, problems: list[Diagnostic]):
    """Front matter → (mapping, key → line, body, body line), or None.

    python-frontmatter hands back the YAML starting with the newline that ends
    the opening --- line, so YAML's 0-based line n is the file's line n + 1.
    """
    handler = frontmatter.YAMLHandler()
    if not handler.detect(source.text):
        problems.append(Diagnostic(source.path, 1, "", "no front matter",
                                   "start the file with a --- line, then title: and date:, then ---"))
        return None
    try:
        raw, body = handler.split(source.text)
    except ValueError:
        problems.append(Diagnostic(source.path, 1, "", "front matter is not closed",
                                   "end the front matter with a line of three dashes: ---"))
        return None
    try:
        loader = _Loader(raw)       # one parse gives both the values and their lines
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if "end of stream" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None):
            mark = exc.context_mark     # an unclosed quote: point where it opened, not at the end
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Diagnostic(source.path, line, "", f"front matter is not valid YAML: {what}",
                                   'check indentation and quote values containing ": " or starting with a quote'))
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Diagnostic(source.path, 2, "", "front matter is not a set of key: value lines",
                                   "write one key: value per line"))
        return None
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    # The body exactly as stored after the closing --- line (python-frontmatter
    # trims it; an imported HTML body must stay byte for byte).
    closing = _CLOSING.search(source.text)
    body_start = closing.end() if closing else len(source.text) - len(body)
    body = source.text[body_start:]
    body_line = source.text.count("\n", 0, body_start) + 1
    return meta, lines, body, body_line


_CLOSING = re.compile(r"\A-{3,}[ \t]*\n.*?^-{3,}[ \t]*(\n|\Z)", re.S | re.M)


class _Fields:
    """Typed access to front-matter values; a bad value reports and yields None."""

    def __init__(self, meta: dict[str, Any], bad: Callable[[str, str, str], None]):
        self.meta, self.bad = meta, bad

    def get(self, key: str, convert: Callable[[Any], Any], hint: str, required: bool = False):
        if key not in self.meta or self.meta[key] is None or self.meta[key] == "":
            if required:
                self.bad(key, "missing", hint)
            return None
        value = self.meta[key]
        try:
            return convert(value)
        except (TypeError, ValueError) as exc:
            self.bad(key, str(exc) or f"{value!r} is not valid", hint)
            return None

    def text(self, key: str, required: bool = False, hint: str = "", default: Any = ""):
        result = self.get(key, _to_text, hint or f'write it as text, like {key}: "…"', required)
        return default if result is None else result

    def names(self, key: str) -> tuple[str, ...]:
        return self.get(key, lambda v: tuple(_to_text(x) for x in _as_list(v)),
                        f'write a list like {key}: ["Mixing", "Gear"]') or ()

    def flag(self, key: str) -> bool:
        return bool(self.get(key, _to_bool, f"write {key}: true or {key}: false"))


def _to_text(value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise ValueError(f"{_show(value)} is not text")
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    return text


def _to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{_show(value)} is not true or false")
    return value


def _to_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{_show(value)} is not a post ID")
    return value


def _to_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip().startswith("/"):
        raise ValueError(f"{_show(value)} is not a site path starting with /")
    if any(part in (".", "..") for part in value.strip().split("/")):
        raise ValueError(f"{_show(value)} has a . or .. segment")
    return normalize_path(value)


def _to_language(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ValueError(f"{_show(value)} is not a language tag")
    return value


def _to_format(value: Any) -> str:
    if value not in ("markdown", "html", "wordpress"):
        raise ValueError(f"{_show(value)} is not a known format")
    return value


def _to_enclosures(value: Any) -> tuple[Enclosure, ...]:
    out = []
    for item in _as_list(value):
        if not (isinstance(item, dict) and isinstance(item.get("url"), str)):
            raise ValueError(f"{_show(item)} is not an enclosure")
        length = item.get("length", 0)
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise ValueError(f"length {_show(length)} is not a size in bytes")
        out.append(Enclosure(item["url"], length, str(item.get("type", "application/octet-stream"))))
    return tuple(out)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        raise ValueError(f"{_show(value)} is not a list")
    return list(value) if isinstance(value, list) else [value]


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def _to_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """Front-matter date → aware datetime; a time without offset is in the site's zone."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if not _DATE_RE.match(text):
            raise ValueError(f'"{text}" is not a date')
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f'"{text}" is not a date') from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
