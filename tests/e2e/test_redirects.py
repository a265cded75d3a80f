"""Old WordPress URLs keep working after the move: the redirect rules a build
writes (`_redirects`, `_headers`, `.htaccess`, `nginx-redirects.conf`), read
as text and then served for real by nginx (the snippet included in a server
block) and by Apache (the `.htaccess` read with `AllowOverride All`), each on
127.0.0.1. Hostile values are in test_redirect_servers.py.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

from conftest import build, make_site, post, read
from servers import apache_server, get, nginx_server

# --- the mini-site ------------------------------------------------------------------------------

JP_TAG = "夜のローファイ"
JP_TAG_PATH = "/tag/" + quote(JP_TAG).lower() + "/"             # as WordPress writes it: lowercase hex
JP_TAG_QUERY_LOWER = quote(JP_TAG, safe="").lower()               # ?tag=%e5%a4%9c… (WordPress's own links)
JP_TAG_QUERY_UPPER = quote(JP_TAG, safe="")                       # ?tag=%E5%A4%9C… (what browsers send)

FIRST = "/2024/08/08/first-mix/"
SECOND = "/2024/05/20/second-mix/"
JP_POST = "/2024/09/01/" + quote("夜の作業").lower() + "/"
ABOUT = "/about-me/"
JP_ALIAS = "/" + quote("古い記事").lower() + "/"

FILES = {
    "content/posts/2024/first.md": post("First Mix", "2024-08-08 16:48:07-07:00", id=8343,
                                         categories=["Mixing & Mastering"], tags=["808", JP_TAG]),
    "content/posts/2024/second.md": post("Second Mix", "2024-05-20 10:50:20-07:00", id=7703,
                                          categories=["Gear"], tags=["808", "Sidechain"],
                                          aliases=["/old-name/", "/2019/01/01/older/"]),
    "content/posts/2024/night.md": post("夜の作業", "2024-09-01 21:00:00-07:00", id=9001, tags=[JP_TAG],
                                         aliases=["/古い記事/"]),
    "content/pages/about.md": post("About Me", "2024-01-01", id=12),
    # WordPress's term IDs, as the importer keeps them: /?cat=ID and /?tag_id=ID (a nested category too;
    # 12 is also the page's ID: the query names keep them apart; Sidechain has no id)
    "content/terms.yaml": "categories:\n  - {name: Studio, slug: studio, id: 2}\n"
                          "  - {name: \"Mixing & Mastering\", slug: mixing-mastering, id: 3, parent: studio}\n"
                          "  - {name: Gear, slug: gear, id: 5}\n"
                          f"tags:\n  - {{name: \"808\", slug: \"808\", id: 7}}\n  - {{name: {JP_TAG}, slug: {JP_TAG}, id: 12}}\n",
}
NESTED_CATEGORY = "/category/studio/mixing-mastering/"

# What a migrating user needs: old URL → where it must land.
PATH_REDIRECTS = {
    "/feed/atom/": "/feed/",
    "/feed/rdf/": "/feed/",
    "/feed/rss/": "/feed/",
    "/comments/feed/": "/feed/",
    FIRST + "feed/": FIRST,
    SECOND + "feed/": SECOND,
    JP_POST + "feed/": JP_POST,
    "/old-name/": SECOND,
    "/2019/01/01/older/": SECOND,
    JP_ALIAS: JP_POST,
}
QUERY_REDIRECTS = {
    "p=8343": FIRST,
    "p=7703": SECOND,
    "p=9001": JP_POST,
    "p=12": ABOUT,
    "page_id=12": ABOUT,
    "tag=808": "/tag/808/",
    "tag=sidechain": "/tag/sidechain/",
    f"tag={JP_TAG_QUERY_LOWER}": JP_TAG_PATH,
    "category_name=gear": "/category/gear/",
    "category_name=mixing-mastering": NESTED_CATEGORY,
    "cat=2": "/category/studio/",
    "cat=3": NESTED_CATEGORY,
    "cat=5": "/category/gear/",
    "tag_id=7": "/tag/808/",
    "tag_id=12": JP_TAG_PATH,
    "feed=rss2": "/feed/",
    "feed=atom": "/feed/",
}

RSS = "application/rss+xml"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("redirects") / "site", FILES)
    build(root)
    for url in (FIRST, SECOND, JP_POST, ABOUT, "/tag/808/", JP_TAG_PATH, "/feed/", NESTED_CATEGORY):   # the targets exist
        assert (root / "output" / unquote(url).lstrip("/") / "index.html").is_file(), url
    return root


def _same_path(a: str, b: str) -> bool:
    """Equal as URLs: percent-encoding case and encoded-vs-literal letters do not matter."""
    return unquote(a) == unquote(b)


def _feed_paths(root: Path) -> list[str]:
    """Site paths of every feed the build wrote (…/feed/index.html)."""
    out = root / "output"
    return sorted("/" + p.parent.relative_to(out).as_posix() + "/" for p in out.rglob("feed/index.html"))


# --- _redirects (Netlify, Cloudflare Pages) ---------------------------------------------------

def _parse_redirects(text: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    """→ (path rules (source, target, status), query rules (source, "name=:placeholder", target, status))."""
    paths, queries = [], []
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) == 3:
            paths.append((fields[0], fields[1], fields[2]))
        elif len(fields) == 4:
            queries.append((fields[0], fields[1], fields[2], fields[3]))
        else:
            pytest.fail(f"_redirects line neither a path rule nor a query rule: {line!r}")
    return paths, queries


def _netlify_hop(text: str, path: str, query: str = "") -> tuple[str, str] | None:
    """One request through the rules as Netlify applies them: the first rule that
    matches wins; `:name` placeholders are filled from the request. → (location, status)."""
    paths, queries = _parse_redirects(text)
    params = dict(parse_qsl(query, keep_blank_values=True))
    for source, condition, target, status in queries:
        name, placeholder = condition.split("=", 1)
        if _same_path(source, path) and name in params:
            assert placeholder.startswith(":"), condition
            # Netlify substitutes the value as it was sent (still percent-encoded).
            raw = dict(kv.split("=", 1) for kv in query.split("&") if "=" in kv)[name]
            return target.replace(placeholder, raw), status
    for source, target, status in paths:
        if _same_path(source, path):
            return target, status
    return None


def test_redirects_file_has_path_rules_for_old_feeds_comment_feeds_and_aliases(root):
    paths, _ = _parse_redirects(read(root, "_redirects"))
    rules = {unquote(source): (target, status) for source, target, status in paths}
    for old, new in PATH_REDIRECTS.items():
        assert unquote(old) in rules, f"_redirects has no rule for {old}"
        target, status = rules[unquote(old)]
        assert _same_path(target, new), (old, target)
        assert status == "301", (old, status)


@pytest.mark.parametrize("query, expected", sorted(QUERY_REDIRECTS.items()))
def test_redirects_file_query_rules_reach_the_right_url(root, query, expected):
    text = read(root, "_redirects")
    first = _netlify_hop(text, "/", query)
    assert first is not None, f"no _redirects rule catches /?{query}"
    location, status = first
    assert status.startswith("301"), (query, status)
    second = _netlify_hop(text, urlsplit(location).path)
    assert second is not None, f"/?{query} → {location}, and no rule continues from there"
    final, status = second
    assert status.startswith("301"), (location, status)
    assert _same_path(final, expected), f"/?{query} → {location} → {final}, wanted {expected}"
    assert _netlify_hop(text, urlsplit(final).path) is None, f"{final} is redirected again"


def test_redirects_file_sends_unknown_ids_nowhere_special(root):
    """An ID no post has is not sent to some other post."""
    text = read(root, "_redirects")
    location, _ = _netlify_hop(text, "/", "p=424242")
    assert _netlify_hop(text, urlsplit(location).path) is None


# --- _headers ---------------------------------------------------------------------------------

def _parse_headers(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(unquote(line.strip()), {})
        else:
            assert current is not None, f"header line before any path: {line!r}"
            name, value = line.strip().split(":", 1)
            current[name.strip().lower()] = value.strip()
    return rules


def test_headers_serve_every_feed_as_rss(root):
    feeds = _feed_paths(root)
    assert {"/feed/", "/tag/808/feed/", unquote(JP_TAG_PATH) + "feed/", "/category/gear/feed/",
            "/author/rowan-vale/feed/"} <= set(feeds)
    rules = _parse_headers(read(root, "_headers"))
    for feed in feeds:
        for variant in (feed, feed + "index.html"):
            assert variant in rules, f"_headers says nothing about {variant}"
            assert rules[variant].get("content-type", "").startswith(RSS), (variant, rules[variant])
    for path, headers in rules.items():          # and nothing else is called a feed
        if headers.get("content-type", "").startswith(RSS):
            assert re.search(r"/feed/(index\.html)?$", path), path


# --- .htaccess and the nginx snippet, as text ----------------------------------------------------

def test_htaccess_has_the_rewrite_engine_and_404_page(root):
    text = read(root, ".htaccess")
    assert "RewriteEngine On" in text
    assert "ErrorDocument 404 /404.html" in text
    assert text.count("<IfModule") == text.count("</IfModule>") == 1
    assert text.count("<If ") == text.count("</If>") == 1


def test_every_writer_carries_the_term_id_rules(root):
    """/?cat=ID and /?tag_id=ID in the .htaccess and the script too (the nginx snippet and
    _redirects are checked above; Apache and nginx for real below)."""
    htaccess = read(root, ".htaccess")
    assert re.search(r'RewriteCond %\{QUERY_STRING\} "\(\^\|&\)cat=3\(&\|\$\)" \[NC\]\n'
                     r'RewriteRule \^\$ ' + re.escape(NESTED_CATEGORY) + r'\? \[R=301,L,NE\]', htaccess)
    assert '"(^|&)tag_id=7(&|$)"' in htaccess
    script = read(root, "wp-redirects.js")
    assert f'["cat","3","{NESTED_CATEGORY}"]' in script and '["tag_id","7","/tag/808/"]' in script
    assert '["tag_id","12","' in script and '["page_id","12","/about-me/"]' in script


def test_htaccess_percent_encoded_targets_are_not_escaped_again(root):
    """[NE]: Apache would turn %e5 into %25e5; and `%N` in a substitution is a
    back-reference, so each % is written \\%."""
    text = read(root, ".htaccess")
    seen = 0
    for line in text.splitlines():
        m = re.match(r'RewriteRule \S+ (\S+) \[([^\]]*)\]$', line)
        if m and "%" in m.group(1):
            seen += 1
            assert "NE" in m.group(2).split(","), line
            assert not re.search(r"(?<!\\)%", m.group(1)), f"an unescaped % in a substitution: {line}"
    assert seen, "no rule with a percent-encoded target"


def test_nginx_snippet_has_exact_locations_and_query_rules(root):
    text = read(root, "nginx-redirects.conf")
    for old in ("/feed/atom/", "/feed/rdf/", "/feed/rss/", "/comments/feed/", FIRST + "feed/", "/old-name/",
                "/2019/01/01/older/"):
        new = PATH_REDIRECTS[old]
        assert re.search(rf'^location = "{re.escape(old)}" \{{ return 301 "{re.escape(new)}"; \}}$', text, re.M), old
    assert re.search(r'if \(\$arg_p ~\* "\^8343\$"\) \{ return 301 "' + re.escape(FIRST) + r'"; \}', text)
    assert re.search(r'if \(\$arg_page_id ~\* "\^12\$"\) \{ return 301 "' + re.escape(ABOUT) + r'"; \}', text)
    assert re.search(r'if \(\$arg_cat ~\* "\^3\$"\) \{ return 301 "' + re.escape(NESTED_CATEGORY) + r'"; \}', text)
    assert re.search(r'if \(\$arg_tag_id ~\* "\^7\$"\) \{ return 301 "/tag/808/"; \}', text)
    assert "error_page 404 /404.html;" in text
    assert text.count("{") == text.count("}")


# --- nginx and Apache, for real -----------------------------------------------------------------

@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request, root, tmp_path_factory):
    """(name, port) of a real server on 127.0.0.1 serving the built site with its rules."""
    if request.param == "nginx":
        with nginx_server(root / "output", tmp_path_factory.mktemp("nginx")) as port:
            yield "nginx", port
    else:
        with apache_server(root / "output") as port:
            yield "apache", port


def _assert_redirect(server, old: str, new: str) -> None:
    name, port = server
    status, headers, _ = get(port, old)
    assert status == 301, f"{name}: {old} → {status}, wanted 301 to {new}"
    location = headers.get("location", "")
    assert location == f"http://127.0.0.1:{port}{urlsplit(location).path}", f"{name}: {old} → {location}"
    assert _same_path(urlsplit(location).path, new), f"{name}: {old} → {location}, wanted {new}"
    status, _, _ = get(port, urlsplit(location).path)     # and the place it sends you exists
    assert status == 200, f"{name}: {old} → {new} → {status}"


@pytest.mark.parametrize("query, expected", sorted(QUERY_REDIRECTS.items()))
def test_server_redirects_old_query_urls(server, query, expected):
    _assert_redirect(server, "/?" + query, expected)


@pytest.mark.parametrize("query", ["utm_source=newsletter&p=8343", "p=8343&utm_source=newsletter"])
def test_server_query_redirect_ignores_other_parameters(server, query):
    _assert_redirect(server, "/?" + query, FIRST)


@pytest.mark.parametrize("query", ["p=83430", "p=834", "xp=8343", "p=424242", "utm_source=newsletter",
                                   "cat=33", "cat=7", "xcat=3", "cat=", "tag_id=5", "tag_id=70", "tag_id=1"])
def test_server_does_not_redirect_other_queries(server, root, query):
    """No prefix or suffix of an ID matches, and an unknown ID is just the home page."""
    status, headers, body = get(server[1], "/?" + query)
    assert status == 200, (server[0], query, status, headers.get("location"))
    assert headers.get("content-type", "").startswith("text/html")
    assert body == (root / "output" / "index.html").read_bytes()


@pytest.mark.parametrize("old", [
    "/feed/atom/", "/feed/rdf/", "/feed/rss/", "/comments/feed/", FIRST + "feed/", SECOND + "feed/",
    "/old-name/", "/2019/01/01/older/",
])
def test_server_redirects_old_paths(server, old):
    _assert_redirect(server, old, PATH_REDIRECTS[old])


def test_server_takes_old_paths_without_the_slash_as_its_rules_say(server):
    """WordPress answers `/old-name` as well: the .htaccess rules take both;
    nginx's exact locations take the path as written (a 404, never elsewhere)."""
    for old in ("/old-name/", "/2019/01/01/older/", JP_ALIAS):
        if server[0] == "apache":
            _assert_redirect(server, old.rstrip("/"), PATH_REDIRECTS[old])
        else:
            assert get(server[1], old.rstrip("/"))[0] == 404, old


def test_server_redirects_japanese_tag_query_as_browsers_encode_it(server):
    _assert_redirect(server, f"/?tag={JP_TAG_QUERY_UPPER}", JP_TAG_PATH)


@pytest.mark.parametrize("old", [JP_POST + "feed/", JP_ALIAS])
def test_server_redirects_non_ascii_paths(server, old):
    """Both servers match the decoded path: %e5 (as WordPress wrote links) and %E5 (as browsers send it)."""
    _assert_redirect(server, old, PATH_REDIRECTS[old])
    _assert_redirect(server, quote(unquote(old)), PATH_REDIRECTS[old])


@pytest.mark.parametrize("old", ["/old-names/", "/old-nam/", "/xold-name/", FIRST])
def test_server_does_not_redirect_near_misses(server, old):
    status, headers, _ = get(server[1], old)
    assert status in (200, 404), (server[0], old, status, headers.get("location"))


@pytest.mark.parametrize("feed", ["/feed/", "/tag/808/feed/", JP_TAG_PATH + "feed/", "/category/gear/feed/",
                                  "/author/rowan-vale/feed/", "/tag/808/feed/index.html"])
def test_server_serves_feeds_as_rss(server, feed):
    status, headers, body = get(server[1], feed)
    assert status == 200, (server[0], feed, status)
    assert headers.get("content-type", "").startswith(RSS), (server[0], feed, headers.get("content-type"))
    rss = ET.fromstring(body)
    assert rss.tag == "rss" and rss.find("channel/item") is not None, feed


def test_server_serves_home_page_as_html(server, root):
    status, headers, body = get(server[1], "/")
    assert status == 200
    assert headers.get("content-type", "").startswith("text/html")
    assert body == (root / "output" / "index.html").read_bytes()


def test_server_serves_pages_as_html(server):
    for path in (FIRST, ABOUT, "/tag/808/", JP_TAG_PATH):
        status, headers, _ = get(server[1], path)
        assert status == 200, (server[0], path)
        assert headers.get("content-type", "").startswith("text/html"), (path, headers.get("content-type"))


def test_server_answers_unknown_paths_with_our_404_page(server, root):
    status, headers, body = get(server[1], "/nope/")
    assert status == 404
    assert headers.get("content-type", "").startswith("text/html")
    assert body == (root / "output" / "404.html").read_bytes()
    assert b"Page not found" in body
    status, _, body = get(server[1], "/nope/feed/")          # a missing feed too, not an RSS-typed error
    assert status == 404 and body == (root / "output" / "404.html").read_bytes()
