"""Front matter → typed `Entry` objects.

Line numbers in messages count from the top of the file (the opening `---` is
line 1). Every file is checked and every problem pooled before anything stops.

A draft never stops a build: without `--drafts` a draft's problems are warnings
and the draft is skipped; with `--drafts` it must be as valid as a published post.
Categories and tags are resolved through `content/terms.yaml` (see terms.py):
each entry carries the declared term's name and slug.

The YAML reading the data files beside the content share (`terms.yaml`,
`*.comments.yaml`) lives here too, so PyYAML stays behind this module.
"""
from __future__ import annotations

import difflib
import multiprocessing
import os
import re
import stat
from datetime import date, datetime, time, timezone
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import frontmatter
import yaml

from .audio import Media, media_type
from .config import url_problem
from .errors import Diagnostic, Reporter, raise_if_any
from .forking import shared_with_workers
from .model import Author, Enclosure, Entry, Release, ReleaseTrack, SiteConfig, SourceFile, Vocabulary
from .parsecache import prepare
from .urls import MAX_SEGMENT_BYTES, expand_permalink, join_url, normalize_path, quote_path, slugify

DATE_HINT = "use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ"
# Dates a site can use, local and in GMT. WordPress (MySQL DATETIME) keeps years
# 1000-9999; the last year is left out so that no later step (GMT conversion in
# feeds, archive ranges) can step past the end of the calendar.
FIRST_YEAR, LAST_YEAR = 1000, 9998
RANGE_HINT = f"use a date in the years {FIRST_YEAR} to {LAST_YEAR}"
SLUG_HINT = 'write a slug like slug: "my-new-track" (letters, digits and hyphens; no / or \\)'
PATH_HINT = 'write a site path like "/2024/05/21/my-post/"'
KNOWN_KEYS = {
    "title", "date", "updated", "slug", "author", "author_slug", "categories", "tags",
    "excerpt", "draft", "id", "guid", "permalink", "aliases", "sticky", "image", "parent",
    "enclosures", "format", "lang", "protected", "audio", "video", "release",
}
# Slugs WordPress never gives a post it names itself (wp_unique_post_slug): the feed
# names and "embed" would be read as a feed or an embed of the parent URL; a page
# named like a page number ("2", "page2") would be read as pagination.
FEED_SLUGS = ("feed", "rdf", "rss", "rss2", "atom", "embed")
_PAGED_SLUG = re.compile(r"(page)?\d+")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml's parser where installed
    """YAML without implicit timestamps: dates reach us as text so a bad one
    gets our message, not a YAML traceback."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_entries(sources: tuple[SourceFile, ...], config: SiteConfig, reporter: Reporter | None = None,
                  drafts: bool = False, vocabulary: Vocabulary | None = None,
                  media: Media | None = None) -> tuple[Entry, ...]:
    """Every entry, or a `BuildError` with every file's problems."""
    entries, problems = read_entries(sources, config, reporter, drafts, vocabulary, media)
    raise_if_any(list(problems))
    return entries


def read_entries(sources: tuple[SourceFile, ...], config: SiteConfig, reporter: Reporter | None = None,
                 drafts: bool = False, vocabulary: Vocabulary | None = None, media: Media | None = None,
                 memo: Any = None, jobs: int = 1) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """The entries that parsed, and the problems of the rest (so the build can
    still check the good ones' URLs in the same run).

    Unless `drafts` (the build publishes drafts), a draft's problems are
    warnings and the draft is left out: fields that matter once published
    (a date WordPress left at 0000-00-00, a permalink) never block a build.

    With `media` (the site's static files, audio and video probed), enclosures,
    `audio:`, `video:` and release tracks that are site paths must name a file
    in it; their byte length, type and duration are read from the file.

    With `memo` (a parsecache.ParseCache made for the same config, terms and
    media), an entry parsed before is taken from it, with its warnings, and
    every entry that parsed cleanly is given to it.

    With `jobs` > 1 and at least PARALLEL_PARSE files to parse, they are parsed
    in a pool of forked processes (and their parse cache records made there);
    the results are taken in the files' order, so they are the same as one
    process gives, warnings and problems included."""
    vocabulary = vocabulary or Vocabulary()
    entries: list[Entry] = []
    parsed: list[_Parsed] = []
    problems: list[Diagnostic] = []
    hits = [memo.get(source) if memo is not None else None for source in sources]
    misses = [source for source, hit in zip(sources, hits) if hit is None]
    fresh = iter(_parse_all(misses, config, vocabulary, media, memo.settings if memo is not None else None, jobs))
    for source, hit in zip(sources, hits):
        if hit is not None:
            entry, lines, guid_from, said = hit
            for warning in said if reporter is not None else ():
                reporter.warn(warning)
            parsed.append(_Parsed(entry, lines, guid_from))
            entries.append(entry)
            continue
        result, own, said, prepared = next(fresh)
        for warning in said if reporter is not None else ():
            reporter.warn(warning)
        if memo is not None and result is not None and not own:
            memo.put(source, result.entry, result.lines, result.guid_from, said, prepared)
        if own and not drafts and _is_draft(source):
            _skip_draft(own, reporter)
            continue
        problems += own
        if result is not None:
            parsed.append(result)
            entries.append(result.entry)
    if memo is not None:
        memo.done()                  # its decoded records are not needed any more (parsecache.py)
    if drafts:
        problems += _duplicates(parsed)
    else:
        # published posts' duplicates are errors; a draft sharing an id or GUID is skipped with a warning
        problems += _duplicates([p for p in parsed if not p.entry.draft])
        drafted = {p.entry.source for p in parsed if p.entry.draft}
        shared = [d for d in _duplicates(parsed) if d.path in drafted]
        _skip_draft(shared, reporter)
        entries = [e for e in entries if e.source not in {d.path for d in shared}]
    return tuple(entries), tuple(problems)


PARALLEL_PARSE = 256          # below this many files to parse, a pool costs more than it saves
_FORKED: tuple | None = None  # what forked parse workers inherit (set only while a pool runs)


def _parse_all(sources: list[SourceFile], config: SiteConfig, vocabulary: Vocabulary, media: Media | None,
               settings: str | None, jobs: int) -> list[tuple]:
    """Each file parsed alone: (result, its problems, its warnings, its parse cache record or None),
    in the files' order. `settings` is the parse cache's (None: no cache, no records)."""
    global _FORKED
    if jobs <= 1 or len(sources) < PARALLEL_PARSE:
        return _parse_chunk(sources, config, vocabulary, media, settings)
    size = -(-len(sources) // (jobs * 4))
    chunks = [sources[i:i + size] for i in range(0, len(sources), size)]
    _FORKED = (config, vocabulary, media, settings)
    try:
        with shared_with_workers(), \
                ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [done for future in [pool.submit(_parse_forked, chunk) for chunk in chunks]
                    for done in future.result()]
    finally:
        _FORKED = None


def _parse_forked(chunk: list[SourceFile]) -> list[tuple]:
    assert _FORKED is not None, "a worker of _parse_all"
    return _parse_chunk(chunk, *_FORKED)


def _parse_chunk(sources: list[SourceFile], config: SiteConfig, vocabulary: Vocabulary, media: Media | None,
                 settings: str | None) -> list[tuple]:
    done = []
    for source in sources:
        own: list[Diagnostic] = []
        local = Reporter()
        result = _parse(source, config, own, local, vocabulary, media)
        said = tuple(local.warnings)
        prepared = (prepare(settings, source, result.entry, result.lines, result.guid_from, said)
                    if settings is not None and result is not None and not own else None)
        done.append((result, own, said, prepared))
    return done


def parse_entry(source: SourceFile, config: SiteConfig, problems: list[Diagnostic],
                reporter: Reporter | None = None, vocabulary: Vocabulary | None = None) -> Entry | None:
    """One file → an Entry, or None with its problems appended."""
    result = _parse(source, config, problems, reporter, vocabulary or Vocabulary())
    return result.entry if result is not None else None


def _is_draft(source: SourceFile) -> bool:
    """Whether the file says `draft: true`, whatever else is wrong with it."""
    header = _split(source, [])
    return header is not None and header[0].get("draft") is True


def _skip_draft(problems: list[Diagnostic], reporter: Reporter | None) -> None:
    for d in problems:
        if reporter is not None:
            reporter.warn(Diagnostic(d.path, d.line, d.field, f"{d.message} (a draft: skipped until it is fixed; "
                                     "--drafts builds it and shows this as an error)", d.hint))


class _Parsed:
    """An entry with what the cross-file checks need: key lines, and which key made its GUID."""
    __slots__ = ("entry", "lines", "guid_from")

    def __init__(self, entry: Entry, lines: dict[str, int], guid_from: str):
        self.entry, self.lines, self.guid_from = entry, lines, guid_from


def _parse(source: SourceFile, config: SiteConfig, problems: list[Diagnostic],
           reporter: Reporter | None, vocabulary: Vocabulary, media: Media | None = None) -> _Parsed | None:
    before = len(problems)
    header = _split(source, problems)
    if header is None:
        return None
    meta, lines, body, body_line = header

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(source.path, lines.get(key, 1), key, message, hint))

    if reporter is not None:
        for key in meta:
            if str(key) not in KNOWN_KEYS and (close := _known_key_like(str(key))):
                reporter.warn(Diagnostic(source.path, lines.get(str(key), 1), str(key),
                                         f"unknown key (kept for templates as post.extra.{key})",
                                         f"did you mean {close}?"))

    fields = _Fields(meta, bad)
    title = _title(meta, fields)
    zone = ZoneInfo(config.timezone)
    when = fields.get("date", lambda v: _to_datetime(v, zone), DATE_HINT, required=True)
    updated = fields.get("updated", lambda v: _to_datetime(v, zone), DATE_HINT)
    slug = fields.get("slug", _to_slug, SLUG_HINT) or ""
    author_name = fields.plain("author") or config.author
    author_slug = fields.get("author_slug", _to_slug, 'write it like author_slug: "rowan-vale"') or slugify(author_name)
    categories = fields.names("categories")
    tags = fields.names("tags")
    excerpt = fields.plain("excerpt", default=None, multiline=True)
    draft = fields.flag("draft")
    protected = fields.flag("protected")
    sticky = fields.flag("sticky")
    wp_id = fields.get("id", _to_id, "use the WordPress post ID, a whole number like 8343")
    guid = fields.plain("guid")
    permalink = fields.get("permalink", _to_path, PATH_HINT)
    aliases = fields.get("aliases", lambda v: tuple(_to_path(a) for a in _as_list(v)),
                         'write a list of old site paths like ["/old-url/"]') or ()
    image = fields.get("image", _to_url, 'write an http(s) URL or a site path like "/static/cover.jpg"') or ""
    language = fields.get("lang", _to_language, 'write a language tag like lang: ja or lang: pt-BR') or ""
    parent = fields.get("parent", _to_parent, 'write the parent page\'s slug, like parent: "about"') or ""
    enclosures = fields.get("enclosures", _to_enclosures,
                            "write a list of {url: …, length: bytes, type: audio/mpeg} with http(s) URLs or site paths") or ()
    audio = fields.get("audio", _to_urls, 'write a site path like audio: /audio/track.mp3, or a list of them') or ()
    video = fields.get("video", _to_urls, 'write a site path like video: /video/clip.mp4, or a list of them') or ()
    release = _release(meta.get("release"), title if isinstance(title, str) else "", lines, source.path, problems)
    body_format = fields.get("format", _to_format, 'use "markdown" (the default), "html" (finished HTML) or "wordpress" (classic-editor HTML: paragraphs added like WordPress)') or "markdown"
    if len(problems) > before or when is None or title is None:
        return None
    durations: dict[str, float] = {}
    if media is not None:
        enclosures, release, durations = _read_media(enclosures, audio, video, release, media, config, source.path, lines,
                                          problems, reporter)
        if len(problems) > before:
            return None
    else:
        named = audio + video + tuple(t.audio for t in (release.tracks if release else ()) if t.audio)
        enclosures = _unique_enclosures(tuple(enclosures) + tuple(
            Enclosure(u, 0, media_type(u) or "application/octet-stream") for u in named))

    if not slug:        # made here, the way WordPress makes one: from the title, else the post ID
        slug = slugify(title) or (str(wp_id) if wp_id is not None else "") or slugify(source.path.rsplit("/", 1)[-1][:-3])
        if slug in FEED_SLUGS or (source.kind == "page" and _PAGED_SLUG.fullmatch(slug)):
            slug += "-2"
    categories, category_slugs = _resolve(categories, "category", vocabulary)
    tags, tag_slugs = _resolve(tags, "tag", vocabulary)
    if permalink:
        url = permalink
    elif source.kind == "page":
        url = quote_path("/" + (parent + "/" if parent else "") + slug + "/")
    else:
        first = next((s for s in category_slugs if s), "")
        url = expand_permalink(config.permalink, when, slug, wp_id,
                               "/".join(vocabulary.path("category", first)) if first else "", author_slug)
    guid_from = "guid"
    if not guid:
        guid_from = "id" if wp_id is not None else "url"
        guid = f"{config.base_url}/?p={wp_id}" if wp_id is not None else join_url(config.base_url, url)
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    entry = Entry(
        kind=source.kind, source=source.path, title=title, slug=slug, date=when,
        updated=updated or when, author=Author(author_name, author_slug), url=url, guid=guid,
        body=body, body_line=body_line, format=body_format, categories=categories, tags=tags,
        excerpt=excerpt, draft=bool(draft), wp_id=wp_id, sticky=bool(sticky), image=image,
        aliases=tuple(aliases), parent=parent, enclosures=tuple(enclosures), language=language, extra=extra,
        protected=bool(protected), category_slugs=category_slugs, tag_slugs=tag_slugs,
        audio=tuple(audio), video=tuple(video), release=release, durations=durations,
    )
    return _Parsed(entry, lines, guid_from)


def _title(meta: dict[str, Any], fields: "_Fields") -> str | None:
    """The title; an explicitly empty one (`title: ""`, as WordPress allows) is "".
    A missing key, or one holding nothing but control characters, is an error."""
    value = meta.get("title", 0)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return fields.plain("title", required=True, hint='add a line like title: "My new track"')


def _resolve(values: tuple[str, ...], kind: str, vocabulary: Vocabulary) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Front-matter term values → (names, slugs): a declared term's own name and
    slug (matched by slug, then by name), else the value and a slug made from it."""
    names: list[str] = []
    slugs: list[str] = []
    for value in values:
        term, _ = vocabulary.find(kind, value)
        name, slug = (term.name, term.slug) if term is not None else (value, slugify(value))
        if slug and slug in slugs:
            continue
        names.append(name)
        slugs.append(slug)
    return tuple(names), tuple(slugs)


def _duplicates(parsed: list[_Parsed]) -> list[Diagnostic]:
    """Two entries with one `id` or one GUID: one error per file, naming all of them.

    GUIDs made from two equal URLs are left to the URL collision check, which
    names the field to change; GUIDs made from one duplicated id are the id's error.
    """
    problems: list[Diagnostic] = []
    by_id: dict[int, list[_Parsed]] = {}
    by_guid: dict[str, list[_Parsed]] = {}
    for p in parsed:
        if p.entry.wp_id is not None:
            by_id.setdefault(p.entry.wp_id, []).append(p)
        by_guid.setdefault(p.entry.guid, []).append(p)
    for wp_id, group in by_id.items():
        if len(group) > 1:
            names = ", ".join(p.entry.source for p in group)
            for p in group:
                problems.append(Diagnostic(p.entry.source, p.lines.get("id", 1), "id",
                                           f"{wp_id} is the id of {len(group)} files: {names}",
                                           "each post has its own WordPress ID (feed readers and /?p= links would "
                                           "find only one); correct or remove the id in all but one"))
    for guid, group in by_guid.items():
        origins = {p.guid_from for p in group}
        if len(group) < 2 or origins == {"url"} or origins == {"id"}:
            continue
        names = ", ".join(f"{p.entry.source} ({_GUID_ORIGIN[p.guid_from]})" for p in group)
        for p in group:
            field = "guid" if p.guid_from == "guid" else ("id" if p.guid_from == "id" else "guid")
            problems.append(Diagnostic(p.entry.source, p.lines.get(field, 1), field,
                                       f"the feed GUID {guid} is shared by {len(group)} files: {names}",
                                       "feed readers key on the GUID and would show only one; give each post its "
                                       "own guid: (keep the old one on the post that had it)"))
    return problems


_GUID_ORIGIN = {"guid": "its guid:", "id": "made from its id:", "url": "made from its URL"}


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
        for k, v in node.value:          # nested blocks (release:): "release.tracks.0.title" → line
            if str(k.value) in ("release", "enclosures", "audio", "video"):
                _nested_lines(v, str(k.value), lines, 0)
    # The body exactly as stored after the closing --- line (python-frontmatter
    # trims it; an imported HTML body must stay byte for byte).
    closing = _CLOSING.search(source.text)
    body_start = closing.end() if closing else len(source.text) - len(body)
    body = source.text[body_start:]
    body_line = source.text.count("\n", 0, body_start) + 1
    return meta, lines, body, body_line


_CLOSING = re.compile(r"\A-{3,}[ \t]*\n.*?^-{3,}[ \t]*(\n|\Z)", re.S | re.M)


class _Problem(ValueError):
    """A bad value whose fix differs from the field's usual hint."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


class _Fields:
    """Typed access to front-matter values; a bad value reports and yields None."""

    def __init__(self, meta: dict[str, Any], bad: Callable[[str, str, str], None]):
        self.meta, self.bad = meta, bad

    def get(self, key: str, convert: Callable[[Any], Any], hint: str, required: bool = False):
        value = self.meta.get(key)
        blank = isinstance(value, str) and not _CONTROL.sub("", value).strip()
        if value is None or blank:            # an optional field left blank is the same as absent
            if required:
                self.bad(key, "is empty" if blank else "missing", hint)
            return None
        value = self.meta[key]
        try:
            return convert(value)
        except (TypeError, ValueError) as exc:
            self.bad(key, str(exc) or f"{value!r} is not valid", getattr(exc, "hint", hint))
            return None

    def plain(self, key: str, required: bool = False, hint: str = "", default: Any = "", multiline: bool = False):
        """Plain text: control characters removed (line breaks become spaces unless `multiline`)."""
        result = self.get(key, lambda v: _to_text(v, multiline), hint or f'write it as text, like {key}: "…"', required)
        return default if result is None else result

    def names(self, key: str) -> tuple[str, ...]:
        return self.get(key, lambda v: tuple(_to_text(x) for x in _as_list(v)),
                        f'write a list like {key}: ["Mixing", "Gear"]') or ()

    def flag(self, key: str) -> bool:
        return bool(self.get(key, _to_bool, f"write {key}: true or {key}: false"))


# C0 controls but tab and newline, DEL, C1 controls, and lone surrogates (YAML's "\ud800").
_STRIPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str, multiline: bool = False) -> str:
    """Plain text as it may reach a page or feed: no control characters; tabs and
    (unless `multiline`) line breaks become spaces."""
    if not multiline:
        text = re.sub(r"[\t\n\r]+", " ", text)
    return _STRIPPED.sub("", text.replace("\r", ""))


def _to_text(value: Any, multiline: bool = False) -> str:
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise ValueError(f"{_show(value)} is not text")
    text = clean_text(str(value), multiline).strip()
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


def slug_problem(value: Any, what: str = "the slug") -> str | None:
    """What is wrong with an explicit slug (the check front matter's `slug:` gets), or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"{_show(value)} is not text"
    return _segment_problem(str(value).strip(), what)


def parse_date(value: Any, zone: ZoneInfo) -> datetime:
    """A date as front matter takes it → aware datetime; ValueError says what is wrong."""
    return _to_datetime(value, zone)


def _segment_problem(segment: str, what: str) -> str | None:
    """What is wrong with one URL segment (a slug), or None."""
    if segment in (".", ".."):
        return f"{what} {_show(segment)} is a . or .. (it would climb out of its folder)"
    if "/" in segment:
        return f"{what} {_show(segment)} contains /"
    if "\\" in segment:
        return f"{what} {_show(segment)} contains a backslash"
    if _CONTROL.search(segment):
        return f"{what} {_show(segment)} contains a control character"
    if "?" in segment or "#" in segment:
        return f"{what} {_show(segment)} contains ? or # (they would end the URL's path)"
    if re.search(r"%[0-9A-Fa-f]{2}", segment):
        return f"{what} {_show(segment)} is percent-encoded; write the characters themselves (夜, not %e5%a4%9c)"
    size = len(segment.encode("utf-8"))
    if size > MAX_SEGMENT_BYTES:
        return f"{what} is {size} bytes long; WordPress slugs are at most {MAX_SEGMENT_BYTES}"
    return None


def _to_slug(value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise ValueError(f"{_show(value)} is not text")
    slug = str(value).strip()
    if why := _segment_problem(slug, "the slug"):
        raise ValueError(why)
    return slug


def _to_parent(value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise ValueError(f"{_show(value)} is not text")
    text = str(value).strip()
    if "\\" in text:
        raise ValueError(f"{_show(text)} contains a backslash")
    inner = text.strip("/")
    if not inner:
        raise ValueError(f"{_show(text)} is not a page slug")
    for segment in inner.split("/"):
        if segment == "":
            raise ValueError(f"{_show(text)} has an empty segment (//)")
        if why := _segment_problem(segment, "the segment"):
            raise ValueError(f"{_show(text)}: {why}")
    return inner


def _to_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip().startswith("/"):
        raise ValueError(f"{_show(value)} is not a site path starting with /")
    text = value.strip()
    decoded = unquote(text)
    if any(part in (".", "..") for part in text.split("/")):
        raise ValueError(f"{_show(value)} has a . or .. segment")
    if any(part in (".", "..") for part in decoded.split("/")):
        raise ValueError(f"{_show(value)} has a percent-encoded . or .. segment (%2e)")
    if text.startswith("//") or decoded.startswith("//") or decoded.startswith("/\\"):
        raise ValueError(f"{_show(value)} starts with // (that is a link to another site, not a path on this one)")
    if "\\" in decoded:
        raise ValueError(f"{_show(value)} contains a backslash (browsers read it as /)")
    if re.search(r"%2f", text, re.I):
        raise ValueError(f"{_show(value)} contains %2F, an encoded / inside a segment")
    if _CONTROL.search(decoded):
        raise ValueError(f"{_show(value)} contains a control character (like NUL or a line break)")
    if "?" in text or "#" in text:
        raise ValueError(f"{_show(value)} contains ? or #; a site path has no query or fragment")
    return normalize_path(value)


def _to_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{_show(value)} is not a URL")
    url = value.strip()
    if why := url_problem(url, relative=True):
        raise ValueError(f"{_show(url)} {why}")
    return url


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
        url = item["url"].strip()
        if why := url_problem(url, relative=True):
            raise ValueError(f"url {_show(url)} {why}")
        length = item.get("length", 0)
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise ValueError(f"length {_show(length)} is not a size in bytes")
        kind = clean_text(str(item.get("type", "application/octet-stream"))).strip()
        out.append(Enclosure(url, length, kind or "application/octet-stream"))
    return tuple(out)


def _nested_lines(node: Any, at: str, lines: dict[str, int], depth: int) -> None:
    if depth > 4:
        return
    lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            lines[f"{at}.{k.value}"] = k.start_mark.line + 1
            _nested_lines(v, f"{at}.{k.value}", lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _nested_lines(v, f"{at}.{i}", lines, depth + 1)


def _to_urls(value: Any) -> tuple[str, ...]:
    """One URL or site path, or a list of them."""
    urls = []
    for item in _as_list(value):
        if not isinstance(item, str):
            raise ValueError(f"{_show(item)} is not a URL")
        url = item.strip()
        if why := url_problem(url):
            raise ValueError(f"{_show(url)} {why}")
        urls.append(url)
    return tuple(dict.fromkeys(urls))


# -- release: a single, EP or album ----------------------------------------------------------

# Streaming services a release links to: key → the name on its button.
SERVICES = {
    "spotify": "Spotify", "apple_music": "Apple Music", "bandcamp": "Bandcamp", "youtube": "YouTube",
    "youtube_music": "YouTube Music", "soundcloud": "SoundCloud", "tidal": "Tidal", "deezer": "Deezer",
    "amazon_music": "Amazon Music", "beatport": "Beatport", "mixcloud": "Mixcloud", "audiomack": "Audiomack",
    "qobuz": "Qobuz", "napster": "Napster", "pandora": "Pandora", "anghami": "Anghami",
}
RELEASE_KINDS = ("single", "ep", "album", "mixtape", "compilation")
_RELEASE_KEYS = ("title", "type", "cover", "date", "tracks", "links")
_TRACK_KEYS = ("title", "audio", "duration")
RELEASE_HINT = ("write release: with title:, cover:, date:, tracks: (a list of title: with audio: or duration:) "
                "and links: (service: URL)")


def _release(value: Any, post_title: str, lines: dict[str, int], path: str,
             problems: list[Diagnostic]) -> Release | None:
    """The `release:` block, checked part by part; every problem names its own line."""
    if value is None:
        return None

    def bad(at: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(path, lines.get(at, lines.get("release", 1)), at, message, hint))

    if not isinstance(value, dict):
        bad("release", f"{_show(value)} is not a set of key: value lines", RELEASE_HINT)
        return None
    before = len(problems)
    for key in value:
        if str(key) not in _RELEASE_KEYS:
            close = difflib.get_close_matches(str(key), _RELEASE_KEYS, n=1, cutoff=0.6)
            bad(f"release.{key}", "unknown key in release", f"did you mean {close[0]}?" if close
                else f"known: {', '.join(_RELEASE_KEYS)}")

    def text(at: str, raw: Any, default: str = "") -> str:
        if raw is None:
            return default
        try:
            return _to_text(raw)
        except ValueError as exc:
            bad(at, str(exc), 'write it as text in quotes, like title: "Sodium Lights"')
            return default

    title = text("release.title", value.get("title"), post_title)
    kind = str(value.get("type") or "").strip().lower()
    if kind and kind not in RELEASE_KINDS:
        bad("release.type", f"{_show(value.get('type'))} is not a kind of release", f"use one of {', '.join(RELEASE_KINDS)}")
    cover = ""
    if value.get("cover") is not None:
        try:
            cover = _to_url(value["cover"])
        except ValueError as exc:
            bad("release.cover", str(exc), 'write an http(s) URL or a site path like "/img/cover.jpg"')
    when = ""
    if value.get("date") is not None:
        when = str(value["date"]).strip()
        try:
            date.fromisoformat(when) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when) else _fail()
        except ValueError:
            bad("release.date", f'"{when}" is not a date', "write the release date as YYYY-MM-DD")
    tracks = _release_tracks(value.get("tracks"), bad, text)
    links = _release_links(value.get("links"), bad)
    if len(problems) > before:
        return None
    return Release(title=title, cover=cover, date=when, kind=kind, tracks=tracks, links=links)


def _fail() -> None:
    raise ValueError


def _release_tracks(value: Any, bad, text) -> tuple[ReleaseTrack, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        bad("release.tracks", f"{_show(value)} is not a list of tracks",
            'write each track on a line "- title: …" with audio: or duration: under it')
        return ()
    tracks = []
    for n, item in enumerate(value):
        at = f"release.tracks.{n}"
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            bad(at, f"{_show(item)} is not a track", 'write "- title: …" with audio: or duration: under it')
            continue
        for key in item:
            if str(key) not in _TRACK_KEYS:
                close = difflib.get_close_matches(str(key), _TRACK_KEYS, n=1, cutoff=0.6)
                bad(f"{at}.{key}", "unknown key in a track", f"did you mean {close[0]}?" if close
                    else f"a track has {', '.join(_TRACK_KEYS)}")
        if item.get("title") is None:
            bad(at, "a track without a title", 'give it a title: "…"')
        title = text(f"{at}.title", item.get("title"))
        audio = ""
        if item.get("audio") is not None:
            try:
                [audio] = _to_urls(item["audio"]) if not isinstance(item["audio"], list) else _fail()
            except ValueError as exc:
                bad(f"{at}.audio", str(exc) or f"{_show(item['audio'])} is not one URL",
                    'write one http(s) URL or site path, like audio: /audio/track.mp3')
        seconds = None
        if item.get("duration") is not None:
            seconds = _to_duration(item["duration"])
            if seconds is None:
                bad(f"{at}.duration", f"{_show(item['duration'])} is not a duration",
                    'write minutes and seconds in quotes, like duration: "3:41" (or "1:02:03", or seconds)')
        tracks.append(ReleaseTrack(title=title, audio=audio, duration=seconds, type=media_type(audio) if audio else ""))
    return tuple(tracks)


def _to_duration(value: Any) -> float | None:
    """"3:41", "1:02:03", 221 (YAML reads an unquoted 3:41 as 221) → seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    m = re.fullmatch(r"\s*(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)\s*", str(value))
    if not m or float(m.group(3)) >= 60 or (m.group(1) and int(m.group(2)) >= 60):
        return None
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))


def _release_links(value: Any, bad) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        bad("release.links", f"{_show(value)} is not a set of service: URL lines",
            "write one line per service, like spotify: https://open.spotify.com/album/…")
        return ()
    links = []
    for service, url in value.items():
        at = f"release.links.{service}"
        name = str(service).strip().lower().replace("-", "_").replace(" ", "_")
        if name not in SERVICES:
            close = difflib.get_close_matches(name, list(SERVICES), n=1, cutoff=0.6)
            bad(at, f"{_show(str(service))} is not a streaming service Trackpress knows",
                f"did you mean {close[0]}?" if close else f"known: {', '.join(SERVICES)}")
            continue
        if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")) \
                or url_problem(url.strip()):
            why = url_problem(url.strip()) if isinstance(url, str) else None
            bad(at, f"{_show(url)} {why or 'is not an http(s) URL'}",
                f"write the {SERVICES[name]} page's address, starting with https://")
            continue
        links.append((name, url.strip()))
    return tuple(links)


# -- local media: lengths, types and durations read from the files ---------------------------

def _read_media(enclosures: tuple[Enclosure, ...], audio: tuple[str, ...], video: tuple[str, ...],
                release: Release | None, media: Media, config: SiteConfig, path: str, lines: dict[str, int],
                problems: list[Diagnostic], reporter: Reporter | None
                ) -> tuple[tuple[Enclosure, ...], Release | None, dict[str, float]]:
    """Every enclosure (front matter's, then `audio:`, `video:`, the release's tracks) with the
    real length, type and duration of a file in the site; a site path naming no file is an error.
    Returns them, the release with its tracks' durations and waveforms, and each enclosure's duration."""
    durations: dict[str, float] = {}
    def local(url: str) -> str | None:
        """The site path of `url` if it points into this site, else None."""
        if url.startswith("/"):
            return url.split("?", 1)[0].split("#", 1)[0]
        base = config.base_url.rstrip("/")
        if url.startswith(base + "/"):
            candidate = url[len(base):].split("?", 1)[0].split("#", 1)[0]
            return candidate if media.has(candidate) else None      # on the domain but not ours: kept as is
        return None

    def missing(at: str, url: str) -> None:
        site = local(url) or url
        problems.append(Diagnostic(path, lines.get(at, lines.get(at.split(".")[0], 1)), at.split(".")[0],
                                   f"{site} is not in static/",
                                   f"put the file at static{unquote(site)} (the site's static/ folder is served "
                                   "at the site root), or fix the path"))

    out: list[Enclosure] = []
    for n, e in enumerate(enclosures):
        site = local(e.url)
        if site is None:
            out.append(e)
            continue
        found = media.describe(site)
        if found is None:
            missing(f"enclosures.{n}.url", e.url)
            continue
        if reporter is not None and e.length and e.length != found.length:
            reporter.warn(Diagnostic(path, lines.get(f"enclosures.{n}.length", lines.get("enclosures", 1)),
                                     "enclosures", f"length {e.length} is not the size of {site} ({found.length} bytes); "
                                     f"the feed says {found.length}",
                                     "remove length: (the build reads it from the file)"))
        if reporter is not None and e.type not in ("application/octet-stream", found.type):
            reporter.warn(Diagnostic(path, lines.get(f"enclosures.{n}.type", lines.get("enclosures", 1)),
                                     "enclosures", f"type {e.type} is not what {site} is ({found.type}); "
                                     f"the feed says {found.type}", "remove type: (the build reads it from the file name)"))
        out.append(Enclosure(e.url, found.length, found.type))
        if found.duration:
            durations[e.url] = found.duration
    for key, urls in (("audio", audio), ("video", video)):
        for n, url in enumerate(urls):
            site = local(url)
            found = media.describe(site) if site is not None else None
            if site is not None and found is None:
                missing(f"{key}.{n}", url)
            elif found is not None:
                out.append(Enclosure(url, found.length, found.type))
                if found.duration:
                    durations[url] = found.duration
            else:
                out.append(Enclosure(url, 0, media_type(url) or "application/octet-stream"))
    if release is not None:
        tracks = []
        for n, track in enumerate(release.tracks):
            site = local(track.audio) if track.audio else None
            found = media.describe(site) if site is not None else None
            if site is not None and found is None:
                missing(f"release.tracks.{n}.audio", track.audio)
            if found is not None:
                track = ReleaseTrack(title=track.title, audio=track.audio, duration=track.duration or found.duration,
                                     type=found.type, audio_duration=found.duration, peaks=media.peaks(site))
                out.append(Enclosure(track.audio, found.length, found.type))
                if found.duration:
                    durations[track.audio] = found.duration
            elif track.audio:
                out.append(Enclosure(track.audio, 0, track.type or "application/octet-stream"))
            tracks.append(track)
        release = Release(release.title, release.cover, release.date, release.kind, tuple(tracks), release.links)
    return _unique_enclosures(tuple(out)), release, durations


def _unique_enclosures(enclosures: tuple[Enclosure, ...]) -> tuple[Enclosure, ...]:
    seen: set[str] = set()
    return tuple(e for e in enclosures if not (e.url in seen or seen.add(e.url)))


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        raise ValueError(f"{_show(value)} is not a list")
    return list(value) if isinstance(value, list) else [value]


def _known_key_like(key: str) -> str | None:
    """The known front-matter key `key` is probably a misspelling of, if any."""
    if key.lower() in KNOWN_KEYS:
        return key.lower()
    match = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.8)
    return match[0] if match else None


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def _to_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """Front-matter date → aware datetime; a time without offset is in the site's zone.

    The date must lie in FIRST_YEAR…LAST_YEAR both as written and in GMT, so
    that every later step (feeds convert to GMT) can compute with it.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if not _DATE_RE.match(text):
            raise ValueError(f'"{text}" is not a date')
        if not FIRST_YEAR <= int(text[:4]) <= LAST_YEAR:
            raise _Problem(f'"{text}" is out of range: the year must be {FIRST_YEAR} to {LAST_YEAR}', RANGE_HINT)
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f'"{text}" is not a date') from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    shown = str(value).strip() if isinstance(value, str) else parsed.isoformat(" ")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise _Problem(f'"{shown}" is out of range: the year must be {FIRST_YEAR} to {LAST_YEAR}', RANGE_HINT)
    try:
        gmt = parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        gmt = None
    if gmt is None or not FIRST_YEAR <= gmt.year <= LAST_YEAR:
        raise _Problem(f'"{shown}" is out of range: in GMT it falls outside the years {FIRST_YEAR} to {LAST_YEAR}',
                       RANGE_HINT)
    return parsed


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


# -- data files beside the content: content/terms.yaml, <post>.comments.yaml ------------------

def read_data_file(root: Path, relative: str) -> tuple[str | None, Diagnostic | None]:
    """The text of a site file (None if there is none), or the problem reading it.

    Like sources.py: only a regular file inside the site folder is opened (a
    FIFO never blocks the build, a link out of the site is refused), UTF-8."""
    path = root / relative
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, Diagnostic(relative, 0, "", f"cannot be read ({exc.strerror or exc})", "check its permissions")
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(root))):
            return None, Diagnostic(relative, 0, "", f"is a link to {real}, outside the site folder",
                                    "copy the file into the site instead of linking to it")
        if not real.exists():
            return None, Diagnostic(relative, 0, "", "is a broken link", "point it at an existing file, or remove it")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, Diagnostic(relative, 0, "", f"cannot be read ({exc.strerror or exc})", "make it readable (chmod u+r)")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, Diagnostic(relative, 0, "", "is not a regular file; it was not read",
                                    "replace it with a regular YAML file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
    except OSError as exc:
        return None, Diagnostic(relative, 0, "", f"cannot be read ({exc.strerror or exc})", "check the disk and the file")
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), None
    except UnicodeDecodeError as exc:
        return None, Diagnostic(relative, data[: exc.start].count(b"\n") + 1, "", "is not UTF-8 text",
                                "save the file as UTF-8 in your editor")


def load_yaml(text: str, path: str) -> tuple[Any, dict[tuple, int], Diagnostic | None]:
    """YAML (no implicit timestamps) → (value, lines, problem): `lines` maps each
    value's position, like ("categories", 0, "slug"), to its 1-based line."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, {}, Diagnostic(path, mark.line + 1 if mark else 1, "", f"is not valid YAML: {what}",
                                    'check indentation and quote values containing ": " or starting with a quote')
    except RecursionError:
        return None, {}, Diagnostic(path, 1, "", "is not valid YAML: nested too deeply", "write plain lists and mappings")
    lines: dict[tuple, int] = {}
    seen: set[int] = set()        # an alias is the node it names: walked once (no billion laughs)

    def walk(n: Any, at: tuple, depth: int) -> None:
        if depth > 8 or id(n) in seen:
            return
        seen.add(id(n))
        lines.setdefault(at, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                lines[at + (str(k.value),)] = k.start_mark.line + 1
                walk(v, at + (str(k.value),), depth + 1)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, at + (i,), depth + 1)

    if node is not None:
        walk(node, (), 0)
    return value, lines, None
