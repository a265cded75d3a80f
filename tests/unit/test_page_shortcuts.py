"""The shortcuts that make producing pages cheaper give what the long way gives, for any input.

Each shortcut is checked against the long way (the code it replaced, kept here as the oracle) on
text Hypothesis makes from the characters that matter to it: controls, separators, surrogates,
percent-escapes, quotes, spaces of every kind and the letters re.IGNORECASE folds ("ſ", "İ", "ı").
"""
from __future__ import annotations

import json
import re
import unicodedata

import jinja2
import pytest
from hypothesis import example, given, settings, strategies as st

from generator import feeds, redirects, seo
from generator.theme import _Environment

# --- redirects: _bad_char's regex pre-check and _site_path's plain-path shortcut -------------------

def _bad_char_long_way(text: str) -> str:
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"the control character U+{ord(ch):04X}"
        if category in ("Zl", "Zp"):
            return f"the line break U+{ord(ch):04X}"
        if category == "Cs":
            return f"a lone surrogate U+{ord(ch):04X} (not UTF-8)"
    return ""


def test_the_bad_character_regex_is_exactly_the_categories():
    every = "".join(map(chr, range(0x110000)))
    assert {c for c in every if redirects._BAD.match(c)} == {c for c in every if _bad_char_long_way(c)}


@settings(deadline=None)
@given(st.text(st.sampled_from("a/é\x00\x1f\x7f\x85\x9f\u2028\u2029\ud800\udfff \t%")))
def test_bad_char_says_what_the_long_way_says(text):
    assert redirects._bad_char(text) == _bad_char_long_way(text)


PATH_CHARS = st.sampled_from(list("/abcZ09-_.~%2F5cE9") + ["%2e", "%2E%2e", "%2F", "%25", "//", ":", "\\", "é", "\x00", " ", "?"])


def _judged(path: str):
    try:
        return ("ok", redirects._site_path(path, "target"))
    except redirects._Refused as why:
        return ("refused", str(why))


@settings(max_examples=400, deadline=None)
@given(st.builds(lambda parts: "/" + "".join(parts), st.lists(PATH_CHARS, max_size=14)))
@example("/" + "a" * 300 + "/")
@example("/a/./b/")
@example("/a//b/")
@example("//evil.example/")
@example("/" + "/".join(["abcdefgh"] * 300))
def test_a_plain_path_is_judged_as_the_long_way_judges_it(path):
    short = _judged(path)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(redirects, "_PLAIN", re.compile(r"(?!)"))          # never plain: every path the long way
        long = _judged(path)
    assert short == long


def test_checked_rules_are_not_checked_again_but_changed_ones_are():
    from dataclasses import replace
    checked = redirects.check_rules(redirects.RedirectRules(
        paths=(redirects.Redirect("/old/", "/new/"), redirects.Redirect("/x/", "//evil.example/")), queries=(), feeds=("/feed/",)))
    assert [r.source for r in checked.paths] == ["/old/"] and len(checked.skipped) == 1
    assert redirects.check_rules(checked) is checked                 # the writers' check: nothing to do
    for changed in (replace(checked, paths=checked.paths + (redirects.Redirect("/y/", "//evil.example/"),)),
                    redirects.RedirectRules(checked.paths + (redirects.Redirect("/y/", "/\\evil/"),), (), ())):
        again = redirects.check_rules(changed)
        assert again is not changed and [r.source for r in again.paths] == ["/old/"]
        for write in (redirects.netlify_redirects, redirects.apache_htaccess, redirects.nginx_snippet):
            assert "evil" not in write(changed)


# --- feeds: site links made absolute from "=" rather than at every space --------------------------

_SITE_PATH_ATTR_RE = re.compile(r"""(\s(?:href|src|poster|action|cite|data)\s*=\s*)(["']?)(/(?![/\\]))""", re.I)
_SRCSET_RE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def _absolute_urls_long_way(fragment: str, base_url: str) -> str:
    if "/" not in fragment:
        return fragment
    base = base_url.rstrip("/")
    fragment = _SITE_PATH_ATTR_RE.sub(lambda m: m.group(1) + m.group(2) + base + m.group(3), fragment)

    def srcset(m):
        parts = [p.strip() for p in m.group(3).split(",")]
        fixed = [base + p if p.startswith("/") and not p.startswith("//") else p for p in parts]
        return f"{m.group(1)}{m.group(2)}{', '.join(fixed)}{m.group(2)}"
    return _SRCSET_RE.sub(srcset, fragment)


HTML_BITS = st.sampled_from([
    " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "<a", "<img", " href", " HREF", " src", " ſrc", " SRC", " data",
    " poster", " action", " cite", " srcset", " SRCSET", " ſrcset", "xhref", "href", "=", " = ", '"', "'", "/", "//",
    "\\", "/a", "/b.jpg 2x", ",", ">", "text", "İ", "ı", "ſ", "datasrc"])


@settings(max_examples=600, deadline=None)
@given(st.lists(HTML_BITS, max_size=30).map("".join))
@example('<a href="/a">x</a> <img src=/b.jpg srcset="/b.jpg 1x, /c.jpg 2x">')
@example('<a\u2003HrEf \t=\n "/x">')
@example('<a ſrc="/x"> <img ſrcset="/a 1x">')
@example('href="/at-the-start"')
def test_absolute_urls_gives_what_the_long_way_gives(fragment):
    assert feeds.absolute_urls(fragment, "https://beats.example/blog/") == \
        _absolute_urls_long_way(fragment, "https://beats.example/blog/")


# --- seo: JSON-LD escaped with one translate ------------------------------------------------------

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@settings(deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(st.sampled_from("a<>&/\u2028\u2029\"\\é</script>")),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=8))
def test_script_json_is_the_character_by_character_escape(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out = seo.script_json(data)
    assert out == "".join(_ESCAPES.get(c, c) for c in text)
    assert json.loads(out) == data and "<" not in out and "\u2028" not in out


# --- theme: a view dict's keys looked up without an AttributeError ---------------------------------

@pytest.mark.parametrize("name", ["url", "items", "keys", "get", "__class__", "__len__", "copy", "missing", "pop"])
def test_attribute_lookup_on_a_dict_is_jinjas(name):
    plain, ours = jinja2.Environment(), _Environment()
    obj = {"url": "/a/", "items": "shadowed key", "keys": 3, "copy": None}
    a, b = plain.getattr(obj, name), ours.getattr(obj, name)
    if isinstance(a, jinja2.Undefined):
        assert isinstance(b, jinja2.Undefined) and b._undefined_name == a._undefined_name
    else:
        assert a == b and type(a) is type(b)


class _Subclass(dict):
    title = "attribute wins"


def test_a_dict_subclass_keeps_jinjas_attribute_first_rule():
    env = _Environment()
    assert env.getattr(_Subclass(title="key"), "title") == "attribute wins"
    assert env.from_string("{{ d.title }} {{ p.url }}").render(d=_Subclass(title="key"), p={"url": "/x/"}) == \
        "attribute wins /x/"


# --- render: a listing's pager links made once per listing -------------------------------------------

def _pagination_long_way(url: str, number: int, total: int, prefix: str) -> dict:
    from generator.urls import site_url
    base = url if number == 1 else url.rsplit("page/", 1)[0]

    def link(n: int) -> str:
        return site_url(prefix, base if n == 1 else f"{base}page/{n}/")

    return {"current": number, "total": total, "prev_url": link(number - 1) if number > 1 else None,
            "next_url": link(number + 1) if number < total else None,
            "pages": [{"number": n, "url": link(n), "current": n == number} for n in range(1, total + 1)]}


@settings(deadline=None)
@given(listings=st.lists(st.tuples(st.sampled_from(["/", "/tag/page/", "/category/x/", "/2024/06/"]),
                                   st.integers(1, 12), st.sampled_from(["", "/blog", "https://cdn.example/"])),
                         min_size=1, max_size=5))
def test_shared_pager_links_are_the_long_ways(listings):
    """Every page of every listing, in any order and with listings sharing a base, gets the long way's pager."""
    from generator.model import PlannedOutput
    from generator.render import _pagination
    shared: dict = {}
    for base, total, prefix in listings:
        for number in reversed(range(1, total + 1)):
            url = base if number == 1 else f"{base}page/{number}/"
            output = PlannedOutput("home", url, "", "", (), number=number, total=total)
            assert _pagination(output, prefix, shared) == _pagination_long_way(url, number, total, prefix)
            assert _pagination(output, prefix) == _pagination_long_way(url, number, total, prefix)
