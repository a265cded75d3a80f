"""theme.Fragments: a partial rendered once per run and reused, only where its output cannot differ.

Each test renders the same pages with and without a run's Fragments and wants the same text: a
fragment kept under a key that misses something it reads would show one page's text on another.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings, strategies as st
from markupsafe import Markup

from generator.theme import Theme, find_theme


def make_theme(tmp_path: Path, templates: dict[str, str]) -> Theme:
    folder = tmp_path / "themes" / "mine" / "templates"
    for name, text in templates.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return Theme(find_theme(tmp_path, "mine"), tmp_path)


def pages(theme: Theme, contexts: list[dict], stable: tuple = (), posts: list[dict] = ()) -> tuple[list[str], list[str]]:
    """Every context rendered through page.html without Fragments, then with one run's Fragments."""
    plain = [theme.render("page.html", c, "test") for c in contexts]
    fragments = theme.fragments(*stable)
    for i, p in enumerate(posts):
        fragments.stable(p, ("post", i))
    kept = [theme.render("page.html", c, "test", fragments) for c in contexts]
    return plain, kept


LISTING = '{% for post in posts %}{% include "card.html" %}{% endfor %}'


def test_a_card_is_rendered_twice_then_reused(tmp_path):
    t = make_theme(tmp_path, {"page.html": LISTING, "card.html": "<{{ post.title }} {{ tick() }}>"})
    count = itertools.count(1)
    t.env.globals["tick"] = lambda: next(count)       # a side effect shows how often the card really rendered
    post = {"title": "Night Drive"}
    fragments = t.fragments(*t.env.globals.values())
    fragments.stable(post, "night-drive")
    out = [t.render("page.html", {"posts": [post]}, "test", fragments) for _ in range(5)]
    assert out == ["<Night Drive 1>", "<Night Drive 2>", "<Night Drive 2>", "<Night Drive 2>", "<Night Drive 2>"]


def test_once_cards_are_reused_a_new_card_is_kept_the_first_time(tmp_path):
    # the first card renders twice before it is kept; once it has been reused, a card of the same
    # template is kept the first time it is met (it will be met again); the text is the same
    t = make_theme(tmp_path, {"page.html": LISTING, "card.html": "<{{ post.title }} {{ tick() }}>"})
    count = itertools.count(1)
    t.env.globals["tick"] = lambda: next(count)
    first, second = {"title": "Night Drive"}, {"title": "Low End"}
    fragments = t.fragments(*t.env.globals.values())
    fragments.stable(first, "night-drive")
    fragments.stable(second, "low-end")
    out = [t.render("page.html", {"posts": [first]}, "test", fragments) for _ in range(3)]
    out += [t.render("page.html", {"posts": [second]}, "test", fragments) for _ in range(3)]
    assert out == ["<Night Drive 1>", "<Night Drive 2>", "<Night Drive 2>", "<Low End 3>", "<Low End 3>", "<Low End 3>"]


def test_a_partial_met_once_per_key_is_never_kept_the_first_time(tmp_path):
    # a post's own partial (one per post page): kept only when met again, so one-offs do not fill the limit
    t = make_theme(tmp_path, {"page.html": '{% include "meta.html" %}', "meta.html": "<{{ post.title }} {{ tick() }}>"})
    count = itertools.count(1)
    t.env.globals["tick"] = lambda: next(count)
    posts = [{"title": f"Take {i}"} for i in range(6)]
    fragments = t.fragments(*t.env.globals.values())
    for i, post in enumerate(posts):
        fragments.stable(post, i)
    out = [t.render("page.html", {"post": post}, "test", fragments) for post in posts]
    assert out == [f"<Take {i} {i + 1}>" for i in range(6)]
    assert fragments._size == 0


def test_a_template_whose_kept_fragments_are_not_reused_stops_being_kept_early(tmp_path):
    # one key reused many times, then many keys met once: first-sight keeping stops once the kept
    # ones outnumber the reuses, and what is rendered is the same as without Fragments
    t = make_theme(tmp_path, {"page.html": '{% include "meta.html" %}', "meta.html": "<{{ post.title }}>"})
    posts = [{"title": f"Take {i}"} for i in range(40)]
    contexts = [{"post": posts[0]}] * 4 + [{"post": p} for p in posts[1:]]
    plain, kept = pages(t, contexts, posts=posts)
    assert kept == plain
    fragments = t.fragments()
    for i, post in enumerate(posts):
        fragments.stable(post, i)
    for c in contexts:
        t.render("page.html", c, "test", fragments)
    assert len(fragments._done) <= 4                  # the reused one and the few kept before the reuses ran out


def test_prepare_compiles_what_pages_reach_and_reads_the_same(tmp_path):
    templates = {"page.html": '{% extends "base.html" %}{% block body %}{% include "card.html" %}{% endblock %}',
                 "base.html": "{{ site }}{% block body %}{% endblock %}", "card.html": "{{ post.title }}{{ note }}",
                 "broken.html": "{% if %}", "dynamic.html": "{% include name %}"}
    lazy, ready = make_theme(tmp_path / "a", templates), make_theme(tmp_path / "b", templates)
    ready.prepare(("page.html", "broken.html", "dynamic.html", "missing.html"))
    compiled = set(ready.env.cache) if ready.env.cache is not None else set()
    assert {name for _, name in compiled} >= {"page.html", "base.html", "card.html"}
    for name in ("page.html", "base.html", "card.html", "broken.html", "dynamic.html", "missing.html"):
        assert ready._reads_of(name) == lazy._reads_of(name)
    assert lazy._reads_of("page.html") == ("base_path", "note", "post", "site")
    assert lazy._reads_of("dynamic.html") is None and lazy._reads_of("broken.html") is None
    context = {"site": "S", "post": {"title": "T"}, "note": "!"}
    assert ready.render("page.html", context, "test") == lazy.render("page.html", context, "test") == "ST!"


def test_a_view_made_again_with_the_same_token_finds_its_card(tmp_path):
    t = make_theme(tmp_path, {"page.html": LISTING, "card.html": "<{{ post.title }} {{ tick() }}>"})
    count = itertools.count(1)
    t.env.globals["tick"] = lambda: next(count)
    fragments = t.fragments(*t.env.globals.values())
    out = []
    for _ in range(4):                                # a view made again, with the same token each time
        post = fragments.stable({"title": "Night Drive"}, "night-drive")
        out.append(t.render("page.html", {"posts": [post]}, "test", fragments))
    assert out == ["<Night Drive 1>", "<Night Drive 2>", "<Night Drive 2>", "<Night Drive 2>"]


def test_what_a_card_reads_from_the_page_is_part_of_its_key(tmp_path):
    # the position (a local of the page's loop) and archive.kind differ per page: a card that shows
    # them is never reused wrongly
    t = make_theme(tmp_path, {"page.html": '{% for post in posts %}{% set n = loop.index %}{% include "card.html" %}{% endfor %}',
                              "card.html": "[{{ n }} {{ post.title }} {{ archive.kind }} {{ heading }}]"})
    posts = [{"title": "A"}, {"title": "B"}]
    contexts = [{"posts": posts, "archive": {"kind": k}, "heading": h}
                for k, h in [("tag", "Tag"), ("tag", "Tag"), ("day", "Day"), ("tag", "Other")]]
    contexts.append({"posts": posts[::-1], "archive": contexts[0]["archive"], "heading": "Tag"})
    plain, kept = pages(t, contexts, posts=posts)
    assert kept == plain
    assert "[1 B tag Tag][2 A tag Tag]" in kept[-1]


def test_short_strings_key_by_value_and_other_values_are_not_kept(tmp_path):
    t = make_theme(tmp_path, {"page.html": '{% for post in posts %}{% with level=level %}{% include "card.html" %}{% endwith %}{% endfor %}',
                              "card.html": "<h{{ level }}>{{ post.title }}{{ note }}</h{{ level }}>"})
    post = {"title": "Loop"}
    contexts = [{"posts": [post], "level": level, "note": note}
                for level, note in [(2, ""), (2, ""), (3, ""), (True, ""), (1, ""), (2, Markup("<b>x</b>")),
                                    (2, "<b>x</b>"), (2, "x" * 500), (2, "y" * 500), (2, "x" * 500)]]
    plain, kept = pages(t, contexts, posts=[post])
    assert kept == plain
    assert kept[3] == "<hTrue>Loop</hTrue>" and kept[4] == "<h1>Loop</h1>"          # True is not 1
    assert kept[5] != kept[6]                                                       # Markup is not str


def test_an_object_not_registered_is_never_a_key(tmp_path):
    t = make_theme(tmp_path, {"page.html": LISTING, "card.html": "{{ post.title }}"})
    contexts = [{"posts": [{"title": name}]} for name in ["A", "A", "B", "B", "C"]]   # new dicts each page
    plain, kept = pages(t, contexts)
    assert kept == plain == ["A", "A", "B", "B", "C"]


def test_a_site_swapped_by_a_child_template_changes_the_key(tmp_path):
    t = make_theme(tmp_path, {
        "page.html": '{% for post in posts %}{% include "card.html" %}{% with site=other %}{% include "card.html" %}{% endwith %}{% endfor %}',
        "card.html": "({{ post.title }} on {{ site.title }})"})
    site, other, post = {"title": "Main"}, {"title": "Other"}, {"title": "P"}
    contexts = [{"posts": [post], "site": site, "other": other}] * 4
    plain, kept = pages(t, contexts, stable=(site, other), posts=[post])
    assert kept == plain and kept[-1] == "(P on Main)(P on Other)"


def test_a_card_that_extends_or_includes_by_name_or_expression(tmp_path):
    t = make_theme(tmp_path, {
        "page.html": '{% for post in posts %}{% include "card.html" %}{% include "dyn.html" %}{% endfor %}',
        "card.html": '{% extends "frame.html" %}{% block inner %}{{ post.title }}{% endblock %}',
        "frame.html": "<{% block inner %}{% endblock %}|{{ post.title }}>",
        "dyn.html": "{% include which %}",
        "one.html": "1:{{ post.title }}", "two.html": "2:{{ post.title }}"})
    post = {"title": "T"}
    contexts = [{"posts": [post], "which": w} for w in ["one.html", "two.html", "one.html", "two.html", "two.html"]]
    plain, kept = pages(t, contexts, posts=[post])
    assert kept == plain
    assert kept[:2] == ["<T|T>1:T", "<T|T>2:T"]


def test_a_conditional_set_in_a_partial_still_reads_the_context(tmp_path):
    t = make_theme(tmp_path, {"page.html": LISTING,
                              "card.html": "{% if post.big %}{% set size = 'L' %}{% endif %}{{ post.title }}{{ size }}"})
    posts = [{"title": "A", "big": True}, {"title": "B", "big": False}]
    contexts = [{"posts": posts, "size": s} for s in ["s", "m", "s", "m"]]
    plain, kept = pages(t, contexts, posts=posts)
    assert kept == plain and kept[1] == "ALBm"


def test_a_partial_imported_with_context_still_defines_its_macros(tmp_path):
    t = make_theme(tmp_path, {
        "page.html": '{% for post in posts %}{% import "macros.html" as m with context %}{% from "macros.html" import shout with context %}'
                     '{{ m.card() }}{{ shout() }}{% include "macros.html" %}{% endfor %}',
        "macros.html": "{% set mark = '*' %}{% macro card() %}[{{ post.title }}{{ mark }}]{% endmacro %}"
                       "{% macro shout() %}{{ post.title|upper }}{% endmacro %}({{ post.title }})"})
    post = {"title": "Hook"}
    contexts = [{"posts": [post, post]}] * 4
    plain, kept = pages(t, contexts, posts=[post])
    assert kept == plain == ["[Hook*]HOOK(Hook)[Hook*]HOOK(Hook)"] * 4


def test_nothing_is_kept_past_the_limit(tmp_path):
    t = make_theme(tmp_path, {"page.html": LISTING, "card.html": "<{{ post.title }} {{ tick() }}>"})
    count = itertools.count(1)
    t.env.globals["tick"] = lambda: next(count)
    post = {"title": "N"}
    fragments = t.fragments(*t.env.globals.values())
    fragments.stable(post, "n")
    fragments.limit = 0
    out = [t.render("page.html", {"posts": [post]}, "test", fragments) for _ in range(3)]
    assert out == ["<N 1>", "<N 2>", "<N 3>"]


def test_the_default_theme_with_a_child_card_that_reads_the_page(tmp_path):
    """A child theme's card override reading page values, rendered by the parent's archive.html."""
    folder = tmp_path / "themes" / "kid"
    (folder / "templates" / "partials").mkdir(parents=True)
    (folder / "theme.toml").write_text('parent = "default"\n', encoding="utf-8")
    (folder / "templates" / "partials" / "post-card.html").write_text(
        "<li>{{ pagination.current }}. {{ post.title }} in {{ archive.heading }}</li>\n", encoding="utf-8")
    t = Theme(find_theme(tmp_path, "kid"), tmp_path)
    common = {"site": {"title": "S", "tagline": "", "language": "en", "icon": "", "home_url": "/", "nav": [],
                       "social": [], "author": "R", "base_url": "https://s.example"},
              "base_path": "", "static": "/static/", "redirect_script": "", "search_url": "", "generator": "T"}
    posts = [{"title": n, "lang": "en"} for n in ["One", "Two", "Three"]]
    share = {"site_name": "S", "locale": "en", "type": "website", "title": "t", "description": "", "url": "u",
             "image": None, "published_time": "", "author": "", "twitter": {"card": "summary", "site": ""}, "json_ld": ""}
    contexts = [{**common, "page_title": "p", "canonical": "c", "feed": {"url": "/feed/", "title": "f"},
                 "description": "", "share": share, "posts": order,
                 "pagination": {"current": n, "total": 1, "pages": [], "prev_url": None, "next_url": None},
                 "archive": {"kind": "tag", "name": h, "heading": h, "description": ""}}
                for order, h, n in [(posts, "Tag: A", 1), (posts[::-1], "Tag: A", 1), (posts, "Tag: B", 3)]]
    plain = [t.render("archive.html", c, "test") for c in contexts]
    fragments = t.fragments(*common.values())
    for i, p in enumerate(posts):
        fragments.stable(p, i)
    kept = [t.render("archive.html", c, "test", fragments) for c in contexts]
    assert kept == plain
    assert "<li>1. Three in Tag: A</li>" in kept[1] and "<li>3. Three in Tag: B</li>" in kept[2]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["", "x", "y"]), st.booleans()), min_size=1, max_size=12))
def test_random_listings_render_the_same_with_fragments(tmp_path_factory, pages_spec):
    tmp_path = tmp_path_factory.mktemp("fragments")
    t = make_theme(tmp_path, {
        "page.html": '{% for post in posts %}{% include "card.html" %}{% endfor %}{% include "foot.html" %}',
        "card.html": '{% include "meta.html" %}{{ post.title }}{% if flag %}!{% endif %}',
        "meta.html": "{{ post.n }}{{ extra }}{{ show_author if show_author is defined else '' }}",
        "foot.html": "[{{ site.title }}]"})
    site = {"title": "S"}
    posts = [{"title": f"P{i}", "n": i} for i in range(4)]
    contexts = []
    for first, extra, flag in pages_spec:
        context = {"posts": posts[first:] + posts[:first], "extra": extra, "flag": flag, "site": site}
        if flag and extra == "y":
            context["show_author"] = True
        contexts.append(context)
    plain, kept = pages(t, contexts, stable=(site,), posts=posts)
    assert kept == plain
