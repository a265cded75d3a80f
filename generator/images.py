"""Featured and share images: their pixel sizes, and smaller copies for `srcset`.

Pillow stays behind this module. Reading happens once per build, before the
plan (`read_images`: the size of each local image the site names, and its
smaller copies), so the plan can place every copy as an output like any other.
Copies are made into the build cache, `.trackpress-cache/images/`, named by a
digest of the original's bytes and the width, so a rebuild resizes nothing it
resized before and an edited image gets new copies; they are made while
reading because a copy is used only when it really is smaller in bytes (a
flat-colour PNG can grow when resampled), which the plan must know. A cache
file is whole or absent (written aside, then moved), so a build that fails
later leaves only reusable copies behind, never a damaged one. A copy is written beside its original in the output
(`/img/cover.png` → `/img/cover-800w.png`), so a host that serves the
original serves its copies too.

Only JPEG, PNG and WebP are resized; other images (GIF, SVG, a file Pillow
cannot read) keep their single file, with width and height when Pillow can
read them. A copy carries no metadata from the original (no EXIF: no camera
serial or GPS position reaches the web).
"""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, unquote

from .errors import BuildError, Diagnostic, Reporter
from .model import Site

WIDTHS = (480, 800, 1200, 1600)          # srcset candidates: phone, small tablet, desktop column, 2× desktop
RESIZED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
JPEG_QUALITY = 82
RECIPE = "v1"                            # part of every copy's key: change it when the resizing changes
_SRCSET_SAFE = "/%-._~!$&'()*+;=:@"
MAX_PIXELS = 50_000_000                  # a "decompression bomb" is refused before it is decoded


@dataclass(frozen=True)
class Size:
    """A resized copy: where the site serves it, its pixels, the cache file it is copied from."""
    url: str                             # site path: "/img/cover-800w.png"
    width: int
    height: int
    cache: str                           # absolute path in .trackpress-cache/images/
    source: str                          # the original, absolute (the copy is made from it)


@dataclass(frozen=True)
class ImageInfo:
    """A local image the site names: its own pixels and the smaller copies made of it (widest last)."""
    url: str                             # site path of the original
    width: int
    height: int
    sizes: tuple[Size, ...] = ()
    shown: str = ""                      # the file as messages name it: "static/img/cover.png"


def featured_images(site: Site) -> list[str]:
    """The images a build shows in `<img>`: each entry's `image:` (these get smaller copies)."""
    return [e.image for e in site.posts + site.pages if e.image]


def served_files(theme_files: Iterable[Any], user_files: Iterable[Any]) -> list[tuple[str, str, str]]:
    """(site path, absolute path, shown name) of the files a build copies: the theme's under /static/,
    the site's own static/ at the root (assets.StaticFile objects)."""
    return ([("/static/" + f.relative, f.absolute, f.source) for f in theme_files] +
            [("/" + f.relative, f.absolute, f.source) for f in user_files])


def read_images(urls: Iterable[str], files: Sequence[tuple[str, str, str]], cache_dir: Path,
                reporter: Reporter | None = None, size_only: Iterable[str] = ()) -> dict[str, ImageInfo]:
    """Each local image among `urls` (site paths; other URLs are skipped) → its `ImageInfo`;
    those only in `size_only` (the share image: og:image:width/height) get no smaller copies.

    `files` are (site path, absolute path, shown name) of every file the site
    serves as it is. An image that cannot be read is a warning: its page still
    builds, without width, height or srcset."""
    served = {unquote(site): (absolute, shown) for site, absolute, shown in files}
    found: dict[str, ImageInfo] = {}
    shown_in_pages = set(urls)
    for url in sorted(shown_in_pages | set(size_only)):
        if not url.startswith("/") or url.startswith("//"):
            continue
        where = served.get(unquote(url.split("?", 1)[0].split("#", 1)[0]))
        if where is None:
            continue
        absolute, shown = where
        try:
            info = _read(url, absolute, shown, cache_dir, resize=url in shown_in_pages)
        except _Unreadable as why:
            if reporter is not None:
                reporter.warn(Diagnostic(shown, 0, "image", f"cannot be read as an image ({why})",
                                         "save it as a JPEG, PNG or WebP; the page shows it without width, height or smaller sizes"))
            continue
        found[url] = info
    return found


class _Unreadable(Exception):
    pass


def _read(url: str, absolute: str, shown: str, cache_dir: Path, resize: bool = True) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        data = Path(absolute).read_bytes()
    except OSError as exc:
        raise _Unreadable(exc.strerror or type(exc).__name__) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                format = image.format or ""
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            ValueError, SyntaxError) as exc:
        raise _Unreadable(type(exc).__name__ if not str(exc) else str(exc)[:120]) from None
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise _Unreadable(f"{width}×{height} pixels is outside what Trackpress resizes")
    extension = RESIZED_FORMATS.get(format) if resize else None
    sizes: list[Size] = []
    if extension:
        digest = hashlib.sha256(data + RECIPE.encode()).hexdigest()[:32]
        stem = url.rsplit(".", 1)[0] if "." in url.rsplit("/", 1)[-1] else url
        original: list[Any] = []                # decoded once, and only when a copy must be made
        for target in WIDTHS:
            if target >= width:
                break
            size = Size(url=f"{stem}-{target}w{extension}", width=target, height=max(1, round(height * target / width)),
                        cache=str(cache_dir / "images" / digest[:2] / f"{digest}-{target}{extension}"), source=absolute)
            if _cached_or_made(size, data, original, shown):
                sizes.append(size)
    return ImageInfo(url=url, width=width, height=height, sizes=tuple(sizes), shown=shown)


def _cached_or_made(size: Size, data: bytes, original: list[Any], shown: str) -> bool:
    """Whether the copy exists in the cache, making it first if needed. A copy that would not be
    at least a tenth smaller than the original file (a flat-colour PNG often grows when resampled)
    is not used: a marker file remembers that, so it is not tried again."""
    target = Path(size.cache)
    skip = target.with_name(target.name + ".skip")
    if target.is_file():
        return True
    if skip.is_file():
        return False
    made = _resize(size, data, original)
    keep = len(made) < 0.9 * len(data)
    try:
        _write(target if keep else skip, made if keep else b"")
    except OSError as exc:
        raise BuildError([Diagnostic(str(target.parents[2]), 0, "",
                                     f"cannot hold the resized copies of {shown} ({exc.strerror or exc})",
                                     "make .trackpress-cache/ a writable folder, or remove what is in its way")]) from None
    return keep


def _resize(size: Size, data: bytes, original: list[Any]) -> bytes:
    from PIL import Image, ImageOps

    if not original:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened) if opened.format == "JPEG" else opened.copy()
            original.append((image, opened.format, opened.info.get("icc_profile")))
    image, format, icc = original[0]
    if format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode.endswith("A") else "RGB")
    resized = image.resize((size.width, size.height), Image.Resampling.LANCZOS)
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    buffer = io.BytesIO()
    if format == "JPEG":
        resized.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif format == "WEBP":
        resized.save(buffer, "WEBP", quality=JPEG_QUALITY, method=4, **options)
    else:
        if image.getcolors(256) is not None:     # a flat graphic: back to a palette, as few colours as it had
            resized = resized.quantize(colors=256, method=Image.Quantize.FASTOCTREE if resized.mode == "RGBA"
                                       else Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        resized.save(buffer, "PNG", optimize=True, **options)
    return buffer.getvalue()


def _write(target: Path, data: bytes) -> None:
    """Under a temporary name, then moved into place: a build that stops half-way leaves no half file."""
    cache_root = target.parents[2]
    if not cache_root.exists():               # the body cache adds its CACHEDIR.TAG; git must ignore it from the start
        cache_root.mkdir(parents=True)
        (cache_root / ".gitignore").write_text("# Created by Trackpress: the build cache, safe to delete.\n*\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".tmp-{os.getpid()}-{secrets.token_hex(6)}-{target.name}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def picture_view(info: ImageInfo | None, url: str, base: str, alt: str) -> dict[str, Any] | None:
    """What a template needs for an `<img>`: src (with the base path), alt, width and height when
    known, and `srcset` listing the copies and the original. None when there is no image."""
    if not url:
        return None
    with_base = (base + url) if base and url.startswith("/") and not url.startswith("//") else url
    if info is None:
        return {"src": with_base, "alt": alt, "width": None, "height": None, "srcset": ""}
    candidates = [(base + s.url, s.width) for s in info.sizes] + [(with_base, info.width)]
    # a space or comma in a URL would split a srcset candidate: both are percent-encoded there
    srcset = ", ".join(f"{quote(u, safe=_SRCSET_SAFE)} {w}w" for u, w in candidates) if info.sizes else ""
    return {"src": with_base, "alt": alt, "width": info.width, "height": info.height, "srcset": srcset}
