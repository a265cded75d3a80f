"""Dynamic blocks: placeholders per entry, filled from the site's data."""
from __future__ import annotations

from datetime import datetime, timezone

from generator.blocks import collapse_dynamic_blocks, fill_blocks
from generator.errors import Reporter
from generator.model import Author, Body, Comment, DateArchive, Entry, Site, SiteConfig, Term


def entry(n: int, title: str, day: int, **k) -> Entry:
    when = datetime(2024, 6, day, tzinfo=timezone.utc)
    return Entry(kind=k.pop("kind", "post"), source=f"content/posts/p{n}.md", title=title, slug=f"p{n}", date=when,
                 updated=when, author=Author("a", "a"), url=f"/2024/06/{day:02d}/p{n}/", guid=str(n), body="b",
                 body_line=1, **k)


POSTS = (entry(3, "Third <em>one</em>", 20, format="html", categories=("Mixing",), tags=("synths",)),
         entry(2, "Second & last", 10, tags=("synths", "tape"), categories=("Gear",), category_slugs=("gear-2",)),
         entry(1, "First", 5, categories=("Mixing",)))
PAGES = (entry(9, "About", 1, kind="page"), entry(8, "Team", 1, kind="page", parent="p9"))
SITE = Site(
    config=SiteConfig(root="/", title="S", base_url="https://s.example"),
    posts=POSTS, pages=PAGES,
    tags=(Term("tag", "synths", "synths", "/tag/synths/", "", (0, 1), wp_id=7),
          Term("tag", "tape", "tape", "/tag/tape/", "", (1,), wp_id=8)),
    categories=(Term("category", "Mixing", "mixing", "/category/mixing/", "", (0, 2), wp_id=4),
                Term("category", "Gear", "gear-2", "/category/gear-2/", "", (1,), wp_id=5)),
    authors=(),
    dates=(DateArchive("month", 2024, 6, 0, "/2024/06/", (0, 1, 2)), DateArchive("month", 2024, 5, 0, "/2024/05/", ()),
           DateArchive("day", 2024, 6, 20, "/2024/06/20/", (0,)), DateArchive("day", 2024, 6, 5, "/2024/06/05/", (2,))),
    comments={"content/posts/p1.md": (Comment(7, 0, "Ann <b>", "javascript:x", datetime(2024, 6, 6, tzinfo=timezone.utc),
                                              "<p>Great <b>mix</b> thanks</p>"),)},
)
BODIES = {e.source: Body(html="", page_html="", excerpt=f"excerpt {e.slug}") for e in POSTS + PAGES}


def fill(fragment: str, reporter: Reporter | None = None) -> str:
    return fill_blocks(collapse_dynamic_blocks(fragment), SITE, BODIES, "content/posts/x.md", reporter)


def test_query_loop_collapses_to_one_placeholder():
    stored = ('<!-- wp:query {"query":{"perPage":2}} --><div class="wp-block-query"><!-- wp:post-template -->'
              '<!-- wp:post-title /--><!-- /wp:post-template --></div><!-- /wp:query -->after')
    assert collapse_dynamic_blocks(stored) == '<!-- wp:query {"query":{"perPage":2}} /-->after'


def test_latest_posts_count_order_and_escaped_titles():
    out = fill('<!-- wp:latest-posts {"postsToShow":2,"displayPostDate":true} /-->')
    assert out.count("<li>") == 2 and out.index("p3") < out.index("p2")
    assert ">Third one</a>" in out and "Second &amp; last" in out
    assert '<time datetime="2024-06-20T00:00:00+00:00" class="wp-block-latest-posts__post-date">June 20, 2024</time>' in out
    assert ">First<" in fill('<!-- wp:latest-posts {"order":"asc","orderBy":"title","postsToShow":1} /-->')


def test_latest_posts_category_ids_no_term_has_warn_and_show_all_posts():
    reporter = Reporter()
    out = fill('<!-- wp:latest-posts {"categories":"6"} /-->', reporter)
    assert out.count("<li>") == 3
    assert [str(w) for w in reporter.warnings] == [
        "content/posts/x.md: body: the latest-posts block filters by category ID 6, which no category in "
        "content/terms.yaml has: showing all posts — add id: 6 to the category in content/terms.yaml, "
        "or choose the category again in the block"]


def test_latest_posts_category_ids_resolve_through_the_term_ids():
    for attrs in ('{"categories":"4"}', '{"categories":[{"id":4,"value":"Renamed since"}]}', '{"categories":[4]}'):
        reporter = Reporter()
        out = fill(f"<!-- wp:latest-posts {attrs} /-->", reporter)
        assert out.count("<li>") == 2 and "p3" in out and "p1" in out and "p2" not in out, attrs
        assert reporter.warnings == [], attrs
    by_slug = fill('<!-- wp:latest-posts {"categories":"5"} /-->')        # matched by the term's slug, not its name
    assert by_slug.count("<li>") == 1 and "p2" in by_slug


def test_latest_posts_some_ids_found_filters_by_those_and_warns_about_the_rest():
    reporter = Reporter()
    out = fill('<!-- wp:latest-posts {"categories":[{"id":5},{"id":66}]} /-->', reporter)
    assert out.count("<li>") == 1 and "p2" in out
    assert len(reporter.warnings) == 1 and "category ID 66, which no category" in str(reporter.warnings[0])
    assert "showing all posts" not in str(reporter.warnings[0])


def test_archives_with_counts():
    out = fill('<!-- wp:archives {"showPostCounts":true} /-->')
    assert "<li><a href='/2024/06/'>June 2024</a>&nbsp;(3)</li>" in out


def test_categories_and_tag_cloud():
    assert '<a href="/category/mixing/">Mixing</a> (2)</li>' in fill('<!-- wp:categories {"showPostCounts":true} /-->')
    cloud = fill("<!-- wp:tag-cloud /-->")
    assert 'style="font-size: 22pt;" aria-label="synths (2 items)">synths</a>' in cloud
    assert 'style="font-size: 8pt;" aria-label="tape (1 item)">tape</a>' in cloud


def test_page_list_nests_children():
    out = fill("<!-- wp:page-list /-->")
    assert out.index(">About<") < out.index(">Team<") and "submenu-container" in out


def test_latest_comments_from_imported_comments():
    out = fill('<!-- wp:latest-comments {"commentsToShow":2} /-->')
    assert "Ann &lt;b&gt;" in out and "javascript" not in out
    assert 'href="/2024/06/05/p1/#comment-7">First</a>' in out and "<p>Great mix thanks</p>" in out


def test_calendar_of_the_newest_month():
    out = fill("<!-- wp:calendar /-->")
    assert "<caption>June 2024</caption>" in out
    assert '<a href="/2024/06/20/" aria-label="Posts published on June 20, 2024">20</a>' in out
    assert '<td colspan="5" class="pad">&nbsp;</td><td>1</td>' in out      # June 2024 starts on a Saturday
    assert '&laquo; May</a>' in out


def test_query_loop_lists_titles_and_excerpts():
    out = fill('<!-- wp:query {"query":{"perPage":1,"offset":1}} --><p>saved inside</p><!-- /wp:query -->')
    assert out.count('<li class="wp-block-post">') == 1 and "excerpt p2" in out and "saved inside" not in out
    tagged = fill('<!-- wp:query {"query":{"taxQuery":{"post_tag":[{"id":1,"value":"tape"}]}}} /-->')
    assert tagged.count("wp-block-post\"") == 1 and "p2" in tagged


def listed(out: str) -> list[str]:
    return [url.split("/")[-2] for url in
            (part.split('"', 1)[0] for part in out.split('<h2 class="wp-block-post-title"><a href="')[1:])]


def test_query_loop_category_and_tag_ids_resolve_through_the_term_ids():
    reporter = Reporter()
    assert listed(fill('<!-- wp:query {"query":{"taxQuery":{"category":[4]}}} /-->', reporter)) == ["p3", "p1"]
    assert listed(fill('<!-- wp:query {"query":{"taxQuery":{"post_tag":[8]}}} /-->', reporter)) == ["p2"]
    assert listed(fill('<!-- wp:query {"query":{"taxQuery":{"category":[4],"post_tag":[7]}}} /-->', reporter)) == ["p3"]
    assert listed(fill('<!-- wp:query {"query":{"categoryIds":[5]}} /-->', reporter)) == ["p2"]      # older blocks
    assert listed(fill('<!-- wp:query {"query":{"tagIds":[7]}} /-->', reporter)) == ["p3", "p2"]
    assert listed(fill('<!-- wp:query {"query":{"taxQuery":{"include":{"post_tag":[7]},'
                       '"exclude":{"category":[5]}}}} /-->', reporter)) == ["p3"]
    assert reporter.warnings == []


def test_query_loop_ids_no_term_has_warn_and_that_filter_is_ignored():
    reporter = Reporter()
    out = fill('<!-- wp:query {"query":{"taxQuery":{"category":[99],"post_tag":[8]}}} /-->', reporter)
    assert listed(out) == ["p2"]                                   # the tag filter still applies
    assert [str(w) for w in reporter.warnings] == [
        "content/posts/x.md: body: a query loop filters by category ID 99 (that filter is ignored), which no term "
        "in content/terms.yaml has — add the id: to the term in content/terms.yaml, or edit the block's filter"]
    reporter = Reporter()
    fill('<!-- wp:query {"query":{"author":"3"}} /-->', reporter)
    assert "author IDs" in str(reporter.warnings[0])


def test_search_rss_loginout():
    search = fill('<!-- wp:search {"label":"Find <b>","buttonText":"Go"} /-->')
    assert 'action="https://duckduckgo.com/"' in search and 'name="sites" value="s.example"' in search
    assert "Find &lt;b&gt;" in search
    assert '<a href="https://wordpress.org/news/feed/">' in fill('<!-- wp:rss {"feedURL":"https://wordpress.org/news/feed/"} /-->')
    assert fill('<!-- wp:rss {"feedURL":"javascript:alert(1)"} /-->') == ""
    assert fill("<p><!-- wp:loginout /--></p>") == ""


def test_bad_json_and_plain_comments():
    reporter = Reporter()
    assert "<ul" in fill("<!-- wp:archives {not json} /-->", reporter)
    assert fill("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->") == "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->"
