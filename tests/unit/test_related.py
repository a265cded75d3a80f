"""Related posts (generator/related.py): order by shared tags (2) and categories (1), ties
by the newer date then the URL; never the post itself or a protected post; the same
result every run; work that grows linearly with the number of posts."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from generator.model import Author, Entry, Site, SiteConfig
from generator.related import WINDOW, related_posts

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def entry(name: str, day: int, tags=(), categories=(), protected=False) -> Entry:
    when = START + timedelta(days=day)
    return Entry(kind="post", source=f"content/posts/{name}.md", title=name, slug=name, date=when, updated=when,
                 author=Author("Rowan", "rowan"), url=f"/{name}/", guid=name, body="", body_line=1,
                 tags=tuple(tags), categories=tuple(categories), tag_slugs=tuple(tags),
                 category_slugs=tuple(categories), protected=protected)


def site(*posts: Entry) -> Site:
    newest_first = tuple(sorted(posts, key=lambda p: p.date, reverse=True))
    return Site(config=SiteConfig(root="/tmp", title="t", base_url="https://x.example"), posts=newest_first,
                pages=(), tags=(), categories=(), authors=(), dates=())


def names(result, name: str) -> list[str]:
    return [s.split("/")[-1][:-3] for s in result.get(f"content/posts/{name}.md")]


def test_order_by_weight_then_date_then_url():
    posts = site(
        entry("me", 10, tags=["808", "trap"], categories=["beats"]),
        entry("two-tags", 1, tags=["808", "trap"]),                       # 2 + 2 = 4
        entry("tag-and-cat", 2, tags=["808"], categories=["beats"]),      # 2 + 1 = 3
        entry("one-tag-old", 3, tags=["trap"]),                           # 2, older
        entry("one-tag-new", 8, tags=["trap"]),                           # 2, newer
        entry("cat-b", 5, categories=["beats"]),                          # 1, same day as cat-a: URL decides
        entry("cat-a", 5, categories=["beats"]),
        entry("unrelated", 9, tags=["mixing"]),
    )
    result = related_posts(posts, limit=6)
    assert names(result, "me") == ["two-tags", "tag-and-cat", "one-tag-new", "one-tag-old", "cat-a", "cat-b"]
    assert names(related_posts(posts, limit=3), "me") == ["two-tags", "tag-and-cat", "one-tag-new"]


def test_never_itself_never_protected_and_nothing_when_nothing_is_shared():
    posts = site(entry("a", 1, tags=["x"]), entry("b", 2, tags=["x"]), entry("locked", 3, tags=["x"], protected=True),
                 entry("alone", 4, tags=["y"]))
    result = related_posts(posts)
    assert names(result, "a") == ["b"]
    assert names(result, "b") == ["a"]
    assert names(result, "alone") == []
    assert "locked" not in {n for p in ("a", "b") for n in names(result, p)}


def test_the_same_result_whatever_order_the_posts_come_in():
    posts = [entry(f"p{i:03d}", i % 37, tags=[f"t{i % 7}", f"t{i % 5}"], categories=[f"c{i % 3}"]) for i in range(150)]
    first = related_posts(site(*posts)).posts
    shuffled = posts[:]
    random.Random(4).shuffle(shuffled)
    assert related_posts(site(*shuffled)).posts == first


def test_work_grows_linearly_not_with_every_pair():
    """Every post in one catch-all category and one of ten tags: comparing every pair would
    score n·(n−1) candidates; the inverted index with its window scores at most
    n · terms · WINDOW, so doubling the posts doubles the work."""
    def scored(n: int) -> int:
        posts = [entry(f"p{i:05d}", i, tags=[f"t{i % 10}"], categories=["music"]) for i in range(n)]
        return related_posts(site(*posts)).scored

    small, large = scored(1000), scored(2000)
    assert large <= 2000 * 2 * WINDOW                      # two terms a post, at most WINDOW candidates each
    assert large < 2000 * 1999 / 10                       # far from all pairs
    assert 1.8 < large / small < 2.2                      # linear


def test_a_small_term_is_searched_whole():
    """Below WINDOW sharers a term's every post is a candidate: the scores are exact."""
    posts = [entry(f"p{i:03d}", i, categories=["music"]) for i in range(WINDOW * 3)]
    posts.append(entry("old-twin", -500, tags=["rare"], categories=["music"]))
    posts.append(entry("new-twin", 500, tags=["rare"], categories=["music"]))
    result = related_posts(site(*posts))
    assert names(result, "new-twin")[0] == "old-twin"     # a year and a half apart, found by the rare tag
