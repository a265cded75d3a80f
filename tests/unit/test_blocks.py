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
         entry(2, "Second & last", 10, tags=("synths", "tape")), entry(1, "First", 5, categories=("Mixing",)))
PAGES = (entry(9, "About", 1, kind="page"), entry(8, "Team", 1, kind="page", parent="p9"))
SITE = Site(
    config=SiteConfig(root="/", title="S", base_url="https://s.example"),
    posts=POSTS, pages=PAGES,
    tags=(Term("tag", "synths", "synths", "/tag/synths/", "", (0, 1)), Term("tag", "tape", "tape", "/tag/tape/", "", (1,))),
    categories=(Term("category", "Mixing", "mixing", "/category/mixing/", "", (0, 2)),),
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


def test_latest_posts_category_ids_warn():
    reporter = Reporter()
    out = fill('<!-- wp:latest-posts {"categories":"6"} /-->', reporter)
    assert out.count("<li>") == 3 and "category IDs" in str(reporter.warnings[0])


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
