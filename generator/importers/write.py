"""Records → Markdown files with YAML front matter, and media copies: only inside
content/ and static/, never over a file this run wrote, never over a user's file
without `force`.

Posts go to content/posts/YYYY/<slug>.md, pages to content/pages/<ancestors>/<slug>.md,
comments beside them as <slug>.comments.yaml.

File names are made, not taken: every folder and file name is a WordPress-style
slug (no dots, slashes, backslashes or control characters), at most 180 bytes,
never a Windows device name (CON, NUL, COM1 …). Two items whose names come out
the same get `-2`, `-3` … like WordPress, and a new name is used only when no
other item of the run plans it and no file holds it already (a file there from
an earlier import of the same item, same id or guid, is that item's file). The
final path is checked against the real content/ or static/ folder before
anything is written, symbolic links are never written through, and only
regular files are ever replaced.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable

import yaml

from ..errors import TrackpressError
from ..urls import slugify
from .records import CONTROL, Record

EXISTS = "exists; use --force to overwrite"
MAX_NAME = 180      # bytes for a file or folder name before ".comments.yaml": well under 255
_AREAS = ("content", "static")
_DEVICES = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in "123456789¹²³")}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def front_matter(record: Record, *, markdown: bool) -> dict[str, Any]:
    """The keys in their documented order; empty and false ones left out (but the title)."""
    pairs = [
        ("title", record.title), ("date", record.date), ("updated", record.updated),
        ("slug", record.slug), ("permalink", record.permalink),
        ("author", record.author), ("author_slug", record.author_slug),
        ("categories", list(record.categories)), ("tags", list(record.tags)),
        ("excerpt", record.excerpt), ("draft", record.draft), ("protected", record.protected),
        ("sticky", record.sticky), ("aliases", list(record.aliases)),
        ("id", record.id), ("guid", record.guid), ("image", record.image),
        ("enclosures", [asdict(e) for e in record.enclosures]),
        ("parent", record.parent), ("menu_order", record.menu_order),
        ("format", "" if markdown else record.format), ("wordpress", dict(record.wordpress)),
    ]
    # An empty title is written as `title: ""`: WordPress allows untitled posts.
    return {key: value for key, value in pairs if key == "title" or value not in (None, "", [], {}, False, 0)}


def document(record: Record, *, markdown: bool) -> str:
    """The whole file: front matter between --- lines, then the body as stored."""
    return "---\n" + dump_yaml(front_matter(record, markdown=markdown)) + "---\n" + record.body


def write_records(records: tuple[Record, ...], root: Path, *, force: bool, markdown: bool) -> Outcome:
    outcome = Outcome()
    for record, stem in zip(records, _plan_names(records, root, outcome)):
        text = document(record, markdown=markdown)
        _place(root, stem + ".md", _bytes(text), force, outcome)
        if record.comments:
            comments = [{k: v for k, v in asdict(c).items() if k != "type" or v} for c in record.comments]
            _place(root, stem + ".comments.yaml", _bytes(dump_yaml(comments)), force, outcome)
    return outcome


def copy_files(copies: tuple[tuple[Path, str], ...], root: Path, *, force: bool) -> Outcome:
    """Copy each (regular file, path under root/static/); anything else is refused and reported."""
    outcome = Outcome()
    for source, relative in copies:
        try:
            fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _BINARY)
        except OSError as err:
            outcome.skipped.append((relative, f"cannot read {source} ({err.strerror or err}); not copied"))
            continue
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                outcome.skipped.append((relative, f"{source} is not a regular file; not copied"))
                continue
            _place(root, relative, _stream(stream), force, outcome)
    return outcome


def write_data(root: Path, *, terms: tuple, media: tuple[dict, ...], force: bool) -> Outcome:
    """content/terms.yaml (merged into the user's) and content/media.yaml."""
    from . import terms as terms_
    outcome = Outcome()
    if terms:
        path = root / "content" / "terms.yaml"
        if os.path.lexists(path):
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    raise OSError("not a regular file")
                existing = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                outcome.skipped.append(("content/terms.yaml", f"cannot be read ({err}); not merged"))
                existing = None
            if existing is not None:
                merged, notes = terms_.merge(existing, terms)
                outcome.notes += notes
                if merged is not None:
                    _place(root, "content/terms.yaml", _bytes(merged), True, outcome)
        else:
            _place(root, "content/terms.yaml", _bytes(terms_.render(terms)), force, outcome)
    if media:
        _place(root, "content/media.yaml", _bytes(dump_yaml(list(media))), force, outcome)
    return outcome


def write_site(root: Path, settings) -> Outcome:
    """A new site.toml; one that exists (even appearing meanwhile) is never replaced."""
    outcome = Outcome()
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / "site.toml", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o644)
    except FileExistsError:
        outcome.skipped.append(("site.toml", "exists; never replaced by an import"))
        return outcome
    except OSError as err:
        raise TrackpressError(f"site.toml: cannot write it ({err.strerror or err}) — check that {root} is writable")
    with os.fdopen(fd, "wb") as out:
        out.write(settings.toml().encode("utf-8"))
    outcome.written.append("site.toml")
    outcome.notes += [f"site.toml: {note}" for note in settings.notes]
    return outcome


# -- YAML ------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Safe YAML whose strings always read back as the same string.

    Any string with a line break, a control or other non-printable character,
    or leading/trailing space is written double-quoted with escapes, so every
    value sits on one line: no `---` line can appear inside front matter, and
    no YAML reader (PyYAML, libyaml) folds or trims it.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    odd = value != value.strip() or any(not ch.isprintable() for ch in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if odd else None)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=float("inf"))


def _bytes(text: str) -> Callable[[BinaryIO], None]:
    data = text.encode("utf-8", "surrogatepass")
    return lambda out: out.write(data)


def _stream(source: BinaryIO) -> Callable[[BinaryIO], None]:
    return lambda out: shutil.copyfileobj(source, out, 1 << 20)


# -- names -----------------------------------------------------------------------------------

def name_of(text: str, fallback: str) -> str:
    """A file or folder name made from a slug: WordPress-style, capped, never a device name."""
    name = cap_bytes(slugify(text), MAX_NAME) or cap_bytes(slugify(fallback), MAX_NAME) or "untitled"
    return f"{name}-1" if name.casefold() in _DEVICES else name


def cap_bytes(name: str, limit: int) -> str:
    data = name.encode("utf-8")
    if len(data) <= limit:
        return name
    return data[:limit].decode("utf-8", "ignore").rstrip("-")


def _key(relative: str) -> str:
    """Two names one case-insensitive, normalising file system (macOS, Windows) holds as one."""
    return unicodedata.normalize("NFC", relative).casefold()


def _plan_names(records: tuple[Record, ...], root: Path, outcome: Outcome) -> list[str]:
    """Each record's path without extension, relative to root: content/<folder>/<name>."""
    wanted = []
    for record in records:
        folder = "/".join(name_of(part, "folder") for part in record.folder.split("/") if slugify(part))
        wanted.append((f"content/{folder}", name_of(record.slug, f"{record.kind}-{record.id or 'untitled'}")))
    first: dict[str, int] = {}
    for index, (folder, name) in enumerate(wanted):
        first.setdefault(_key(f"{folder}/{name}"), index)
    taken = set(first)
    stems = []
    for index, (record, (folder, name)) in enumerate(zip(records, wanted)):
        stem = f"{folder}/{name}"
        if first[_key(stem)] != index:
            stem = _free_name(root, folder, name, record, taken)
            outcome.notes.append(f"{record.label}: another item has the file name {name}.md; "
                                 f"written as {stem.rsplit('/', 1)[-1]}.md")
        taken.add(_key(stem))
        stems.append(stem)
    return stems


def _free_name(root: Path, folder: str, name: str, record: Record, taken: set[str]) -> str:
    """`name-2`, `name-3` …: the first that no item of this run plans and no other item's file holds."""
    for number in range(2, 10_000):
        suffix = f"-{number}"
        stem = f"{folder}/{cap_bytes(name, MAX_NAME - len(suffix))}{suffix}"
        if _key(stem) in taken:
            continue
        files = [stem + ".md"] + ([stem + ".comments.yaml"] if record.comments else [])
        if all(not os.path.lexists(root / f) for f in files) or _same_item(root / (stem + ".md"), record):
            return stem
    raise TrackpressError(f"{folder}/{name}.md: ten thousand items share this file name — "
                          "give the posts distinct slugs in WordPress and export again")


def _same_item(path: Path, record: Record) -> bool:
    """True when `path` is this record's file from an earlier import (same id, same guid)."""
    if not (record.id or record.guid):
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, encoding="utf-8") as stream:
            head = stream.read(1 << 20)
        match = re.match(r"---[ \t]*\n(.*?)^---[ \t]*$", head, re.S | re.M)
        meta = yaml.safe_load(match.group(1)) if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(meta, dict) and meta.get("id") == record.id and (meta.get("guid") or "") == record.guid


# -- writing ---------------------------------------------------------------------------------

class _Refused(Exception):
    pass


def _place(root: Path, relative: str, write: Callable[[BinaryIO], None], force: bool, outcome: Outcome) -> None:
    """Write root/relative, which must stay inside root/content or root/static."""
    try:
        path, exists = _target(root, relative, force)
    except _Refused as why:
        outcome.skipped.append((relative, str(why)))
        return
    if exists and not force:
        outcome.skipped.append((relative, EXISTS))
        return
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _BINARY | (os.O_TRUNC if exists else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "wb") as out:
            write(out)
    except FileExistsError:
        outcome.skipped.append((relative, EXISTS))       # appeared since we looked
        return
    except OSError as err:
        raise TrackpressError(f"{relative}: cannot write it ({err.strerror or err}) — check that the folder is "
                              "writable and the disk has room; files written so far are kept") from None
    outcome.written.append(relative)


def _target(root: Path, relative: str, force: bool) -> tuple[Path, bool]:
    """The real path to write and whether a file is there; folders are made on the way.

    Refuses a relative path that is not plain, a folder on the way that is a file or a
    link leading out of the area, and a target that is a link or not a regular file.
    """
    parts = relative.split("/")
    if (len(parts) < 2 or parts[0] not in _AREAS
            or any(p in ("", ".", "..") or "\\" in p or CONTROL.search(p) for p in parts)):
        raise _Refused("not a plain path inside content/ or static/; not written")
    try:
        if root.exists() and not root.is_dir():
            raise TrackpressError(f"{root}: is not a folder — give the site folder with --root")
        area = root / parts[0]
        area.mkdir(parents=True, exist_ok=True)
        base = area.resolve(strict=True)
        folder = area
        for part in parts[1:-1]:
            folder = folder / part
            if os.path.islink(folder):
                real = folder.resolve()
                if not (real.is_relative_to(base) and real.is_dir()):
                    raise _Refused(f"{folder.relative_to(root).as_posix()} is a link out of {parts[0]}/; not written")
            elif folder.exists():
                if not folder.is_dir():
                    raise _Refused(f"{folder.relative_to(root).as_posix()} is a file, not a folder; not written")
            else:
                folder.mkdir()
        if not folder.resolve(strict=True).is_relative_to(base):
            raise _Refused(f"outside {parts[0]}/; not written")
        path = folder / parts[-1]
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return path, False
    except OSError as err:
        raise TrackpressError(f"{relative}: cannot make its folder ({err.strerror or err}) — check that "
                              f"{root} is writable") from None
    if stat.S_ISLNK(mode):
        raise _Refused("is a symbolic link; not replaced" if force else EXISTS)
    if not stat.S_ISREG(mode):
        raise _Refused("is not a regular file (a folder?); not replaced")
    return path, True
