"""Old WordPress URLs keep working after the move: the redirect rules a build
writes (`_redirects`, `_headers`, `.htaccess`, `nginx-redirects.conf`), read
as text and then served for real by nginx with the generated snippet included.
"""
from __future__ import annotations

import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

from conftest import build, make_site, post, read

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
}

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
    "feed=rss2": "/feed/",
    "feed=atom": "/feed/",
}

RSS = "application/rss+xml"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("redirects") / "site", FILES)
    build(root)
    for url in (FIRST, SECOND, JP_POST, ABOUT, "/tag/808/", JP_TAG_PATH, "/feed/"):   # the targets exist
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


# --- .htaccess (Apache) -----------------------------------------------------------------------

def _htaccess_query_rules(text: str) -> list[tuple[str, str, str]]:
    """(condition regex, target, flags) for each RewriteCond %{QUERY_STRING} + RewriteRule pair."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"RewriteCond %\{QUERY_STRING\} (\S+)(?: \[([^\]]*)\])?$", line)
        if m:
            rule = re.match(r"RewriteRule \^\$ (\S+) \[([^\]]*)\]$", lines[i + 1])
            assert rule, f"RewriteCond not followed by a rule for the home page: {lines[i + 1]!r}"
            condition = ("(?i)" if "NC" in (m.group(2) or "").split(",") else "") + m.group(1)
            out.append((condition, rule.group(1), rule.group(2)))
    return out


def test_htaccess_redirects_query_ids(root):
    text = read(root, ".htaccess")
    assert "RewriteEngine On" in text
    assert "ErrorDocument 404 /404.html" in text
    rules = _htaccess_query_rules(text)

    def apache(query: str) -> str | None:
        for condition, target, flags in rules:          # mod_rewrite's regexes are PCRE; these are plain
            if re.search(condition, query):
                assert "R=301" in flags and "L" in flags.split(","), flags
                return target.rstrip("?")               # trailing ? drops the old query string
        return None

    assert apache("p=8343") == FIRST
    assert apache("p=8343&utm_source=x") == FIRST
    assert apache("utm_source=x&p=8343") == FIRST
    assert apache("p=83430") is None                    # no prefix matches
    assert apache("xp=8343") is None
    assert apache("p=12") == ABOUT
    assert apache("page_id=12") == ABOUT
    assert apache("tag=808") == "/tag/808/"
    assert apache("feed=rss2") == "/feed/"
    assert apache(f"tag={JP_TAG_QUERY_LOWER}") == JP_TAG_PATH


def test_htaccess_redirects_old_paths(root):
    text = read(root, ".htaccess")
    rules = re.findall(r'^RewriteRule "\^(.*)\$" (\S+) \[([^\]]*)\]$', text, re.M)
    assert rules

    def apache(path: str) -> str | None:
        for pattern, target, flags in rules:         # per-directory: matched against the decoded path sans /
            if re.search("^" + pattern + "$", unquote(path).lstrip("/")):
                assert "R=301" in flags, flags
                return target
        return None

    for old, new in PATH_REDIRECTS.items():
        assert apache(old) == new, old
        assert apache(old.rstrip("/")) == new, old        # WordPress also answers without the slash
    assert apache("/old-names/") is None
    assert apache(FIRST) is None


def test_htaccess_percent_encoded_targets_are_not_escaped_again(root):
    text = read(root, ".htaccess")
    for line in text.splitlines():
        m = re.match(r'RewriteRule \S+ (\S+) \[([^\]]*)\]$', line)
        if m and "%" in m.group(1):
            assert "NE" in m.group(2).split(","), line


def test_htaccess_matches_percent_encoding_in_either_case(root):
    rules = _htaccess_query_rules(read(root, ".htaccess"))
    for condition, target, flags in rules:
        if "%e5" in condition:
            assert re.search(condition, f"tag={JP_TAG_QUERY_UPPER}"), condition
            return
    pytest.fail("no .htaccess rule for the Japanese tag")


# --- nginx snippet, as text -------------------------------------------------------------------

def test_nginx_snippet_has_exact_locations_and_query_rules(root):
    text = read(root, "nginx-redirects.conf")
    for old in ("/feed/atom/", "/feed/rdf/", "/feed/rss/", "/comments/feed/", FIRST + "feed/", "/old-name/",
                "/2019/01/01/older/"):
        new = PATH_REDIRECTS[old]
        assert re.search(rf'^location = ("?){re.escape(old)}\1 \{{ return 301 {re.escape(new)}; \}}$', text, re.M), old
    assert re.search(r'if \(\$arg_p ~\* "\^8343\$"\) \{ return 301 ' + re.escape(FIRST) + r"; \}", text)
    assert re.search(r'if \(\$arg_page_id ~\* "\^12\$"\) \{ return 301 ' + re.escape(ABOUT) + r"; \}", text)
    assert "error_page 404 /404.html;" in text
    assert text.count("{") == text.count("}")


# --- nginx, for real --------------------------------------------------------------------------

def _nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_conf(prefix: Path, output: Path, port: int) -> str:
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else \
        "types { text/html html; text/css css; application/javascript js; image/png png; }"
    # As root, nginx's workers would drop to `nobody`, who cannot read pytest's 0700 tmp folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    {mime}
    server {{
        listen 127.0.0.1:{port};
        root {output};
        index index.html;
        include {output}/nginx-redirects.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx(root, tmp_path_factory):
    binary = _nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (Debian package `nginx`); CI installs it to serve the built site")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(_nginx_conf(prefix, root / "output", port), encoding="utf-8")
    log = prefix / "error.log"
    test = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(prefix), "-e", str(log)],
                          capture_output=True, text=True, timeout=30)
    assert test.returncode == 0, f"nginx rejects the config with our snippet:\n{test.stderr}"
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(prefix), "-e", str(log)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nginx exited with {proc.returncode}: {proc.stderr.read().decode(errors='replace')}"
                            f"\n{log.read_text(errors='replace') if log.exists() else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not start listening within 15 s")
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stderr.close()


def _get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target, headers={"User-Agent": "trackpress-tests"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _assert_redirect(port: int, old: str, new: str) -> None:
    status, headers, _ = _get(port, old)
    assert status == 301, f"{old} → {status}, wanted 301 to {new}"
    location = headers.get("location", "")
    assert location.endswith(new) and _same_path(urlsplit(location).path, new), f"{old} → {location}, wanted {new}"
    status, _, _ = _get(port, urlsplit(location).path)     # and the place it sends you exists
    assert status == 200, f"{old} → {new} → {status}"


@pytest.mark.parametrize("query, expected", sorted(QUERY_REDIRECTS.items()))
def test_nginx_redirects_old_query_urls(nginx, query, expected):
    _assert_redirect(nginx, "/?" + query, expected)


def test_nginx_query_redirect_ignores_other_parameters(nginx):
    _assert_redirect(nginx, "/?utm_source=newsletter&p=8343", FIRST)


@pytest.mark.parametrize("old", [
    "/feed/atom/", "/feed/rdf/", "/feed/rss/", "/comments/feed/", FIRST + "feed/", SECOND + "feed/",
    "/old-name/", "/2019/01/01/older/",
])
def test_nginx_redirects_old_paths(nginx, old):
    _assert_redirect(nginx, old, PATH_REDIRECTS[old])


def test_nginx_redirects_japanese_tag_query_as_browsers_encode_it(nginx):
    _assert_redirect(nginx, f"/?tag={JP_TAG_QUERY_UPPER}", JP_TAG_PATH)


@pytest.mark.parametrize("old", [JP_POST + "feed/", JP_ALIAS])
def test_nginx_redirects_non_ascii_paths(nginx, old):
    """nginx matches `location =` against the decoded URI: a percent-encoded location never matches."""
    _assert_redirect(nginx, old, PATH_REDIRECTS[old])                       # %e5… as WordPress wrote links
    _assert_redirect(nginx, quote(unquote(old)), PATH_REDIRECTS[old])       # %E5… as browsers send it


@pytest.mark.parametrize("feed", ["/feed/", "/tag/808/feed/", JP_TAG_PATH + "feed/", "/category/gear/feed/",
                                  "/author/rowan-vale/feed/", "/tag/808/feed/index.html"])
def test_nginx_serves_feeds_as_rss(nginx, feed):
    status, headers, body = _get(nginx, feed)
    assert status == 200, (feed, status)
    assert headers.get("content-type", "").startswith(RSS), (feed, headers.get("content-type"))
    rss = ET.fromstring(body)
    assert rss.tag == "rss" and rss.find("channel/item") is not None, feed


def test_nginx_serves_home_page_as_html(nginx, root):
    status, headers, body = _get(nginx, "/")
    assert status == 200
    assert headers.get("content-type", "").startswith("text/html")
    assert body == (root / "output" / "index.html").read_bytes()
    status, headers, _ = _get(nginx, "/?p=424242")        # an unknown ID: just the home page
    assert status == 200 and headers.get("content-type", "").startswith("text/html")


def test_nginx_serves_pages_as_html(nginx):
    for path in (FIRST, ABOUT, "/tag/808/", JP_TAG_PATH):
        status, headers, _ = _get(nginx, path)
        assert status == 200, path
        assert headers.get("content-type", "").startswith("text/html"), (path, headers.get("content-type"))


def test_nginx_answers_unknown_paths_with_our_404_page(nginx, root):
    status, headers, body = _get(nginx, "/nope/")
    assert status == 404
    assert headers.get("content-type", "").startswith("text/html")
    assert body == (root / "output" / "404.html").read_bytes()
    assert b"Page not found" in body
    status, _, body = _get(nginx, "/nope/feed/")          # a missing feed too, not an RSS-typed error
    assert status == 404 and body == (root / "output" / "404.html").read_bytes()
