"""Old WordPress URLs a static host does not answer by itself, as redirect
rules for the hosts people use, plus a script for hosts with no rules at all.

WordPress answers `/?p=ID`, `/?page_id=ID`, `/?tag=slug`, `/?feed=rss2`,
`/feed/atom/`, `/feed/rdf/`, `/feed/rss/`, `/comments/feed/`, each post's
comment feed `…/slug/feed/`, and whatever old URLs a post lists as
`aliases`. One list of rules is written four ways: Netlify-style `_redirects`
(query rules where the host supports them) with `_headers`, Apache
`.htaccess`, an nginx snippet, and `wp-redirects.js`, which the home and 404
pages load to forward what no rule caught.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from .model import Site

FEED_ALIASES = ("/feed/atom/", "/feed/rdf/", "/feed/rss/", "/feed/rss2/", "/comments/feed/")
FEED_QUERY_VALUES = ("rss2", "rss", "atom", "rdf", "comments-rss2")
RSS_TYPE = "application/rss+xml; charset=UTF-8"


@dataclass(frozen=True)
class Redirect:
    source: str                    # site path, percent-encoded
    target: str
    query: tuple[str, str] | None = None   # (name, value): matches `source?name=value`


@dataclass(frozen=True)
class RedirectRules:
    paths: tuple[Redirect, ...]
    queries: tuple[Redirect, ...]
    feeds: tuple[str, ...]         # site paths of feeds, served as RSS


def collect_redirects(site: Site, feed_paths: tuple[str, ...]) -> RedirectRules:
    paths: dict[str, str] = {alias: "/feed/" for alias in FEED_ALIASES}
    queries: dict[tuple[str, str], str] = {("feed", value): "/feed/" for value in FEED_QUERY_VALUES}
    entries = site.posts + site.pages
    own_urls = {e.url for e in entries}
    for entry in entries:
        if entry.url + "feed/" not in own_urls:                  # a page may really be called "feed"
            paths.setdefault(entry.url + "feed/", entry.url)     # its comments feed
        for alias in entry.aliases:
            if alias != entry.url:
                paths[alias] = entry.url
        if entry.wp_id is not None:
            queries[("p", str(entry.wp_id))] = entry.url
            if entry.kind == "page":
                queries[("page_id", str(entry.wp_id))] = entry.url
    for term in site.tags:
        queries[("tag", unquote(term.slug))] = term.url
    for term in site.categories:
        queries[("category_name", unquote(term.slug))] = term.url
    for term in site.authors:
        queries[("author_name", unquote(term.slug))] = term.url
    return RedirectRules(
        paths=tuple(Redirect(s, t) for s, t in sorted(paths.items())),
        queries=tuple(Redirect("/", t, q) for q, t in sorted(queries.items())),
        feeds=tuple(sorted(feed_paths)),
    )


_HEADER = "# Written by Trackpress from your posts' IDs, slugs and aliases: rebuilt on every build.\n"


def netlify_redirects(rules: RedirectRules) -> str:
    """`_redirects` for Netlify and Cloudflare Pages.

    Query rules have four fields; Netlify follows them (`301!` because the
    home page exists), Cloudflare skips lines it cannot read, and the home
    page's script forwards those visitors instead.
    """
    lines = [_HEADER]
    lines += [f"{r.source}  {r.target}  301\n" for r in rules.paths]
    names = sorted({r.query[0] for r in rules.queries})
    lines += [f"/  {name}=:value  /.wp/{name}/:value  301!\n" for name in names]
    lines += [f"/.wp/{r.query[0]}/{_segment(r.query[1])}  {r.target}  301\n" for r in rules.queries]
    return "".join(lines)


def netlify_headers(rules: RedirectRules) -> str:
    """`_headers`: feeds live at …/feed/index.html; say they are RSS."""
    out = [_HEADER]
    for path in rules.feeds:
        for variant in (path, path + "index.html"):
            out.append(f"{variant}\n  Content-Type: {RSS_TYPE}\n")
    return "".join(out)


def apache_htaccess(rules: RedirectRules) -> str:
    out = [_HEADER, "ErrorDocument 404 /404.html\n\n",
           '<If "%{REQUEST_URI} =~ m#/feed/(index\\.html)?$#">\n',
           f'  ForceType "{RSS_TYPE}"\n</If>\n\n',
           "<IfModule mod_rewrite.c>\nRewriteEngine On\n"]
    for r in rules.queries:
        name, value = r.query
        # [NC]: browsers may send %E5 where we write %e5; [NE]: the target is already encoded
        out.append(f"RewriteCond %{{QUERY_STRING}} (^|&){re.escape(name)}={re.escape(_segment(value))}(&|$) [NC]\n")
        out.append(f"RewriteRule ^$ {r.target}? [R=301,L,NE]\n")
    for r in rules.paths:
        pattern = re.escape(unquote(r.source).lstrip("/")).replace("\\ ", " ")
        out.append(f'RewriteRule "^{pattern.rstrip("/")}/?$" {r.target} [R=301,L,NE]\n')
    out.append("</IfModule>\n")
    return "".join(out)


def nginx_snippet(rules: RedirectRules) -> str:
    out = [_HEADER, "# Include this file inside your site's server { } block.\n",
           "error_page 404 /404.html;\n",
           "location ~ /feed/(index\\.html)?$ {\n    types { }\n"
           f'    default_type "{RSS_TYPE}";\n}}\n']
    for r in rules.paths:
        # nginx matches locations against the decoded path
        out.append(f'location = "{unquote(r.source)}" {{ return 301 {r.target}; }}\n')
    out.append("location = / {\n")
    for r in rules.queries:
        name, value = r.query
        # ~* : percent-escapes compare case-insensitively (%E5 = %e5)
        out.append(f'    if ($arg_{name} ~* "^{re.escape(_segment(value))}$") {{ return 301 {r.target}; }}\n')
    out.append("    try_files /index.html =404;\n}\n")
    return "".join(out)


def redirect_script(rules: RedirectRules) -> str:
    """Forwards `/?p=ID` and old paths on hosts that run no redirect rules."""
    query: dict[str, dict[str, str]] = {}
    for r in rules.queries:
        query.setdefault(r.query[0], {})[r.query[1]] = r.target
    data = json.dumps({"query": query, "paths": {unquote(r.source): r.target for r in rules.paths}},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    return (
        "// Written by Trackpress: forwards old WordPress links (/?p=ID, /?tag=slug, aliases).\n"
        "(function () {\n"
        f"  var rules = {data};\n"
        "  var params = new URLSearchParams(window.location.search);\n"
        "  for (var name in rules.query) {\n"
        "    var value = params.get(name);\n"
        "    if (value !== null && Object.prototype.hasOwnProperty.call(rules.query[name], value)) {\n"
        "      window.location.replace(rules.query[name][value]);\n"
        "      return;\n"
        "    }\n"
        "  }\n"
        "  var path = decodeURIComponent(window.location.pathname);\n"
        "  var target = rules.paths[path] || rules.paths[path + '/'];\n"
        "  if (target) { window.location.replace(target); }\n"
        "})();\n"
    )


def _segment(value: str) -> str:
    """A query value as it appears in a URL (percent-encoded, lowercase hex)."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(value, safe=""))
