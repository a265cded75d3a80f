"""content/terms.yaml → Vocabulary: every problem at its line, and how front matter finds a term."""
from __future__ import annotations

import pytest

from generator.errors import Reporter
from generator.terms import parse_terms


def problems(text: str) -> list[str]:
    return [str(d) for d in parse_terms(text)[1]]


def test_a_full_file_reads_back_in_order():
    vocabulary, found = parse_terms(
        "categories:\n"
        "  - name: Insights\n    slug: insights\n"
        "  - name: \"Music Business\"\n    slug: music-business\n    parent: insights\n"
        "    description: \"Royalties, licensing\\nand contracts.\"\n"
        "tags:\n  - {name: 夜, slug: yoru}\n")
    assert found == ()
    [top, child] = vocabulary.categories
    assert (top.name, top.slug, top.parent, top.line) == ("Insights", "insights", "", 2)
    assert (child.slug, child.parent, child.description) == ("music-business", "insights", "Royalties, licensing\nand contracts.")
    assert vocabulary.tags[0].slug == "yoru"
    assert vocabulary.path("category", "music-business") == ("insights", "music-business")


def test_an_empty_or_missing_file_is_an_empty_vocabulary():
    assert parse_terms("")[0].categories == ()
    assert parse_terms("categories:\ntags:\n") [1] == ()


def test_multilingual_names_are_found_by_slug_first_then_by_name():
    vocabulary, _ = parse_terms("tags:\n  - {name: Night, slug: night}\n  - {name: Night, slug: night-fr}\n"
                                "  - {name: nuit, slug: night-2}\n")
    assert vocabulary.find("tag", "night-fr")[0].slug == "night-fr"
    term, matches = vocabulary.find("tag", "Night")
    assert term.slug == "night" and len(matches) == 2           # shared name: the first, and both reported
    assert vocabulary.find("tag", "NUIT")[0].slug == "night-2"   # a name ignoring case, last
    assert vocabulary.find("tag", "unknown") == (None, ())
    assert vocabulary.find("category", "night") == (None, ())    # kinds apart


@pytest.mark.parametrize("text, expected", [
    ("categories: [\n", "content/terms.yaml:2: is not valid YAML"),
    ("- a\n- b\n", "content/terms.yaml:1: is not a mapping of categories: and tags:"),
    ("tags: yoru\n", "content/terms.yaml:1: tags: is not a list of terms"),
    ("tags:\n  - yoru\n", 'content/terms.yaml:2: tags: "yoru" is not a term'),
    ("tags:\n  - slug: yoru\n", "content/terms.yaml:2: name: missing — give every term its name"),
    ("tags:\n  - name: 夜\n", "content/terms.yaml:2: slug: missing — give every term its slug"),
    ("tags:\n  - name: 夜\n    slug: \"\"\n", "content/terms.yaml:3: slug: is empty"),
    ("tags:\n  - name: x\n    slug: a/b\n", 'content/terms.yaml:3: slug: the slug "a/b" contains /'),
    ("tags:\n  - name: x\n    slug: \"..\"\n", 'content/terms.yaml:3: slug: the slug ".." is a . or ..'),
    ("tags:\n  - name: x\n    slug: \"%e5%a4%9c\"\n", "content/terms.yaml:3: slug: the slug \"%e5%a4%9c\" is percent-encoded"),
    ("tags:\n  - name: x\n    slug: [a]\n", "content/terms.yaml:3: slug: ['a'] is not text"),
    ("tags:\n  - name: x\n    slug: x\n    parent: y\n", "content/terms.yaml:4: parent: tags have no parent"),
    ("tags:\n  - {name: A, slug: a}\n  - {name: B, slug: A}\n",
     "content/terms.yaml:3: slug: the tag slug 'A' is also the slug of 'A' (line 2)"),
    ("categories:\n  - {name: A, slug: a, parent: nowhere}\n",
     "content/terms.yaml:2: parent: 'nowhere' is not the slug of a category here"),
    ("categories:\n  - {name: A, slug: a, parent: a}\n", "content/terms.yaml:2: parent: the parents go round in a loop: a → a"),
    ("tags:\n  - name: x\n    slug: x\n    id: \"12\"\n", 'content/terms.yaml:4: id: "12" is not a positive whole number'),
    ("tags:\n  - name: x\n    slug: x\n    id: 0\n", "content/terms.yaml:4: id: 0 is not a positive whole number"),
    ("tags:\n  - name: x\n    slug: x\n    id: -3\n", "content/terms.yaml:4: id: -3 is not a positive whole number"),
    ("tags:\n  - name: x\n    slug: x\n    id: 1.5\n", "content/terms.yaml:4: id: 1.5 is not a positive whole number"),
    ("tags:\n  - name: x\n    slug: x\n    id: true\n", "content/terms.yaml:4: id: True is not a positive whole number"),
    ("categories:\n  - {name: A, slug: a, id: 7}\n  - {name: B, slug: b, id: 7}\n",
     "content/terms.yaml:3: id: the category id 7 is also the id of 'A' (line 2)"),
])
def test_each_problem_names_its_line_and_field(text, expected):
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found
    assert all(" — " in p for p in found)                       # every message says how to fix it


def test_ids_are_read_and_may_repeat_across_kinds_but_not_within_one():
    vocabulary, found = parse_terms("categories:\n  - name: Insights\n    slug: insights\n    id: 3\n"
                                    "  - {name: Gear, slug: gear}\n"
                                    "tags:\n  - {name: 夜, slug: yoru, id: 3}\n")
    assert found == ()
    assert [t.wp_id for t in vocabulary.categories] == [3, None]
    assert vocabulary.tags[0].wp_id == 3


def test_a_parent_loop_is_told_for_each_member_once():
    found = problems("categories:\n  - {name: A, slug: a, parent: c}\n  - {name: B, slug: b, parent: a}\n"
                     "  - {name: C, slug: c, parent: b}\n  - {name: D, slug: d, parent: a}\n")
    assert found == [
        "content/terms.yaml:2: parent: the parents go round in a loop: a → c → b → a — make one of them a top-level category (remove its parent: line)",
        "content/terms.yaml:3: parent: the parents go round in a loop: b → a → c → b — make one of them a top-level category (remove its parent: line)",
        "content/terms.yaml:4: parent: the parents go round in a loop: c → b → a → c — make one of them a top-level category (remove its parent: line)",
    ]


def test_unknown_keys_are_warnings_with_a_suggestion():
    reporter = Reporter()
    _, found = parse_terms("catgories:\n  - {name: A, slug: a}\ntags:\n  - {name: A, slug: a, slg: b}\n",
                           reporter=reporter)
    assert found == ()
    assert [str(w) for w in reporter.warnings] == [
        "content/terms.yaml:1: catgories: unknown key (ignored) — did you mean categories?",
        "content/terms.yaml:4: slg: unknown key (ignored) — did you mean slug?",
    ]


def test_aliases_do_not_blow_up():
    text = "x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"x{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i-1}'] * 10)}]\n" for i in range(8))
    vocabulary, found = parse_terms(text)        # unknown keys, but read in no time
    assert vocabulary.categories == () and found == ()
