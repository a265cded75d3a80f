"""Site search with Pagefind: an index built at build time, searched in the browser.

Pagefind (pagefind.app; on PyPI with its binary, `pagefind[extended]`) reads
HTML and writes a static index in /pagefind/ that its UI fetches in pieces,
so search works on any static host with no server. The index is built from
the rendered pages (copied into a temporary folder for Pagefind's command
line) before the writer stages anything: its files join the build's other outputs and are staged and swapped in with them, so
a failed index leaves the previous output/ as it was, and the index always
matches the pages beside it.

What is indexed: posts and pages, not listings (they repeat the posts) and
not password-protected entries (their text is never published). Within a
page only the element marked `data-pagefind-body` (the theme marks the
entry) is indexed, so navigation and footers are not. One index for the
whole site in the site's language (`force_language`), so a post written in
another language is found from the one search page too.

`search = false` in site.toml turns it off (no index, no search page, no
search form). When it is on and Pagefind cannot run, the build stops with
a message saying how to install it or turn search off.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterable

from .errors import BuildError, Diagnostic
from .model import OutputFile, Plan, Site

BUNDLE = "pagefind"                 # the index's folder in the output
SEARCH_PAGE = "/search/"
_MANIFEST = "MANIFEST"
_INSTALL = "install it with: pip install 'pagefind[extended]' (or set search = false in site.toml)"


@dataclass(frozen=True)
class SearchIndex:
    """The index's output files, and what `store_index` needs to keep them for the next build."""
    files: tuple[OutputFile, ...] = ()
    digest: str = ""                # of everything the index depends on; names its cache folder
    cache: Path | None = None       # the build's cache folder (.trackpress-cache), None: no cache
    fresh: bool = False             # made by Pagefind in this build (not read from the cache)


def index_site(plan: Plan, site: Site, files: tuple[OutputFile, ...], cache: Path | None = None,
               output: Path | None = None, stale_ok: bool = False, remembered: dict | None = None) -> SearchIndex:
    """The Pagefind index of the site's rendered posts and pages, as output files
    (under /pagefind/); nothing when search is off. With `cache` (the build's
    .trackpress-cache folder), an index of exactly these pages made by an earlier
    build is reused: Pagefind has no incremental mode, and indexing 1,000 posts
    again costs seconds when nothing changed. A page the build kept from the last one
    (`OutputFile.keep`, its SHA-256) is read from `output` only if the index must be made.
    `remembered` is a long-lived process's memory of its last index (warm.py): with `stale_ok`,
    the index is taken from there rather than read back from the cache folder."""
    if not site.config.search:
        return SearchIndex()
    shown = {e.source for e in site.posts + site.pages if not e.protected}
    wanted = {o.path for o in plan.outputs if o.kind in ("post", "page") and o.entries[0] in shown}
    chosen = [f for f in files if f.path in wanted]
    language = site.config.language.split("-")[0].lower() or "en"
    if not chosen:               # Pagefind refuses to write an index of nothing; the search page still needs one
        chosen = [OutputFile(SEARCH_PAGE.strip("/") + "/index.html",
                             f'<html lang="{language}"><body><main data-pagefind-body><p>Nothing to search yet.</p>'
                             f'</main></body></html>'.encode("utf-8"))]
    digest = _digest([(f.path, f.keep or f.digest or hashlib.sha256(f.data).hexdigest()) for f in chosen], language)
    built = (remembered or {}).get(language) if stale_ok else None     # a preview's last index, in memory
    if built is None and cache is not None:
        built = _load(cache, digest)
    if built is None and stale_ok and cache is not None:
        built = _latest(cache)        # a preview: the last index made, whatever changed since (never stored again)
    fresh = built is None
    if built is None:
        if any(f.keep or (f.digest and not f.spooled) for f in chosen) and output is None:
            raise AssertionError("kept pages need the output folder they are kept in")
        built = _build_index(((f.path, _bytes(f, output)) for f in chosen), language)     # one page at a time
    if remembered is not None:
        remembered.clear()
        remembered[language] = built
    taken = {f.path for f in files}
    clashes = sorted(path for path, _ in built if path in taken)
    if clashes:
        raise BuildError([Diagnostic("static", 0, "", f"{clashes[0]} is where the search index is written",
                                     f"move your own files out of static/{BUNDLE}/, or set search = false in site.toml")])
    return SearchIndex(tuple(OutputFile(path, data) for path, data in built), digest, cache, fresh)


def _bytes(file: OutputFile, output: Path | None) -> bytes:
    """A page's bytes: in memory, in the build's spool, or (kept from the last build) in the output folder."""
    if file.keep or (file.digest and not file.spooled):        # the previous build's file, unchanged
        return (output / file.path).read_bytes()
    return Path(file.spooled).read_bytes() if file.spooled else file.data


def store_index(index: SearchIndex) -> None:
    """Keep a freshly made index in the cache folder for the next build (after the build
    succeeded: a failed build writes nothing beside output/). Only the latest index is
    kept. A cache that cannot be written is no problem: the next build indexes again."""
    if not index.fresh or index.cache is None or not index.cache.is_dir():
        return
    folder = index.cache / "pagefind"
    try:
        folder.mkdir(exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
        lines = []
        for file in index.files:
            target = temporary / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
            lines.append(f"{hashlib.sha256(file.data).hexdigest()}  {file.path}\n")
        (temporary / _MANIFEST).write_text("".join(lines), encoding="utf-8")
        for old in folder.iterdir():
            if old != temporary:
                shutil.rmtree(old, ignore_errors=True)
        temporary.rename(folder / index.digest)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _latest(cache: Path) -> list[tuple[str, bytes]] | None:
    """The one index the cache keeps (store_index keeps only the latest), checked like any; None if none."""
    try:
        names = [p.name for p in (cache / "pagefind").iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return None
    return _load(cache, names[0]) if len(names) == 1 else None


def _load(cache: Path, digest: str) -> list[tuple[str, bytes]] | None:
    """The cached index named `digest`, every file checked against its manifest; None when absent or damaged."""
    folder = cache / "pagefind" / digest
    try:
        lines = (folder / _MANIFEST).read_text(encoding="utf-8").splitlines()
        files = []
        for line in lines:
            expected, path = line.split("  ", 1)
            if not path.startswith(BUNDLE + "/") or ".." in path.split("/"):
                return None
            data = (folder / path).read_bytes()
            if hashlib.sha256(data).hexdigest() != expected:
                return None
            files.append((path, data))
        return sorted(files) or None
    except (OSError, ValueError):
        return None


def _digest(pages: list[tuple[str, str]], language: str) -> str:
    """Everything the index depends on: the pages' paths and SHA-256s, the language, Pagefind's version, this module."""
    digest = hashlib.sha256()
    digest.update(f"{_pagefind_version()}\0{language}\0".encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    for path, sha in sorted(pages):
        digest.update(path.encode("utf-8") + b"\0" + sha.encode("ascii") + b"\0")
    return digest.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "?"


def _build_index(pages: Iterable[tuple[str, bytes]], language: str) -> list[tuple[str, bytes]]:
    """Run Pagefind's indexer over `pages` (output path, HTML) laid out in a temporary folder as
    they will be served; the bundle it writes, as (output path, bytes), sorted. Result URLs are
    site paths ("/2024/05/x/"): the search page gives Pagefind's UI the base path (`baseUrl`).
    The command line, not the package's Python API: the API waits 0.1 s for each reply, which
    made 1,000 posts take 110 s."""
    binary = _binary()
    with tempfile.TemporaryDirectory(prefix="trackpress-pagefind-") as folder:
        root = Path(folder)
        for path, data in pages:
            target = root / "site" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (root / "site").mkdir(exist_ok=True)
        bundle = root / "bundle"
        command = [str(binary), "--site", str(root / "site"), "--output-path", str(bundle),
                   "--force-language", language, "--silent"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=3600)
        except OSError as exc:
            raise _missing(f"{binary} could not be started ({exc.strerror or exc})") from None
        except subprocess.TimeoutExpired:
            raise _failed("it ran for more than an hour") from None
        if done.returncode != 0:
            said = " ".join((done.stderr or done.stdout).split())[-300:]
            raise _failed(f"exit code {done.returncode}: {said}")
        return [(f"{BUNDLE}/{path.relative_to(bundle).as_posix()}", path.read_bytes())
                for path in sorted(bundle.rglob("*")) if path.is_file()]


def _binary() -> Path:
    """The Pagefind binary the `pagefind` package finds (its bundled binary, $PAGEFIND_BINARY_PATH, or PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise _missing("the Python package pagefind is not installed") from None
    found = get_executable()
    if found is None or not Path(found).is_file():
        raise _missing("its binary was not found" + (f" at {found}" if found is not None else ""))
    return Path(found)


def _missing(why: str) -> BuildError:
    return BuildError([Diagnostic("site.toml", 0, "search", f"search is on, but Pagefind cannot run: {why}", _INSTALL)])


def _failed(why: str) -> BuildError:
    return BuildError([Diagnostic("site.toml", 0, "search", f"Pagefind could not build the search index ({why})",
                                  "run the build with --debug to see more; " + _INSTALL)])
