"""`trackpress check --against EXPORT.xml` after a build: counts per kind, the
list of old URLs the site does not answer, exit code 1 when any is missing.

Each test writes its WordPress export here and a site that keeps (or loses)
its URLs, builds it for real and runs the command line.
"""
from __future__ import annotations

from pathlib import Path

from tests.conftest import BASE_CONFIG, build, make_site, post, run_cli

HOME = "https://beats.example"


def item(post_id: int, title: str, link: str, post_type: str = "post", status: str = "publish",
         terms: str = "") -> str:
    return f"""
  <item>
    <title>{title}</title>
    <link>{link}</link>
    <content:encoded><![CDATA[Words.]]></content:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>2024-05-01 10:00:00</wp:post_date>
    <wp:status>{status}</wp:status>
    <wp:post_type>{post_type}</wp:post_type>
    {terms}
  </item>"""


def wxr(items: str, terms: str = "", home: str = HOME) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Test Beats</title>
  <link>{home}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  {terms}
  {items}
</channel>
</rss>
"""


TERMS = """
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>music</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Music</wp:cat_name></wp:category>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>electronic</wp:category_nicename><wp:category_parent>music</wp:category_parent><wp:cat_name>Electronic</wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>techno</wp:category_nicename><wp:category_parent>electronic</wp:category_parent><wp:cat_name>Techno</wp:cat_name></wp:category>
  <wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>synths</wp:tag_slug><wp:tag_name>synths</wp:tag_name></wp:tag>
"""
ITEMS = (item(11, "First Beat", f"{HOME}/2024/05/01/first-beat/",
              terms='<category domain="category" nicename="techno"><![CDATA[Techno]]></category>'
                    '<category domain="post_tag" nicename="synths"><![CDATA[synths]]></category>')
         + item(12, "Old Draft", f"{HOME}/?p=12", status="draft")
         + item(5, "About", f"{HOME}/about/", post_type="page")
         + item(30, "Menu entry", f"{HOME}/?p=30", post_type="nav_menu_item"))


def site_files(**extra) -> dict[str, str]:
    return {
        "content/posts/a.md": post("First Beat", "2024-05-01 10:00", "Words.", id=11, tags=["synths"],
                                   categories=["Techno"]),
        "content/pages/about.md": post("About", "2024-01-01", "Who.", id=5),
        **extra,
    }


def run_check(root: Path, export: str):
    (root / "export.xml").write_text(export, encoding="utf-8")
    return run_cli("check", "--against", str(root / "export.xml"), "--root", str(root))


KEPT_TERMS = ("categories:\n  - {name: Music, slug: music, id: 1}\n"
              "  - {name: Electronic, slug: electronic, id: 2, parent: music}\n"
              "  - {name: Techno, slug: techno, id: 3, parent: electronic}\n"
              "tags:\n  - {name: synths, slug: synths, id: 4}\n")


def test_a_site_that_keeps_everything_answers_everything(tmp_path):
    root = make_site(tmp_path / "site", site_files(**{"content/terms.yaml": KEPT_TERMS}))
    build(root)
    result = run_check(root, wxr(ITEMS, TERMS))
    out = result.stdout
    assert "posts: 1 of 1 answer" in out            # the draft and the menu item are not old URLs
    assert "pages: 1 of 1 answer" in out
    assert "category archives: 3 of 3 answer" in out            # nested: /category/music/electronic/techno/
    assert "tag archives: 1 of 1 answer" in out
    # ?p=11, ?p=5, ?page_id=5, 3 × ?category_name=, 3 × ?cat=, ?tag=, ?tag_id=, ?feed=rss2
    assert "old query URLs: 12 of 12 answer" in out, out
    assert "not checked" not in out
    assert result.returncode == 0, out
    assert "every old URL checked answers" in out


def test_term_ids_the_site_does_not_keep_are_listed(tmp_path):
    kept = KEPT_TERMS.replace(", id: 3", "").replace(", id: 4", ", id: 44")
    root = make_site(tmp_path / "site", site_files(**{"content/terms.yaml": kept}))
    build(root)
    result = run_check(root, wxr(ITEMS, TERMS))
    out = result.stdout
    assert result.returncode == 1, out
    assert "old query URLs: 10 of 12 answer" in out, out
    assert "category techno by ID: /?cat=3 — no redirect rule for this query" in out
    assert "tag synths by ID: /?tag_id=4 — no redirect rule for this query" in out
    assert "/?cat=1 " not in out and "/?cat=2 " not in out


def test_terms_the_export_gives_no_id_are_not_checked_by_id(tmp_path):
    root = make_site(tmp_path / "site", site_files(**{"content/terms.yaml": KEPT_TERMS}))
    build(root)
    terms = TERMS.replace("<wp:term_id>3</wp:term_id>", "").replace("<wp:term_id>4</wp:term_id>", "")
    result = run_check(root, wxr(ITEMS, terms))
    out = result.stdout
    assert "not checked: /?cat=ID for 1 of 3 categories — the export gives no <wp:term_id> for it" in out
    assert "not checked: /?tag_id=ID for 1 of 1 tag — " in out
    assert "old query URLs: 10 of 10 answer" in out and result.returncode == 0, out


def test_what_does_not_answer_is_listed_and_exits_1(tmp_path):
    root = make_site(tmp_path / "site", site_files())
    build(root)
    items = ITEMS + item(13, "Lost Track", f"{HOME}/2024/06/01/lost-track/") \
                  + item(40, "Gig", f"{HOME}/event/gig/", post_type="event")
    result = run_check(root, wxr(items))
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert "posts: 1 of 2 answer" in out
    assert "custom post type items: 0 of 1 answer" in out
    assert 'post "Lost Track": /2024/06/01/lost-track/ — no file and no redirect rule' in out
    assert 'post "Lost Track" by ID: /?p=13 — no redirect rule for this query' in out
    assert 'event "Gig": /event/gig/ — no file and no redirect rule' in out


def test_old_urls_answer_through_redirect_rules(tmp_path):
    root = make_site(tmp_path / "site", site_files(**{
        "content/posts/b.md": post("Renamed", "2024-05-02 10:00", "x", id=14, aliases=["/2024/05/02/old-name/"]),
    }))
    build(root)
    items = ITEMS + item(14, "Old Name", f"{HOME}/2024/05/02/old-name/") + item(15, "Plain", f"{HOME}/?p=14")
    result = run_check(root, wxr(items))
    out = result.stdout
    assert "posts: 3 of 3 answer" in out, out      # an alias, a ?p= link WordPress used as the permalink
    assert "/2024/05/02/old-name/" not in out


def test_a_site_in_a_folder_is_checked_under_its_base_path(tmp_path):
    home = "https://example.org/blog"
    config = BASE_CONFIG.replace("https://beats.example", home)
    root = make_site(tmp_path / "site", site_files(), config)
    build(root)
    items = item(11, "First Beat", f"{home}/2024/05/01/first-beat/") + item(5, "About", f"{home}/?page_id=5", "page")
    result = run_check(root, wxr(items, home=home))
    assert result.returncode == 0, result.stdout
    assert "posts: 1 of 1 answer" in result.stdout and "pages: 1 of 1 answer" in result.stdout


def test_no_build_yet_is_an_error_that_says_what_to_do(tmp_path):
    root = make_site(tmp_path / "site", site_files())
    result = run_check(root, wxr(ITEMS))
    assert result.returncode == 1
    assert "run `trackpress build` first" in result.stderr


def test_a_file_that_is_not_an_export_is_an_error(tmp_path):
    root = make_site(tmp_path / "site", site_files())
    build(root)
    result = run_check(root, "<rss><channel><title>x</title></channel></rss>")
    assert result.returncode == 1 and "not a WordPress export" in result.stderr
