"""Importers against hostile exports: nothing escapes content/ and static/,
nothing is overwritten, text reads back as the same text, and every problem is
a TrackpressError (a message), never a traceback.

The first half shows each rule with the smallest export; the second half lets
Hypothesis generate hostile exports and checks the same rules hold for all.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import TrackpressError
from generator.importers import import_feed, import_wordpress
from generator.importers.write import dump_yaml

BASE = "https://old.example"
UP = f"{BASE}/wp-content/uploads/"


# -- a WXR export written from plain values (every value XML-escaped, no CDATA) ----------

def wxr_item(post_id: int, title: str = "A post", *, name: str = "", kind: str = "post", status: str = "publish",
             parent: int = 0, date: str = "2024-05-20 10:00:00", date_gmt: str = "2024-05-20 10:00:00",
             body: str = "<p>Body.</p>", excerpt: str = "", creator: str = "admin",
             terms: tuple[tuple[str, str], ...] = (), link: str = "", extra: str = "",
             comments: tuple[tuple[str, str], ...] = (), attachment_url: str = "") -> str:
    cats = "".join(f"\n<category domain={quoteattr(domain)} nicename=\"x\">{escape(term)}</category>"
                   for domain, term in terms)
    notes = "".join(f"""
<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author>{escape(author)}</wp:comment_author>
<wp:comment_date>2024-05-21 08:00:00</wp:comment_date><wp:comment_date_gmt>2024-05-21 08:00:00</wp:comment_date_gmt>
<wp:comment_content>{escape(text)}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"""
                    for n, (author, text) in enumerate(comments, 1))
    attachment = f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>" if attachment_url else ""
    return f"""
<item>
<title>{escape(title)}</title>
<link>{escape(link or f"{BASE}/?p={post_id}")}</link>
<dc:creator>{escape(creator)}</dc:creator>
<guid isPermaLink="false">{BASE}/?p={post_id}</guid>
<content:encoded>{escape(body)}</content:encoded>
<excerpt:encoded>{escape(excerpt)}</excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{escape(date)}</wp:post_date>
<wp:post_date_gmt>{escape(date_gmt)}</wp:post_date_gmt>
<wp:post_name>{escape(name)}</wp:post_name>
<wp:status>{escape(status)}</wp:status>
<wp:post_parent>{parent}</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>{escape(kind)}</wp:post_type>
<wp:is_sticky>0</wp:is_sticky>{attachment}{cats}{notes}{extra}
</item>"""


def wxr(*items: str, authors: tuple[tuple[str, str], ...] = (("admin", "Ada Admin"),)) -> str:
    people = "".join(f"<wp:author><wp:author_login>{escape(login)}</wp:author_login>"
                     f"<wp:author_display_name>{escape(name)}</wp:author_display_name></wp:author>\n"
                     for login, name in authors)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old Blog</title>
<link>{BASE}</link>
<wp:wxr_version>1.2</wp:wxr_version>
{people}{"".join(items)}
</channel>
</rss>
"""


def run(tmp_path: Path, *items: str, **options):
    export = tmp_path / "export.xml"
    export.write_text(wxr(*items), encoding="utf-8")
    return import_wordpress(export, tmp_path / "site", **options)


# What every import into a new folder writes beside the posts (tested in test_import_site.py).
SITE_FILES = {"site.toml", "content/terms.yaml", "content/media.yaml"}


def files(root: Path) -> list[str]:
    """The files an import wrote, but the site's own settings and data files."""
    return sorted(rel for p in root.rglob("*") if p.is_file() or p.is_symlink()
                  if (rel := p.relative_to(root).as_posix()) not in SITE_FILES)


def written(report) -> list[str]:
    """report.written without the site's settings and data files."""
    return [f for f in report.written if f not in SITE_FILES]


def meta_of(path: Path) -> dict:
    return frontmatter.load(path).metadata


# -- names: where files land ------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("../../x", "x"),
    ("%2e%2e%2f%2e%2e%2fescape", "escape"),
    ("..", "1"),                                # nothing left: WordPress uses the post ID
    ("/etc/passwd", "etc-passwd"),
    ("a\\..\\..\\b", "a-b"),
    ("%00nul%0aline", "nulline"),            # control characters dropped (urls.slugify)
    ("CON", "con-1"), ("nul", "nul-1"), ("com1", "com1-1"), ("LPT9", "lpt9-1"),
    ("trailing. . .", "trailing"),
    ("Night Drive", "night-drive"),
])
def test_post_names_become_plain_file_names(tmp_path, name, expected):
    run(tmp_path, wxr_item(1, name=name))
    assert files(tmp_path / "site") == [f"content/posts/2024/{expected}.md"]


def test_a_300_byte_name_is_capped_well_under_255_bytes(tmp_path):
    report = run(tmp_path, wxr_item(1, name="夜" * 100, comments=(("Kim", "hi"),)))
    names = [Path(f).name for f in written(report)]
    assert len(names) == 2 and all(len(n.encode()) < 220 for n in names)
    slug = meta_of(tmp_path / "site" / written(report)[0])["slug"]
    assert slug == "夜" * 22                       # WordPress's cap: 200 bytes percent-encoded
    assert any("cannot be a URL segment or file name" in note for note in report.notes)


def test_parent_page_slugs_cannot_climb_out(tmp_path):
    report = run(tmp_path,
                 wxr_item(10, "Top", kind="page", name="../../../../tmp"),
                 wxr_item(11, "Mid", kind="page", name="..%2f..%2fetc", parent=10),
                 wxr_item(12, "Leaf", kind="page", name="leaf", parent=11))
    assert sorted(written(report)) == ["content/pages/tmp.md", "content/pages/tmp/etc.md",
                                      "content/pages/tmp/etc/leaf.md"]
    assert meta_of(tmp_path / "site/content/pages/tmp/etc/leaf.md")["parent"] == "etc"


def test_a_page_loop_does_not_hang(tmp_path):
    report = run(tmp_path, wxr_item(10, "A", kind="page", name="a", parent=11),
                 wxr_item(11, "B", kind="page", name="b", parent=10))
    assert len(written(report)) == 2


def test_hostile_links_are_not_kept_as_permalinks(tmp_path):
    report = run(tmp_path, wxr_item(1, name="a", link=f"{BASE}/2024/../../etc/"),
                 wxr_item(2, name="b", link=f"{BASE}//evil.example/x/"),
                 wxr_item(3, name="c", link=f"{BASE}/2024/05/c%0a/"),
                 wxr_item(4, name="d", link=f"{BASE}/2024/05/20/d/"))
    site = tmp_path / "site/content/posts/2024"
    assert [("permalink" in meta_of(site / f"{n}.md")) for n in "abcd"] == [False, False, False, True]
    assert sum("is not a plain site path" in note for note in report.notes) == 3


# -- never overwrite --------------------------------------------------------------------

def test_names_that_sanitise_alike_get_suffixes_like_wordpress(tmp_path):
    report = run(tmp_path, wxr_item(1, "One", name="same"), wxr_item(2, "Two", name="SAME"),
                 wxr_item(3, "Three", name="same-2"), wxr_item(4, "Four", name="%53AME"))
    site = tmp_path / "site/content/posts/2024"
    titles = {p.name: meta_of(p)["title"] for p in site.iterdir()}
    # "same-2" is a real post's own name, so the renamed ones skip it
    assert titles == {"same.md": "One", "same-3.md": "Two", "same-2.md": "Three", "same-4.md": "Four"}
    assert len(written(report)) == 4


def test_a_renamed_file_never_lands_on_a_users_file(tmp_path):
    user = tmp_path / "site/content/posts/2024/same-2.md"
    user.parent.mkdir(parents=True)
    user.write_text("---\ntitle: Mine\n---\nmine\n", encoding="utf-8")
    report = run(tmp_path, wxr_item(1, "One", name="same"), wxr_item(2, "Two", name="same"))
    assert user.read_text(encoding="utf-8") == "---\ntitle: Mine\n---\nmine\n"
    assert meta_of(user.parent / "same-3.md")["title"] == "Two"
    assert sorted(written(report)) == ["content/posts/2024/same-3.md", "content/posts/2024/same.md"]


def test_importing_again_finds_the_renamed_files_it_wrote(tmp_path):
    items = (wxr_item(1, "One", name="same"), wxr_item(2, "Two", name="same"))
    run(tmp_path, *items)
    again = run(tmp_path, *items)
    assert again.written == ()
    assert [path for path, _ in again.skipped] == ["content/posts/2024/same.md", "content/posts/2024/same-2.md"]
    forced = run(tmp_path, *items, force=True)
    assert sorted(forced.written) == ["content/posts/2024/same-2.md", "content/posts/2024/same.md"]
    assert files(tmp_path / "site") == ["content/posts/2024/same-2.md", "content/posts/2024/same.md"]


def test_force_never_writes_through_a_symbolic_link(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    link = tmp_path / "site/content/posts/2024/x.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    report = run(tmp_path, wxr_item(1, name="x"), force=True)
    assert outside.read_text(encoding="utf-8") == "precious"
    assert ("content/posts/2024/x.md", "is a symbolic link; not replaced") in report.skipped


def test_a_folder_linked_out_of_content_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "site/content").mkdir(parents=True)
    (tmp_path / "site/content/posts").symlink_to(outside)
    report = run(tmp_path, wxr_item(1, name="x"), force=True)
    assert list(outside.iterdir()) == []
    assert written(report) == []
    assert report.skipped[-1] == ("content/posts/2024/x.md", "content/posts is a link out of content/; not written")


def test_a_folder_where_the_file_goes_is_not_replaced(tmp_path):
    (tmp_path / "site/content/posts/2024/x.md").mkdir(parents=True)
    report = run(tmp_path, wxr_item(1, name="x"), force=True)
    assert ("content/posts/2024/x.md", "is not a regular file (a folder?); not replaced") in report.skipped


def test_a_site_folder_that_is_a_file_is_a_message(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr(wxr_item(1)), encoding="utf-8")
    (tmp_path / "site").write_text("x")
    with pytest.raises(TrackpressError, match="is not a folder — give the site folder with --root"):
        import_wordpress(export, tmp_path / "site")


# -- uploads ----------------------------------------------------------------------------

@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    (folder / "2024/05").mkdir(parents=True)
    (folder / "2024/05/ok.png").write_bytes(b"PNG")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (folder / "2024/05/link-out.png").symlink_to(tmp_path / "secret.txt")
    (folder / "2024/05/link-in.png").symlink_to(folder / "2024/05/ok.png")
    os.mkfifo(folder / "2024/05/pipe.mp3")
    return folder


@pytest.mark.parametrize("path, why", [
    ("/etc/passwd", "not a plain path inside the uploads folder"),            # uploads//etc/passwd
    ("../secret.txt", "not a plain path inside the uploads folder"),
    ("%2e%2e/%2e%2e/secret.txt", "not a plain path inside the uploads folder"),
    ("2024/05/..%2f..%2f..%2fsecret.txt", "not a plain path inside the uploads folder"),
    ("2024%5c..%5c..%5csecret.txt", "not a plain path inside the uploads folder"),
    ("2024/05/link-out.png", "leads outside"),
    ("2024/05/pipe.mp3", "not a regular file"),
    ("2024", "not a regular file"),
])
def test_uploads_copies_nothing_from_outside_the_folder(tmp_path, uploads, path, why):
    report = run(tmp_path, wxr_item(1, name="x", body=f'<img src="{UP}{path}"> <img src="{UP}2024/05/ok.png">'),
                 uploads=uploads)
    assert files(tmp_path / "site") == ["content/posts/2024/x.md", "static/wp-content/uploads/2024/05/ok.png"]
    assert [url for url, reason in report.skipped if why in reason] == [f"{UP}{path}"]
    body = frontmatter.load(tmp_path / "site/content/posts/2024/x.md").content
    assert f'<img src="{UP}{path}">' in body and '<img src="/wp-content/uploads/2024/05/ok.png">' in body


def test_a_link_inside_the_uploads_folder_is_copied_as_a_file(tmp_path, uploads):
    run(tmp_path, wxr_item(1, name="x", body=f'<img src="{UP}2024/05/link-in.png">'), uploads=uploads)
    copied = tmp_path / "site/static/wp-content/uploads/2024/05/link-in.png"
    assert copied.read_bytes() == b"PNG" and not copied.is_symlink()


def test_featured_image_and_enclosure_urls_are_checked_too(tmp_path, uploads):
    items = (wxr_item(300, kind="attachment", status="inherit", attachment_url=f"{UP}../secret.txt"),
             wxr_item(1, name="x", extra=(
                 "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>300</wp:meta_value></wp:postmeta>"
                 f"<wp:postmeta><wp:meta_key>enclosure</wp:meta_key><wp:meta_value>{UP}2024/05/pipe.mp3\n3\naudio/mpeg"
                 "</wp:meta_value></wp:postmeta>")))
    report = run(tmp_path, *items, uploads=uploads)
    assert files(tmp_path / "site") == ["content/posts/2024/x.md"]
    assert len([1 for url, _ in report.skipped if url.startswith(UP)]) == 2


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such folder"),
    (lambda p: p.write_text("x"), "is not a folder"),
])
def test_a_bad_uploads_folder_is_a_message(tmp_path, make, message):
    make(tmp_path / "up")
    with pytest.raises(TrackpressError, match=message):
        run(tmp_path, wxr_item(1, body=f'<img src="{UP}a.png">'), uploads=tmp_path / "up")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder, so an unreadable one cannot be made")
def test_an_unreadable_uploads_folder_is_a_message(tmp_path):
    folder = tmp_path / "up"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(TrackpressError, match="cannot read this folder"):
            run(tmp_path, wxr_item(1), uploads=folder)
    finally:
        folder.chmod(stat.S_IRWXU)


# -- text stays text --------------------------------------------------------------------

HOSTILE_TEXTS = [
    "Key: value", "# hash", "&anchor", "*alias", "!tag", "%dir", "@at", "- dash", "? what", "| pipe", "> fold",
    "'quoted'", '"double"', "yes", "null", "~", "2024-05-20", "1e3", "0o17", "line\nbreak", "a\n---\nb",
    "---", "...", "tab\there", "\u2028sep", "nel\x85x", "csi\x9b31m", "夜のローファイ", "🎧 beats", "\ufeffbom",
    "a" * 2000,
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_titles_tags_authors_and_excerpts_read_back_exactly(tmp_path, text):
    export = tmp_path / "export.xml"
    item = wxr_item(1, text, name="x", excerpt=text, creator="who", terms=(("post_tag", text), ("category", text)),
                    comments=((text, text),))
    export.write_text(wxr(item, authors=(("who", text),)), encoding="utf-8")
    import_wordpress(export, tmp_path / "site")
    page = (tmp_path / "site/content/posts/2024/x.md").read_text(encoding="utf-8")
    header, body = _split_like_the_build(page)
    for load in (yaml.safe_load, lambda t: yaml.load(t, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))):
        meta = load(header)
        want = text.strip()
        assert (meta["title"], meta["excerpt"], meta["author"], meta["tags"], meta["categories"]) == \
            (want, want, want, [want], [want])
    assert body == "<p>Body.</p>"
    comments = yaml.safe_load((tmp_path / "site/content/posts/2024/x.comments.yaml").read_text(encoding="utf-8"))
    assert comments[0]["author"] == text.strip() and comments[0]["content"] == text


def _split_like_the_build(text: str) -> tuple[str, str]:
    """The build splits with python-frontmatter's boundary (the first two lines of three or more dashes)."""
    _, header, body = frontmatter.YAMLHandler.FM_BOUNDARY.split(text, 2)
    return header, body[1:]


def test_a_body_with_a_dashes_line_keeps_its_front_matter(tmp_path):
    body = "<p>Above</p>\n---\ntitle: injected\n---\n<p>Below</p>"
    run(tmp_path, wxr_item(1, "Real", name="x", body=body))
    post = frontmatter.load(tmp_path / "site/content/posts/2024/x.md")
    assert post["title"] == "Real" and post.content == body


def test_dump_yaml_keeps_values_on_one_line():
    text = dump_yaml({"title": "a\n---\nb", "tags": ["---", "- x", "\n---"], "n": {"---": "x\ny"}})
    assert all(not line.startswith("---") for line in text.splitlines())
    assert yaml.safe_load(text) == {"title": "a\n---\nb", "tags": ["---", "- x", "\n---"], "n": {"---": "x\ny"}}


def test_a_report_shows_control_characters_escaped(tmp_path):
    report = run(tmp_path, wxr_item(1, "x\x9b[2Jcleared", name="x", status="private"))
    assert "\x9b" not in report.summary() and "\\u009b[2Jcleared" in report.summary()


# -- every problem is a message ---------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("", "XML is broken (the file ends too early"),
    ("\x00\x01binary", "XML is broken ("),
    ("<html><body>a web page</body></html>", "not a WordPress export"),
    (wxr(wxr_item(1))[:300], "XML is broken ("),
    ('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
     "<rss><channel>&lol2;</channel></rss>", "declares entities or a DTD"),
    ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;</channel></rss>',
     "declares entities or a DTD"),
    ('<?xml version="1.0" encoding="x-no-such"?><rss/>', "XML"),
])
def test_a_broken_export_is_a_message(tmp_path, text, message):
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    with pytest.raises(TrackpressError) as caught:
        import_wordpress(export, tmp_path / "site")
    assert str(caught.value).startswith(str(export)) and message in str(caught.value) and " — " in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_a_missing_export_a_folder_or_a_pipe_is_a_message(tmp_path):
    with pytest.raises(TrackpressError, match="no such file"):
        import_wordpress(tmp_path / "nope.xml", tmp_path / "site")
    with pytest.raises(TrackpressError, match="is a folder, not a file"):
        import_wordpress(tmp_path, tmp_path / "site")
    os.mkfifo(tmp_path / "pipe.xml")
    with pytest.raises(TrackpressError, match="is not a regular file"):
        import_wordpress(tmp_path / "pipe.xml", tmp_path / "site")


def test_odd_numbers_and_dates_are_notes_not_crashes(tmp_path):
    report = run(tmp_path,
                 wxr_item(1, "Bad date", name="a", date="2024-13-45 99:99:99", date_gmt="junk"),
                 wxr_item(2, "Edge", name="b", date="0001-01-01 00:00:00", date_gmt="0001-01-01 14:00:00"),
                 wxr_item(3, "Odd id", name="c").replace("<wp:post_id>3</wp:post_id>", "<wp:post_id>²</wp:post_id>")
                 .replace("<wp:menu_order>0", "<wp:menu_order>-x"),
                 wxr_item(4, "Odd comment", name="d", comments=(("Kim", "hi"),))
                 .replace("<wp:comment_id>1</wp:comment_id>", "<wp:comment_id>one</wp:comment_id>"))
    assert len(written(report)) == 5
    assert any("is not a date" in note for note in report.notes)


def test_the_command_line_prints_the_message_and_exits_1(tmp_path):
    from conftest import run_cli
    export = tmp_path / "export.xml"
    export.write_text("<rss><channel><item>", encoding="utf-8")
    result = run_cli("import", "wordpress", str(export), "--root", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: {export}:1: XML is broken (" in result.stderr


# -- properties -------------------------------------------------------------------------

FRAGMENTS = [
    "../", "..", ".", "%2e%2e", "%2E%2e/", "%2f", "%5c", "/", "//", "\\", "%00", "%0a", "%", "'", '"', "\n",
    "\r\n", "\t", "---", "\n---\n", ": ", "#", "&", "&amp;", "*", "!", "@", "-", "?", "|", ">", "{", "[", "]", ",",
    "~", " ", "null", "yes", "CON", "nul", "com1", "LPT1", "aux.", "\x85", "\u2028", "\x9b", "\u202e", "\ufeff",
    "夜", "ローファイ", "é", "ß", "İ", "🎧", "<script>", "&lt;script&gt;", "]]>", "Night", "Drive", "a",
    "x" * 120, "日本語" * 30, "2024", "feed", "page",
]
text = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
DATES = ["2024-05-20 10:00:00", "2023-12-31 23:59:59", "0000-00-00 00:00:00", "", "2024-02-30 10:00:00",
         "junk", "9999-12-31 23:59:59"]
UPLOAD_PATHS = ["2024/05/ok.png", "/etc/passwd", "../secret.txt", "2024/05/link-out.png", "2024/05/pipe.mp3",
                "%2e%2e/secret.txt", "2024/05/../../../secret.txt", "2024", "2024/05/missing.png"]


VALID_DATES = ["2024-05-20 10:00:00", "2023-12-31 23:59:59", "2020-02-29 00:00:00"]


@st.composite
def exports(draw, buildable: bool = False):
    """Hostile items; `buildable` keeps titles non-empty and dates valid so most reach the build's later phases."""
    count = draw(st.integers(1, 5))
    items = []
    for index in range(count):
        post_id = 100 + index
        kind = draw(st.sampled_from(["post", "page"]))
        body = draw(text) + "".join(f' <img src="{UP}{p}">' for p in draw(st.lists(st.sampled_from(UPLOAD_PATHS),
                                                                                     max_size=3)))
        terms = tuple((draw(st.sampled_from(["post_tag", "category", "post_format"])), draw(text))
                      for _ in range(draw(st.integers(0, 3))))
        items.append(dict(
            post_id=post_id, kind=kind, title=("Title " if buildable else "") + draw(text), name=draw(text),
            body=body, excerpt=draw(text),
            parent=draw(st.sampled_from([0, *range(100, 100 + count)])), terms=terms,
            date=draw(st.sampled_from(VALID_DATES if buildable else DATES)), link=draw(st.sampled_from(["", f"{BASE}/2024/05/20/x/"]))
            + draw(st.sampled_from(["", "../", "%2e%2e/", "//e.example/"])),
            comments=tuple((draw(text), draw(text)) for _ in range(draw(st.integers(0, 1)))),
            status=draw(st.sampled_from(["publish", "publish", "draft", "private"])),
        ))
    authors = (("admin", draw(text)),)
    return items, authors


def hostile_wxr(items, authors) -> str:
    return wxr(*(wxr_item(i["post_id"], i["title"], name=i["name"], kind=i["kind"], status=i["status"],
                          parent=i["parent"], date=i["date"], date_gmt=i["date"], body=i["body"],
                          excerpt=i["excerpt"], terms=i["terms"], link=i["link"], comments=i["comments"])
                 for i in items), authors=authors)


def snapshot(root: Path, *, skip: tuple[str, ...]) -> dict[str, str]:
    """Every path under root (links not followed) with what it is; files with a hash of their bytes."""
    seen = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if relative.startswith(skip):
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                seen[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(mode):
                seen[relative] = "link:" + os.readlink(path)
            else:
                seen[relative] = oct(stat.S_IFMT(mode))
    return seen


def make_world(tmp: Path) -> Path:
    """A site with a user's own post and page already in it, an uploads folder with traps, a secret beside it."""
    (tmp / "secret.txt").write_text("SECRET", encoding="utf-8")
    up = tmp / "uploads"
    (up / "2024/05").mkdir(parents=True)
    (up / "2024/05/ok.png").write_bytes(b"PNG")
    (up / "2024/05/link-out.png").symlink_to(tmp / "secret.txt")
    os.mkfifo(up / "2024/05/pipe.mp3")
    site = tmp / "site"
    for relative in ("content/posts/2024/x.md", "content/pages/x.md", "content/posts/undated/untitled.md"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("---\ntitle: Mine\ndate: 2024-01-01\n---\nmine\n", encoding="utf-8")
    return site


def expected_text(value: str) -> str:
    """What a reader gets back: XML turns every line end into \\n; the build strips plain text."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports(), st.booleans())
def test_property_hostile_exports_stay_inside_and_read_back(export, force):
    items, authors = export
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site = make_world(tmp)
        user_files = snapshot(site, skip=("static",))
        path = tmp / "export.xml"
        path.write_text(hostile_wxr(items, authors), encoding="utf-8")
        before = snapshot(tmp, skip=("site/content", "site/static"))
        try:
            report = import_wordpress(path, site, uploads=tmp / "uploads", force=force, base_url=BASE)
        except TrackpressError:
            return
        after_import = snapshot(tmp, skip=("site/content", "site/static"))
        if "site/site.toml" not in before:      # a new site gets its site.toml, and nothing else outside
            after_import.pop("site/site.toml", None)
        assert after_import == before
        if not force:       # the user's files are untouched
            after = snapshot(site, skip=("static",))
            assert {k: v for k, v in after.items() if k in user_files} == user_files
        # nothing written twice, no two files one name on a case-insensitive disk
        assert len({w.casefold() for w in report.written}) == len(report.written)
        for written in report.written:
            assert written.startswith(("content/", "static/wp-content/uploads/")) or written == "site.toml"
            assert all(len(part.encode()) < 220 for part in written.split("/"))
        for copied in (site / "static").rglob("*") if (site / "static").exists() else ():
            assert not copied.is_symlink() and (copied.is_dir() or copied.read_bytes() == b"PNG")
        # every post written re-reads with its title and tags
        by_id = {i["post_id"]: i for i in items}
        for written in report.written:
            if not written.endswith(".md"):
                continue
            header, _ = _split_like_the_build((site / written).read_text(encoding="utf-8"))
            meta = yaml.load(header, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            assert meta == yaml.safe_load(header)
            item = by_id[meta["id"]]
            assert meta.get("title", "") == expected_text(item["title"])
            tags = list(dict.fromkeys(expected_text(n) for d, n in item["terms"] if d == "post_tag" and n.strip()))
            assert meta.get("tags", []) == tags


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(text, text, text), min_size=1, max_size=4))
def test_property_hostile_feeds_read_back(entries):
    """Feed items with hostile titles, links and terms: files stay in content/ and titles read back."""
    from html import escape as html_escape
    items = "".join(f"""<item><title>{escape(html_escape(title, quote=False))}</title>
<link>{escape(BASE + '/2024/05/20/' + slug + '/')}</link><pubDate>Mon, 20 May 2024 10:00:00 +0000</pubDate>
<category>{escape(term)}</category><guid isPermaLink="false">{BASE}/?p={n + 1}</guid>
<description>{escape(html_escape(title))}</description></item>""" for n, (title, slug, term) in enumerate(entries))
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        path = tmp / "feed.xml"
        path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><link>{BASE}</link>{items}</channel></rss>',
                        encoding="utf-8")
        try:
            report = import_feed(path, tmp / "site")
        except TrackpressError:
            return
        assert sorted(p.name for p in tmp.iterdir()) == ["feed.xml", "site"] if report.written else True
        assert len({w.casefold() for w in report.written}) == len(report.written)
        for written in report.written:
            assert written.startswith("content/posts/")
            meta = frontmatter.load(tmp / "site" / written).metadata
            title = entries[meta["id"] - 1][0]
            want = title.replace("\r\n", "\n").replace("\r", "\n").replace("\u2018", "'").replace("\u2019", "'").replace("\u2026", "...").strip()
            assert meta.get("title", "") == want.strip()
