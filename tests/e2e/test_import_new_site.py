"""`trackpress import wordpress EXPORT.xml` in an empty folder, then `trackpress build` with nothing
edited: the site builds and keeps the old URLs (issue 8). The export is written here and holds each
case the importer handles: nested categories, terms sharing a name, a menu, a custom post type, a
password-protected post, an untitled post, a never-scheduled draft, two posts sharing a GUID, an
attachment page, a dynamic block and shortcodes."""
from __future__ import annotations

import tomllib

import pytest

from conftest import run_cli
from unit.test_import_site import NESTED, category, item, menu_item, tag, wxr

BLOG = "https://example.org/blog"


def export(base: str) -> str:
    channel = NESTED + category("musik", "Musik") + category("musik-2", "Musik") + tag("nacht", "Nacht") + tag("nacht-en", "Nacht")
    return wxr(
        item(1, "Deal Memo", name="deal-memo", link=f"{base}/2024/05/20/deal-memo/", base=base,
             terms=(("category", "royalties", "Royalties"), ("post_tag", "mustread", "Must Read"),
                    ("post_tag", "nacht", "Nacht")),
             body=(f'<!-- wp:paragraph --><p>See <a href="http://{base.split("://")[1]}/about/">about</a>.</p>'
                   '<!-- /wp:paragraph --><!-- wp:latest-posts /-->[caption id="a"]<img src="x.png"/> x[/caption]')),
        item(2, "Nachtmusik", name="nachtmusik", link=f"{base}/2024/05/21/nachtmusik/", base=base,
             date="2024-05-21 12:00:00", gmt="2024-05-21 10:00:00",
             terms=(("category", "musik-2", "Musik"), ("post_tag", "nacht-en", "Nacht"))),
        item(3, "Copy", name="copy", link=f"{base}/2024/05/22/copy/", base=base, guid=f"{base}/?p=1",
             date="2024-05-22 12:00:00", gmt="2024-05-22 10:00:00"),
        item(4, "", name="", link=f"{base}/2024/05/23/4/", base=base, date="2024-05-23 12:00:00",
             gmt="2024-05-23 10:00:00"),
        item(5, "Locked", name="locked", password="hunter2", link=f"{base}/2024/05/24/locked/", base=base,
             date="2024-05-24 12:00:00", gmt="2024-05-24 10:00:00"),
        item(6, "Someday", status="draft", date="0000-00-00 00:00:00", gmt="0000-00-00 00:00:00", base=base),
        item(7, "Cover", kind="attachment", status="inherit", name="cover", parent=1, base=base, body="",
             link=f"{base}/2024/05/20/deal-memo/cover/", attachment_url=f"{base}/wp-content/uploads/cover.jpg"),
        item(10, "About", kind="page", name="about", link=f"{base}/about/", base=base),
        item(20, "Beat Tape", kind="portfolio", name="beat-tape", link=f"{base}/portfolio/beat-tape/", base=base),
        menu_item(100, "", "Main", kind="post_type", obj="page", object_id=10),
        menu_item(101, "", "Main", kind="taxonomy", obj="category", object_id=5, order=2),
        channel=channel, base=base)


@pytest.mark.parametrize("base", ["https://old.example", BLOG])
def test_import_into_an_empty_folder_then_build_with_no_edits(tmp_path, base):
    (tmp_path / "export.xml").write_text(export(base), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    imported = run_cli("import", "wordpress", str(tmp_path / "export.xml"), cwd=site)
    assert imported.returncode == 0, imported.stderr
    config = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    assert config["base_url"] == base and config["timezone"] == "Etc/GMT-2"
    assert config["nav"][0] == {"title": "About", "url": "/about/"}

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr + imported.stdout
    out = site / "output"
    for path in ("2024/05/20/deal-memo", "2024/05/21/nachtmusik", "2024/05/22/copy", "2024/05/23/4",
                 "2024/05/24/locked", "about", "portfolio/beat-tape"):
        assert (out / path / "index.html").is_file(), path
    assert not any(b"hunter2" in p.read_bytes() for p in site.rglob("*") if p.is_file() and p.name != "export.xml")
    assert not (out / "2024/01").exists()      # the undated draft is not published
    assert config["nav"][1] == {"title": "Royalties", "url": "/category/insights/music-business/royalties/"}
    for path in ("category/insights/music-business/royalties", "category/musik", "category/musik-2",
                 "tag/mustread", "tag/nacht", "tag/nacht-en"):        # WordPress's slugs, from terms.yaml
        assert (out / path / "index.html").is_file(), path
    # a same-site link in a body is a path below the site's folder; the build puts the folder in front
    page = (out / "2024/05/20/deal-memo/index.html").read_text(encoding="utf-8")
    prefix = "/blog" if base == BLOG else ""
    assert f'<a href="{prefix}/about/">about</a>' in page
