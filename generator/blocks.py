"""Dynamic Gutenberg blocks, rendered from the site's own data.

WordPress stores a dynamic block as a comment (`<!-- wp:latest-posts
{"postsToShow":5} /-->`) and renders it on every view from the database. A
static build renders it from the Site instead. That needs the whole site, not
one entry, so it happens in two steps:

- `collapse_dynamic_blocks` (body rendering, per entry, cacheable) leaves each
  dynamic block as one self-closing comment — the placeholder — dropping what
  the editor saved inside it (a query loop's template);
- `fill_blocks` (produce time, pages and feeds) replaces each placeholder with
  the block's HTML, in WordPress's markup.

What each block becomes:
latest-posts, archives (monthly or yearly links, counts with showPostCounts;
a dropdown is written as the list), categories (counts with showPostCounts),
tag-cloud (sized links, 8pt–22pt as WordPress), page-list (nested by parent),
latest-comments (from the imported comments), calendar (the month of the
newest post, linking days and neighbouring months), query (title links and
excerpts of the posts it selects), search (a form that asks DuckDuckGo about
this site only — a static site has no search of its own), rss (a link to the
feed: it cannot be fetched at build time), loginout (nothing: there are no
logins). Category and tag filters given as WordPress term IDs are resolved
through the `id:` content/terms.yaml keeps (as WordPress does: posts in those
terms, not their sub-categories); an ID no term has is told in a warning and
that filter is ignored. Author filters (the export's author IDs are not kept)
are ignored with a warning.
"""
from __future__ import annotations

import calendar
import html
import json
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from .errors import Diagnostic, Reporter
from .model import Body, Entry, Site, Term
from .typography import strip_tags, texturize, trim_words
from .urls import slugify

DYNAMIC_BLOCKS = frozenset({
    "latest-posts", "archives", "categories", "tag-cloud", "page-list", "latest-comments", "calendar",
    "query", "search", "rss", "loginout",
})
_NAMES = "|".join(sorted(DYNAMIC_BLOCKS, key=len, reverse=True))
_JSON = r"(\{(?:[^-]|-(?!->))*?\})"
_OPEN_RE = re.compile(r"<!--\s+wp:(?:core/)?(" + _NAMES + r")(?:\s+" + _JSON + r")?\s+(/)?-->")
_PLACEHOLDER_RE = re.compile(r"(<p>\s*)?<!--\s+wp:(?:core/)?(" + _NAMES + r")(?:\s+" + _JSON + r")?\s+/-->(\s*</p>)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def collapse_dynamic_blocks(body_html: str) -> str:
    """Each dynamic block → its self-closing comment; what was saved inside it is dropped."""
    if "wp:" not in body_html:
        return body_html
    out, position = [], 0
    for opening in _OPEN_RE.finditer(body_html):
        if opening.start() < position:
            continue
        if opening.group(3):                       # already self-closing
            continue
        name = opening.group(1)
        close_re = re.compile(r"<!--\s+/wp:(?:core/)?" + re.escape(name) + r"\s+-->")
        same_re = re.compile(r"<!--\s+wp:(?:core/)?" + re.escape(name) + r"(?:\s+" + _JSON + r")?\s+(/)?-->")
        depth, cursor, end = 1, opening.end(), None
        while depth:
            nested, closing = same_re.search(body_html, cursor), close_re.search(body_html, cursor)
            if closing is None:
                break
            if nested is not None and nested.start() < closing.start():
                if not nested.group(2):
                    depth += 1
                cursor = nested.end()
                continue
            depth -= 1
            cursor = end = closing.end()
        if depth or end is None:
            continue                                # unclosed: left as stored
        attrs = f" {opening.group(2)}" if opening.group(2) else ""
        out += [body_html[position:opening.start()], f"<!-- wp:{name}{attrs} /-->"]
        position = end
    out.append(body_html[position:])
    return "".join(out)


def has_blocks(fragment: str) -> bool:
    return "wp:" in fragment and _PLACEHOLDER_RE.search(fragment) is not None


def fill_blocks(fragment: str, site: Site, bodies: Mapping[str, Body], source: str = "",
                reporter: Reporter | None = None) -> str:
    """Every dynamic-block placeholder in `fragment` → the block's HTML."""
    if not has_blocks(fragment):
        return fragment
    counter = [0]

    def warn(message: str, hint: str) -> None:
        if reporter is not None:
            reporter.warn(Diagnostic(source or "content", 0, "body", message, hint))

    def replace(m: re.Match[str]) -> str:
        name = m.group(2)
        try:
            attrs = json.loads(m.group(3)) if m.group(3) else {}
        except ValueError:
            attrs = None
        if not isinstance(attrs, dict):
            warn(f"the {name} block's settings are not valid JSON: it is rendered with the defaults",
                 "fix the block in the editor, or remove it")
            attrs = {}
        counter[0] += 1
        rendered = _RENDERERS[name](attrs, site, bodies, warn, counter[0])
        return rendered if (m.group(1) and m.group(4)) or not rendered else (m.group(1) or "") + rendered + (m.group(4) or "")

    return _PLACEHOLDER_RE.sub(replace, fragment)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _title(entry: Entry) -> str:
    """A title as safe HTML text: WordPress titles in imported bodies may hold markup; lists show its text."""
    text = html.unescape(strip_tags(entry.title)) if entry.format in ("html", "wordpress") else entry.title
    return texturize(html.escape(text, quote=False)) or "(no title)"


def _date(entry: Entry) -> str:
    d = entry.date
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _int(value: Any, default: int, low: int = 1, high: int = 100) -> int:
    if isinstance(value, bool):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


class _Selection:
    """The terms a block's filter names: by WordPress term ID (through `id:` in
    content/terms.yaml), or by name where the block stored one; and the IDs no
    term has."""

    def __init__(self, value: Any, kind: str, terms: tuple[Term, ...]) -> None:
        by_id = {t.wp_id: t for t in terms if t.wp_id is not None}
        self.kind, self.slugs, self.names, self.missing = kind, set(), set(), []
        items = value if isinstance(value, list) else [v for v in str(value).split(",") if v.strip()] if value else []
        for item in items:
            number = _id(item.get("id") if isinstance(item, dict) else item)
            if number is not None and number in by_id:
                self.slugs.add(by_id[number].slug)
            elif isinstance(item, dict) and isinstance(item.get("value"), str) and item["value"].strip():
                self.names.add(item["value"].casefold())        # [{id, value}]: the name the editor saved
            elif number is not None:
                self.missing.append(number)

    def __bool__(self) -> bool:
        return bool(self.slugs or self.names)

    def holds(self, entry: Entry) -> bool:
        names = entry.categories if self.kind == "category" else entry.tags
        slugs = entry.category_slugs if self.kind == "category" else entry.tag_slugs
        if len(slugs) != len(names):                            # an entry made in code, not read from a file
            slugs = tuple(slugify(name) for name in names)
        return bool(self.slugs & set(slugs)) or any(n.casefold() in self.names for n in names)


def _id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _ids(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _order(posts: list[Entry], order: str, order_by: str) -> list[Entry]:
    if order_by == "title":
        posts = sorted(posts, key=lambda e: strip_tags(e.title).lower())
        return posts[::-1] if order == "desc" else posts
    posts = sorted(posts, key=lambda e: e.date, reverse=True)     # site.posts is newest first already
    return posts[::-1] if order == "asc" else posts


# --------------------------------------------------------------------------
# the blocks
# --------------------------------------------------------------------------

def _latest_posts(attrs, site, bodies, warn, n):
    posts = list(site.posts)
    chosen = _Selection(attrs.get("categories"), "category", site.categories)
    if chosen.missing:
        also = "" if chosen else ": showing all posts"
        warn(f"the latest-posts block filters by category ID {_ids(chosen.missing)}, which no category in "
             f"content/terms.yaml has{also}",
             f"add id: {chosen.missing[0]} to the category in content/terms.yaml, or choose the category again in the block")
    if chosen:
        posts = [p for p in posts if chosen.holds(p)]
    posts = _order(posts, str(attrs.get("order", "desc")).lower(), str(attrs.get("orderBy", "date")))
    posts = posts[:_int(attrs.get("postsToShow"), 5)]
    classes = ["wp-block-latest-posts__list"]
    if attrs.get("postLayout") == "grid":
        classes += ["is-grid", f"columns-{_int(attrs.get('columns'), 3, 1, 6)}"]
    if attrs.get("displayPostDate"):
        classes.append("has-dates")
    classes.append("wp-block-latest-posts")
    items = []
    for post in posts:
        item = f'<li><a class="wp-block-latest-posts__post-title" href="{_e(post.url)}">{_title(post)}</a>'
        if attrs.get("displayPostDate"):
            item += (f'<time datetime="{_e(post.date.isoformat())}" class="wp-block-latest-posts__post-date">'
                     f"{_date(post)}</time>")
        if attrs.get("displayPostContent") and post.source in bodies:
            body = bodies[post.source]
            if attrs.get("displayPostContentRadio") == "full_post":
                text = body.html
            else:
                text = trim_words(body.excerpt, _int(attrs.get("excerptLength"), 55, 1, 100), " &hellip;")
            item += f'<div class="wp-block-latest-posts__post-excerpt">{text}</div>'
        items.append(item + "</li>")
    return f'<ul class="{" ".join(classes)}">{"".join(items)}</ul>'


def _archives(attrs, site, bodies, warn, n):
    kind = "year" if attrs.get("type") == "yearly" else "month"
    counts = bool(attrs.get("showPostCounts"))
    items = []
    for archive in (a for a in site.dates if a.kind == kind):
        name = f"{archive.year}" if kind == "year" else f"{_MONTHS[archive.month - 1]} {archive.year}"
        count = f"&nbsp;({len(archive.posts)})" if counts else ""
        items.append(f"<li><a href='{_e(archive.url)}'>{name}</a>{count}</li>")
    archives = sorted(zip([(a.year, a.month) for a in site.dates if a.kind == kind], items), reverse=True)
    return f'<ul class="wp-block-archives-list wp-block-archives">{"".join(i for _, i in archives)}</ul>'


def _categories(attrs, site, bodies, warn, n):
    terms = site.tags if attrs.get("taxonomy") == "post_tag" else site.categories
    counts = bool(attrs.get("showPostCounts"))
    items = []
    for term in sorted(terms, key=lambda t: t.name.lower()):
        if not term.posts and not attrs.get("showEmpty"):
            continue
        count = f" ({len(term.posts)})" if counts else ""
        items.append(f'<li class="cat-item"><a href="{_e(term.url)}">{html.escape(term.name, quote=False)}</a>{count}</li>')
    if not items:
        items = ['<li class="cat-item-none">No categories</li>']
    return f'<ul class="wp-block-categories-list wp-block-categories">{"".join(items)}</ul>'


def _tag_cloud(attrs, site, bodies, warn, n):
    terms = site.categories if attrs.get("taxonomy") == "category" else site.tags
    terms = [t for t in terms if t.posts]
    terms = sorted(terms, key=lambda t: -len(t.posts))[:_int(attrs.get("numberOfTags"), 45, 1, 100)]
    if not terms:
        return ""

    def size(value: Any, default: float) -> tuple[float, str]:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)(pt|px|em|rem|%)?\s*", str(value)) if value is not None else None
        return (float(m.group(1)), m.group(2) or "pt") if m else (default, "pt")

    smallest, unit = size(attrs.get("smallestFontSize"), 8)
    largest, _ = size(attrs.get("largestFontSize"), 22)
    least = min(len(t.posts) for t in terms)
    spread = max(1, max(len(t.posts) for t in terms) - least)
    step = (largest - smallest) / spread
    links = []
    for position, term in enumerate(sorted(terms, key=lambda t: t.name.lower()), 1):
        count = len(term.posts)
        points = f"{smallest + (count - least) * step:g}"
        label = f"{term.name} ({count} item{'s' if count != 1 else ''})"
        shown = f' <span class="tag-link-count">({count})</span>' if attrs.get("showTagCounts") else ""
        links.append(f'<a href="{_e(term.url)}" class="tag-cloud-link tag-link-position-{position}" '
                     f'style="font-size: {points}{unit};" aria-label="{_e(label)}">'
                     f"{html.escape(term.name, quote=False)}{shown}</a>")
    return f'<p class="wp-block-tag-cloud">{" ".join(links)}</p>'


def _page_list(attrs, site, bodies, warn, n):
    children: dict[str, list[Entry]] = {}
    slugs = {p.slug for p in site.pages}
    for page in site.pages:
        children.setdefault(page.parent if page.parent in slugs else "", []).append(page)

    def tree(parent: str, depth: int) -> str:
        pages = sorted(children.get(parent, ()), key=lambda p: strip_tags(p.title).lower())
        items = []
        for page in pages:
            below = tree(page.slug, depth + 1) if depth < 10 and page.slug != parent else ""
            has = " has-child" if below else ""
            items.append(f'<li class="wp-block-pages-list__item{has}"><a class="wp-block-pages-list__item__link" '
                         f'href="{_e(page.url)}">{_title(page)}</a>{below}</li>')
        if not items:
            return ""
        return "".join(items) if depth == 0 else f'<ul class="wp-block-navigation__submenu-container">{"".join(items)}</ul>'

    return f'<ul class="wp-block-page-list">{tree("", 0)}</ul>'


def _latest_comments(attrs, site, bodies, warn, n):
    comments_of = getattr(site, "comments", None)
    if comments_of is None:
        warn("the latest-comments block is not shown: this build does not read comments",
             "remove the block, or keep the post's comments beside it")
        return ""
    entries = {e.source: e for e in site.posts + site.pages}
    found = [(c, entries[s]) for s, comments in comments_of.items() if s in entries
             for c in comments if not c.type]
    found.sort(key=lambda pair: (pair[0].date, pair[0].id), reverse=True)
    found = found[:_int(attrs.get("commentsToShow"), 5, 1, 100)]
    if not found:
        return '<div class="no-comments wp-block-latest-comments">No comments to show.</div>'
    show_date, show_excerpt = attrs.get("displayDate", True), attrs.get("displayExcerpt", True)
    classes = (["has-dates"] if show_date else []) + (["has-excerpts"] if show_excerpt else [])
    items = []
    for comment, entry in found:
        author = html.escape(comment.author or "Anonymous", quote=False)
        if comment.author_url.startswith(("http://", "https://")):
            author = f'<a class="wp-block-latest-comments__comment-author" href="{_e(comment.author_url)}">{author}</a>'
        else:
            author = f'<span class="wp-block-latest-comments__comment-author">{author}</span>'
        meta = (f'{author} on <a class="wp-block-latest-comments__comment-link" '
                f'href="{_e(entry.url)}#comment-{int(comment.id)}">{_title(entry)}</a>')
        if show_date:
            d = comment.date
            meta += (f'<time datetime="{_e(d.isoformat())}" class="wp-block-latest-comments__comment-date">'
                     f"{_MONTHS[d.month - 1]} {d.day}, {d.year}</time>")
        excerpt = ""
        if show_excerpt:
            words = trim_words(html.escape(html.unescape(strip_tags(comment.html)), quote=False), 20, "&hellip;")
            excerpt = f'<div class="wp-block-latest-comments__comment-excerpt"><p>{words}</p></div>'
        items.append(f'<li class="wp-block-latest-comments__comment"><article>'
                     f'<footer class="wp-block-latest-comments__comment-meta">{meta}</footer>{excerpt}</article></li>')
    return f'<ol class="{" ".join(classes + ["wp-block-latest-comments"])}">{"".join(items)}</ol>'


def _calendar(attrs, site, bodies, warn, n):
    if not site.posts:
        return ""
    newest = max(site.posts, key=lambda e: e.date).date
    year, month = newest.year, newest.month
    days = {a.day: a.url for a in site.dates if a.kind == "day" and (a.year, a.month) == (year, month)}
    months = sorted({(a.year, a.month): a.url for a in site.dates if a.kind == "month"}.items())
    previous = [m for m in months if m[0] < (year, month)]
    following = [m for m in months if m[0] > (year, month)]
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    head = "".join(f'<th scope="col" aria-label="{d}">{d[0]}</th>' for d in names)
    rows = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        cells, pad = [], 0
        for day in week:
            if day == 0:
                pad += 1
                continue
            if pad:
                cells.append(f'<td colspan="{pad}" class="pad">&nbsp;</td>')
                pad = 0
            label = f"Posts published on {_MONTHS[month - 1]} {day}, {year}"
            cells.append(f'<td><a href="{_e(days[day])}" aria-label="{label}">{day}</a></td>' if day in days
                         else f"<td>{day}</td>")
        if pad:
            cells.append(f'<td class="pad" colspan="{pad}">&nbsp;</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    prev_link = (f'<a href="{_e(previous[-1][1])}">&laquo; {_MONTHS[previous[-1][0][1] - 1][:3]}</a>'
                 if previous else "")
    next_link = (f'<a href="{_e(following[0][1])}">{_MONTHS[following[0][0][1] - 1][:3]} &raquo;</a>'
                 if following else "")
    return (f'<div class="wp-block-calendar"><table id="wp-calendar" class="wp-calendar-table">'
            f"<caption>{_MONTHS[month - 1]} {year}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<nav aria-label="Previous and next months" class="wp-calendar-nav">'
            f'<span class="wp-calendar-nav-prev">{prev_link}</span><span class="pad">&nbsp;</span>'
            f'<span class="wp-calendar-nav-next">{next_link}</span></nav></div>')


def _query(attrs, site, bodies, warn, n):
    query = attrs.get("query") if isinstance(attrs.get("query"), dict) else {}
    if query.get("postType", "post") == "page":
        posts = list(site.pages)
    else:
        posts = list(site.posts)
    tax = query.get("taxQuery") if isinstance(query.get("taxQuery"), dict) else {}
    include = tax.get("include") if isinstance(tax.get("include"), dict) else tax
    exclude = tax.get("exclude") if isinstance(tax.get("exclude"), dict) else {}
    missing: list[str] = []
    for kind, key, terms, legacy in (("category", "category", site.categories, "categoryIds"),
                                     ("tag", "post_tag", site.tags, "tagIds")):
        chosen = _Selection(include.get(key) or query.get(legacy), kind, terms)
        if chosen:
            posts = [p for p in posts if chosen.holds(p)]
        left_out = _Selection(exclude.get(key), kind, terms)
        if left_out:
            posts = [p for p in posts if not left_out.holds(p)]
        for selection in (chosen, left_out):
            if selection.missing:
                missing.append(f"{kind} ID {_ids(selection.missing)}" + ("" if selection else " (that filter is ignored)"))
    if missing:
        warn(f"a query loop filters by {'; '.join(missing)}, which no term in content/terms.yaml has",
             "add the id: to the term in content/terms.yaml, or edit the block's filter")
    if query.get("author"):
        warn("a query loop filters by author IDs, which the export does not keep: the filter is ignored",
             "edit the block's filter, or remove it")
    search = str(query.get("search") or "").strip().lower()
    if search:
        posts = [p for p in posts if search in strip_tags(p.title).lower() or search in p.body.lower()]
    excluded = {i for i in query.get("exclude") or () if isinstance(i, int)} if isinstance(query.get("exclude"), list) else set()
    posts = [p for p in posts if p.wp_id not in excluded]
    if query.get("sticky") == "only":
        posts = [p for p in posts if p.sticky]
    elif query.get("sticky") == "exclude":
        posts = [p for p in posts if not p.sticky]
    posts = _order(posts, str(query.get("order", "desc")).lower(), str(query.get("orderBy", "date")))
    offset = _int(query.get("offset"), 0, 0, 10000)
    posts = posts[offset:offset + _int(query.get("perPage"), site.config.posts_per_page)]
    if not posts:
        return '<div class="wp-block-query"><p class="wp-block-query-no-results">No posts found.</p></div>'
    items = []
    for post in posts:
        excerpt = bodies[post.source].excerpt if post.source in bodies else ""
        items.append(f'<li class="wp-block-post"><h2 class="wp-block-post-title"><a href="{_e(post.url)}">'
                     f"{_title(post)}</a></h2>"
                     f'<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">{excerpt}</p></div></li>')
    return f'<div class="wp-block-query"><ul class="wp-block-post-template">{"".join(items)}</ul></div>'


def _search(attrs, site, bodies, warn, n):
    host = urlsplit(site.config.base_url).hostname or ""
    label = html.escape(str(attrs.get("label") or "Search"), quote=False)
    button = html.escape(str(attrs.get("buttonText") or "Search"), quote=False)
    placeholder = _e(str(attrs.get("placeholder") or ""))
    ident = f"wp-block-search__input-{n}"
    label_html = (f'<label class="wp-block-search__label" for="{ident}">{label}</label>'
                  if attrs.get("showLabel", True) else
                  f'<label class="wp-block-search__label screen-reader-text" for="{ident}">{label}</label>')
    button_html = ("" if attrs.get("buttonPosition") == "no-button"
                   else f'<button type="submit" class="wp-block-search__button">{button}</button>')
    return (f'<form role="search" method="get" action="https://duckduckgo.com/" class="wp-block-search">'
            f'{label_html}<div class="wp-block-search__inside-wrapper">'
            f'<input class="wp-block-search__input" id="{ident}" type="search" name="q" placeholder="{placeholder}" required />'
            f'<input type="hidden" name="sites" value="{_e(host)}" />{button_html}</div></form>')


def _rss(attrs, site, bodies, warn, n):
    url = str(attrs.get("feedURL") or "").strip()
    if not re.match(r"^https?://[^\s\"'<>]+$", url, re.I):
        if url:
            warn("the rss block's feed URL is not an http(s) URL: the block is not shown", "fix the feed URL")
        return ""
    return (f'<ul class="wp-block-rss"><li class="wp-block-rss__item"><div class="wp-block-rss__item-title">'
            f'<a href="{_e(url)}">{html.escape(url, quote=False)}</a></div></li></ul>')


def _loginout(attrs, site, bodies, warn, n):
    return ""


_RENDERERS = {
    "latest-posts": _latest_posts, "archives": _archives, "categories": _categories, "tag-cloud": _tag_cloud,
    "page-list": _page_list, "latest-comments": _latest_comments, "calendar": _calendar, "query": _query,
    "search": _search, "rss": _rss, "loginout": _loginout,
}
