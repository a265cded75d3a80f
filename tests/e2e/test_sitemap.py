"""sitemap.xml and robots.txt, built for real: parsed with xml.etree, every <loc> answered
by a file in output/, drafts, future, protected posts and aliases left out, a site in a
folder, a split into sitemap-N.xml with an index, and a user's own robots.txt kept."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from generator.urls import output_path
from tests.conftest import BASE_CONFIG, build, make_site, read, run_cli, post

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FILES = {
    "content/posts/first.md": post("First Beat", "2024-05-01 10:00", "Words.", tags=["synths"], categories=["Beats"],
                                   aliases=["/old-first/"]),
    "content/posts/second.md": post("Second & Last", "2024-06-02 10:00", "More.", tags=["synths"],
                                    updated="2024-07-04 08:30:00-07:00"),
    "content/posts/draft.md": post("Not Yet", "2024-06-03 10:00", "Hidden.", draft=True),
    "content/posts/future.md": post("Tomorrow", "2030-01-01 10:00", "Later."),
    "content/posts/secret.md": post("Members Only", "2024-06-04 10:00", "Secret words.", protected=True),
    "content/posts/ampersand.md": post("Rock", "2024-06-05 10:00", "Loud.", slug="rock-&-roll"),
    "content/pages/about.md": post("About", "2024-01-01", "Who."),
}


def locs(xml: str, tag: str = "url") -> list[tuple[str, str]]:
    root = ElementTree.fromstring(xml)
    return [(u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", default="", namespaces=NS))
            for u in root.findall(f"s:{tag}", NS)]


def answers(output: Path, loc: str, base_url: str) -> bool:
    assert loc.startswith(base_url + "/"), loc
    path = urlsplit(loc).path[len(urlsplit(base_url).path):]
    return (output / output_path(unquote(path))).is_file()


def test_every_public_page_is_listed_and_answers(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    urls = dict(locs(read(root, "sitemap.xml")))
    base = "https://beats.example"
    for loc in urls:
        assert answers(root / "output", loc, base), loc
    paths = {urlsplit(u).path for u in urls}
    assert {"/", "/2024/05/01/first-beat/", "/2024/06/02/second-last/", "/about/", "/tag/synths/",
            "/category/beats/", "/author/rowan-vale/"} <= paths
    assert not [p for p in paths if "not-yet" in p or "tomorrow" in p or "members-only" in p or "old-first" in p]
    assert not [p for p in paths if "/page/" in p or p.startswith("/2024/") and p.count("/") < 5], paths  # no date archives
    assert "/search/" not in paths and "/404.html" not in paths
    # lastmod: updated when given, else the date; W3C datetime in the post's offset; a listing's newest post
    assert urls[f"{base}/2024/06/02/second-last/"] == "2024-07-04T08:30:00-07:00"
    assert urls[f"{base}/2024/05/01/first-beat/"] == "2024-05-01T10:00:00-07:00"
    assert urls[f"{base}/tag/synths/"] == "2024-07-04T08:30:00-07:00"
    assert urls[f"{base}/"] == "2024-07-04T08:30:00-07:00"
    assert list(urls) == sorted(urls)


def test_urls_are_xml_escaped(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    text = read(root, "sitemap.xml")
    assert "&" not in text.replace("&amp;", "")
    ampersand = [u for u, _ in locs(text) if "rock" in u]
    assert len(ampersand) == 1 and answers(root / "output", ampersand[0], "https://beats.example")


def test_robots_points_at_the_sitemap(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    robots = read(root, "robots.txt")
    assert "User-agent: *" in robots.splitlines()
    assert "Sitemap: https://beats.example/sitemap.xml" in robots.splitlines()


def test_a_site_in_a_folder(tmp_path):
    config = BASE_CONFIG.replace('base_url = "https://beats.example"', 'base_url = "https://example.org/blog"')
    root = make_site(tmp_path, FILES, config)
    build(root)
    urls = [u for u, _ in locs(read(root, "sitemap.xml"))]
    assert urls and all(u.startswith("https://example.org/blog/") for u in urls)
    for loc in urls:
        assert answers(root / "output", loc, "https://example.org/blog"), loc
    robots = read(root, "robots.txt")
    assert "Sitemap: https://example.org/blog/sitemap.xml" in robots.splitlines()
    assert "only at https://example.org/robots.txt" in robots      # says where it must be served


def test_split_into_files_with_an_index(tmp_path):
    root = make_site(tmp_path, FILES, BASE_CONFIG + "sitemap_max_urls = 3\n")
    build(root)
    index = ElementTree.fromstring(read(root, "sitemap.xml"))
    assert index.tag == "{%s}sitemapindex" % NS["s"]
    parts = locs(read(root, "sitemap.xml"), "sitemap")
    assert [u for u, _ in parts] == [f"https://beats.example/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed = []
    for loc, lastmod in parts:
        part = locs(read(root, urlsplit(loc).path.lstrip("/")))
        assert 1 <= len(part) <= 3
        assert lastmod == max((m for _, m in part), key=lambda m: m)     # same offset here: text order is time order
        listed += [u for u, _ in part]
    one_file = tmp_path / "whole"
    whole = make_site(one_file, FILES)
    build(whole)
    assert listed == [u for u, _ in locs(read(whole, "sitemap.xml"))]    # the same URLs, in order, split
    assert not (root / "output" / f"sitemap-{len(parts) + 1}.xml").exists()


def test_a_users_own_robots_txt_wins(tmp_path):
    root = make_site(tmp_path, {**FILES, "static/robots.txt": "User-agent: *\nDisallow: /private/\n"})
    build(root)
    assert read(root, "robots.txt") == "User-agent: *\nDisallow: /private/\n"
    assert (root / "output" / "sitemap.xml").is_file()


def test_bad_settings_are_named(tmp_path):
    root = make_site(tmp_path, FILES, BASE_CONFIG + 'sitemap_max_urls = 60000\nsearch = "no"\n')
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "site.toml:7: sitemap_max_urls: 60000 is not between 1 and 50000" in result.stderr
    assert "site.toml:8: search: 'no' is not true or false" in result.stderr
    assert "Traceback" not in result.stderr
