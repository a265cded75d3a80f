"""Uploads: point media URLs at a local copy of wp-content/uploads.

Plans only: returns the rewritten records and the files to copy; the writer
does the copying, under the same never-overwrite rule as the posts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .records import Record

UPLOADS = "/wp-content/uploads/"


@dataclass(frozen=True)
class MediaPlan:
    records: tuple[Record, ...]
    copies: tuple[tuple[Path, str], ...]   # (file in the uploads folder, path under root/static/)
    notes: tuple[str, ...]


def localise(records: tuple[Record, ...], base_url: str, uploads: Path) -> MediaPlan:
    """Rewrite `<base>/wp-content/uploads/…` URLs whose file exists in `uploads` to site paths.

    http and https links to the same host both count; missing files keep their URL.
    """
    base = urlsplit(base_url)
    pattern = re.compile(r"(?:https?:)?//" + re.escape(base.netloc + base.path.rstrip("/") + UPLOADS)
                         + r"""([^\s"'<>()?#\\]+)""")
    copies: dict[str, Path] = {}
    missing: set[str] = set()

    def local(match: re.Match[str]) -> str:
        relative = unquote(match.group(1))
        parts = PurePosixPath(relative).parts
        source = uploads.joinpath(*parts)
        if ".." in parts or not source.is_file():
            missing.add(match.group(0))
            return match.group(0)
        copies["static" + UPLOADS + relative] = source
        return UPLOADS + match.group(1)

    def rewrite(text: str) -> str:
        return pattern.sub(local, text) if text else text

    new = tuple(replace(r, body=rewrite(r.body), image=rewrite(r.image),
                        enclosures=tuple(replace(e, url=rewrite(e.url)) for e in r.enclosures))
                for r in records)
    notes = tuple(f"not in {uploads}: {url} (left as it was)" for url in sorted(missing))
    return MediaPlan(new, tuple((source, dest) for dest, source in sorted(copies.items())), notes)
