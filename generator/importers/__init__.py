"""Import a WordPress site: a WXR export (Tools → Export) or an RSS2 feed → content/.

    report = import_wordpress(Path("export.xml"), Path("mysite"))
    print(report.summary())

Both importers read into plain records, clean the bodies, optionally copy media
and convert to Markdown, then write files that never replace existing ones
unless `force=True`. Whatever the export holds, files are written only inside
`content/` (and `static/` for media copied with `uploads`): see write.py and
media.py for how names are made and checked. Problems with the export, the
uploads folder or the site folder are raised as TrackpressError.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from ..errors import TrackpressError
from ..typography import autop
from . import html, media
from .feed import read_feed
from .records import CONTROL, Export
from .write import copy_files, write_records
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
                lines += ["", heading, *(f"  {_printable(row)}" for row in rows)]
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
    if uploads is not None:
        plan = media.localise(records, (base_url or export.base_url).rstrip("/"), Path(uploads))
        records, copies, refused = plan.records, plan.copies, plan.refused
        notes += plan.notes
    if to_markdown:
        records = tuple(replace(r, body=html.to_markdown(autop(r.body) if r.format == "wordpress" else r.body))
                        for r in records)
    pages = write_records(records, root, force=force, markdown=to_markdown)
    files = copy_files(copies, root, force=force)
    return ImportReport(written=tuple(pages.written + files.written),
                        skipped=export.skipped + refused + tuple(pages.skipped + files.skipped),
                        notes=tuple(notes + pages.notes))
