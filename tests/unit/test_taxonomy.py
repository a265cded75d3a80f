"""Terms from posts and terms.yaml: kept slugs, nested category URLs, include_children."""
from __future__ import annotations

from datetime import datetime, timezone

from generator.model import Author, Entry, SiteConfig, TermInfo, Vocabulary
from generator.taxonomy import collect_terms, paginate

CONFIG = SiteConfig(root="/site", title="T", base_url="https://t.example")
VOCABULARY = Vocabulary(categories=(
    TermInfo("category", "Insights", "insights", description="All of it.", wp_id=3),
    TermInfo("category", "Music Business", "music-business", parent="insights"),
    TermInfo("category", "Royalties", "royalties", parent="music-business"),
    TermInfo("category", "Empty", "empty"),
), tags=(TermInfo("tag", "夜", "yoru"), TermInfo("tag", "夜", "yoru-2")))


def entry(n: int, categories=(), category_slugs=(), tags=(), tag_slugs=()) -> Entry:
    when = datetime(2024, 1, n, tzinfo=timezone.utc)
    return Entry(kind="post", source=f"content/posts/{n}.md", title=f"P{n}", slug=f"p{n}", date=when, updated=when,
                 author=Author("A", "a"), url=f"/p{n}/", guid=f"g{n}", body="", body_line=1,
                 categories=tuple(categories), category_slugs=tuple(category_slugs), tags=tuple(tags),
                 tag_slugs=tuple(tag_slugs))


def test_nested_categories_three_levels_deep_and_parents_list_their_childrens_posts():
    posts = (entry(3, ["Royalties"], ["royalties"]), entry(2, ["Insights"], ["insights"]),
             entry(1, ["Music Business"], ["music-business"]))
    terms = {t.slug: t for t in collect_terms(posts, CONFIG, "category", VOCABULARY)}
    assert terms["royalties"].url == "/category/insights/music-business/royalties/"
    assert terms["royalties"].feed_url == "/category/insights/music-business/royalties/feed/"
    assert terms["royalties"].posts == (0,)
    assert terms["music-business"].posts == (0, 2)               # its own and its child's, newest first
    assert terms["insights"].posts == (0, 1, 2)
    assert terms["insights"].description == "All of it." and terms["insights"].source == "content/terms.yaml"
    assert terms["royalties"].parent == "music-business"
    assert terms["empty"].posts == () and terms["empty"].url == "/category/empty/"   # declared: an archive anyway
    assert terms["insights"].wp_id == 3 and terms["royalties"].wp_id is None    # WordPress's term ID, when declared


def test_a_shared_name_is_two_terms_by_slug_and_undeclared_names_slugify_as_before():
    posts = (entry(2, tags=["夜", "Lo Fi"], tag_slugs=["yoru-2", "lo-fi"]), entry(1, tags=["夜"], tag_slugs=["yoru"]))
    terms = {t.slug: t for t in collect_terms(posts, CONFIG, "tag", VOCABULARY)}
    assert (terms["yoru"].posts, terms["yoru-2"].posts) == ((1,), (0,))
    assert terms["yoru"].name == terms["yoru-2"].name == "夜"
    assert terms["lo-fi"].source == "" and terms["lo-fi"].url == "/tag/lo-fi/"


def test_entries_made_in_code_without_slugs_still_group_by_slugified_name():
    posts = (entry(2, ["Mixing Tips"]), entry(1, ["mixing tips"]))
    [term] = collect_terms(posts, CONFIG, "category")
    assert (term.slug, term.name, term.posts) == ("mixing-tips", "Mixing Tips", (0, 1))


def test_pagination_of_a_nested_archive():
    pages = paginate("/category/a/b/", tuple(range(12)), 10)
    assert [p.url for p in pages] == ["/category/a/b/", "/category/a/b/page/2/"]
