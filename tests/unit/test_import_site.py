"""Importing a whole WordPress site (issue 8): terms.yaml, media.yaml, menus, site.toml, custom post
types, protected posts, untitled and undated posts, duplicate GUIDs, attachment pages, same-site
links, dynamic blocks, shortcodes. Every export is written here."""
from __future__ import annotations

import tomllib
from pathlib import Path
from xml.sax.saxutils import escape

import frontmatter
import pytest
import yaml

from generator.importers import import_wordpress
from generator.importers.html import same_site_links, shortcode_names, strip_block_comments
from generator.importers.site import Sample, infer_permalink, infer_timezone

BASE = "https://old.example"


def item(post_id, title="A post", *, kind="post", status="publish", name="", link="", date="2024-05-20 12:00:00",
         gmt="2024-05-20 10:00:00", modified="2024-06-01 09:00:00", modified_gmt="2024-06-01 07:00:00",
         body="<p>Body.</p>", excerpt="", parent=0, order=0, guid="", password="", creator="admin",
         terms=(), meta=(), attachment_url="", base=BASE):
    cats = "".join(f'<category domain="{d}" nicename="{escape(s)}">{escape(n)}</category>' for d, s, n in terms)
    metas = "".join(f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>{escape(str(v))}</wp:meta_value>"
                    "</wp:postmeta>" for k, v in meta)
    url = f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>" if attachment_url else ""
    return f"""<item>
<title>{escape(title)}</title><link>{escape(link or f"{base}/?p={post_id}")}</link>
<dc:creator>{creator}</dc:creator><guid isPermaLink="false">{escape(guid or f"{base}/?p={post_id}")}</guid>
<content:encoded>{escape(body)}</content:encoded><excerpt:encoded>{escape(excerpt)}</excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>
<wp:post_modified>{modified}</wp:post_modified><wp:post_modified_gmt>{modified_gmt}</wp:post_modified_gmt>
<wp:post_name>{escape(name)}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent>
<wp:menu_order>{order}</wp:menu_order><wp:post_type>{kind}</wp:post_type>
<wp:post_password>{escape(password)}</wp:post_password><wp:is_sticky>0</wp:is_sticky>{url}{cats}{metas}
</item>"""


def wxr(*items, channel="", base=BASE, title="Night Beats", tagline="Lo-fi for late hours", language="en-GB"):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>{escape(title)}</title><link>{base}</link><description>{escape(tagline)}</description>
<language>{language}</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{base}</wp:base_blog_url>
<wp:author><wp:author_login>admin</wp:author_login><wp:author_display_name>Ada Admin</wp:author_display_name></wp:author>
<wp:author><wp:author_login>kim</wp:author_login><wp:author_display_name>Kim Lee</wp:author_display_name></wp:author>
{channel}
{"".join(items)}
</channel></rss>"""


def run(tmp_path: Path, text: str, site: Path | None = None, **options):
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return import_wordpress(path, site or tmp_path / "site", **options)


def meta(path: Path) -> dict:
    return frontmatter.load(path).metadata


def category(slug, name, parent="", description="", term_id=0):
    return (f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
            f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{escape(name)}</wp:cat_name>"
            f"<wp:category_description>{escape(description)}</wp:category_description></wp:category>")


def tag(slug, name, description="", term_id=0):
    return (f"<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{slug}</wp:tag_slug><wp:tag_name>{escape(name)}</wp:tag_name>"
            f"<wp:tag_description>{escape(description)}</wp:tag_description></wp:tag>")


# -- a. untitled posts, never-scheduled drafts ------------------------------------------------

def test_an_untitled_post_is_written_with_an_empty_title(tmp_path):
    report = run(tmp_path, wxr(item(1, "", name="", link=f"{BASE}/2024/05/20/1/")))
    text = (tmp_path / "site/content/posts/2024/1.md").read_text(encoding="utf-8")
    assert "\ntitle: ''\n" in text or '\ntitle: ""\n' in text
    assert any('written as `title: ""`' in note for note in report.notes)


def test_a_never_scheduled_draft_is_dated_by_its_last_modification(tmp_path):
    report = run(tmp_path, wxr(item(1, "Idea", status="draft", date="0000-00-00 00:00:00",
                                    gmt="0000-00-00 00:00:00")))
    post = meta(tmp_path / "site/content/posts/2024/idea.md")
    assert post["draft"] is True
    assert post["date"] == "2024-06-01 09:00:00+02:00"
    assert any("Idea: WordPress has no date for it" in note for note in report.notes)


def test_a_post_without_any_wordpress_date_takes_its_pubdate(tmp_path):
    text = wxr(item(1, "Bare", name="bare")).replace("<wp:post_date>2024-05-20 12:00:00</wp:post_date>", "") \
        .replace("<wp:post_modified>2024-06-01 09:00:00</wp:post_modified>", "") \
        .replace("<dc:creator>", "<pubDate>Tue, 02 Sep 2014 17:16:26 +0000</pubDate><dc:creator>")
    report = run(tmp_path, text)
    assert meta(tmp_path / "site/content/posts/2014/bare.md")["date"] == "2014-09-02 17:16:26+00:00"
    assert any("Bare: the export gives no date for it" in note for note in report.notes)


# -- b. terms ---------------------------------------------------------------------------------

NESTED = (category("insights", "Insights", description="Thinking out loud.", term_id=3)
          + category("music-business", "Music Business", "insights", "Royalties, licensing and contracts.", 4)
          + category("royalties", "Royalties", "music-business", term_id=5)
          + tag("%e5%a4%9c", "夜", term_id=7) + tag("mustread", "Must Read", "Read these first."))


def test_terms_yaml_keeps_slugs_parents_three_deep_and_descriptions(tmp_path):
    report = run(tmp_path, wxr(item(1, "Deal", name="deal", terms=(("category", "royalties", "Royalties"),
                                                                     ("post_tag", "mustread", "Must Read"))),
                               channel=NESTED))
    text = (tmp_path / "site/content/terms.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Categories and tags with their WordPress slugs")
    data = yaml.safe_load(text)
    assert data["categories"] == [
        {"name": "Insights", "slug": "insights", "id": 3, "description": "Thinking out loud."},
        {"name": "Music Business", "slug": "music-business", "id": 4, "parent": "insights",
         "description": "Royalties, licensing and contracts."},
        {"name": "Royalties", "slug": "royalties", "id": 5, "parent": "music-business"},
    ]
    assert data["tags"] == [{"name": "夜", "slug": "夜", "id": 7},
                            {"name": "Must Read", "slug": "mustread", "description": "Read these first."}]
    post = meta(tmp_path / "site/content/posts/2024/deal.md")
    assert post["categories"] == ["Royalties"] and post["tags"] == ["Must Read"]
    assert not any("archive URL changes" in note for note in report.notes)


def test_terms_only_posts_name_are_added_too(tmp_path):
    run(tmp_path, wxr(item(1, "A", name="a", terms=(("post_tag", "lo-fi-2", "Lo-Fi"),))))
    assert yaml.safe_load((tmp_path / "site/content/terms.yaml").read_text())["tags"] == [
        {"name": "Lo-Fi", "slug": "lo-fi-2"}]


def test_multilingual_terms_sharing_a_name_are_named_by_slug(tmp_path):
    channel = (category("musik", "Musik") + category("musik-2", "Musik") + tag("nacht", "Nacht")
               + tag("nacht-en", "Nacht"))
    run(tmp_path, wxr(item(1, "De", name="de", terms=(("category", "musik", "Musik"), ("post_tag", "nacht", "Nacht"))),
                      item(2, "En", name="en", terms=(("category", "musik-2", "Musik"),
                                                      ("post_tag", "nacht-en", "Nacht"))), channel=channel))
    assert meta(tmp_path / "site/content/posts/2024/de.md")["categories"] == ["musik"]
    en = meta(tmp_path / "site/content/posts/2024/en.md")
    assert en["categories"] == ["musik-2"] and en["tags"] == ["nacht-en"]
    data = yaml.safe_load((tmp_path / "site/content/terms.yaml").read_text())
    assert [t["slug"] for t in data["tags"]] == ["nacht", "nacht-en"]


def test_terms_are_merged_into_an_existing_file_without_changing_the_users_entries(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    mine = ("# my notes stay\ncategories:\n  - name: Insights\n    slug: insights\n    description: Mine.\n"
            "tags: []\n")
    (site / "content/terms.yaml").write_text(mine, encoding="utf-8")
    report = run(tmp_path, wxr(item(1, "A", name="a"), channel=NESTED), site)
    text = (site / "content/terms.yaml").read_text(encoding="utf-8")
    assert text.startswith("# my notes stay\ncategories:\n  - name: Insights\n    slug: insights\n    id: 3\n"
                           "    description: Mine.\n")
    data = yaml.safe_load(text)
    assert [t["slug"] for t in data["categories"]] == ["insights", "music-business", "royalties"]
    assert data["categories"][0]["description"] == "Mine."
    assert [t["slug"] for t in data["tags"]] == ["夜", "mustread"]
    assert any("'insights' differs from the export in description; your entry is kept" in n for n in report.notes)
    again = run(tmp_path, wxr(item(1, "A", name="a"), channel=NESTED), site)
    assert (site / "content/terms.yaml").read_text(encoding="utf-8") == text      # nothing left to add
    assert "content/terms.yaml" not in again.written


def test_wxr_1_2_term_elements_keep_their_ids_too(tmp_path):
    channel = ("<wp:term><wp:term_id>41</wp:term_id><wp:term_taxonomy>category</wp:term_taxonomy>"
               "<wp:term_slug>live</wp:term_slug><wp:term_name>Live</wp:term_name></wp:term>"
               "<wp:term><wp:term_id>42</wp:term_id><wp:term_taxonomy>post_tag</wp:term_taxonomy>"
               "<wp:term_slug>tape</wp:term_slug><wp:term_name>Tape</wp:term_name></wp:term>"
               + category("zero", "Zero", term_id=0))
    run(tmp_path, wxr(item(1, "A", name="a", terms=(("post_tag", "used-only", "Used Only"),)), channel=channel))
    data = yaml.safe_load((tmp_path / "site/content/terms.yaml").read_text(encoding="utf-8"))
    assert data["categories"] == [{"name": "Zero", "slug": "zero"}, {"name": "Live", "slug": "live", "id": 41}]
    assert data["tags"] == [{"name": "Tape", "slug": "tape", "id": 42}, {"name": "Used Only", "slug": "used-only"}]


def test_merging_adds_ids_only_where_the_slug_matches_and_never_changes_the_users(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    mine = ("categories:\n"
            "  - name: Insights   # my comment stays\n    slug: insights\n    description: Mine.\n"
            "  - name: Music Business\n    slug: music-biz\n"          # same name, another slug: no id
            "  - slug: royalties\n    id: 99\n    name: Royalties\n"     # the user's id stays
            "tags:\n  - {name: 夜, slug: 夜}\n"                            # one line: told to add it by hand
            "  - name: Must Read\n    slug: >-\n      mustread\n")         # a block scalar slug
    (site / "content/terms.yaml").write_text(mine, encoding="utf-8")
    channel = (category("insights", "Insights", term_id=3) + category("music-business", "Music Business", term_id=4)
               + category("royalties", "Royalties", term_id=5) + tag("%e5%a4%9c", "夜", term_id=7)
               + tag("mustread", "Must Read", term_id=9) + tag("tape", "Tape", term_id=8))
    report = run(tmp_path, wxr(item(1, "A", name="a"), channel=channel), site)
    text = (site / "content/terms.yaml").read_text(encoding="utf-8")
    assert text.startswith("categories:\n  - name: Insights   # my comment stays\n    slug: insights\n    id: 3\n"
                           "    description: Mine.\n  - name: Music Business\n    slug: music-biz\n"
                           "  - slug: royalties\n    id: 99\n    name: Royalties\n"
                           "tags:\n  - {name: 夜, slug: 夜}\n  - name: Must Read\n    slug: >-\n      mustread\n"
                           "    id: 9\n")
    data = yaml.safe_load(text)
    assert data["tags"][-1] == {"name": "Tape", "slug": "tape", "id": 8}
    assert [t.get("id") for t in data["categories"]] == [3, None, 99]
    assert any("'royalties' differs from the export in id; your entry is kept" in n for n in report.notes)
    assert any("'夜' is not written as `name:`/`slug:` lines; add `id: 7` to it by hand" in n for n in report.notes)
    assert any("WordPress ID added as `id:` to 2 of your entries" in n for n in report.notes)
    again = run(tmp_path, wxr(item(1, "A", name="a"), channel=channel), site)
    assert (site / "content/terms.yaml").read_text(encoding="utf-8") == text      # nothing left to add
    assert "content/terms.yaml" not in again.written


def test_merging_never_gives_an_id_the_user_already_gave_another_entry(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    mine = "categories:\n  - name: Mine\n    slug: mine\n    id: 3\n  - name: Insights\n    slug: insights\n"
    (site / "content/terms.yaml").write_text(mine, encoding="utf-8")
    report = run(tmp_path, wxr(item(1, "A", name="a"), channel=category("insights", "Insights", term_id=3)
                               + category("new", "New", term_id=4) + category("other", "Other", term_id=3)), site)
    data = yaml.safe_load((site / "content/terms.yaml").read_text(encoding="utf-8"))
    assert data["categories"] == [{"name": "Mine", "slug": "mine", "id": 3}, {"name": "Insights", "slug": "insights"},
                                  {"name": "New", "slug": "new", "id": 4}, {"name": "Other", "slug": "other"}]
    assert any("'insights' has no id:, and the export's id 3 is taken by another of your categories" in n
               for n in report.notes)
    assert any("'other' is added without its id (3)" in n for n in report.notes)


# -- c. duplicate GUIDs -----------------------------------------------------------------------

def test_duplicate_guids_the_oldest_keeps_it_the_others_get_their_own(tmp_path):
    shared = f"{BASE}/?p=5"
    report = run(tmp_path, wxr(
        item(7, "Newer", name="newer", guid=shared, gmt="2024-05-21 10:00:00", link=f"{BASE}/2024/05/21/newer/"),
        item(5, "Oldest", name="oldest", guid=shared, gmt="2024-05-19 10:00:00"),
        item(9, "Also", name="also", guid=shared, gmt="2024-05-22 10:00:00", link=f"{BASE}/2024/05/22/also/"),
        item(3, "Holds 9", name="holds", guid=f"{BASE}/?p=9")))
    posts = tmp_path / "site/content/posts/2024"
    assert meta(posts / "oldest.md")["guid"] == shared
    assert meta(posts / "newer.md")["guid"] == f"{BASE}/?p=7"
    assert meta(posts / "also.md")["guid"] == f"{BASE}/2024/05/22/also/"       # ?p=9 is taken
    assert sum("shared the GUID" in note for note in report.notes) == 2


def test_duplicate_ids_the_oldest_keeps_it(tmp_path):
    report = run(tmp_path, wxr(item(5, "First", name="first", gmt="2024-05-19 10:00:00"),
                               item(5, "Second", name="second", gmt="2024-05-21 10:00:00")))
    posts = tmp_path / "site/content/posts/2024"
    assert meta(posts / "first.md")["id"] == 5 and "id" not in meta(posts / "second.md")
    assert meta(posts / "second.md")["guid"] != meta(posts / "first.md")["guid"]
    assert any("Second: shares the ID 5 with First" in note for note in report.notes)


# -- d. menus ---------------------------------------------------------------------------------

def menu_item(post_id, title, menu, *, kind="custom", url="", object_id=0, obj="custom", parent=0, order=1):
    return item(post_id, title, kind="nav_menu_item", name=str(post_id), order=order,
                terms=(("nav_menu", menu.lower(), menu),),
                meta=(("_menu_item_type", kind), ("_menu_item_object", obj), ("_menu_item_object_id", object_id),
                      ("_menu_item_url", url), ("_menu_item_menu_item_parent", parent)))


MENU = [
    item(10, "About", kind="page", name="about", link=f"{BASE}/about/"),
    item(1, "Deal", name="deal", link=f"{BASE}/2024/05/20/deal/"),
    menu_item(100, "", "Main", kind="post_type", obj="page", object_id=10, order=1),
    menu_item(101, "Insights", "Main", kind="taxonomy", obj="category", object_id=5, order=2),
    menu_item(102, "Shop", "Main", url="https://shop.example/", order=3),
    menu_item(103, "Old deal", "Main", url="http://old.example/2024/05/20/deal/", order=4),
    menu_item(104, "Child", "Main", url=f"{BASE}/about/", parent=100, order=5),
    menu_item(105, "Nowhere", "Main", url="#", order=6),
    menu_item(200, "X", "Social", url="https://x.com/me"),
]


def test_classic_menu_becomes_nav_of_a_new_site(tmp_path):
    report = run(tmp_path, wxr(*MENU, channel=NESTED))
    config = tomllib.loads((tmp_path / "site/site.toml").read_text(encoding="utf-8"))
    assert config["nav"] == [{"title": "About", "url": "/about/"},
                             {"title": "Insights", "url": "/category/insights/music-business/royalties/"},
                             {"title": "Shop", "url": "https://shop.example/"},
                             {"title": "Old deal", "url": "/2024/05/20/deal/"}]
    notes = "\n".join(report.notes)
    assert "Child (a sub-item; [[nav]] is one level)" in notes
    assert "Nowhere (its link '#'" in notes
    assert "menu 'Social' (1 link) not used" in notes


def test_menu_into_an_existing_site_is_printed_not_written(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "Mine"\nbase_url = "https://new.example"\n', encoding="utf-8")
    report = run(tmp_path, wxr(*MENU), site)
    assert (site / "site.toml").read_text(encoding="utf-8") == 'title = "Mine"\nbase_url = "https://new.example"\n'
    assert "site.toml" not in report.written
    summary = report.summary()
    assert "site.toml is yours and was not changed; to use the menu, paste:" in summary
    assert '      [[nav]]\n      title = "About"\n      url = "/about/"' in summary


def test_block_navigation_links_become_nav(tmp_path):
    body = ('<!-- wp:navigation-link {"label":"Home <em>page</em>","url":"https://old.example/","kind":"custom"} /-->'
            '<!-- wp:navigation-submenu {"label":"Music","url":"https://old.example/music/"} -->'
            '<!-- wp:navigation-link {"label":"Deep","url":"https://old.example/deep/"} /-->'
            '<!-- /wp:navigation-submenu -->'
            '<!-- wp:navigation-link {"label":"Search","url":"?s","kind":"custom"} /-->'
            '<!-- wp:page-list /-->')
    report = run(tmp_path, wxr(item(10, "About", kind="page", name="about", link=f"{BASE}/about/"),
                               item(4, "Navigation", kind="wp_navigation", name="navigation", body=body)))
    config = tomllib.loads((tmp_path / "site/site.toml").read_text(encoding="utf-8"))
    assert config["nav"] == [{"title": "Home page", "url": "/"}, {"title": "Music", "url": "/music/"},
                             {"title": "About", "url": "/about/"}]
    notes = "\n".join(report.notes)
    assert "Deep (a sub-item" in notes and "Search (its link '?s'" in notes


# -- e. custom post types ---------------------------------------------------------------------

def test_public_custom_post_types_are_pages_at_their_old_urls(tmp_path):
    report = run(tmp_path, wxr(
        item(20, "Beat Tape", kind="portfolio", name="beat-tape", link=f"{BASE}/portfolio/beat-tape/",
             body="<p>Ten tracks.</p>"),
        item(21, "Plain", kind="portfolio", name="plain", link=f"{BASE}/?portfolio=plain"),
        item(22, "Form entry", kind="feedback", name="entry", body="<p>email@private.example</p>"),
        item(23, "Template", kind="wp_template", name="single")))
    page = frontmatter.load(tmp_path / "site/content/pages/portfolio/beat-tape.md")
    assert page["permalink"] == "/portfolio/beat-tape/" and page.content == "<p>Ten tracks.</p>"
    assert page["wordpress"]["post_type"] == "portfolio"
    assert meta(tmp_path / "site/content/pages/portfolio/plain.md")["permalink"] == "/portfolio/plain/"
    assert "custom post type 'portfolio': 2 imported as pages under content/pages/portfolio/ at their old URLs" \
        in report.notes
    assert ("1 × feedback", "not content a reader visits") in report.skipped
    assert not any("private.example" in p.read_text() for p in (tmp_path / "site").rglob("*.md"))


# -- f. a new site ----------------------------------------------------------------------------

def test_a_new_site_gets_a_site_toml_from_the_export(tmp_path):
    report = run(tmp_path, wxr(
        item(1, "One", name="one", link=f"{BASE}/one/", creator="kim"),
        item(2, "Two", name="two", link=f"{BASE}/two/", creator="kim"),
        item(3, "Three", name="three", link=f"{BASE}/three/")))
    config = tomllib.loads((tmp_path / "site/site.toml").read_text(encoding="utf-8"))
    assert config == {"title": "Night Beats", "tagline": "Lo-fi for late hours", "base_url": BASE,
                      "language": "en-GB", "timezone": "Etc/GMT-2", "author": "Kim Lee", "permalink": "/%postname%/"}
    notes = "\n".join(report.notes)
    assert "permalink /%postname%/ inferred from 3 of 3 posts' links" in notes
    assert "timezone Etc/GMT-2 (UTC+02:00 on all 3 posts" in notes and "summer time" in notes


def test_an_existing_site_toml_is_never_touched(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text("anything at all", encoding="utf-8")
    report = run(tmp_path, wxr(item(1, "One", name="one")), site, force=True)
    assert (site / "site.toml").read_text(encoding="utf-8") == "anything at all"
    assert "site.toml" not in report.written


def sample(path, local, gmt="2024-05-20 10:00:00", slug="x", post_id=7, categories=()):
    return Sample(path=path, local=local, gmt=gmt, slug=slug, id=post_id, author_slug="kim", categories=categories)


@pytest.mark.parametrize("path, expected", [
    ("/2024/05/20/x/", "/%year%/%monthnum%/%day%/%postname%/"),
    ("/2024/05/x/", "/%year%/%monthnum%/%postname%/"),
    ("/archives/7", "/archives/%post_id%"),
    ("/x.html", "/%postname%.html"),
    ("/music/beats/x/", "/%category%/%postname%/"),
    ("/kim/2024/x/", "/%author%/%year%/%postname%/"),
    ("/2024/05/20/12/30/x/", "/%year%/%monthnum%/%day%/%hour%/%minute%/%postname%/"),
])
def test_permalink_structure_is_inferred_from_links(path, expected):
    structure, _ = infer_permalink([sample(path, "2024-05-20 12:30:00", categories=("music/beats",))])
    assert structure == expected


def test_plain_permalinks_fall_back_to_the_default():
    structure, note = infer_permalink([sample("", "2024-05-20 12:00:00")])
    assert structure == "/%year%/%monthnum%/%day%/%postname%/" and "Plain" in note


def test_timezone_with_summer_time_is_a_zone_that_fits_every_post():
    samples = [sample("", "2024-01-15 13:00:00", "2024-01-15 12:00:00"),
               sample("", "2024-07-15 14:00:00", "2024-07-15 12:00:00"),
               sample("", "2023-03-27 14:00:00", "2023-03-27 12:00:00")]
    zone, note = infer_timezone(samples)
    assert zone.startswith("Europe/") and "UTC+01:00 ×1" in note


def test_timezone_offsets_that_no_zone_fits_take_the_most_common():
    samples = [sample("", "2024-01-15 15:00:00", "2024-01-15 12:00:00")] * 3 + \
              [sample("", "2024-01-16 12:00:00", "2024-01-16 12:00:00")]
    assert infer_timezone(samples)[0] == "Etc/GMT-3"
    assert infer_timezone([sample("", "2024-01-15 17:30:00", "2024-01-15 12:00:00")])[0] == "Asia/Kolkata"
    assert infer_timezone([sample("", "2024-01-15 05:00:00", "2024-01-15 12:00:00")])[0] == "Etc/GMT+7"


# -- g. password-protected posts --------------------------------------------------------------

def test_protected_posts_are_published_as_protected_without_the_password(tmp_path):
    report = run(tmp_path, wxr(item(1, "Secret mix", name="secret-mix", password="hunter2",
                                    link=f"{BASE}/2024/05/20/secret-mix/")))
    post = meta(tmp_path / "site/content/posts/2024/secret-mix.md")
    assert post["protected"] is True and "draft" not in post
    assert post["permalink"] == "/2024/05/20/secret-mix/"
    assert not any("hunter2" in p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert any(note.startswith("password-protected: 1 (Secret mix)") for note in report.notes)


# -- h. attachments ---------------------------------------------------------------------------

def test_attachments_go_to_media_yaml_and_their_pages_become_aliases(tmp_path):
    run(tmp_path, wxr(
        item(555, "Gallery post", name="gallery-post", link=f"{BASE}/2024/05/20/gallery-post/"),
        item(612, "Cat", kind="attachment", status="inherit", name="cat", parent=555, excerpt="A cat.",
             body="Long description.", link=f"{BASE}/2024/05/20/gallery-post/cat/",
             attachment_url=f"{BASE}/wp-content/uploads/2011/07/cat.jpg", meta=(("_wp_attachment_image_alt", "Cat"),)),
        item(611, "Loop", kind="attachment", status="inherit", name="loop", parent=0, order=2, body="",
             link=f"{BASE}/?attachment_id=611", attachment_url=f"{BASE}/wp-content/uploads/loop.mp3")))
    assert meta(tmp_path / "site/content/posts/2024/gallery-post.md")["aliases"] == ["/2024/05/20/gallery-post/cat/"]
    assert yaml.safe_load((tmp_path / "site/content/media.yaml").read_text(encoding="utf-8")) == [
        {"id": 611, "url": f"{BASE}/wp-content/uploads/loop.mp3", "title": "Loop", "mime": "audio/mpeg",
         "menu_order": 2},
        {"id": 612, "url": f"{BASE}/wp-content/uploads/2011/07/cat.jpg", "title": "Cat", "caption": "A cat.",
         "alt": "Cat", "description": "Long description.", "mime": "image/jpeg", "parent": 555, "menu_order": 0},
    ]


def test_media_yaml_links_the_local_copy_with_uploads(tmp_path):
    uploads = tmp_path / "uploads/2011/07"
    uploads.mkdir(parents=True)
    (uploads / "cat.jpg").write_bytes(b"JPG")
    run(tmp_path, wxr(item(612, "Cat", kind="attachment", status="inherit", name="cat",
                           attachment_url=f"{BASE}/wp-content/uploads/2011/07/cat.jpg")),
        uploads=tmp_path / "uploads")
    media = yaml.safe_load((tmp_path / "site/content/media.yaml").read_text(encoding="utf-8"))
    assert media[0]["url"] == "/wp-content/uploads/2011/07/cat.jpg"


# -- i. same-site links; a site in a sub-folder -----------------------------------------------

def test_links_to_the_site_itself_become_site_paths(tmp_path):
    body = ('<a href="http://old.example/2024/05/x/">x</a> <a href="https://old.example/about/#team">t</a> '
            '<a href="https://other.example/2024/05/x/">o</a> <img src="https://old.example/wp-content/uploads/a.png"/>')
    run(tmp_path, wxr(item(1, "Links", name="links", body=body)))
    text = frontmatter.load(tmp_path / "site/content/posts/2024/links.md").content
    assert text == ('<a href="/2024/05/x/">x</a> <a href="/about/#team">t</a> '
                    '<a href="https://other.example/2024/05/x/">o</a> '
                    '<img src="https://old.example/wp-content/uploads/a.png"/>')


def test_same_site_links_in_a_sub_folder_become_paths_below_it():
    base = "https://example.org/blog"
    assert same_site_links('<a href="http://example.org/blog/2024/05/x/">', base) == '<a href="/2024/05/x/">'
    assert same_site_links('<a href="https://example.org/shop/">', base) == '<a href="https://example.org/shop/">'
    assert same_site_links("<a href='//example.org/blog'>", base) == "<a href='/'>"
    assert same_site_links('<a href="https://example.org.evil/blog/x/">', base) == \
        '<a href="https://example.org.evil/blog/x/">'


def test_a_site_in_a_sub_folder(tmp_path):
    base = "https://example.org/blog"
    menu = menu_item(100, "About", "Main", url=f"{base}/about/")
    run(tmp_path, wxr(item(1, "X", name="x", link=f"{base}/2024/05/20/x/", base=base,
                           body=f'<a href="{base}/about/">a</a>'),
                      item(10, "About", kind="page", name="about", link=f"{base}/about/", base=base),
                      menu, base=base))
    post = frontmatter.load(tmp_path / "site/content/posts/2024/x.md")
    assert post["permalink"] == "/2024/05/20/x/"            # below the base
    assert post.content == '<a href="/about/">a</a>'   # below the folder: the build adds /blog
    config = tomllib.loads((tmp_path / "site/site.toml").read_text(encoding="utf-8"))
    assert config["base_url"] == base
    assert config["permalink"] == "/%year%/%monthnum%/%day%/%postname%/"
    assert config["nav"] == [{"title": "About", "url": "/about/"}]


# -- 3, 4: dynamic blocks and shortcodes ------------------------------------------------------

def test_dynamic_block_comments_stay_the_others_go():
    body = ('<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->'
            '<!-- wp:latest-posts {"postsToShow":3} /-->'
            '<!-- wp:query {"queryId":1} --><div><!-- wp:post-title /--></div><!-- /wp:query -->'
            '<!-- wp:tag-cloud --><p>x</p><!-- /wp:tag-cloud -->'
            '<!-- wp:my/widget {"a":1} /-->')
    assert strip_block_comments(body) == (
        '<p>Hi</p><!-- wp:latest-posts {"postsToShow":3} /-->'
        '<!-- wp:query {"queryId":1} --><div><!-- wp:post-title /--></div><!-- /wp:query -->'
        '<!-- wp:tag-cloud --><p>x</p><!-- /wp:tag-cloud --><!-- wp:my/widget {"a":1} /-->')


def test_shortcodes_are_kept_and_counted(tmp_path):
    body = '[caption id="1"]<img src="a.png"/> A[/caption] [gallery ids="1,2"] [[gallery]] [tweet 12] [gallery]'
    report = run(tmp_path, wxr(item(1, "S", name="s", body=body)))
    assert frontmatter.load(tmp_path / "site/content/posts/2024/s.md").content == body
    assert "shortcodes in bodies — rendered by the build: caption ×1, gallery ×2; " \
           "left as text (the build does not know them): tweet ×1" in report.notes
    assert shortcode_names("[1] [Ed: note] [x]") == ["x"]


def test_reusable_blocks_are_inlined(tmp_path):
    run(tmp_path, wxr(item(1, "Uses", name="uses", body='<p>a</p><!-- wp:block {"ref":9} /-->'),
                      item(9, "Signature", kind="wp_block", name="sig",
                           body="<!-- wp:paragraph --><p>Thanks for listening.</p><!-- /wp:paragraph -->")))
    assert frontmatter.load(tmp_path / "site/content/posts/2024/uses.md").content == \
        "<p>a</p><p>Thanks for listening.</p>"
