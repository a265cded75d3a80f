"""What a static host does with a request, for a built site folder.

`trackpress serve` answers like Netlify or nginx would with the files the
build wrote: a folder URL serves its `index.html` (and `/x` redirects to
`/x/`), a missing file is `404.html` with status 404, `_headers` gives feeds
their RSS content type, and `_redirects` (the Netlify-format file the build
writes from its checked rules) turns old WordPress URLs, `?p=ID` links and
aliases into real 301s. Reading the written files, not the build's objects,
means the local preview checks exactly what will be deployed.

Never a file outside the site: a request path is decoded once (as hosts do)
and refused if any segment is `.` or `..`, empty, or holds a backslash, NUL
or other control character; the file found is resolved (symlinks too) and
must lie inside the folder.
"""
from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote

QUERY_HOP = "/.wp/"                 # redirects.QUERY_PREFIX: `/?name=value` hops through `/.wp/name/value`
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "application/rss+xml",
              "image/svg+xml")


@dataclass(frozen=True)
class HostRules:
    """`_redirects` and `_headers` of one build, read once per build."""
    paths: dict[str, str] = field(default_factory=dict)                 # decoded source (no trailing /) → target
    queries: dict[tuple[str, str], str] = field(default_factory=dict)   # (name, decoded value) → target
    headers: dict[str, dict[str, str]] = field(default_factory=dict)    # decoded path → {header: value}


@dataclass(frozen=True)
class Answer:
    """What to send: a file (status 200 or 404), a redirect, or nothing found at all."""
    status: int
    file: Path | None = None        # the file to send (its bytes are read by the caller)
    relative: str = ""              # that file's path inside the site folder ("2024/05/x/index.html")
    location: str = ""              # for 301s
    content_type: str = ""
    candidates: tuple[str, ...] = ()  # for a 404: the files that would have answered, had they existed


def read_rules(folder: Path, base: str = "") -> HostRules:
    """The rules in `folder/_redirects` and `folder/_headers` (missing files: no rules).
    Sources are stored decoded and without `base`, as requests are matched."""
    rules = HostRules()
    for line in _lines(folder / "_redirects"):
        fields = line.split()
        if len(fields) == 3 and fields[2] == "301":
            source = _strip_base(unquote(fields[0]), base)
            if source is not None:
                rules.paths[source.rstrip("/") or "/"] = fields[1]
        elif len(fields) == 4:
            continue    # `/  p=:value  /.wp/p/:value  301!`: the hop itself; its targets are the 3-field lines
    for source, target in list(rules.paths.items()):
        if source.startswith(QUERY_HOP):
            name, _, value = source[len(QUERY_HOP):].partition("/")
            if name and value:
                rules.queries[(name, value)] = target
            del rules.paths[source]
    current: str | None = None
    for line in _lines(folder / "_headers", keep_indent=True):
        if not line[:1].isspace():
            current = _strip_base(unquote(line.strip()), base)
        elif current is not None and ":" in line:
            name, _, value = line.strip().partition(":")
            rules.headers.setdefault(current, {})[name.strip().lower()] = value.strip()
    return rules


def _lines(path: Path, keep_indent: bool = False) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.rstrip() if keep_indent else line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _strip_base(path: str, base: str) -> str | None:
    if not base:
        return path
    if path == base or path.startswith(base + "/"):
        return path[len(base):] or "/"
    return None


def site_segments(raw_path: str) -> list[str] | None:
    """The request path's segments, decoded, or None when it could lead anywhere
    but a file of the site: `.`/`..` (also encoded), empty segments (`//x`),
    backslashes, control characters, invalid UTF-8. `/a/b/` → ["a", "b", ""]."""
    if not raw_path.startswith("/"):
        return None
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in decoded):
        return None
    segments = decoded.split("/")[1:]
    for i, segment in enumerate(segments):
        if segment in (".", "..") or (segment == "" and i < len(segments) - 1):
            return None
    return segments


def answer(folder: Path, raw_path: str, query: str, rules: HostRules, base: str = "") -> Answer:
    """How a static host answers GET `raw_path?query` from `folder` served at `base`."""
    if base and (raw_path == base or not raw_path.startswith(base + "/")):
        if raw_path in ("/", base):
            return Answer(301, location=base + "/" + (f"?{query}" if query else ""))
        return _not_found(folder, ())
    inner = raw_path[len(base):]
    segments = site_segments(inner)
    if segments is None:
        return _not_found(folder, ())
    if segments == [""] and query:
        for name, value in parse_qsl(query, keep_blank_values=True):
            target = rules.queries.get((name, value))
            if target:
                return Answer(301, location=target)
    relative = "/".join(segments)
    is_folder_url = relative == "" or relative.endswith("/")
    wanted = relative + "index.html" if is_folder_url else relative
    found = _inside(folder, wanted)
    if found is not None and found.is_file():
        return Answer(200, found, wanted, content_type=content_type(wanted, rules.headers.get("/" + relative)))
    if not is_folder_url:
        index = _inside(folder, relative + "/index.html")
        if index is not None and index.is_file():
            return Answer(301, location=base + quote_request(inner) + "/" + (f"?{query}" if query else ""))
    target = rules.paths.get(("/" + relative).rstrip("/") or "/")
    if target:
        return Answer(301, location=target)
    return _not_found(folder, (wanted,) if is_folder_url else (wanted, relative + "/index.html"))


def _not_found(folder: Path, candidates: tuple[str, ...]) -> Answer:
    page = _inside(folder, "404.html")
    if page is not None and page.is_file():
        return Answer(404, page, "404.html", content_type="text/html; charset=utf-8", candidates=candidates)
    return Answer(404, content_type="text/plain; charset=utf-8", candidates=candidates)


def _inside(folder: Path, relative: str) -> Path | None:
    """`folder/relative` when it resolves (symlinks followed) to a place inside `folder`."""
    root = os.path.realpath(folder)
    real = os.path.realpath(os.path.join(root, *relative.split("/")))
    if os.path.commonpath([root, real]) != root:
        return None
    return Path(real)


def quote_request(path: str) -> str:
    """A decoded-then-checked path, percent-encoded again for a Location header."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(unquote(path), safe="/-_.~"))


def content_type(relative: str, headers: dict[str, str] | None) -> str:
    """The `_headers` content type when the build wrote one for this URL, else the
    file's extension's (UTF-8 for text)."""
    if headers and "content-type" in headers:
        return headers["content-type"]
    guessed = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    if guessed.startswith(TEXT_TYPES):
        return guessed + "; charset=utf-8"
    return guessed
