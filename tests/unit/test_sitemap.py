"""sitemap.py's pure parts: splitting by URL count and by size, escaping, the index."""
from __future__ import annotations

from xml.etree import ElementTree

from generator.sitemap import SitemapUrl, render_robots, sitemap_index, sitemap_paths, split, urlset

URLS = tuple(SitemapUrl(f"https://x.example/p{n:03d}/?a=1&b=<{n}>", f"2024-01-{n % 28 + 1:02d}T10:00:00+00:00")
             for n in range(10))


def test_split_by_count():
    parts = split(URLS, max_urls=4)
    assert [len(p) for p in parts] == [4, 4, 2]
    assert sum(parts, ()) == URLS


def test_split_by_size_keeps_every_file_under_the_limit():
    limit = 400
    parts = split(URLS, max_urls=50_000, max_bytes=limit)
    assert len(parts) > 1 and sum(parts, ()) == URLS
    assert all(len(urlset(p).encode("utf-8")) <= limit for p in parts)


def test_nothing_to_list_is_still_one_valid_file():
    parts = split(())
    assert parts == [()]
    assert ElementTree.fromstring(urlset(parts[0])).tag.endswith("urlset")


def test_escaped_and_parsable():
    root = ElementTree.fromstring(urlset(URLS))
    locs = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in root]
    assert locs == [u.loc for u in URLS]                   # & < > escaped in the file, back as written once parsed


def test_index_names_each_part_with_its_newest_lastmod():
    parts = split(URLS, max_urls=5)
    root = ElementTree.fromstring(sitemap_index("https://x.example/blog", parts))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [s.find(ns + "loc").text for s in root] == ["https://x.example/blog/sitemap-1.xml",
                                                       "https://x.example/blog/sitemap-2.xml"]
    assert [s.find(ns + "lastmod").text for s in root] == [max(u.lastmod for u in p) for p in parts]
    assert sitemap_paths(1) == ("/sitemap.xml",)
    assert sitemap_paths(2) == ("/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml")


def test_robots_at_the_root_has_no_note():
    assert render_robots("https://x.example") == "User-agent: *\nDisallow:\n\nSitemap: https://x.example/sitemap.xml\n"
