"""Dynamic blocks in imported posts, rendered from the site's own data at build time."""
from __future__ import annotations

from conftest import NOW, build, make_site, post, read
from generator.build import BuildOptions, build_site
from generator.errors import Reporter


def test_dynamic_blocks_render_from_the_site(tmp_path):
    body = ('<p>Recent:</p>\n<!-- wp:latest-posts {"postsToShow":2} /-->\n<!-- wp:archives {"showPostCounts":true} /-->\n'
            '<!-- wp:tag-cloud /-->\n<!-- wp:calendar /-->\n<!-- wp:loginout /-->\n'
            '<!-- wp:query {"query":{"perPage":5}} --><div class="wp-block-query"><!-- wp:post-title /--></div><!-- /wp:query -->')
    root = make_site(tmp_path / "s", {
        "content/posts/hub.md": post("Hub", "2024-06-03 10:00", body, format="html", tags=["synths"]),
        "content/posts/b.md": post("Beat <b>two</b>", "2024-06-02 10:00", "Two words.", tags=["synths", "tape"]),
        "content/posts/c.md": post("Old one", "2024-05-01 10:00", "Old words."),
    })
    build(root)
    page = read(root, "2024/06/03/hub/index.html")
    latest = page.split("wp-block-latest-posts__list", 1)[1].split("</ul>", 1)[0]
    assert latest.count("<li>") == 2 and "/2024/06/03/hub/" in latest
    assert "Beat &lt;b&gt;two&lt;/b&gt;" in latest                   # a Markdown title stays text
    assert "<li><a href='/2024/06/'>June 2024</a>&nbsp;(2)</li>" in page
    assert 'class="tag-cloud-link' in page and "<caption>June 2024</caption>" in page
    assert page.count('<li class="wp-block-post">') == 3
    assert "wp:latest-posts" not in page and "wp:query" not in page
    feed = read(root, "feed/index.html")
    assert 'href="https://beats.example/2024/06/02/beat-two/"' in feed         # filled in feeds too, absolute


def test_latest_comments_without_comments_renders_an_empty_note(tmp_path):
    root = make_site(tmp_path / "s", {
        "content/posts/a.md": post("A", "2024-06-03", "<!-- wp:latest-comments /-->", format="html")})
    build(root)
    assert "wp-block-latest-comments" in read(root, "2024/06/03/a/index.html")


def test_blocks_filtering_by_term_ids_list_those_terms_posts(tmp_path):
    """WordPress stores a block's category and tag filters as term IDs; terms.yaml's `id:` resolves them."""
    body = ('<!-- wp:latest-posts {"categories":[{"id":3,"value":"Gear"}]} /-->\n'
            '<!-- wp:query {"query":{"perPage":5,"taxQuery":{"post_tag":[9]}}} --><div></div><!-- /wp:query -->\n'
            '<!-- wp:query {"query":{"perPage":5,"taxQuery":{"category":[404]}}} --><div></div><!-- /wp:query -->')
    root = make_site(tmp_path / "s", {
        "content/terms.yaml": "categories:\n  - {name: Gear, slug: gear, id: 3}\n  - {name: Mixing, slug: mixing, id: 4}\n"
                              "tags:\n  - {name: Tape, slug: tape, id: 9}\n",
        "content/posts/hub.md": post("Hub", "2024-06-03 10:00", body, format="html", categories=["Mixing"]),
        "content/posts/b.md": post("Gear one", "2024-06-02 10:00", "x", categories=["Gear"]),
        "content/posts/c.md": post("Tape one", "2024-05-01 10:00", "x", tags=["Tape"], categories=["Mixing"]),
    })
    reporter = Reporter()
    build_site(BuildOptions(root=root, now=NOW), reporter)
    page = read(root, "2024/06/03/hub/index.html")
    latest = page.split("wp-block-latest-posts__list", 1)[1].split("</ul>", 1)[0]
    assert latest.count("<li>") == 1 and "/2024/06/02/gear-one/" in latest
    first, second = page.split('<div class="wp-block-query">')[1:3]
    assert first.count('<li class="wp-block-post">') == 1 and "/2024/05/01/tape-one/" in first
    assert second.count('<li class="wp-block-post">') == 3                # an ID no term has: that filter is ignored
    warnings = [str(w) for w in reporter.warnings]
    assert any("category ID 404 (that filter is ignored), which no term in content/terms.yaml has" in w
               for w in warnings), warnings
    assert not any("latest-posts" in w for w in warnings), warnings
