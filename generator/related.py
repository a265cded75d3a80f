"""Related posts: by shared tags and categories, computed once a build.

A post's score for another is the weight of what they share: 2 for each
tag, 1 for each category (a tag says more about a post than a broad
category does). The top `limit` by score, ties broken by the newer date,
then the URL, so the result is the same on every machine and every run.
Never the post itself; only published posts are candidates (drafts and
future posts are not in the site), and never a password-protected one
(its card could only say it is protected).

Candidates come from an inverted index (term → posts, newest first), so a
post is compared only with posts that share a term. A term shared by more
than WINDOW posts (a catch-all category) contributes the WINDOW posts
nearest to the post in time rather than all of them: the work is then at
most posts × terms × WINDOW, linear in the number of posts, where comparing
every pair of 10,000 posts would be 50 million comparisons. Every
candidate's score is exact: a big term's weight is added to each candidate
that has the term (a set lookup), wherever it was found.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Mapping

from .model import Entry, Site
from .urls import slugify

TAG_WEIGHT = 2
CATEGORY_WEIGHT = 1
LIMIT = 4
WINDOW = 64


@dataclass(frozen=True)
class Related:
    """Each post's related posts (source paths, best first), and how many candidate scorings it took."""
    posts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    scored: int = 0

    def get(self, source: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        return self.posts.get(source, default)


def related_posts(site: Site, limit: int = LIMIT, window: int = WINDOW) -> Related:
    """The related posts of every post in `site`."""
    posts = site.posts
    terms = [_terms(post) for post in posts]
    index: dict[tuple[str, str], list[int]] = {}
    for position, (post, keys) in enumerate(zip(posts, terms)):
        if post.protected:
            continue
        for key in keys:
            index.setdefault(key, []).append(position)     # ascending position: newest first
    order = sorted(range(len(posts)), key=lambda i: (-posts[i].date.timestamp(), posts[i].url))
    rank = {position: n for n, position in enumerate(order)}    # the tie-break: newer, then URL
    members: dict[tuple[str, str], set[int]] = {}                # big terms' posts, for membership tests
    result: dict[str, tuple[str, ...]] = {}
    scored = 0
    for position, keys in enumerate(terms):
        scores: dict[int, int] = {}
        big = []
        for key in keys:
            sharing = index.get(key, ())
            weight = TAG_WEIGHT if key[0] == "tag" else CATEGORY_WEIGHT
            if len(sharing) <= window:
                for other in sharing:
                    scores[other] = scores.get(other, 0) + weight
                continue
            middle = bisect_left(sharing, position)
            start = max(0, min(middle - window // 2, len(sharing) - window))
            for other in sharing[start:start + window]:
                scores.setdefault(other, 0)
            if key not in members:
                members[key] = set(sharing)
            big.append((members[key], weight))
        for sharing_set, weight in big:               # a big term's weight, for every candidate that has it
            for other in scores:
                if other in sharing_set:
                    scores[other] += weight
        scores.pop(position, None)
        scored += len(scores)
        best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], rank[item[0]]))
        if best:
            result[posts[position].source] = tuple(posts[other].source for other, _ in best)
    return Related(result, scored)


def _terms(post: Entry) -> frozenset[tuple[str, str]]:
    """The post's tags and categories as (kind, slug)."""
    def slugs(names: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
        return known if len(known) == len(names) else tuple(slugify(name) for name in names)
    return frozenset([("tag", s) for s in slugs(post.tags, post.tag_slugs)]
                     + [("category", s) for s in slugs(post.categories, post.category_slugs)])
