"""`trackpress check --against EXPORT.xml`: does the built site answer every
URL the WordPress export says the old site had?

For each published post, page and custom post type item, each category
(with its parents: `/category/parent/child/`) and tag of the export, their
feeds, the site feed and the old query URLs (`/?p=ID`, `/?page_id=ID`,
`/?tag=slug`, `/?category_name=slug`, `/?cat=ID`, `/?tag_id=ID`,
`/?feed=rss2`), the check decides
whether the built `output/` answers: a file there (a folder's `index.html`),
or a redirect rule in the built `_redirects` whose target is such a file.

It reads the export's own facts (each item's `<link>`, `<wp:post_id>`,
`<wp:category>`/`<wp:tag>`/`<wp:term>` slugs, IDs and parents, item
categories) with the
importer's safe XML loader, not the importer's interpretation of them, so a
mistake in the import shows up here too. The rules are read back from
`output/_redirects` — what the host will really get — rather than recomputed.

Terms' numeric IDs (`<wp:term_id>`) give `/?cat=ID` for each category and
`/?tag_id=ID` for each tag: the import keeps them in content/terms.yaml as
`id:`, and the build forwards them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.etree.ElementTree import Element

from .config import load_config
from .errors import TrackpressError
from .importers.records import load_xml
from .urls import base_path

# post types that are not published content with a URL of their own
_NOT_CONTENT = {"attachment", "nav_menu_item", "revision", "wp_block", "wp_navigation", "wp_template",
                "wp_template_part", "wp_global_styles", "custom_css", "customize_changeset", "oembed_cache",
                "user_request", "wp_font_family", "wp_font_face", "scheduled-action"}
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
KINDS = ("post", "page", "custom", "category", "tag", "feed", "query")
_LABELS = {"post": "posts", "page": "pages", "custom": "custom post type items", "category": "category archives",
           "tag": "tag archives", "feed": "feeds", "query": "old query URLs"}


@dataclass(frozen=True)
class Url:
    kind: str              # one of KINDS
    label: str             # how the report names it: 'post "Hello world"', "tag synths"
    path: str              # the old site path, relative to the old home ("/2024/05/x/"); "/" for query URLs
    query: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Result:
    url: Url
    answered: bool
    how: str               # "file", "redirect → /x/", or why not


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[Result]:
        return [r for r in self.results if not r.answered]

    def counts(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for kind in KINDS:
            of_kind = [r for r in self.results if r.url.kind == kind]
            if of_kind:
                out[kind] = (sum(r.answered for r in of_kind), len(of_kind))
        return out

    def text(self) -> str:
        lines = [f"{_LABELS[k]}: {ok} of {total} answer" for k, (ok, total) in self.counts().items()]
        lines += [f"not checked: {n}" for n in self.not_checked]
        missing = self.missing
        if missing:
            lines.append(f"{len(missing)} old URL{'s' if len(missing) != 1 else ''} not answered:")
            lines += [f"  {r.url.label}: {_show(r.url)} — {r.how}" for r in missing]
        else:
            lines.append("every old URL checked answers")
        return "\n".join(lines) + "\n"


def check_site(export: Path, root: Path) -> Report:
    """Read the export and the built output in `root` and decide for each old URL."""
    config = load_config(root)
    output = root / "output"
    if not (output / "index.html").is_file():
        raise TrackpressError(f"{output}: no built site here — run `trackpress build` first")
    urls, not_checked = old_urls(export, config.category_base, config.tag_base)
    paths, queries = read_rules(output, base_path(config.base_url))
    report = Report(not_checked=not_checked)
    for url in urls:
        report.results.append(_decide(url, output, paths, queries))
    return report


# --- the export -----------------------------------------------------------------------------------

def old_urls(export: Path, category_base: str = "category", tag_base: str = "tag") -> tuple[list[Url], list[str]]:
    """Every URL the export says the old site answered, relative to its home."""
    channel = load_xml(export, "export it again from WordPress (Tools → Export)").find("channel")
    wp = _namespace(channel)
    if channel is None or wp is None:
        raise TrackpressError(f"{export}: not a WordPress export (no <wp:wxr_version>)")

    def text(el: Element, tag: str) -> str:
        return (el.findtext(wp + tag) or "").strip()

    home = (channel.findtext("link") or "").strip()
    old_base = urlsplit(home).path.rstrip("/")
    urls: list[Url] = []
    items = channel.findall("item")
    for item in items:
        post_type = text(item, "post_type") or "post"
        if text(item, "status") != "publish" or post_type in _NOT_CONTENT:
            continue
        kind = post_type if post_type in ("post", "page") else "custom"
        title = (item.findtext("title") or "").strip() or f"#{text(item, 'post_id')}"
        label = f'{post_type} "{title}"'
        link = (item.findtext("link") or "").strip()
        path, query = _relative(link, old_base)
        urls.append(Url(kind, label, path, query))
        post_id = text(item, "post_id")
        if post_id.isdigit():
            urls.append(Url("query", f"{label} by ID", "/", (("p", post_id),)))
            if post_type == "page":
                urls.append(Url("query", f"{label} by page ID", "/", (("page_id", post_id),)))
    categories: dict[str, str] = {}               # nicename → parent nicename
    tags: set[str] = set()
    term_ids: dict[tuple[str, str], str] = {}     # ("category" or "tag", nicename) → term_id
    declared = [("category", text(el, "category_nicename"), text(el, "category_parent"), text(el, "term_id"))
                for el in channel.findall(wp + "category")]
    declared += [("tag", text(el, "tag_slug"), "", text(el, "term_id")) for el in channel.findall(wp + "tag")]
    declared += [({"category": "category", "post_tag": "tag"}[text(el, "term_taxonomy")], text(el, "term_slug"),
                  text(el, "term_parent"), text(el, "term_id"))
                 for el in channel.findall(wp + "term") if text(el, "term_taxonomy") in ("category", "post_tag")]
    for kind, nicename, parent, term_id in declared:
        slug = unquote(nicename)
        if not slug:
            continue
        if kind == "category":
            categories.setdefault(slug, unquote(parent))
        else:
            tags.add(slug)
        if term_id.isdigit() and int(term_id) > 0:
            term_ids.setdefault((kind, slug), str(int(term_id)))
    for item in items:                             # terms used by items but not declared
        for el in item.findall("category"):
            slug = unquote(el.get("nicename") or "")
            if not slug:
                continue
            if el.get("domain") == "category":
                categories.setdefault(slug, "")
            elif el.get("domain") == "post_tag":
                tags.add(slug)
    for slug in sorted(categories):
        chain = _chain(slug, categories)
        path = f"/{category_base}/{'/'.join(chain)}/"
        urls.append(Url("category", f"category {slug}", path))
        urls.append(Url("feed", f"category {slug} feed", path + "feed/"))
        urls.append(Url("query", f"category {slug} by name", "/", (("category_name", slug),)))
        if ("category", slug) in term_ids:
            urls.append(Url("query", f"category {slug} by ID", "/", (("cat", term_ids[("category", slug)]),)))
    for slug in sorted(tags):
        path = f"/{tag_base}/{slug}/"
        urls.append(Url("tag", f"tag {slug}", path))
        urls.append(Url("feed", f"tag {slug} feed", path + "feed/"))
        urls.append(Url("query", f"tag {slug} by name", "/", (("tag", slug),)))
        if ("tag", slug) in term_ids:
            urls.append(Url("query", f"tag {slug} by ID", "/", (("tag_id", term_ids[("tag", slug)]),)))
    urls.append(Url("feed", "the site feed", "/feed/"))
    urls.append(Url("query", "the site feed by query", "/", (("feed", "rss2"),)))
    not_checked = []
    for kind, query, names, count in (("category", "cat", ("category", "categories"), len(categories)),
                                      ("tag", "tag_id", ("tag", "tags"), len(tags))):
        without = count - sum(1 for k, _ in term_ids if k == kind)
        if without:
            not_checked.append(f"/?{query}=ID for {without} of {count} {names[count != 1]} — the export gives no "
                               f"<wp:term_id> for {'them' if without != 1 else 'it'}")
    return urls, not_checked


def _namespace(channel: Element | None) -> str | None:
    if channel is None:
        return None
    for el in channel.iter():
        if el.tag.endswith("}wxr_version"):
            return el.tag[: el.tag.index("}") + 1]
    return None


def _chain(slug: str, parents: dict[str, str]) -> list[str]:
    """["parent", "child"] for a nested category (WordPress's /category/parent/child/); loops are cut."""
    chain = [slug]
    seen = {slug}
    parent = parents.get(slug, "")
    while parent and parent not in seen:
        chain.insert(0, parent)
        seen.add(parent)
        parent = parents.get(parent, "")
    return chain


def _relative(link: str, old_base: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An item's <link> → (site path relative to the old home, query pairs)."""
    parts = urlsplit(link)
    path = unquote(parts.path) or "/"
    if old_base and (path == old_base or path.startswith(old_base + "/")):
        path = path[len(old_base):] or "/"
    query = tuple(parse_qsl(parts.query))
    return path, query


# --- the built site ---------------------------------------------------------------------------------

def read_rules(output: Path, base: str = "") -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The path rules and query rules of `output/_redirects`, decoded and without the base path:
    ({"/old/": "/new/"}, {("p", "12"): "/2024/05/x/"})."""
    paths: dict[str, str] = {}
    queries: dict[tuple[str, str], str] = {}
    file = output / "_redirects"
    if not file.is_file():
        return paths, queries
    for line in file.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) != 3 or line.startswith("#"):
            continue
        source, target = (_strip_base(unquote(f), base) for f in fields[:2])
        hop = re.fullmatch(r"/\.wp/([a-z_]+)/(.+)", source)
        if hop:
            queries[(hop.group(1), hop.group(2))] = target
        else:
            paths[source] = target
    return paths, queries


def _strip_base(path: str, base: str) -> str:
    if base and (path == base or path.startswith(base + "/")):
        return path[len(base):] or "/"
    return path


def _decide(url: Url, output: Path, paths: dict[str, str], queries: dict[tuple[str, str], str]) -> Result:
    query = [(k, v) for k, v in url.query if k != "post_type"]
    if query and url.path in ("/", ""):
        for pair in query:
            target = queries.get(pair)
            if target is not None:
                if _file(output, target):
                    return Result(url, True, f"redirect → {target}")
                return Result(url, False, f"the rule leads to {target}, which the build did not write")
        return Result(url, False, "no redirect rule for this query")
    if _file(output, url.path):
        return Result(url, True, "file")
    for candidate in (url.path, url.path.rstrip("/") + "/"):
        target = paths.get(candidate)
        if target is not None:
            if _file(output, target):
                return Result(url, True, f"redirect → {target}")
            return Result(url, False, f"the rule leads to {target}, which the build did not write")
    return Result(url, False, "no file and no redirect rule")


def _file(output: Path, path: str) -> bool:
    """Whether a static host answers the decoded site path `path` from `output`."""
    relative = unquote(path).lstrip("/")
    if ".." in relative.split("/") or "\x00" in relative:
        return False
    candidate = output / relative
    try:
        if relative == "" or relative.endswith("/"):
            return (candidate / "index.html").is_file()
        return candidate.is_file() or (candidate / "index.html").is_file()
    except OSError:
        return False


def _show(url: Url) -> str:
    if url.query and url.path in ("/", ""):
        return "/?" + "&".join(f"{k}={v}" for k, v in url.query)
    return url.path + ("?" + "&".join(f"{k}={v}" for k, v in url.query) if url.query else "")
