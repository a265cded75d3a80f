"""The site → the plan: every file the build will write, before anything renders.

Each planned output carries its URL, its file, its kind and template, the
entries it shows (by source path) and the sources that asked for it. Every
URL goes through `urls.canonical_path`; then one collision check runs over
the whole plan, case-insensitively (macOS and Windows fold letter case), so
two things that would land on one file are one error naming both and the
setting to change. Nothing here reads or writes a file.
"""
from __future__ import annotations

from typing import Mapping
from urllib.parse import unquote

from .assets import StaticFile
from .errors import Diagnostic, raise_if_any
from .images import ImageInfo
from .model import Entry, Plan, PlannedOutput, Site, Term
from .search import BUNDLE, SEARCH_PAGE
from .sitemap import ROBOTS, sitemap_paths, sitemap_urls, split
from .taxonomy import paginate
from .urls import UnsafePath, canonical_path, collision_key, encode_path, output_path

LISTINGS = ("home", "tag", "category", "author", "year", "month", "day")
REDIRECT_FILES = (
    ("/_redirects", "the redirect rules for Netlify and Cloudflare Pages"),
    ("/_headers", "the headers for Netlify and Cloudflare Pages"),
    ("/.htaccess", "Apache's rewrite rules"),
    ("/nginx-redirects.conf", "the nginx rules"),
    ("/wp-redirects.js", "the old-link forwarding script"),
)
REDIRECT_SCRIPT = "/wp-redirects.js"
PYGMENTS_CSS = "/static/pygments.css"
SUBSCRIBE_URL = "/subscribe/"             # the theme's page about the feeds, unless an entry has that URL
MARKER = "/.trackpress-output"
_TERM_FIELDS = {"tag": "tags", "category": "categories", "author": "author_slug"}
# kinds a user's own static file may replace without a word: theme files, like Hugo's static override;
# and robots.txt, which is the user's to write
OVERRIDABLE = ("asset", "robots")


def plan_site(site: Site, theme_files: tuple[StaticFile, ...] = (), user_files: tuple[StaticFile, ...] = (),
              images: Mapping[str, ImageInfo] | None = None, subscribe: bool = False) -> Plan:
    """Every output of the build, or a `BuildError` listing every unsafe URL
    and every collision. `theme_files` are copied under /static/ (parent
    theme first, so a child's file replaces its parent's); `user_files` from
    the site's static/ folder to the output root."""
    problems: list[Diagnostic] = []
    planned: list[PlannedOutput] = []

    def add(kind: str, url: str, about: str, sources: tuple[str, ...], field: str = "", **rest) -> None:
        try:
            canonical = canonical_path(url)
            path = output_path(canonical)
        except UnsafePath as why:
            # blame the entry whose value made the URL, not the setting that prefixes it
            owner = next((s for s in sources if s.startswith("content/")), sources[0])
            term_kind = rest.get("subject", "").split("/")[0] if kind == "feed" else kind
            culprit = _TERM_FIELDS.get(term_kind, field) if owner != sources[0] else field
            problems.append(Diagnostic(owner, 0, culprit, f"{about}: the URL {url!r} {why}", _hint(kind, culprit)))
            return
        planned.append(PlannedOutput(kind=kind, url=encode_path(canonical), path=path, about=about,
                                     sources=sources, field=field, **rest))

    _plan_entries(site, add, problems)
    _plan_listings(site, add)
    _plan_feeds(site, add)
    add("404", "/404.html", "the 404 page", ("theme",), template="404.html")
    if subscribe and all(e.url != SUBSCRIBE_URL for e in site.posts + site.pages):
        add("subscribe", SUBSCRIBE_URL, "the page that explains the feeds", ("theme",), template="subscribe.html")
    _plan_discovery(site, planned, add)
    for url, about in REDIRECT_FILES:
        add("redirects", url, about, ("Trackpress",), subject=url.lstrip("/"))
    add("asset", PYGMENTS_CSS, "the code-highlighting stylesheet", ("Trackpress",))
    add("reserved", MARKER, "the marker that says Trackpress made this folder", ("Trackpress",))
    themed: dict[str, StaticFile] = {}
    for file in theme_files:                  # parent first: a child theme's file replaces its parent's
        themed[file.relative] = file
    for file in themed.values():
        add("asset", "/static/" + file.relative, f"the theme file {file.source}", (file.source,), copy_from=file.absolute)
    for file in user_files:
        add("static", "/" + file.relative, f"your static file {file.source}", (file.source,), copy_from=file.absolute)
    for info in (images or {}).values():      # images.py's resized copies, beside their originals
        for size in info.sizes:
            add("image", size.url, f"the {size.width} px copy of {info.shown}", (info.shown,), copy_from=size.cache)

    outputs = _resolve_overrides(planned)
    problems += _collisions(outputs)
    problems += _folder_clashes(outputs)
    problems += _alias_problems(site, outputs)
    raise_if_any(problems)
    return Plan(tuple(sorted(outputs, key=lambda o: o.path)))


def _plan_entries(site: Site, add, problems: list[Diagnostic]) -> None:
    for entry in site.posts + site.pages:
        try:
            served = encode_path(canonical_path(entry.url))
        except UnsafePath:
            continue                          # `add` reports it
        if served != entry.url:               # links would say one URL and the file answer another
            problems.append(Diagnostic(entry.source, 0, "permalink",
                                       f"the URL {entry.url} would be served at {served}",
                                       f"write the permalink as {served}"))
    for entry in site.posts:
        add("post", entry.url, f"the post {entry.source}", (entry.source,), "permalink",
            template="single.html", entries=(entry.source,))
    for entry in site.pages:
        add("page", entry.url, f"the page {entry.source}", (entry.source,), "permalink",
            template="page.html", entries=(entry.source,))


def _plan_listings(site: Site, add) -> None:
    posts = site.posts
    per_page = site.config.posts_per_page
    home = tuple(i for i, p in enumerate(posts) if p.sticky) + tuple(i for i, p in enumerate(posts) if not p.sticky)
    for pager in paginate("/", home, per_page):
        add("home", pager.url, _paged("the home page", pager.number), ("site.toml",), "posts_per_page",
            template="index.html", entries=_keys(posts, pager.posts), number=pager.number, total=pager.total)
    for term in site.categories + site.tags + site.authors:
        users = ("site.toml", *_keys(posts, term.posts), *_declared(term))    # one tuple for all its pages
        base = {"tag": "tag_base", "category": "category_base", "author": "author_base"}[term.kind]
        for pager in paginate(term.url, term.posts, per_page):
            add(term.kind, pager.url, _paged(f"the {term.kind} archive {term.name!r}", pager.number),
                users, base, template="archive.html", entries=_keys(posts, pager.posts),
                subject=term_subject(term), number=pager.number, total=pager.total)
    for archive in site.dates:
        users = _keys(posts, archive.posts)
        name = archive.url.strip("/")
        for pager in paginate(archive.url, archive.posts, per_page):
            add(archive.kind, pager.url, _paged(f"the {archive.kind} archive {name}", pager.number),
                users, "date", template="archive.html", entries=_keys(posts, pager.posts),
                subject=f"{archive.kind}/{name}", number=pager.number, total=pager.total)


def _plan_feeds(site: Site, add) -> None:
    count = site.config.feed_items
    everything = tuple(range(len(site.posts)))
    add("feed", "/feed/", "the site's feed", ("site.toml",), entries=_keys(site.posts, everything[:count]))
    for term in site.categories + site.tags + site.authors:
        base = {"tag": "tag_base", "category": "category_base", "author": "author_base"}[term.kind]
        add("feed", term.feed_url, f"the feed of the {term.kind} {term.name!r}",
            ("site.toml", *_keys(site.posts, term.posts), *_declared(term)), base,
            entries=_keys(site.posts, term.posts[:count]), subject=term_subject(term))


def _plan_discovery(site: Site, planned: list[PlannedOutput], add) -> None:
    """The search page and its index's folder, sitemap.xml (split when large) and robots.txt."""
    if site.config.search:
        add("search", SEARCH_PAGE, "the search page", ("site.toml",), "search", template="search.html")
        add("reserved", f"/{BUNDLE}/pagefind.js", "the search index (Pagefind)", ("site.toml",), "search")
    parts = split(sitemap_urls(site, planned), site.config.sitemap_max_urls)
    for number, url in enumerate(sitemap_paths(len(parts))):
        add("sitemap", url, "the sitemap index" if number == 0 and len(parts) > 1 else "the sitemap",
            ("Trackpress",), subject=f"sitemap-{number}" if number else "sitemap")
    add("robots", ROBOTS, "robots.txt", ("Trackpress",))


def _declared(term: Term) -> tuple[str, ...]:
    """content/terms.yaml, when the term is declared there."""
    return (term.source,) if term.source else ()


def term_subject(term: Term) -> str:
    return f"{term.kind}/{term.slug}"


def _keys(posts: tuple[Entry, ...], indexes: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(posts[i].source for i in indexes)


def _paged(about: str, number: int) -> str:
    return about if number == 1 else f"{about}, page {number}"


def _resolve_overrides(planned: list[PlannedOutput]) -> list[PlannedOutput]:
    """A user's static file replaces a theme file of the same path (the override
    users expect); every other shared path stays for the collision check."""
    user = {collision_key(o.path) for o in planned if o.kind == "static"}
    return [o for o in planned if not (o.kind in OVERRIDABLE and collision_key(o.path) in user)]


def _blame(outputs: list[PlannedOutput]) -> PlannedOutput:
    """Which of the colliding outputs the user should change: their own file
    (an entry, then a static file) before anything the build makes."""
    order = {"post": 0, "page": 0, "static": 1}
    return min(outputs, key=lambda o: (order.get(o.kind, 2), o.sources[0], o.path))


def _collisions(outputs: list[PlannedOutput]) -> list[Diagnostic]:
    groups: dict[str, list[PlannedOutput]] = {}
    for output in outputs:
        groups.setdefault(collision_key(output.path), []).append(output)
    problems = []
    for key in sorted(groups):
        group = groups[key]
        if len(group) < 2:
            continue
        blamed = _blame(group)
        ordered = [blamed] + sorted((o for o in group if o is not blamed), key=lambda o: (o.sources[0], o.path))
        names = " and ".join(o.about for o in ordered)
        urls = sorted({unquote(o.url) for o in group})
        if len(urls) == 1:
            what = f"the URL {urls[0]} is claimed by {names}"
        else:
            what = f"the URLs {' and '.join(urls)} are claimed by {names}: one file on macOS and Windows, which ignore letter case"
        problems.append(Diagnostic(blamed.sources[0], 0, blamed.field, what, _hint(blamed.kind, blamed.field)))
    return problems


def _folder_clashes(outputs: list[PlannedOutput]) -> list[Diagnostic]:
    """A file where another output needs a folder: `/static/style.css` as a
    file and `/static/style.css/` as a page cannot both exist."""
    files = {collision_key(o.path): o for o in outputs}
    problems = []
    for output in outputs:
        parts = output.path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = collision_key("/".join(parts[:depth]))
            if folder in files:
                clash = files[folder]
                blamed, other = (output, clash) if _blame([output, clash]) is output else (clash, output)
                problems.append(Diagnostic(blamed.sources[0], 0, blamed.field,
                                           f"{blamed.about} ({blamed.path}) and {other.about} ({other.path}) "
                                           "need one name as both a file and a folder",
                                           _hint(blamed.kind, blamed.field)))
                break
    return problems


def _alias_problems(site: Site, outputs: list[PlannedOutput]) -> list[Diagnostic]:
    """An old URL (`aliases:`) must be safe, must not be a page the build
    writes (the redirect would hide it on some hosts), and must lead to one
    entry only."""
    written = {collision_key(o.path): o for o in outputs}
    claimed: dict[str, Entry] = {}
    problems = []
    for entry in sorted(site.posts + site.pages, key=lambda e: e.source):
        for alias in entry.aliases:
            try:
                key = collision_key(output_path(alias))
            except UnsafePath as why:
                problems.append(Diagnostic(entry.source, 0, "aliases", f"the old URL {alias!r} {why}",
                                           "write it as a site path like /2019/05/old-slug/"))
                continue
            if alias == entry.url:
                continue
            if key in written:
                problems.append(Diagnostic(entry.source, 0, "aliases",
                                           f"the old URL {unquote(alias)} is where the build writes {written[key].about}",
                                           "remove that alias: the page there would be hidden by the redirect"))
            elif key in claimed and claimed[key] is not entry:
                problems.append(Diagnostic(entry.source, 0, "aliases",
                                           f"the old URL {unquote(alias)} is also an alias of {claimed[key].source}",
                                           "keep the alias on one of the two entries"))
            claimed.setdefault(key, entry)
    return problems


def _hint(kind: str, field: str) -> str:
    if kind in ("post", "page"):
        return "give one of them another slug: or permalink:"
    if kind == "static":
        return "rename or remove the file in static/ (the build writes that path itself)"
    if field.endswith("_base"):
        return f"change {field} in site.toml"
    if field == "date":
        return "change the slug: or permalink: of the entry that claims the archive's URL"
    return "rename the file or change the setting that produced it"

