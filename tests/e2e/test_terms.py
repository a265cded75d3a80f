"""content/terms.yaml through whole builds: kept slugs, nested categories at
WordPress's URLs, term descriptions on archive pages, multilingual term sets,
and every terms.yaml problem reported like a front-matter problem."""
from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from conftest import BASE_CONFIG, build, make_site, post, read
from generator.errors import BuildError

THREE_LEVELS = """\
categories:
  - name: Insights
    slug: insights
    description: "Notes from the <em>studio</em>.<script>alert(1)</script> <a href=\\"javascript:alert(2)\\">x</a>"
  - name: Music Business
    slug: music-business
    parent: insights
  - name: Royalties & Splits
    slug: royalties
    parent: music-business
  - name: Nobody writes here
    slug: quiet
tags:
  - name: Synths
    slug: synths-2
"""


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    root = make_site(tmp_path, {
        "content/terms.yaml": THREE_LEVELS,
        "content/posts/deep.md": post("Deep", "2024-05-03", categories=["Royalties & Splits"], tags=["Synths"]),
        "content/posts/middle.md": post("Middle", "2024-05-02", categories=["music-business"]),
        "content/posts/top.md": post("Top", "2024-05-01", categories=["Insights"]),
    })
    build(root)
    return root


def test_nested_categories_three_levels_deep_at_wordpress_urls(nested):
    out = nested / "output"
    assert (out / "category/insights/music-business/royalties/index.html").is_file()
    assert (out / "category/insights/music-business/royalties/feed/index.html").is_file()
    assert (out / "category/insights/music-business/index.html").is_file()
    assert not (out / "category/royalties").exists() and not (out / "category/music-business").exists()
    page = read(nested, "2024/05/03/deep/index.html")
    assert 'href="/category/insights/music-business/royalties/" rel="category tag">Royalties &amp; Splits</a>' in page
    assert 'href="/tag/synths-2/" rel="tag">Synths</a>' in page                  # the kept slug, not "synths"


def test_a_category_archive_lists_its_descendants_posts_like_wordpress(nested):
    def titles(path: str) -> list[str]:
        return [e.title for e in feedparser.parse(read(nested, path)).entries]
    assert titles("category/insights/feed/index.html") == ["Deep", "Middle", "Top"]
    assert titles("category/insights/music-business/feed/index.html") == ["Deep", "Middle"]
    assert titles("category/insights/music-business/royalties/feed/index.html") == ["Deep"]
    archive = read(nested, "category/insights/index.html")
    assert archive.count('class="card"') == 3


def test_a_declared_term_without_posts_still_has_its_archive(nested):
    page = read(nested, "category/quiet/index.html")
    assert "No posts found." in page
    assert feedparser.parse(read(nested, "category/quiet/feed/index.html")).entries == []


def test_the_term_description_is_shown_sanitised(nested):
    page = read(nested, "category/insights/index.html")
    assert '<div class="archive-header__description"><p>Notes from the <em>studio</em>.' in page
    assert "<script" not in page.split("</header>")[1] and "alert(1)" not in page and "javascript:" not in page
    assert '<meta name="description" content="Notes from the studio. x">' in page


def test_query_links_to_a_child_category_go_to_its_nested_url(nested):
    rules = read(nested, "_redirects")
    assert "/.wp/category_name/royalties  /category/insights/music-business/royalties/  301" in rules
    assert "/.wp/tag/synths-2  /tag/synths-2/  301" in rules


def test_the_category_permalink_token_uses_the_nested_path(tmp_path):
    root = make_site(tmp_path, {
        "content/terms.yaml": THREE_LEVELS,
        "content/posts/deep.md": post("Deep", "2024-05-03", categories=["Royalties & Splits"]),
    }, config=BASE_CONFIG + 'permalink = "/%category%/%postname%/"\n')
    build(root)
    assert (root / "output/insights/music-business/royalties/deep/index.html").is_file()


def test_a_multilingual_term_set_one_name_two_slugs(tmp_path):
    root = make_site(tmp_path, {
        "content/terms.yaml": "tags:\n  - {name: Nuit, slug: nuit}\n  - {name: Nuit, slug: nuit-en}\n"
                              "categories:\n  - {name: 夜, slug: yoru}\n",
        "content/posts/fr.md": post("Une nuit", "2024-05-01", tags=["nuit"], categories=["夜"], lang="fr"),
        "content/posts/en.md": post("A night", "2024-05-02", tags=["nuit-en"], categories=["yoru"]),
    })
    build(root)
    fr = feedparser.parse(read(root, "tag/nuit/feed/index.html"))
    en = feedparser.parse(read(root, "tag/nuit-en/feed/index.html"))
    assert [e.title for e in fr.entries] == ["Une nuit"] and [e.title for e in en.entries] == ["A night"]
    assert fr.feed.title == en.feed.title == "Nuit Archives - Test Beats"
    # the feed item names the term, not the slug the post used to pick it
    assert [t.term for t in en.entries[0].tags] == ["夜", "Nuit"]
    assert (root / "output/category/yoru/index.html").is_file()         # a Latin slug for a non-Latin name
    assert not (root / "output/category/夜").exists()


def test_terms_not_in_terms_yaml_are_slugified_as_before(tmp_path):
    root = make_site(tmp_path, {
        "content/terms.yaml": "tags:\n  - {name: Synths, slug: synths-2}\n",
        "content/posts/a.md": post("A", "2024-05-01", tags=["Lo-Fi Beats", "synths"], categories=["Mixing & Mastering"]),
    })
    build(root)
    out = root / "output"
    assert (out / "tag/lo-fi-beats/index.html").is_file() and (out / "category/mixing-mastering/index.html").is_file()
    assert (out / "tag/synths-2/index.html").is_file()            # "synths" is the declared term's name, ignoring case


def test_terms_yaml_problems_fail_the_build_beside_front_matter_problems(tmp_path):
    root = make_site(tmp_path, {
        "content/terms.yaml": "categories:\n  - {name: A, slug: a, parent: b}\n  - {name: B, slug: b, parent: a}\n"
                              "  - {name: C, slug: c, parent: gone}\n  - {name: D}\n"
                              "tags:\n  - {name: x, slug: \"x/y\"}\n  - {name: y, slug: z}\n  - {name: w, slug: z}\n",
        "content/posts/bad.md": "---\ntitle: Bad\ndate: someday\n---\n",
        "content/posts/good.md": post("Good", "2024-05-01"),
    })
    with pytest.raises(BuildError) as caught:
        build(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        'content/posts/bad.md:3: date: "someday" is not a date — use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ',
        "content/terms.yaml:2: parent: the parents go round in a loop: a → b → a — make one of them a top-level category (remove its parent: line)",
        "content/terms.yaml:3: parent: the parents go round in a loop: b → a → b — make one of them a top-level category (remove its parent: line)",
        "content/terms.yaml:4: parent: 'gone' is not the slug of a category here — write the slug of a category listed in this file, or remove the parent: line",
        "content/terms.yaml:5: slug: missing — give every term its slug, like slug: music-business (its archive URL)",
        'content/terms.yaml:7: slug: the slug "x/y" contains / — write a slug like slug: "music-business" (letters, digits and hyphens; no / or \\)',
        "content/terms.yaml:9: slug: the tag slug 'z' is also the slug of 'y' (line 8) — each term has its own slug (WordPress adds -2 to the second); change one",
    ]
    assert not (root / "output").exists()


def test_terms_yaml_that_is_not_yaml_or_not_utf8(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"),
                                "content/terms.yaml": "tags:\n  - {name: x, slug: x\n"})
    with pytest.raises(BuildError) as caught:
        build(root)
    [problem] = caught.value.diagnostics
    assert str(problem).startswith("content/terms.yaml:3: is not valid YAML")
    (root / "content/terms.yaml").write_bytes(b"tags:\n  - {name: \xff, slug: x}\n")
    with pytest.raises(BuildError) as caught:
        build(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/terms.yaml:2: is not UTF-8 text — save the file as UTF-8 in your editor"]


def test_term_ids_bad_or_used_twice_in_one_kind_fail_the_build_with_their_line(tmp_path):
    root = make_site(tmp_path, {
        "content/terms.yaml": "categories:\n  - {name: A, slug: a, id: 3}\n  - {name: B, slug: b, id: 3}\n"
                              "  - {name: C, slug: c, id: twelve}\n"
                              "tags:\n  - {name: A, slug: a, id: 3}\n",          # another kind may share it
        "content/posts/good.md": post("Good", "2024-05-01"),
    })
    with pytest.raises(BuildError) as caught:
        build(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/terms.yaml:3: id: the category id 3 is also the id of 'A' (line 2) — each term has its own "
        "WordPress ID; remove or correct one",
        'content/terms.yaml:4: id: "twelve" is not a positive whole number — write WordPress\'s term ID as a number, '
        "like id: 12, or remove the id: line",
    ]
    assert not (root / "output").exists()
