"""`<post>.comments.yaml` beside a post → its approved comments, safe to show.

The importer keeps every comment of the export beside its post
(`content/posts/2024/slug.md` → `content/posts/2024/slug.comments.yaml`), as a
list of `{id, parent, author, author_url, date, date_gmt, content, status,
type}`. Only approved comments are published. A comment's body is HTML from
WordPress: it gets WordPress's automatic paragraphs and typography and is then
cleaned (sanitize.py) down to the tags WordPress lets commenters use ($allowedtags);
links get rel="nofollow ugc". Author names stay text; an author URL is kept
only when it is http(s).

Comments are data around a post, not the post: a file that cannot be read is a
warning (the post is built without its comments), never a failed build.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .content import clean_text, load_yaml, parse_date, read_data_file
from .errors import Diagnostic, Reporter
from .model import Comment, Entry, SiteConfig
from .sanitize import comment_html
from .typography import autop, clean_xml_chars, texturize

SUFFIX = ".comments.yaml"
PING_TYPES = ("pingback", "trackback")


def comments_file(source: str) -> str:
    """The comments file of an entry: `content/posts/a.md` → `content/posts/a.comments.yaml`."""
    return source[:-3] + SUFFIX if source.endswith(".md") else source + SUFFIX


def load_comments(root: Path, entries: tuple[Entry, ...], config: SiteConfig,
                  reporter: Reporter | None = None) -> Mapping[str, tuple[Comment, ...]]:
    """Every entry's approved comments, oldest first, by the entry's source path."""
    found: dict[str, tuple[Comment, ...]] = {}
    for entry in entries:
        path = comments_file(entry.source)
        text, problem = read_data_file(root, path)
        if problem is not None:
            _warn(reporter, problem)
            continue
        if text is None:
            continue
        comments = parse_comments(text, path, ZoneInfo(config.timezone), reporter)
        if comments:
            found[entry.source] = comments
    return found


def parse_comments(text: str, path: str, zone: ZoneInfo, reporter: Reporter | None = None) -> tuple[Comment, ...]:
    data, lines, problem = load_yaml(text, path)
    if problem is not None:
        _warn(reporter, problem)
        return ()
    if data is None:
        return ()
    if not isinstance(data, list):
        _warn(reporter, Diagnostic(path, 1, "", "is not a list of comments; the post is shown without them",
                                   "write one - id: …, author: …, date: …, content: … per comment"))
        return ()
    comments = []
    ids: set[int] = set()             # an id given twice: the first comment keeps it
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        try:
            comment = _comment(item, zone)
        except ValueError as why:
            _warn(reporter, Diagnostic(path, line, "", f"comment {index + 1}: {why}; not shown",
                                       "correct it, or remove the comment"))
            continue
        if comment is not None and (not comment.id or comment.id not in ids):
            comments.append(comment)
            ids.add(comment.id)
    return tuple(sorted(comments, key=lambda c: (c.date, c.id)))


def _comment(item: Any, zone: ZoneInfo) -> Comment | None:
    if not isinstance(item, dict):
        raise ValueError("is not a mapping of id, author, date, content")
    if str(item.get("status", "approved")).strip() != "approved":
        return None
    kind = _text(item.get("type"))
    try:
        when = parse_date(item.get("date"), zone)
    except (TypeError, ValueError):
        try:
            when = parse_date(item.get("date_gmt"), ZoneInfo("UTC"))     # WordPress keeps both
        except (TypeError, ValueError):
            raise ValueError(f"the date {item.get('date')!r} is not a date") from None
    return Comment(id=_number(item.get("id"), "id"), parent=_number(item.get("parent"), "parent"),
                   author=_text(item.get("author")) or "Anonymous", author_url=_http_url(item.get("author_url")),
                   date=when, html=sanitize(_text(item.get("content"), multiline=True)),
                   type=kind if kind in PING_TYPES else "")


def sanitize(body: str) -> str:
    """A comment's stored HTML → what may be published (WordPress's comment display filters)."""
    cleaned = comment_html(autop(body))
    return clean_xml_chars(texturize(cleaned)).strip()


def _number(value: Any, what: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(f"{what} {value!r} is not a whole number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a whole number") from None
    if number < 0:
        raise ValueError(f"{what} {value!r} is negative")
    return number


def _text(value: Any, multiline: bool = False) -> str:
    if value is None or isinstance(value, (bool, list, dict)):
        return ""
    return clean_text(str(value), multiline).strip()


def _http_url(value: Any) -> str:
    """An author's URL when it is a plain http(s) URL to a host; else "" (shown as a name only)."""
    url = _text(value)
    if not url or any(ch.isspace() for ch in url) or '"' in url or "<" in url or ">" in url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def _warn(reporter: Reporter | None, problem: Diagnostic) -> None:
    if reporter is not None:
        reporter.warn(problem)
