"""Uploads: point media URLs at a local copy of wp-content/uploads.

Plans only: returns the rewritten records and the files to copy; the writer
does the copying, under the same never-overwrite rule as the posts.

Only files really inside the uploads folder are ever planned: the URL's path
must be plain (no empty, `.` or `..` segment after percent-decoding, no
backslash, colon or control character), the file it names is resolved with
every symbolic link followed and must still be inside the (resolved) uploads
folder, and it must be a regular file, not a FIFO or device. Anything else is
refused, reported, and its link left as it was.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import TrackpressError
from .records import CONTROL, Record

UPLOADS = "/wp-content/uploads/"


@dataclass(frozen=True)
class MediaPlan:
    records: tuple[Record, ...]
    copies: tuple[tuple[Path, str], ...]   # (real file inside the uploads folder, path under root/)
    notes: tuple[str, ...]
    refused: tuple[tuple[str, str], ...] = ()   # (URL, why it was not copied)
    media: tuple[dict, ...] = ()                # media.yaml entries, their url local when copied


def uploads_folder(uploads: Path) -> Path:
    """The real uploads folder, or a TrackpressError saying what is wrong with it."""
    if not uploads.exists():
        raise TrackpressError(f"{uploads}: no such folder — give a local copy of wp-content/uploads")
    if not uploads.is_dir():
        raise TrackpressError(f"{uploads}: is not a folder — give a local copy of wp-content/uploads")
    try:
        real = uploads.resolve(strict=True)
        os.listdir(real)
    except OSError as err:
        raise TrackpressError(f"{uploads}: cannot read this folder ({err.strerror or err}) — "
                              "check its permissions") from None
    return real


def localise(records: tuple[Record, ...], base_url: str, uploads: Path, media: tuple[dict, ...] = ()) -> MediaPlan:
    """Rewrite `<base>/wp-content/uploads/…` URLs whose file exists in `uploads` to site paths.

    http and https links to the same host both count; missing files keep their URL.
    """
    base = urlsplit(base_url)
    if not base.netloc:
        return MediaPlan(records, (), media=media, notes=("no address for the old site, so no media links were recognised — "
                                       "give it with --base-url https://old.example",))
    real_uploads = uploads_folder(uploads)
    pattern = re.compile(r"(?:https?:)?//" + re.escape(base.netloc + base.path.rstrip("/") + UPLOADS)
                         + r"""([^\s"'<>()?#\\]+)""")
    copies: dict[str, Path] = {}
    missing: set[str] = set()
    refused: dict[str, str] = {}

    def local(match: re.Match[str]) -> str:
        url = match.group(0)
        segments = unquote(match.group(1)).split("/")
        if any(s in ("", ".", "..") or "\\" in s or ":" in s or CONTROL.search(s) for s in segments):
            refused[url] = "not a plain path inside the uploads folder; not copied"
            return url
        found = _inside(real_uploads, segments)
        if isinstance(found, str):
            if found:
                refused[url] = found
            else:
                missing.add(url)
            return url
        copies["static" + UPLOADS + "/".join(segments)] = found
        return UPLOADS + match.group(1)

    def rewrite(text: str) -> str:
        return pattern.sub(local, text) if text else text

    new = tuple(replace(r, body=rewrite(r.body), image=rewrite(r.image),
                        enclosures=tuple(replace(e, url=rewrite(e.url)) for e in r.enclosures))
                for r in records)
    files = tuple({**entry, "url": rewrite(entry["url"])} for entry in media)
    notes = tuple(f"not in {uploads}: {url} (left as it was)" for url in sorted(missing))
    return MediaPlan(new, tuple((source, dest) for dest, source in sorted(copies.items())), notes,
                     tuple(sorted(refused.items())), files)


def _inside(real_uploads: Path, segments: list[str]) -> Path | str:
    """The real file, "" when there is none, or why it is refused."""
    candidate = real_uploads.joinpath(*segments)
    try:
        real = candidate.resolve(strict=True)
        mode = os.stat(real).st_mode
    except (OSError, RuntimeError):     # missing, a loop of links, unreadable
        return ""
    if not real.is_relative_to(real_uploads):
        return f"leads outside {real_uploads} (a symbolic link); not copied"
    if not stat.S_ISREG(mode):
        return "not a regular file (a folder, pipe or device); not copied"
    return real
