"""Import a WordPress site: a WXR export (Tools → Export) or an RSS2 feed → content/.

    report = import_wordpress(Path("export.xml"), Path("mysite"))
    print(report.summary())

Both importers read into plain records, clean the bodies, optionally copy media
and convert to Markdown, then write files that never replace existing ones
unless `force=True`. Whatever the export holds, files are written only inside
`content/` (and `static/` for media copied with `uploads`), plus a new
`site.toml` when the folder has none (an existing one is never touched): see
write.py and media.py for how names are made and checked. A WXR import also
writes content/terms.yaml (merged into the user's, never rewriting an entry)
and content/media.yaml. Problems with the export, the uploads folder or the
site folder are raised as TrackpressError.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from ..errors import TrackpressError
from ..typography import autop
try:
    from ..shortcodes import KNOWN_SHORTCODES
except ImportError:      # until the build renders shortcodes
    KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed",
                                  "youtube", "vimeo", "soundcloud", "sourcecode", "code"})
from . import html, media
from .feed import read_feed
from .records import CONTROL, Export
from .menus import toml_lines
from .write import copy_files, write_data, write_records, write_site
from .wxr import read_wxr

__all__ = ["ImportReport", "import_wordpress", "import_feed"]


@dataclass(frozen=True)
class ImportReport:
    written: tuple[str, ...]                   # paths relative to the site root
    skipped: tuple[tuple[str, str], ...]       # (path or title, reason)
    notes: tuple[str, ...]                     # what could not be kept, and other warnings

    def summary(self) -> str:
        lines = [f"Wrote {len(self.written)} files, skipped {len(self.skipped)}."]
        sections = (("Written:", self.written),
                    ("Skipped:", [f"{what}: {why}" for what, why in self.skipped]),
                    ("Notes:", self.notes))
        for heading, rows in sections:
            if rows:
                lines += ["", heading]
                for row in rows:      # a note may hold lines to paste (site.toml's [[nav]]): each indented
                    first, *more = str(row).split("\n")
                    lines += [f"  {_printable(first)}", *(f"      {_printable(line)}" for line in more)]
        return "\n".join(lines)


def _printable(text: str) -> str:
    """One line a terminal shows as it is: control characters (escape sequences) written as \\uXXXX."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def import_wordpress(export: Path, root: Path, *, force: bool = False, to_markdown: bool = False,
                     uploads: Path | None = None, base_url: str | None = None) -> ImportReport:
    """Posts, pages and comments from a WordPress export into `root/content/`."""
    return _write(read_wxr(Path(export)), Path(root), force=force, to_markdown=to_markdown,
                  uploads=uploads, base_url=base_url)


def import_feed(feed: Path, root: Path, *, categories: Iterable[str] = (), force: bool = False,
                to_markdown: bool = False, uploads: Path | None = None,
                base_url: str | None = None) -> ImportReport:
    """Posts from a WordPress RSS2 feed; terms named in `categories` are categories, the rest tags."""
    return _write(read_feed(Path(feed), categories), Path(root), force=force, to_markdown=to_markdown,
                  uploads=uploads, base_url=base_url)


def _write(export: Export, root: Path, *, force: bool, to_markdown: bool,
           uploads: Path | None, base_url: str | None) -> ImportReport:
    records = tuple(replace(r, body=html.strip_block_comments(r.body)) for r in export.records)
    copies: tuple = ()
    notes = list(export.notes)
    refused: tuple[tuple[str, str], ...] = ()
    if root.exists() and not root.is_dir():
        raise TrackpressError(f"{root}: is not a folder — give the site folder with --root")
    old_site = (base_url or export.base_url).rstrip("/")
    media_entries = export.media
    if uploads is not None:
        plan = media.localise(records, old_site, Path(uploads), export.media)
        records, copies, refused, media_entries = plan.records, plan.copies, plan.refused, plan.media
        notes += plan.notes
    records = tuple(replace(r, body=html.same_site_links(r.body, old_site)) for r in records)
    notes += _shortcode_notes(records)
    if to_markdown:
        records = tuple(replace(r, body=html.to_markdown(autop(r.body) if r.format == "wordpress" else r.body))
                        for r in records)
    new_site = export.settings is not None and not os.path.lexists(root / "site.toml")
    pages = write_records(records, root, force=force, markdown=to_markdown)
    data = write_data(root, terms=export.terms, media=media_entries, force=force)
    files = copy_files(copies, root, force=force)
    written, skipped = pages.written + data.written + files.written, pages.skipped + data.skipped + files.skipped
    notes += pages.notes + data.notes + _nav_notes(export.menus, new_site)
    if new_site:
        site = write_site(root, export.settings)
        written += site.written
        skipped += site.skipped
        notes += site.notes
    return ImportReport(written=tuple(written), skipped=export.skipped + refused + tuple(skipped), notes=tuple(notes))


def _shortcode_notes(records) -> list[str]:
    uses = Counter(name for r in records for name in html.shortcode_names(r.body))
    if not uses:
        return []
    rendered = [f"{name} ×{n}" for name, n in sorted(uses.items()) if name in KNOWN_SHORTCODES]
    text = [f"{name} ×{n}" for name, n in sorted(uses.items()) if name not in KNOWN_SHORTCODES]
    parts = ([f"rendered by the build: {', '.join(rendered)}"] if rendered else []) + \
            ([f"left as text (the build does not know them): {', '.join(text)}"] if text else [])
    return ["shortcodes in bodies — " + "; ".join(parts)]


def _links(count: int) -> str:
    return f"{count} link{'s' if count != 1 else ''}"


def _nav_notes(menus, new_site: bool) -> list[str]:
    if not menus:
        return []
    notes = []
    first, others = menus[0], menus[1:]
    if first.links:
        if new_site:
            notes.append(f"menu {first.name!r}: {_links(len(first.links))} written as [[nav]] in site.toml")
        else:
            notes.append(f"menu {first.name!r}: site.toml is yours and was not changed; to use the menu, paste:\n"
                         + "\n".join(toml_lines(first.links)).rstrip())
    for item in first.dropped:
        notes.append(f"menu {first.name!r}: not kept: {item}")
    for menu in others:
        notes.append(f"menu {menu.name!r} ({_links(len(menu.links))}) not used; its [[nav]] lines would be:\n"
                     + "\n".join(toml_lines(menu.links)).rstrip() if menu.links else
                     f"menu {menu.name!r}: no link a static site can keep")
    return notes
