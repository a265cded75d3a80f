"""The parse cache: entries read before are not parsed again.

Parsing front matter (YAML with line numbers, dates, slugs, terms, media) is
most of what reading a site costs. One file, `.trackpress-cache/entries.json`,
holds every entry of the last successful build by a SHA-256 of what parsing
it depends on: the file's path, kind and text, site.toml as loaded,
content/terms.yaml, the media files' information and Trackpress's code. With
it goes what the cross-file checks need (key lines, where the GUID came from)
and the warnings parsing gave, said again when the entry is reused.

Entries are stored as JSON (never pickle: a cache file is never code) by a
codec that knows only the model's own classes. An entry is stored only when
it reads back equal, field for field and `repr` for `repr`, to the one
parsed, so a reused entry is the parsed one; anything the codec does not
know is simply parsed each time. The body is stored as its place in the
file's text. A damaged file is ignored (everything is parsed), never trusted
in part. Rewritten after each successful build with just that build's
entries, so it never grows beyond the site.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from .errors import Diagnostic
from .model import Author, Enclosure, Entry, Release, ReleaseTrack, SourceFile

FILE_NAME = "entries.json"
_VERSION = 1
_CLASSES = {cls.__name__: cls for cls in (Entry, Author, Enclosure, Release, ReleaseTrack)}


class _Unencodable(Exception):
    pass


class ParseCache:
    """What the last build parsed (`get`), and what this build parsed (`put`, stored by `save`)."""

    def __init__(self, folder: Path | None, settings: Any, remembered: dict | None = None):
        self.folder = folder
        self.settings = hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode("utf-8")).hexdigest()
        self._found: dict[str, Any] | None = None           # the file's records, decoded at the first look-up
        self._raw: bytes | None = None                      # the file as read (12 MB at 10,000 posts: its
        self._file_keys: frozenset[str] | None = None       # decoded records are ~5x that, so `done` drops them)
        # key → the record to store, as the JSON text `save` writes (a fresh entry's: ~10x smaller than
        # its encoded dicts, which would be ~45 MB at 10,000 posts), a record decoded, or None: as the file holds it
        self.kept: dict[str, str | dict[str, Any] | None] = {}
        self.reused = 0
        self.outlines: dict[str, tuple[Entry, str]] = {}   # source → (the entry, its outline_digest)
        self.changed = False                              # put() stored an entry the file does not hold
        # a long-lived process's entries of its last build, decoded (warm.py): (settings, path, kind, text) →
        # (entry, lines, GUID origin, warnings, outline); replaced by this build's at `save`
        self.remembered = remembered
        self._recalled: dict[tuple, tuple] = {}

    @property
    def found(self) -> dict[str, Any]:
        if self._found is None:    # a long-lived process that remembers entries has had all the file holds
            if self._raw is None:
                self._raw = _read(self.folder / FILE_NAME) if self.folder is not None and not self.remembered else b""
            self._found = _parse(self._raw)
            self._file_keys = frozenset(self._found)
        return self._found

    def done(self) -> None:
        """Reading is over: drop the decoded records, unless an entry was parsed anew (`save` then writes
        the file, with the reused records: decoding the file's bytes again for them would cost more
        than that build's whole parse phase at 10,000 posts, and such a build, an edit, is far from the
        cold build's peak memory)."""
        if not self.changed:
            self._found = None

    def key(self, source: SourceFile) -> str:
        return _key(self.settings, source)

    def get(self, source: SourceFile) -> tuple[Entry, dict[str, int], str, tuple[Diagnostic, ...]] | None:
        """(entry, key lines, GUID origin, warnings) as parsed before, or None."""
        if self.remembered is not None:
            handle = (self.settings, source.path, source.kind, source.text)
            known = self.remembered.get(handle)
            if known is not None:            # immutable: the very objects the last build parsed or decoded
                entry, lines, guid_from, warnings, outline = known
                self.outlines[source.path] = (entry, outline)
                self._recalled[handle] = known
                self.reused += 1
                return entry, dict(lines), guid_from, warnings
        if not self.found:                # a cold build: no record to look for (nor a key to make)
            return None
        key = self.key(source)
        record = self.found.get(key)
        if record is None:
            return None
        try:
            entry = _decode(record["entry"])
            body = record["body"]
            text = source.text[body[0]:body[1]] if isinstance(body, list) else body
            entry = _with_body(entry, text)
            lines = {str(k): int(v) for k, v in record["lines"].items()}
            warnings = tuple(Diagnostic(*w) for w in record["warnings"])
            guid_from = str(record["guid_from"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, _Unencodable):
            return None
        if not isinstance(entry, Entry) or not isinstance(record.get("outline"), str):
            return None
        self.outlines[source.path] = (entry, record["outline"])
        self.kept[key] = None                             # as the file holds it (see `save`)
        self.reused += 1
        self._recall(source, entry, lines, guid_from, warnings, record["outline"])
        return entry, lines, guid_from, warnings

    def _recall(self, source: SourceFile, entry: Entry, lines: dict[str, int], guid_from: str,
                warnings: tuple[Diagnostic, ...], outline: str) -> None:
        if self.remembered is not None:
            self._recalled[(self.settings, source.path, source.kind, source.text)] = (
                entry, dict(lines), guid_from, warnings, outline)

    def put(self, source: SourceFile, entry: Entry, lines: dict[str, int], guid_from: str,
            warnings: tuple[Diagnostic, ...], prepared: "Prepared | None | bool" = False) -> None:
        """Remember a freshly parsed entry, if it reads back as itself. `prepared` is what `prepare` gave
        for it (a worker process may have made it, beside the parsing); False: make it here."""
        if prepared is False:
            prepared = prepare(self.settings, source, entry, lines, guid_from, warnings)
        if prepared is None:
            return
        key, outline, record = prepared
        self.outlines[source.path] = (entry, outline)
        self._recall(source, entry, lines, guid_from, warnings, outline)
        self.kept[key] = record
        self.changed = True

    def save(self, write_atomic: Callable[[Path, bytes], None]) -> None:
        """Store this build's entries (when they differ from what the file holds). In a long-lived
        process they are kept in memory instead (the file is written by the next command-line build)."""
        if self.remembered is not None:
            self.remembered.clear()
            self.remembered.update(self._recalled)
            return
        if self.folder is None:
            return
        if self._file_keys is None:
            self.found                                    # (a cache that was never looked in)
        if not self.changed and self.kept.keys() == self._file_keys:
            return
        if None in self.kept.values():
            records = self.found                          # decoded again from the bytes read
            self.kept = {key: records[key] if record is None else record for key, record in self.kept.items()}
        # the same bytes as one json.dumps of {"version": …, "entries": kept}, from the records' texts
        data = (f'{{"version":{_json(_VERSION)},"entries":{{' +
                ",".join(f"{_json(key)}:{record if isinstance(record, str) else _json(record)}"
                         for key, record in self.kept.items()) + "}}")
        try:
            write_atomic(self.folder / FILE_NAME, data.encode("ascii"))
        except OSError:
            pass                      # only speed is lost


def _json(value: Any) -> str:
    """The file's JSON: ASCII, no spaces."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


# what `put` stores of an entry: (its key, its outline digest, its record as the file's JSON text: ~10x
# smaller than its encoded dicts, which would be ~45 MB at 10,000 posts, and quicker to send from a worker)
Prepared = tuple[str, str, str]


def prepare(settings: str, source: SourceFile, entry: Entry, lines: dict[str, int], guid_from: str,
            warnings: tuple[Diagnostic, ...]) -> Prepared | None:
    """The record of a freshly parsed entry, or None when it would not read back as itself. A pure
    function of its arguments (`settings`: a ParseCache's), so worker processes can make it.

    Reading back (`get`) makes an Entry of the decoded fields with the body cut from the text, which is
    this entry's body: so it is this entry when every other field's decoded value has the same `repr`
    as this entry's (Entry has no __post_init__: its fields are what it is given, and its own repr is
    made of theirs). Those reprs are made once and are also the outline digest's text."""
    text = source.text
    body_text = entry.body
    try:
        # what JSON holds of `encoded` (str, int, float, bool, None, lists, str-keyed dicts) reads back
        # as it was, so decoding `encoded` itself shows what a later build will get; repr covers every
        # field, time zones by name included
        encoded_fields: dict[str, Any] = {}
        shown: list[str] = []
        for name in _FIELDS:
            if name == "body":
                encoded_fields[name] = ""
                continue
            value = getattr(entry, name)
            encoded = encoded_fields[name] = _encode(value)
            shown.append(repr(value))
            if encoded is not value and repr(_decode(encoded)) != shown[-1]:    # (a str, int… is itself)
                return None
    except (_Unencodable, ValueError, TypeError, RecursionError):
        return None
    if body_text and text.endswith(body_text):      # the body is the file's tail (after the front matter)
        at = len(text) - len(body_text)
    else:
        at = text.find(body_text) if body_text else 0
    body: Any = [at, at + len(body_text)] if at >= 0 else body_text
    outline = _digest(_outline_text(shown))
    return _key(settings, source), outline, _json({
        "entry": {"@": "Entry", "f": encoded_fields}, "body": body, "lines": lines, "guid_from": guid_from,
        "outline": outline, "warnings": [[w.path, w.line, w.field, w.message, w.hint] for w in warnings]})


def _key(settings: str, source: SourceFile) -> str:
    digest = hashlib.sha256(settings.encode("ascii"))
    for part in (source.path, source.kind, source.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


_FIELDS = tuple(f.name for f in fields(Entry))
_OUTLINED = tuple(name for name in _FIELDS if name != "body")      # what other pages may show of an entry


def outline_digest(entry: Entry) -> str:
    """A digest of everything in an entry but its body text: what other pages may show of it."""
    return _digest(_outline_text([repr(getattr(entry, name)) for name in _OUTLINED]))


def _outline_text(shown: list[str]) -> str:
    """repr(((name, value), …)) for the outlined fields, from their values' reprs."""
    return "(" + ", ".join(f"({name!r}, {r})" for name, r in zip(_OUTLINED, shown)) + ")"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _parse(data: bytes) -> dict[str, Any]:
    try:
        raw = json.loads(data.decode("ascii"))
    except ValueError:
        return {}
    if not isinstance(raw, dict) or raw.get("version") != _VERSION or not isinstance(raw.get("entries"), dict):
        return {}
    return raw["entries"]


def _with_body(entry: Entry, body: str) -> Entry:
    values = {f.name: getattr(entry, f.name) for f in fields(entry)}
    values["body"] = body
    return Entry(**values)


def _encode(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is datetime:
        zone = value.tzinfo
        if isinstance(zone, ZoneInfo):
            return {"@dt": value.replace(tzinfo=None).isoformat(), "zone": zone.key, "fold": value.fold}
        if zone is None or (type(zone) is timezone and zone == timezone(zone.utcoffset(None))
                            and repr(zone) == repr(timezone(zone.utcoffset(None)))):
            return {"@dt": value.isoformat(), "fold": value.fold}
        raise _Unencodable(repr(zone))
    if type(value) is date:
        return {"@date": value.isoformat()}
    if type(value) is tuple:
        return {"@t": [_encode(v) for v in value]}
    if type(value) is list:
        return [_encode(v) for v in value]
    if type(value) is dict:
        return {"@d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if is_dataclass(value) and _CLASSES.get(type(value).__name__) is type(value):
        return {"@": type(value).__name__, "f": {f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    raise _Unencodable(type(value).__name__)


def _decode(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [_decode(v) for v in value]
    if type(value) is not dict:
        raise _Unencodable(type(value).__name__)
    if "@t" in value:
        return tuple(_decode(v) for v in value["@t"])
    if "@d" in value:
        return {_hashable(_decode(k)): _decode(v) for k, v in value["@d"]}
    if "@dt" in value:
        moment = datetime.fromisoformat(value["@dt"])
        if "zone" in value:
            moment = moment.replace(tzinfo=ZoneInfo(value["zone"]))
        return moment.replace(fold=int(value["fold"]))
    if "@date" in value:
        return date.fromisoformat(value["@date"])
    if "@" in value:
        cls = _CLASSES[value["@"]]
        return cls(**{name: _decode(v) for name, v in value["f"].items()})
    raise _Unencodable("object")


def _hashable(key: Any) -> Any:
    if isinstance(key, list):
        raise _Unencodable("list key")
    return key

