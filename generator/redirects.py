"""Old WordPress URLs a static host does not answer by itself, as redirect
rules for the hosts people use, plus a script for hosts with no rules at all.

WordPress answers `/?p=ID`, `/?page_id=ID`, `/?tag=slug`, `/?cat=ID` and
`/?tag_id=ID` (the term IDs content/terms.yaml keeps), `/?feed=rss2`,
`/feed/atom/`, `/feed/rdf/`, `/feed/rss/`, `/comments/feed/`, each post's
comment feed `…/slug/feed/`, and whatever old URLs a post lists as
`aliases`. One list of rules is written five ways: Netlify-style `_redirects`
(query rules where the host supports them) with `_headers`, Apache
`.htaccess`, an nginx snippet, and `wp-redirects.js`, which the home and 404
pages load to forward what no rule caught.

Safe by construction: every rule goes through `check_rules` before any
writer sees it. A path is judged by what it decodes to (repeatedly, so
`%252F` counts too); one that could lead off the site (`//host`, `/\\host`,
a scheme), holds a control character, a backslash, an empty, `.` or `..`
segment, a segment over 200 bytes, or invalid UTF-8 is refused, and so is a
rule that would shadow the home page or repeat an earlier one. Refused rules
are dropped one by one and listed in `RedirectRules.skipped` with the reason,
so the build can warn; the others stand. What passes is re-encoded into a
tiny alphabet (`A-Z a-z 0-9 / - _ . ~` and `%XX`), and each writer escapes
that once more for its own format, so no value can end a field, a string, a
line or a block, or name a variable or back-reference.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

from .model import Site
from .urls import base_path

FEED_ALIASES = ("/feed/atom/", "/feed/rdf/", "/feed/rss/", "/feed/rss2/", "/comments/feed/")
FEED_QUERY_VALUES = ("rss2", "rss", "atom", "rdf", "comments-rss2")
RSS_TYPE = "application/rss+xml; charset=UTF-8"
MAX_SEGMENT_BYTES = 200            # WordPress caps a slug at 200 bytes (post_name is varchar(200))
MAX_PATH_BYTES = 2000              # far beyond any real URL; keeps every server's limits out of reach
QUERY_PREFIX = "/.wp/"             # _redirects: `/?name=value` hops through `/.wp/name/value`


@dataclass(frozen=True)
class Redirect:
    source: str                    # site path, percent-encoded
    target: str
    query: tuple[str, str] | None = None   # (name, value): matches `source?name=value`
    origin: str = ""               # the file that asked for the rule ("content/posts/a.md"), for messages
    field: str = ""                # the setting in it ("aliases", "id", "slug", "tags", …)


@dataclass(frozen=True)
class SkippedRule:
    """A rule that no writer writes, and why (for the build's warning)."""
    kind: str                      # "path", "query" or "feed"
    rule: Redirect                 # as it was asked for; a feed path is `rule.source`
    reason: str                    # "the old URL /%2F%2Fevil.example/ would lead to another host (//…)"


@dataclass(frozen=True)
class RedirectRules:
    paths: tuple[Redirect, ...]
    queries: tuple[Redirect, ...]
    feeds: tuple[str, ...]         # site paths of feeds, served as RSS
    skipped: tuple[SkippedRule, ...] = ()
    base: str = ""                 # the folder the site is served in ("/blog"), "" at the host's root
    # what check_rules returned these fields as (the very objects): rules still holding them are
    # checked already, and each of the five writers need not check them again (rules changed with
    # dataclasses.replace hold other objects, so they are checked)
    _checked: tuple = field(default=(), repr=False, compare=False)

    def _is_checked(self) -> bool:
        return len(self._checked) == 5 and all(a is b for a, b in zip(self._checked, (
            self.paths, self.queries, self.feeds, self.skipped, self.base)))


def collect_redirects(site: Site, feed_paths: tuple[str, ...]) -> RedirectRules:
    """Every rule the site needs, already checked: `skipped` lists the refused ones."""
    paths: dict[str, Redirect] = {alias: Redirect(alias, "/feed/") for alias in FEED_ALIASES}
    queries: dict[tuple[str, str], Redirect] = {
        ("feed", value): Redirect("/", "/feed/", ("feed", value)) for value in FEED_QUERY_VALUES}
    entries = site.posts + site.pages
    own_urls = {e.url for e in entries}
    # What the build writes itself: an alias there would hide a real page on some hosts.
    written = {_key(u) for u in own_urls | set(feed_paths)} | \
              {_key(t.url) for t in site.tags + site.categories + site.authors}
    skipped: list[SkippedRule] = []
    for entry in entries:
        comments = entry.url + "feed/"
        if comments not in own_urls:                             # a page may really be called "feed"
            paths.setdefault(comments, Redirect(comments, entry.url, None, entry.source, "slug"))
        for alias in entry.aliases:
            if alias == entry.url:
                continue
            rule = Redirect(alias, entry.url, None, entry.source, "aliases")
            if _key(alias) in written:
                skipped.append(SkippedRule("path", rule, f"the old URL {_show(alias)} is a page the build writes"))
            else:
                paths[alias] = rule
        if entry.wp_id is not None:
            queries[("p", str(entry.wp_id))] = Redirect("/", entry.url, ("p", str(entry.wp_id)), entry.source, "id")
            if entry.kind == "page":
                queries[("page_id", str(entry.wp_id))] = Redirect("/", entry.url, ("page_id", str(entry.wp_id)),
                                                                  entry.source, "id")
    for name, terms, field in (("tag", site.tags, "tags"), ("category_name", site.categories, "categories"),
                               ("author_name", site.authors, "author_slug")):
        for term in terms:
            value = unquote(term.slug)
            queries[(name, value)] = Redirect("/", term.url, (name, value), "", field)
    for name, terms in (("cat", site.categories), ("tag_id", site.tags)):       # WordPress's numeric term IDs
        for term in terms:
            if term.wp_id is not None:
                queries[(name, str(term.wp_id))] = Redirect("/", term.url, (name, str(term.wp_id)), term.source, "id")
    rules = RedirectRules(
        paths=tuple(r for _, r in sorted(paths.items())),
        queries=tuple(r for _, r in sorted(queries.items())),
        feeds=tuple(sorted(feed_paths)),
        skipped=tuple(skipped),
        base=base_path(site.config.base_url),
    )
    return check_rules(rules)


def check_rules(rules: RedirectRules) -> RedirectRules:
    """The rules that are safe to write in every format, canonically encoded;
    the rest move to `skipped` with the reason. Idempotent: checking checked
    rules changes nothing. Every writer calls it first, so hand-built rules
    get the same treatment as collected ones."""
    if rules._is_checked():
        return rules
    skipped = list(rules.skipped)
    paths: dict[str, Redirect] = {}
    for r in rules.paths:
        try:
            source = _site_path(r.source, "old URL")
            target = _site_path(r.target, "target")
            if source == "/":
                raise _Refused("the old URL / is the home page, which must not redirect")
            if source.startswith(QUERY_PREFIX) or source == QUERY_PREFIX.rstrip("/"):
                raise _Refused(f"the old URL {_show(r.source)} is reserved for the query rules ({QUERY_PREFIX})")
            if unquote(source) == unquote(target):
                raise _Refused(f"the old URL {_show(r.source)} redirects to itself")
            if r.query is not None:
                raise _Refused("a path rule cannot carry a query")
            key = unquote(source)
            if key in paths:
                raise _Refused(f"the old URL {_show(r.source)} already redirects to {paths[key].target}")
        except _Refused as why:
            skipped.append(SkippedRule("path", r, str(why)))
            continue
        paths[key] = replace(r, source=source, target=target)
    queries: dict[tuple[str, str], Redirect] = {}
    for r in rules.queries:
        try:
            if r.source != "/":
                raise _Refused(f"query rules live on the home page, not {_show(r.source)}")
            if r.query is None:
                raise _Refused("a query rule needs a (name, value)")
            name, value = r.query
            _query_name(name)
            _query_value(value)
            target = _site_path(r.target, "target")
            if (name, value) in queries:
                raise _Refused(f"/?{name}={_show(value)} already redirects to {queries[(name, value)].target}")
        except _Refused as why:
            skipped.append(SkippedRule("query", r, str(why)))
            continue
        queries[(name, value)] = replace(r, target=target)
    feeds: dict[str, str] = {}
    for path in rules.feeds:
        try:
            feed = _site_path(path, "feed")
        except _Refused as why:
            skipped.append(SkippedRule("feed", Redirect(path, ""), str(why)))
            continue
        feeds.setdefault(unquote(feed), feed)
    checked = (tuple(paths[k] for k in sorted(paths)), tuple(queries[k] for k in sorted(queries)),
               tuple(feeds[k] for k in sorted(feeds)), tuple(skipped), _base(rules.base))
    return RedirectRules(*checked, _checked=checked)


# --- what a value may be --------------------------------------------------------------------

def _base(base: object) -> str:
    """The folder prefix every written source and target gets: "" or a checked "/name…" path
    without a trailing slash (a bad one is dropped rather than written)."""
    if not base or not isinstance(base, str):
        return ""
    try:
        checked = _site_path(base.rstrip("/") + "/", "base path")
    except _Refused:
        return ""
    return checked.rstrip("/")


class _Refused(ValueError):
    pass


def _site_path(path: object, what: str) -> str:
    """A path on this site, percent-encoded in the small alphabet, or `_Refused`."""
    if not isinstance(path, str) or not path.startswith("/"):
        raise _Refused(f"the {what} {_show(path)} is not a site path starting with /")
    layers = [path]
    # most paths are already in the small alphabet: nothing to decode, judge or encode (the loop below
    # would find one layer, no scheme, backslash or bad character, and encode it to itself)
    plain = _PLAIN.fullmatch(path) is not None and not path.startswith("//")
    while len(layers) < 6 and not plain:                          # %2F, %252F, %25252F…: judge each decoding
        try:
            decoded = unquote(layers[-1], errors="strict")
        except UnicodeDecodeError:
            raise _Refused(f"the {what} {_show(path)} has percent-escapes that are not UTF-8") from None
        if decoded == layers[-1]:
            break
        layers.append(decoded)
    for text in layers if not plain else ():
        if text.startswith("//") or text.startswith("/\\"):
            raise _Refused(f"the {what} {_show(path)} would lead to another host ({text[:2]}…)")
        if "://" in text:
            raise _Refused(f"the {what} {_show(path)} holds a URL scheme")
        if "\\" in text:
            raise _Refused(f"the {what} {_show(path)} holds a backslash, which browsers read as /")
        bad = _bad_char(text)
        if bad:
            raise _Refused(f"the {what} {_show(path)} holds {bad}")
    decoded = layers[1] if len(layers) > 1 else layers[0]
    segments = decoded.split("/")[1:]
    for i, segment in enumerate(segments):
        if segment in (".", ".."):
            raise _Refused(f"the {what} {_show(path)} has a {segment} segment")
        if segment == "" and i < len(segments) - 1:
            raise _Refused(f"the {what} {_show(path)} has an empty segment (//)")
        size = len(segment.encode("utf-8"))
        if size > MAX_SEGMENT_BYTES:
            raise _Refused(f"the {what} {_show(path)} has a segment of {size} bytes (at most {MAX_SEGMENT_BYTES})")
    encoded = decoded if plain else _encode(decoded, safe="/")
    if len(encoded) > MAX_PATH_BYTES:
        raise _Refused(f"the {what} {_show(path)} is longer than {MAX_PATH_BYTES} bytes")
    return encoded


_PLAIN = re.compile(r"/[A-Za-z0-9_.~/-]*")     # a site path that percent-encoding leaves as it is


def _query_name(name: object) -> None:
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z_]{0,31}", name):
        raise _Refused(f"the query parameter {_show(name)} is not a WordPress query name")


def _query_value(value: object) -> None:
    if not isinstance(value, str) or value == "":
        raise _Refused(f"the query value {_show(value)} is empty")
    bad = _bad_char(value)
    if bad:
        raise _Refused(f"the query value {_show(value)} holds {bad}")
    if value in (".", ".."):
        raise _Refused(f"the query value {_show(value)} would be a {value} segment")
    size = len(value.encode("utf-8"))
    if size > MAX_SEGMENT_BYTES:
        raise _Refused(f"the query value {_show(value)} is {size} bytes (at most {MAX_SEGMENT_BYTES})")


# every character of the categories _bad_char names (Cc: the C0 and C1 controls, Zl, Zp, Cs: surrogates):
# Unicode's stability policy fixes these sets, so one regex search tells whether to look closer
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _bad_char(text: str) -> str:
    """What no rule may hold: control characters, line and paragraph separators,
    lone surrogates (not UTF-8). '' when the text is fine."""
    if not _BAD.search(text):
        return ""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"the control character U+{ord(ch):04X}"
        if category in ("Zl", "Zp"):
            return f"the line break U+{ord(ch):04X}"
        if category == "Cs":
            return f"a lone surrogate U+{ord(ch):04X} (not UTF-8)"
    return ""


def _encode(text: str, safe: str) -> str:
    """Percent-encode everything but `A-Z a-z 0-9 - _ . ~` (and `safe`), lowercase hex as WordPress writes it."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(text, safe=safe))


def _segment(value: str) -> str:
    """A query value as it appears in a URL (percent-encoded, lowercase hex)."""
    return _encode(value, safe="")


def _key(path: str) -> str:
    return unquote(path)


def _show(value: object) -> str:
    """A value as it may appear in a message: repr, shortened."""
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "…" + text[-15:]


# --- the five files ---------------------------------------------------------------------------

_HEADER = "# Written by Trackpress from your posts' and terms' IDs, slugs and aliases: rebuilt on every build.\n"


def netlify_redirects(rules: RedirectRules) -> str:
    """`_redirects` for Netlify and Cloudflare Pages.

    Query rules have four fields; Netlify follows them (`301!` because the
    home page exists), Cloudflare skips lines it cannot read, and the home
    page's script forwards those visitors instead. Fields are separated by
    whitespace and `:name` / `*` are placeholders, so every field is in the
    percent-encoded alphabet (`:`, `*`, spaces, `#` all encoded).
    """
    rules = check_rules(rules)
    b = rules.base
    lines = [_HEADER]
    lines += [f"{b}{r.source}  {b}{r.target}  301\n" for r in rules.paths]
    names = sorted({r.query[0] for r in rules.queries})
    lines += [f"{b}/  {name}=:value  {b}{QUERY_PREFIX}{name}/:value  301!\n" for name in names]
    lines += [f"{b}{QUERY_PREFIX}{r.query[0]}/{_segment(r.query[1])}  {b}{r.target}  301\n" for r in rules.queries]
    return "".join(lines)


def netlify_headers(rules: RedirectRules) -> str:
    """`_headers`: feeds live at …/feed/index.html; say they are RSS."""
    rules = check_rules(rules)
    out = [_HEADER]
    for path in rules.feeds:
        for variant in (rules.base + path, rules.base + path + "index.html"):
            out.append(f"{variant}\n  Content-Type: {RSS_TYPE}\n")
    return "".join(out)


def apache_htaccess(rules: RedirectRules) -> str:
    """`.htaccess` for Apache with mod_rewrite.

    Patterns are matched against the decoded path: every byte but
    `A-Z a-z 0-9 / _ -` is written as a PCRE `\\xHH` escape inside a quoted
    argument, so nothing in a pattern is a quote, a space or a regex operator.
    In a substitution `%N`, `$N` and `%{…}` are back-references and variables:
    the `%` of each percent-escape is written `\\%`.
    """
    rules = check_rules(rules)
    b = rules.base
    out = [_HEADER, f"ErrorDocument 404 {b}/404.html\n\n",
           '<If "%{REQUEST_URI} =~ m#/feed/(index\\.html)?$#">\n',
           f'  ForceType "{RSS_TYPE}"\n</If>\n\n',
           "<IfModule mod_rewrite.c>\nRewriteEngine On\n"]
    if b:
        # the folder is served at `b` (an Alias or a subfolder): patterns stay relative to it
        out.append(f"RewriteBase {_apache_substitution(b + '/')}\n")
    for r in rules.queries:
        name, value = r.query
        # [NC]: browsers may send %E5 where we write %e5; [NE]: the target is already encoded
        out.append(f'RewriteCond %{{QUERY_STRING}} "(^|&){name}={_pcre(_segment(value))}(&|$)" [NC]\n')
        out.append(f"RewriteRule ^$ {_apache_substitution(b + r.target)}? [R=301,L,NE]\n")
    for r in rules.paths:
        pattern = _pcre(unquote(r.source).lstrip("/").rstrip("/"))
        out.append(f'RewriteRule "^{pattern}/?$" {_apache_substitution(b + r.target)} [R=301,L,NE]\n')
    out.append("</IfModule>\n")
    return "".join(out)


def nginx_snippet(rules: RedirectRules) -> str:
    """`nginx-redirects.conf`, included inside a `server { }` block.

    nginx compares `location =` with the decoded path, so each source is
    written decoded in a double-quoted string with `\\` and `"` escaped (the
    check has already refused control characters); `location` strings hold no
    variables, so `$`, `{`, `;` and spaces are plain text there. Targets and
    query patterns are in the percent-encoded alphabet: no `$`, no quote.
    """
    rules = check_rules(rules)
    b = rules.base
    where = ("inside your site's server { } block" if not b else
             f"inside the location that serves this folder at {b}/, e.g.\n"
             f"#   location {b}/ {{ alias /path/to/output/; include /path/to/output/nginx-redirects.conf; }}")
    out = [_HEADER, f"# Include this file {where}.\n",
           f"error_page 404 {b}/404.html;\n",
           "location ~ /feed/(index\\.html)?$ {\n    types { }\n"
           f'    default_type "{RSS_TYPE}";\n}}\n']
    for r in rules.paths:
        out.append(f'location = "{_nginx_string(unquote(b + r.source))}" {{ return 301 "{b}{r.target}"; }}\n')
    out.append(f"location = \"{_nginx_string(unquote(b))}/\" {{\n")
    for r in rules.queries:
        name, value = r.query
        # ~* : percent-escapes compare case-insensitively (%E5 = %e5)
        out.append(f'    if ($arg_{name} ~* "^{_pcre(_segment(value))}$") {{ return 301 "{b}{r.target}"; }}\n')
    # at the host's root the home page is /index.html; in a folder, nginx's index module finds it
    # wherever the enclosing location (root or alias) puts the folder
    out.append("    try_files /index.html =404;\n}\n" if not b else "}\n")
    return "".join(out)


def redirect_script(rules: RedirectRules) -> str:
    """Forwards `/?p=ID` and old paths on hosts that run no redirect rules.

    The rules are JSON arrays read into `Map`s (a key like `__proto__` stays a
    key); `<`, `>`, `&`, U+2028 and U+2029 are written as `\\u` escapes, so
    the data cannot end a `<script>` or a JavaScript line. The script follows
    only targets that are paths on this site.
    """
    rules = check_rules(rules)
    b = rules.base
    data = json.dumps({"query": [[r.query[0], r.query[1], b + r.target] for r in rules.queries],
                       "paths": [[unquote(b + r.source), b + r.target] for r in rules.paths]},
                      ensure_ascii=False, separators=(",", ":"))
    for ch in ("<", ">", "&", "\u2028", "\u2029"):
        data = data.replace(ch, f"\\u{ord(ch):04x}")
    return (
        "// Written by Trackpress: forwards old WordPress links (/?p=ID, /?cat=ID, /?tag=slug, aliases).\n"
        "(function () {\n"
        f"  var rules = {data};\n"
        "  function go(target) {\n"
        "    if (typeof target === 'string' && /^\\/(?![\\/\\\\])/.test(target)) {\n"
        "      window.location.replace(target);\n"
        "      return true;\n"
        "    }\n"
        "    return false;\n"
        "  }\n"
        "  var params = new URLSearchParams(window.location.search);\n"
        "  for (var i = 0; i < rules.query.length; i++) {\n"
        "    var rule = rules.query[i];\n"
        "    if (params.get(rule[0]) === rule[1] && go(rule[2])) { return; }\n"
        "  }\n"
        "  var paths = new Map(rules.paths);\n"
        "  var path;\n"
        "  try { path = decodeURIComponent(window.location.pathname); } catch (e) { return; }\n"
        "  go(paths.get(path) || paths.get(path + '/'));\n"
        "})();\n"
    )


def _pcre(text: str) -> str:
    """A literal for a PCRE pattern (nginx, Apache): `A-Z a-z 0-9 / _ - %` as
    they are, `.` as `\\.`, every other byte as `\\xHH`, so the pattern holds
    no quote, space, `$`, brace or operator in any config syntax."""
    out = []
    for b in text.encode("utf-8"):
        ch = chr(b)
        out.append(ch if ch.isascii() and (ch.isalnum() or ch in "/_-%") else "\\." if ch == "." else f"\\x{b:02x}")
    return "".join(out)


def _apache_substitution(target: str) -> str:
    """A checked target (only `A-Z a-z 0-9 / - _ . ~ %XX`) with `%` escaped for mod_rewrite."""
    assert re.fullmatch(r"/[A-Za-z0-9/_.~%-]*", target), target
    return target.replace("%", "\\%")


def _nginx_string(text: str) -> str:
    """Inside nginx's double quotes: `\\` and `"` are the only special characters
    (control characters were refused by the check)."""
    assert not _bad_char(text), text
    return text.replace("\\", "\\\\").replace('"', '\\"')
