"""Records → Markdown files with YAML front matter, never overwriting without `force`.

Posts go to content/posts/YYYY/<slug>.md, pages to content/pages/<ancestors>/<slug>.md,
comments beside them as <slug>.comments.yaml.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..urls import slugify
from .records import Record

EXISTS = "exists; use --force to overwrite"


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def front_matter(record: Record, *, markdown: bool) -> dict[str, Any]:
    """The keys in their documented order; empty and false ones left out."""
    pairs = [
        ("title", record.title), ("date", record.date), ("updated", record.updated),
        ("slug", record.slug), ("permalink", record.permalink),
        ("author", record.author), ("author_slug", record.author_slug),
        ("categories", list(record.categories)), ("tags", list(record.tags)),
        ("excerpt", record.excerpt), ("draft", record.draft), ("sticky", record.sticky),
        ("id", record.id), ("guid", record.guid), ("image", record.image),
        ("enclosures", [asdict(e) for e in record.enclosures]),
        ("parent", record.parent), ("menu_order", record.menu_order),
        ("format", "" if markdown else record.format), ("wordpress", dict(record.wordpress)),
    ]
    return {key: value for key, value in pairs if value not in (None, "", [], {}, False, 0)}


def write_records(records: tuple[Record, ...], root: Path, *, force: bool, markdown: bool) -> Outcome:
    outcome = Outcome()
    taken: set[str] = set()
    for record in records:
        name = _file_name(record)
        stem = f"content/{record.folder}/{name}"
        if stem in taken:
            stem = f"{stem}-{record.id or len(taken)}"
            outcome.notes.append(f"{record.label}: another item has the file name {name}.md; written as {stem}.md")
        taken.add(stem)
        text = "---\n" + _yaml(front_matter(record, markdown=markdown)) + "---\n" + record.body
        _place(root, stem + ".md", text.encode("utf-8"), force, outcome)
        if record.comments:
            comments = [{k: v for k, v in asdict(c).items() if k != "type" or v} for c in record.comments]
            _place(root, stem + ".comments.yaml", _yaml(comments).encode("utf-8"), force, outcome)
    return outcome


def copy_files(copies: tuple[tuple[Path, str], ...], root: Path, *, force: bool) -> Outcome:
    outcome = Outcome()
    for source, relative in copies:
        _place(root, relative, source.read_bytes(), force, outcome)
    return outcome


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)


def _file_name(record: Record) -> str:
    """The slug, unless it cannot be a file name."""
    slug = record.slug
    if not slug or slug in (".", "..") or any(c in slug for c in "/\\\0"):
        slug = slugify(slug.replace("/", "-")) or f"{record.kind}-{record.id}"
    return slug


def _place(root: Path, relative: str, data: bytes, force: bool, outcome: Outcome) -> None:
    path = root / relative
    if path.exists() and not force:
        outcome.skipped.append((relative, EXISTS))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    outcome.written.append(relative)
