"""Hostile values in redirect rules: they are escaped for each format or the
one rule is refused (and listed in `skipped`), and nothing leads off the site.

Three layers: the writers fed a hand-built `RedirectRules` full of hostile
values (the last line of defence, whatever the content parser lets through);
a mini-site built from files with hostile slugs, aliases, tags and IDs; and
Hypothesis properties. Each layer's files go through real nginx and Apache
on 127.0.0.1 (`nginx -t`, `apache2 -t`, then requests).
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:                       # the properties skip; the rest of the module runs
    st = None

from conftest import build, make_site, post
from generator.errors import BuildError
from generator.redirects import (Redirect, RedirectRules, apache_htaccess, check_rules, netlify_headers,
                                 netlify_redirects, nginx_snippet, redirect_script)
from servers import apache_binary, apache_check, apache_server, get, nginx_binary, nginx_check, nginx_server

GOOD = "/2024/05/20/good/"
JP = "/2024/09/01/" + quote("夜の作業").lower() + "/"
LONG = "/" + "é" * 100 + "/"                          # a 200-byte segment: the most WordPress allows

# (source, target): each must be written and must work.
KEPT = [
    ("/old-name/", GOOD),
    ('/a "quoted" alias/', GOOD),
    ("/semi;colon{brace}$dollar/", GOOD),
    ("/q%3Fx=1%23frag/", GOOD),                      # ? and # inside a segment, encoded
    ("/pct%2541/", GOOD),                            # a literal % in the path
    ("/it's`tick`/", GOOD),
    ("/tab%20and space/", GOOD),
    ("/x:y*z/", GOOD),                               # Netlify placeholders and splats, as text
    ("/__proto__/", GOOD),
    ("/constructor/", JP),
    ("/caf%C3%A9/", JP),
    ("/古い記事/", JP),
    (LONG, GOOD),
    ("/$host/", "/$uri/"),                          # nginx variables, as text
    ("/100%/", GOOD),
]
# (source, target): each must be refused, whatever it is written into.
REFUSED = [
    ("/evil-1/", "//evil.example/"),
    ("/evil-2/", "/%2F%2Fevil.example/"),
    ("/evil-3/", "/%252F%252Fevil.example/"),
    ("/evil-4/", "/\\evil.example/"),
    ("/evil-5/", "/%5Cevil.example/"),
    ("/evil-6/", "https://evil.example/"),
    ("/evil-7/", "/x/https://evil.example/"),
    ("/evil-8/", "evil.example"),
    ("/evil-9/", "/\t/evil.example/"),               # browsers drop tabs and newlines from URLs
    ("/evil-10/", "/\n/evil.example/"),
    ("//evil.example/", GOOD),
    ("/%2F%2Fevil.example/", GOOD),
    ("/%5Cevil.example/", GOOD),
    ("/new\nline/", GOOD),
    ("/car\rriage/", GOOD),
    ('/x/" { return 301 https://evil.example/; } location = "/probe-nginx/', GOOD),   # newline-free injections
    ('/x/?$" https://evil.example/ [R=301,L]\nRewriteRule "^probe-apache', GOOD),
    ("/nul%00/", GOOD),
    ("/line\u2028sep/", GOOD),
    ("/a/../b/", GOOD),
    ("/a/%2e%2e/b/", GOOD),
    ("/" + "a" * 201 + "/", GOOD),
    ("/", GOOD),                                     # the home page itself
    ("/.wp/p/1", GOOD),                              # _redirects' query namespace
    ("/%ff%fe/", GOOD),                              # not UTF-8
    ("/same/", "/same/"),                            # a loop
]
INJECTED_HOSTILE = [('/x/" { return 301 https://evil.example/; } location = "/probe-nginx/', GOOD)]
QUERIES = [
    (("p", "8343"), GOOD),
    (("page_id", "12"), JP),
    (("tag", 'quote"tag'), GOOD),
    (("tag", "semi;colon{}$"), GOOD),
    (("tag", "space tag"), GOOD),
    (("tag", "夜"), JP),
    (("tag", "__proto__"), GOOD),
    (("tag", "a&p=1"), JP),
    (("author_name", "a/b"), GOOD),
    (("cat", "3"), GOOD),                            # WordPress's term IDs
    (("cat", "12"), JP),
    (("tag_id", "12"), GOOD),                        # the same number under another name: its own rule
]
QUERIES_REFUSED = [
    (("p", "666"), "//evil.example/"),
    (("cat", "667"), "/%2F%2Fevil.example/"),
    (("p;x", "1"), GOOD),
    (("tag", "new\nline"), GOOD),
    (("tag", ""), GOOD),
    (("tag", ".."), GOOD),
]
FEEDS = ("/feed/", "/tag/x:y/feed/", "/tag/new\nline/feed/", '/tag/q"/feed/')
PROBES = ["/probe-nginx/", "/probe-apache/", "/x/"]        # would redirect only if an injection worked


def hostile_rules() -> RedirectRules:
    return RedirectRules(
        paths=tuple(Redirect(s, t) for s, t in KEPT + REFUSED),
        queries=tuple(Redirect("/", t, q) for q, t in QUERIES + QUERIES_REFUSED),
        feeds=FEEDS,
    )


# --- independent judges -------------------------------------------------------------------------

def _layers(path: str) -> list[str]:
    out = [path]
    for _ in range(5):
        try:
            decoded = unquote(out[-1], errors="strict")
        except UnicodeDecodeError:
            break
        if decoded == out[-1]:
            break
        out.append(decoded)
    return out


def assert_local(target: str, where: str = "") -> None:
    """A redirect target stays on this site however many times it is decoded
    and whatever a browser strips (tabs, newlines)."""
    assert target.startswith("/"), (where, target)
    for text in _layers(target):
        stripped = re.sub(r"[\t\n\r]", "", text)
        assert not stripped.startswith("//") and not stripped.startswith("/\\"), (where, target)
        assert "://" not in stripped, (where, target)
        assert not re.search(r"[\x00-\x1f\x7f\u2028\u2029]", text), (where, target)


def parse_redirects(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """`_redirects` → (path rules (source, target), query hops (name, value, target)), all decoded;
    every line must be a comment, a 3-field rule or a 4-field query catcher."""
    paths, queries = [], []
    for line in text.split("\n"):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        assert line == "  ".join(fields), f"odd spacing in {line!r}"
        if len(fields) == 4:
            assert fields[0] == "/" and re.fullmatch(r"[a-z_]+=:value", fields[1]), line
            assert fields[2] == f"/.wp/{fields[1][:-len('=:value')]}/:value" and fields[3] == "301!", line
            continue
        assert len(fields) == 3 and fields[2] == "301", line
        source, target = fields[0], fields[1]
        assert ":" not in source and "*" not in source, f"a placeholder in {line!r}"
        assert_local(target, "_redirects")
        m = re.fullmatch(r"/\.wp/([a-z_]+)/([^/]+)", source)
        if m:
            queries.append((m.group(1), unquote(m.group(2)), unquote(target)))
        else:
            paths.append((unquote(source), unquote(target)))
    return paths, queries


def script_rules(js: str) -> dict:
    m = re.search(r"^  var rules = (.*);$", js, re.M)
    assert m, "no rules in wp-redirects.js"
    assert not re.search(r"[<>&\u2028\u2029]", m.group(1)), "raw < > & or line separators in the script's data"
    return json.loads(m.group(1))


def nginx_targets(text: str) -> list[str]:
    return re.findall(r'return 301 "([^"]*)";', text)


def htaccess_targets(text: str) -> list[str]:
    return [t.replace("\\%", "%").rstrip("?") for t in re.findall(r"^RewriteRule \S+ (\S+) \[", text, re.M)]


def expected(rules: RedirectRules) -> tuple[Counter, Counter]:
    """What must be written: every rule fed in that is not listed as skipped (decoded)."""
    skipped = Counter(s.rule for s in check_rules(rules).skipped)
    paths, queries = Counter(), Counter()
    for r in rules.paths:
        if skipped[r]:
            skipped[r] -= 1
        else:
            paths[(unquote(r.source), unquote(r.target))] += 1
    for r in rules.queries:
        if skipped[r]:
            skipped[r] -= 1
        else:
            queries[(r.query[0], r.query[1], unquote(r.target))] += 1
    return paths, queries


def write_site(output: Path, rules: RedirectRules) -> None:
    """An output folder holding the four rule files and a page at every target."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "index.html").write_text("<!doctype html><title>home</title>", encoding="utf-8")
    (output / "404.html").write_text("<!doctype html><title>Page not found</title>", encoding="utf-8")
    for r in check_rules(rules).paths + check_rules(rules).queries:
        page = output / unquote(r.target).lstrip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!doctype html><title>target</title>", encoding="utf-8")
    for name, text in (("_redirects", netlify_redirects(rules)), ("_headers", netlify_headers(rules)),
                       (".htaccess", apache_htaccess(rules)), ("nginx-redirects.conf", nginx_snippet(rules)),
                       ("wp-redirects.js", redirect_script(rules))):
        (output / name).write_text(text, encoding="utf-8")


# --- the writers, fed hostile rules directly ---------------------------------------------------

@pytest.mark.parametrize("source, target", REFUSED)
def test_check_rules_refuses_a_hostile_path_rule_with_a_reason(source, target):
    rules = check_rules(RedirectRules(paths=(Redirect(source, target),), queries=(), feeds=()))
    assert rules.paths == ()
    assert [s.rule for s in rules.skipped] == [Redirect(source, target)]
    assert rules.skipped[0].kind == "path" and rules.skipped[0].reason


@pytest.mark.parametrize("query, target", QUERIES_REFUSED)
def test_check_rules_refuses_a_hostile_query_rule_with_a_reason(query, target):
    rules = check_rules(RedirectRules(paths=(), queries=(Redirect("/", target, query),), feeds=()))
    assert rules.queries == () and len(rules.skipped) == 1 and rules.skipped[0].kind == "query"


def test_check_rules_keeps_the_others_and_is_idempotent():
    rules = check_rules(hostile_rules())
    assert len(rules.paths) == len(KEPT)
    assert len(rules.queries) == len(QUERIES)
    assert len(rules.skipped) == len(REFUSED) + len(QUERIES_REFUSED) + 1          # + the feed with a newline
    assert check_rules(rules) == rules
    for r in rules.paths + rules.queries:
        assert re.fullmatch(r"/[A-Za-z0-9/_.~%-]*", r.source + r.target.lstrip("/")), r


def test_redirects_file_holds_exactly_the_rules_not_skipped():
    rules = hostile_rules()
    paths, queries = parse_redirects(netlify_redirects(rules))
    want_paths, want_queries = expected(rules)
    assert Counter(paths) == want_paths
    assert Counter(queries) == want_queries
    assert (unquote(LONG), unquote(GOOD)) in paths


def test_headers_file_holds_only_feed_paths_and_the_rss_type():
    lines = netlify_headers(hostile_rules()).split("\n")
    paths = [line for line in lines if line and not line.startswith(("#", " "))]
    headers = {line for line in lines if line.startswith(" ")}
    assert headers == {"  Content-Type: application/rss+xml; charset=UTF-8"}
    assert {unquote(p) for p in paths} == {"/feed/", "/feed/index.html", "/tag/x:y/feed/", "/tag/x:y/feed/index.html",
                                           '/tag/q"/feed/', '/tag/q"/feed/index.html'}
    assert all(":" not in p and '"' not in p for p in paths)


def test_script_data_is_exactly_the_rules_not_skipped():
    rules = hostile_rules()
    data = script_rules(redirect_script(rules))
    want_paths, want_queries = expected(rules)
    assert Counter((s, unquote(t)) for s, t in data["paths"]) == want_paths
    assert Counter((n, v, unquote(t)) for n, v, t in data["query"]) == want_queries
    for _, target in data["paths"]:
        assert_local(target, "wp-redirects.js")


def test_nothing_written_leads_off_the_site():
    rules = hostile_rules()
    for target in nginx_targets(nginx_snippet(rules)):
        assert_local(target, "nginx")
    for target in htaccess_targets(apache_htaccess(rules)):
        assert_local(target, ".htaccess")
    for name, text in (("_redirects", netlify_redirects(rules)), (".htaccess", apache_htaccess(rules)),
                       ("nginx", nginx_snippet(rules)), ("js", redirect_script(rules))):
        assert "evil" not in text, f"a refused rule reached {name}"


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("hostile-rules") / "output"
    write_site(output, hostile_rules())
    return output


@pytest.fixture(scope="module", params=["nginx", "apache"])
def hostile_server(request, hostile_output, tmp_path_factory):
    if request.param == "nginx":
        with nginx_server(hostile_output, tmp_path_factory.mktemp("nginx-hostile")) as port:
            yield "nginx", port
    else:
        with apache_server(hostile_output) as port:
            yield "apache", port


def test_servers_accept_the_hostile_files(hostile_output, tmp_path):
    if nginx_binary() is None and apache_binary() is None:
        pytest.skip("neither nginx nor apache2 is installed")
    if nginx_binary():
        check = nginx_check(hostile_output, tmp_path / "nginx")
        assert check.returncode == 0, check.stderr
    if apache_binary():
        check = apache_check(hostile_output, tmp_path / "apache")
        assert check.returncode == 0, check.stderr


def _request_path(decoded: str) -> str:
    """The path as a browser sends it: UTF-8, percent-encoded (upper-case hex)."""
    return quote(decoded, safe="/-_.~!$&'()*+,;=:@")


def test_hostile_rules_redirect_for_real(hostile_server):
    """Every kept rule: 301 to its own target on this host, as the browser sends the old URL."""
    name, port = hostile_server
    checked = 0
    for r in check_rules(hostile_rules()).paths:
        status, headers, _ = get(port, _request_path(unquote(r.source)))
        assert status == 301, (name, r.source, status)
        assert headers["location"] == f"http://127.0.0.1:{port}{r.target}", (name, r.source, headers["location"])
        assert get(port, r.target)[0] == 200, (name, r.target)
        checked += 1
    for r in check_rules(hostile_rules()).queries:
        status, headers, _ = get(port, "/?" + r.query[0] + "=" + quote(r.query[1], safe=""))
        assert status == 301, (name, r.query, status)
        assert headers["location"] == f"http://127.0.0.1:{port}{r.target}", (name, r.query, headers["location"])
        checked += 1
    assert checked == len(KEPT) + len(QUERIES)


def test_hostile_rules_that_were_refused_redirect_nowhere(hostile_server):
    name, port = hostile_server
    for source, _ in REFUSED:
        try:
            path = _request_path(unquote(source, errors="strict"))
        except UnicodeDecodeError:
            path = source
        if not path.startswith("/") or re.search(r"[\x00-\x20\x7f]", path):
            continue
        status, headers, _ = get(port, path)
        location = headers.get("location", "")
        assert urlsplit(location).netloc in ("", f"127.0.0.1:{port}"), (name, source, location)
        if source not in ("/", "/same/"):
            assert status != 301, (name, source, status, location)
    for query, _ in QUERIES_REFUSED[:1]:
        status, headers, _ = get(port, f"/?{query[0]}={query[1]}")
        assert status == 200, (name, query, status, headers.get("location"))


@pytest.mark.parametrize("probe", PROBES)
def test_no_injected_directive_took_effect(hostile_server, probe):
    name, port = hostile_server
    status, headers, _ = get(port, probe)
    assert status == 404, (name, probe, status, headers.get("location"))


# --- a mini-site built from files with hostile values ------------------------------------------

HOSTILE_CONFIG = """\
title = "Hostile Beats"
base_url = "https://beats.example"
timezone = "UTC"
author = "Rowan Vale"
permalink = "/%postname%/"
"""
HOSTILE_FILES = {
    "content/posts/good.md": post("Good Mix", "2024-05-20", id=7703, tags=["808"],
                                  aliases=["/old-name/", "/古い記事/", LONG]),
    "content/posts/evil-slug.md": post("Evil Slug", "2024-05-21", id=101, slug="/evil.example"),
    "content/posts/evil-permalink.md": post("Evil Permalink", "2024-05-22", id=102,
                                            permalink="/%2F%2Fevil.example/"),
    "content/posts/evil-backslash.md": post("Evil Backslash", "2024-05-23", id=103, permalink="/%5Cevil.example/"),
    "content/posts/quotes.md": post("Quotes", "2024-05-24", id=104,
                                    aliases=['/a "quoted" alias/', "/semi;colon{brace}$dollar/", "/it's`tick`/"]),
    "content/posts/query.md": post("Query", "2024-05-25", id=105, aliases=["/q?x=1#frag/", "/pct%25/"]),
    "content/posts/newline.md": post("Newline", "2024-05-26", id=106, aliases=["/new\nline/", "/tab\there/"]),
    "content/posts/offsite-alias.md": post("Offsite Alias", "2024-05-27", id=107,
                                           aliases=["/%2F%2Fevil.example/", "/%5Cevil.example/"]),
    "content/posts/long.md": post("Long", "2024-05-28", id=108, aliases=["/" + "a" * 201 + "/"]),
    "content/posts/tags.md": post("Tags", "2024-05-29", id=109,
                                  tags=['quote"tag', "semi;colon", "dollar$sign", "space tag", "夜", "{brace}"]),
    "content/pages/dollar.md": post("Dollar", "2024-01-01", id=12, slug="price-$5"),
    # term IDs on hostile slugs: /?tag_id=ID and /?cat=ID lead to these archives, on this site
    "content/terms.yaml": "tags:\n  - {name: 'quote\"tag', slug: quote-tag, id: 40}\n"
                          "  - {name: 'semi;colon', slug: 'semi;colon', id: 41}\n"
                          "  - {name: 'dollar$sign', slug: 'dollar$sign', id: 42}\n  - {name: 夜, slug: 夜, id: 43}\n"
                          "  - {name: '{brace}', slug: '{brace}', id: 44}\n"
                          "categories:\n  - {name: Evil, slug: 'a&cat=1', id: 45}\n  - {name: Plain, slug: plain, id: 1}\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The site built with every file the build accepts; → (root, refused files and why).
    A file the build refuses must be refused with a message naming it."""
    files = dict(HOSTILE_FILES)
    refused: dict[str, str] = {}
    for attempt in range(len(files) + 1):
        root = make_site(tmp_path_factory.mktemp(f"hostile-site-{attempt}") / "site", files, HOSTILE_CONFIG)
        try:
            build(root)
            return root, refused
        except BuildError as error:
            named = {d.path for d in error.diagnostics} & set(files)
            assert named, f"the build failed without naming a content file:\n{error}"
            for path in named:
                refused[path] = "; ".join(str(d) for d in error.diagnostics if d.path == path)
                del files[path]
            assert "content/posts/good.md" in files, f"the harmless post was refused:\n{error}"
            assert "content/terms.yaml" in files, f"terms.yaml was refused:\n{error}"
    pytest.fail("the hostile site never built")


def _redirect_files(root: Path) -> dict[str, str]:
    out = root / "output"
    return {name: (out / name).read_text(encoding="utf-8")
            for name in ("_redirects", "_headers", ".htaccess", "nginx-redirects.conf", "wp-redirects.js")}


def test_hostile_site_writes_nothing_that_leads_off_the_site(hostile_site):
    root, refused = hostile_site
    files = _redirect_files(root)
    for name, text in files.items():
        assert "evil" not in text, f"{name} mentions a refused off-site URL (refused files: {sorted(refused)})"
    paths, _ = parse_redirects(files["_redirects"])
    assert ("/old-name/", "/good-mix/") in paths
    for target in nginx_targets(files["nginx-redirects.conf"]):
        assert_local(target, "nginx")
    for target in htaccess_targets(files[".htaccess"]):
        assert_local(target, ".htaccess")
    for _, target in script_rules(files["wp-redirects.js"])["paths"]:
        assert_local(target, "js")


@pytest.fixture(scope="module", params=["nginx", "apache"])
def hostile_site_server(request, hostile_site, tmp_path_factory):
    root, _ = hostile_site
    if request.param == "nginx":
        with nginx_server(root / "output", tmp_path_factory.mktemp("nginx-site")) as port:
            yield "nginx", port, root
    else:
        with apache_server(root / "output") as port:
            yield "apache", port, root


def test_hostile_site_rules_redirect_for_real(hostile_site_server):
    """Every rule in the built `_redirects` works on the real server: 301 to
    this host's page, which exists; query rules too."""
    name, port, root = hostile_site_server
    paths, queries = parse_redirects(_redirect_files(root)["_redirects"])
    assert len(paths) >= 8
    ids = {(n, v): t for n, v, t in queries if n in ("cat", "tag_id")}
    assert ids == {("tag_id", "40"): "/tag/quote-tag/", ("tag_id", "41"): "/tag/semi;colon/",
                   ("tag_id", "42"): "/tag/dollar$sign/", ("tag_id", "43"): "/tag/夜/",
                   ("tag_id", "44"): "/tag/{brace}/", ("cat", "45"): "/category/a&cat=1/",
                   ("cat", "1"): "/category/plain/"}, queries
    for source, target in paths:
        status, headers, _ = get(port, _request_path(source))
        assert status == 301, (name, source, status)
        location = headers["location"]
        assert urlsplit(location).netloc == f"127.0.0.1:{port}", (name, source, location)
        assert unquote(urlsplit(location).path) == target, (name, source, location)
        if not target.endswith("/feed/"):
            assert get(port, urlsplit(location).path)[0] == 200, (name, source, target)
    for query_name, value, target in queries:
        status, headers, _ = get(port, f"/?{query_name}={quote(value, safe='')}")
        assert status == 301, (name, query_name, value, status)
        assert unquote(urlsplit(headers["location"]).path) == target, (name, query_name, value)


# --- properties ---------------------------------------------------------------------------------

if st is None:
    def test_properties_need_hypothesis():
        pytest.skip("the property tests need the Python package `hypothesis` (pip install hypothesis)")
else:
    _PIECES = ['"', "\\", "\n", "\r", "{", "}", ";", "$", " ", "\t", "?", "#", "%", "'", "`", ":", "*", "<", "/",
               ".", "..", "//", "%2F", "%2f", "%5C", "%25", "%00", "%0a", "%e5%a4%9c", "%ff", "://", "\u2028", "é",
               "夜", "a", "b", "-", "x" * 60, "é" * 100, "__proto__", "$host", "evil.example", "&p=1", "=", "\x00"]
    _text = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join) | st.text(max_size=30)
    _paths = st.one_of(_text.map(lambda t: "/" + t), _text.map(lambda t: "/" + t + "/"), _text)
    _targets = st.one_of(st.sampled_from([GOOD, JP, "/tag/a%20b/", "/feed/"]), _paths)
    _names = st.sampled_from(["p", "page_id", "tag", "category_name", "author_name", "feed"]) | _text
    _rules = st.builds(
        RedirectRules,
        paths=st.lists(st.builds(Redirect, _paths, _targets), max_size=8).map(tuple),
        queries=st.lists(st.builds(lambda n, v, t: Redirect("/", t, (n, v)), _names, _text, _targets),
                         max_size=6).map(tuple),
        feeds=st.lists(_paths, max_size=3).map(tuple),
    )


    @settings(max_examples=300, deadline=None)
    @given(_rules)
    def test_property_redirects_file_gives_back_exactly_what_was_not_skipped(rules):
        checked = check_rules(rules)
        assert check_rules(checked) == checked
        want_paths, want_queries = expected(rules)
        text = netlify_redirects(rules)
        paths, queries = parse_redirects(text)
        assert Counter(paths) == want_paths
        assert Counter(queries) == want_queries
        data = script_rules(redirect_script(rules))
        assert Counter((s, unquote(t)) for s, t in data["paths"]) == want_paths
        for target in (nginx_targets(nginx_snippet(rules)) + htaccess_targets(apache_htaccess(rules))
                       + [t for _, t in data["paths"]] + [t for _, _, t in data["query"]]):
            assert_local(target)
        for s in checked.skipped:
            assert s.reason


    @pytest.mark.skipif(nginx_binary() is None or apache_binary() is None,
                        reason="needs both nginx and apache2 (Debian packages `nginx`, `apache2`); .ci/run installs them")
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_rules)
    def test_property_nginx_and_apache_accept_whatever_the_rules_hold(rules):
        with tempfile.TemporaryDirectory(prefix="trackpress-prop-") as tmp:
            output = Path(tmp) / "output"
            write_site(output, rules)
            check = nginx_check(output, Path(tmp) / "nginx")
            assert check.returncode == 0, check.stderr + (output / "nginx-redirects.conf").read_text()
            check = apache_check(output, Path(tmp) / "apache")
            assert check.returncode == 0, check.stderr + (output / ".htaccess").read_text()
