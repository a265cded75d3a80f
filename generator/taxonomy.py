"""Tags, categories, authors and date archives, and pagination.

All functions take posts already ordered newest first and return archives
that refer to posts by their index in that order.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import DateArchive, Entry, SiteConfig, Term, Vocabulary
from .urls import quote_path, slugify


@dataclass(frozen=True)
class Pager:
    """One page of a paginated listing."""
    number: int
    total: int
    url: str
    posts: tuple[int, ...]
    prev_url: str | None      # newer posts
    next_url: str | None      # older posts


def collect_terms(posts: tuple[Entry, ...], config: SiteConfig, kind: str,
                  vocabulary: Vocabulary | None = None) -> tuple[Term, ...]:
    """Group posts into terms of one kind ("tag", "category", "author"), sorted by slug.

    Names that slugify alike are one term (WordPress keeps one term per slug);
    the name declared in terms.yaml wins, else the spelling of the newest post.
    Every declared term has an archive, with posts or not (WordPress answers an
    empty term's archive too). Categories nest as WordPress nests them: the
    archive of `child` (parent `parent`) is at /category/parent/child/, and a
    category's archive lists its descendants' posts too (`include_children`).
    """
    vocabulary = vocabulary or Vocabulary()
    base = {"tag": config.tag_base, "category": config.category_base, "author": config.author_base}[kind]
    declared = {t.slug: t for t in vocabulary.of(kind)}
    names: dict[str, str] = {slug: t.name for slug, t in declared.items()}
    members: dict[str, list[int]] = {slug: [] for slug in declared}
    for index, post in enumerate(posts):
        for name, slug in _names(post, kind):
            if not slug:
                continue
            names.setdefault(slug, name)
            indexes = members.setdefault(slug, [])
            if not indexes or indexes[-1] != index:      # posts come in order: a repeat is this post's own
                indexes.append(index)
    if kind == "category":
        own = {slug: tuple(indexes) for slug, indexes in members.items()}
        for slug, indexes in own.items():
            for ancestor in vocabulary.path(kind, slug)[:-1]:
                members.setdefault(ancestor, [])
                members[ancestor] = sorted(set(members[ancestor]) | set(indexes))
    terms = []
    for slug in sorted(members):
        path = "/".join(vocabulary.path(kind, slug)) if kind == "category" else slug
        url = quote_path(f"/{base}/{path}/")
        info = declared.get(slug)
        terms.append(Term(kind, names.get(slug, slug), slug, url, url + "feed/", tuple(members[slug]),
                          parent=info.parent if info and kind == "category" else "",
                          description=info.description if info else "",
                          source=vocabulary.source if info else "",
                          wp_id=info.wp_id if info and kind != "author" else None))
    return tuple(terms)


def _names(post: Entry, kind: str) -> list[tuple[str, str]]:
    if kind == "author":
        return [(post.author.name, post.author.slug)]
    values = post.tags if kind == "tag" else post.categories
    slugs = post.tag_slugs if kind == "tag" else post.category_slugs
    if len(slugs) != len(values):           # an entry made in code, not read from a file
        slugs = tuple(slugify(name) for name in values)
    return list(zip(values, slugs))


def collect_dates(posts: tuple[Entry, ...]) -> tuple[DateArchive, ...]:
    """Year, month and day archives from each post's local date, newest first."""
    groups: dict[tuple[str, int, int, int], list[int]] = {}
    for index, post in enumerate(posts):
        d = post.date
        for key in (("year", d.year, 0, 0), ("month", d.year, d.month, 0), ("day", d.year, d.month, d.day)):
            groups.setdefault(key, []).append(index)
    archives = []
    for (kind, year, month, day), indexes in sorted(groups.items(), key=lambda kv: (kv[0][1:], kv[0][0]), reverse=True):
        url = f"/{year:04d}/" + (f"{month:02d}/" if month else "") + (f"{day:02d}/" if day else "")
        archives.append(DateArchive(kind, year, month, day, url, tuple(indexes)))
    return tuple(archives)


def paginate(url: str, posts: tuple[int, ...], per_page: int) -> tuple[Pager, ...]:
    """WordPress pagination: page 1 at `url`, page N at `url` + "page/N/".

    An empty listing still has one (empty) page, as WordPress shows one.
    """
    total = max(1, -(-len(posts) // per_page))

    def page_url(n: int) -> str:
        return url if n == 1 else f"{url}page/{n}/"

    return tuple(
        Pager(n, total, page_url(n), posts[(n - 1) * per_page: n * per_page],
              page_url(n - 1) if n > 1 else None, page_url(n + 1) if n < total else None)
        for n in range(1, total + 1)
    )
