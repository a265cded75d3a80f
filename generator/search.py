"""Site search with Pagefind: an index built at build time, searched in the browser.

Pagefind (pagefind.app; on PyPI with its binary, `pagefind[extended]`) reads
HTML and writes a static index in /pagefind/ that its UI fetches in pieces,
so search works on any static host with no server. The index is built from
the rendered pages in memory, before the writer stages anything: its files
join the build's other outputs and are staged and swapped in with them, so
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

import asyncio
import tempfile
from pathlib import Path

from .errors import BuildError, Diagnostic
from .model import OutputFile, Plan, Site
from .urls import base_path, site_url

BUNDLE = "pagefind"                 # the index's folder in the output
SEARCH_PAGE = "/search/"
_INSTALL = "install it with: pip install 'pagefind[extended]' (or set search = false in site.toml)"


def index_site(plan: Plan, site: Site, files: tuple[OutputFile, ...]) -> tuple[OutputFile, ...]:
    """The Pagefind index of the site's rendered posts and pages, as output files
    (under /pagefind/); nothing when search is off."""
    if not site.config.search:
        return ()
    shown = {e.source for e in site.posts + site.pages if not e.protected}
    wanted = {o.path: o for o in plan.outputs if o.kind in ("post", "page") and o.entries[0] in shown}
    base = base_path(site.config.base_url)
    pages = [(site_url(base, wanted[f.path].url), f.data.decode("utf-8")) for f in files if f.path in wanted]
    language = site.config.language.split("-")[0].lower() or "en"
    built = asyncio.run(_build_index(pages, language))
    taken = {f.path for f in files}
    clashes = sorted(path for path, _ in built if path in taken)
    if clashes:
        raise BuildError([Diagnostic("static", 0, "", f"{clashes[0]} is where the search index is written",
                                     f"move your own files out of static/{BUNDLE}/, or set search = false in site.toml")])
    return tuple(OutputFile(path, data) for path, data in sorted(built))


async def _build_index(pages: list[tuple[str, str]], language: str) -> list[tuple[str, bytes]]:
    try:
        from pagefind.index import PagefindIndex
    except ImportError:
        raise _missing("the Python package pagefind is not installed") from None
    try:
        with tempfile.TemporaryDirectory(prefix="trackpress-pagefind-") as folder:
            root = Path(folder)
            # an absolute output path: the index writes it on leaving the context, never beside the cwd
            config = {"force_language": language, "output_path": str(root / BUNDLE)}
            async with PagefindIndex(config=config) as index:
                for url, text in pages:
                    await index.add_html_file(content=text, url=url)
            return [(path.relative_to(root).as_posix(), path.read_bytes())
                    for path in sorted(root.rglob("*")) if path.is_file()]
    except FileNotFoundError as exc:
        if "pagefind" in str(exc).lower():
            raise _missing("its binary was not found") from None
        raise
    except (OSError, RuntimeError, AssertionError) as exc:
        raise BuildError([Diagnostic("site.toml", 0, "search", f"Pagefind could not build the search index ({exc})",
                                     "run the build with --debug to see why; " + _INSTALL)]) from None


def _missing(why: str) -> BuildError:
    return BuildError([Diagnostic("site.toml", 0, "search", f"search is on, but Pagefind cannot run: {why}", _INSTALL)])
