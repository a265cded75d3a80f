"""`content/terms.yaml` → the site's `Vocabulary`: categories and tags with the
slug, parent and description WordPress kept for them.

```yaml
categories:
  - name: "Music Business"
    slug: music-business
    id: 12                    # WordPress's term ID (`/?cat=12`); optional
    parent: insights          # the parent category's slug; omit at the top level
    description: "Royalties, licensing and contracts."
tags:
  - name: "夜"
    slug: yoru
```

The importer writes it; people edit it. Every problem is an error naming its
line: bad YAML, a term without a name or slug, an unsafe slug (the check
front matter's `slug:` gets), a slug used twice in one kind, an `id` that is
not a positive whole number or is used twice in one kind, a parent that is not
a category, a parent loop. A missing file is an empty vocabulary.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from .content import clean_text, load_yaml, read_data_file, slug_problem
from .errors import Diagnostic, Reporter
from .model import TermInfo, Vocabulary

TERMS_FILE = "content/terms.yaml"
_KINDS = {"categories": "category", "tags": "tag"}
_KEYS = ("name", "slug", "id", "parent", "description")
_SHAPE = 'write it like\ncategories:\n  - name: "Music Business"\n    slug: music-business'


def load_terms(root: Path, reporter: Reporter | None = None) -> tuple[Vocabulary, tuple[Diagnostic, ...]]:
    """The site's declared terms and the problems with them (pooled, not raised)."""
    text, problem = read_data_file(root, TERMS_FILE)
    if problem is not None:
        return Vocabulary(), (problem,)
    if text is None:
        return Vocabulary(), ()
    return parse_terms(text, TERMS_FILE, reporter)


def parse_terms(text: str, path: str = TERMS_FILE, reporter: Reporter | None = None
                ) -> tuple[Vocabulary, tuple[Diagnostic, ...]]:
    data, lines, problem = load_yaml(text, path)
    if problem is not None:
        return Vocabulary(source=path), (problem,)
    problems: list[Diagnostic] = []

    def bad(at: tuple, field: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(path, _line(lines, at), field, message, hint))

    if data is None:
        return Vocabulary(source=path), ()
    if not isinstance(data, dict):
        bad((), "", "is not a mapping of categories: and tags:", _SHAPE)
        return Vocabulary(source=path), tuple(problems)
    found: dict[str, list[TermInfo]] = {"category": [], "tag": []}
    for key, items in data.items():
        kind = _KINDS.get(str(key))
        if kind is None:
            close = difflib.get_close_matches(str(key), list(_KINDS), n=1, cutoff=0.6)
            if reporter is not None:
                reporter.warn(Diagnostic(path, _line(lines, (str(key),)), str(key), "unknown key (ignored)",
                                         f"did you mean {close[0]}?" if close else "use categories: and tags:"))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            bad((str(key),), str(key), "is not a list of terms", _SHAPE)
            continue
        for index, item in enumerate(items):
            term = _term(kind, item, (str(key), index), lines, bad, reporter, path)
            if term is not None:
                found[kind].append(term)
    for kind, terms in found.items():
        problems += _duplicate_slugs(terms, kind, path)
        problems += _duplicate_ids(terms, kind, path)
    problems += _parents(found["category"], path)
    return Vocabulary(tuple(found["category"]), tuple(found["tag"]), path), tuple(problems)


def _term(kind: str, item: Any, at: tuple, lines: dict[tuple, int], bad, reporter: Reporter | None,
          path: str) -> TermInfo | None:
    field = at[0]
    if not isinstance(item, dict):
        bad(at, field, f"{_show(item)} is not a term", "write each term as - name: …, slug: … on its own lines")
        return None
    ok = True
    for key in item:
        if str(key) not in _KEYS and reporter is not None:
            close = difflib.get_close_matches(str(key), _KEYS, n=1, cutoff=0.6)
            reporter.warn(Diagnostic(path, _line(lines, at + (str(key),)), str(key), "unknown key (ignored)",
                                     f"did you mean {close[0]}?" if close else f"use {', '.join(_KEYS)}"))

    def text(key: str, multiline: bool = False) -> str:
        nonlocal ok
        value = item.get(key)
        if value is None:
            return ""
        if isinstance(value, (bool, list, dict)):
            bad(at + (key,), key, f"{_show(value)} is not text", f'write it as text, like {key}: "…"')
            ok = False
            return ""
        return clean_text(str(value), multiline).strip()

    name, slug, parent = text("name"), text("slug"), text("parent")
    description = text("description", multiline=True)
    if not name:
        bad(at + ("name",) if "name" in item else at, "name", "missing" if "name" not in item else "is empty",
            'give every term its name, like name: "Music Business"')
        ok = False
    if not slug:
        bad(at + ("slug",) if "slug" in item else at, "slug", "missing" if "slug" not in item else "is empty",
            'give every term its slug, like slug: music-business (its archive URL)')
        ok = False
    elif why := slug_problem(slug):
        bad(at + ("slug",), "slug", why, 'write a slug like slug: "music-business" (letters, digits and hyphens; no / or \\)')
        ok = False
    if parent and kind == "tag":
        bad(at + ("parent",), "parent", "tags have no parent (only categories nest)", "remove the parent: line")
        ok = False
    elif parent and (why := slug_problem(parent, "the parent")):
        bad(at + ("parent",), "parent", why, "write the parent category's slug")
        ok = False
    wp_id = item.get("id")
    if wp_id is not None and (isinstance(wp_id, bool) or not isinstance(wp_id, int) or wp_id < 1):
        bad(at + ("id",), "id", f"{_show(wp_id)} is not a positive whole number",
            "write WordPress's term ID as a number, like id: 12, or remove the id: line")
        ok = False
    if not ok:
        return None
    return TermInfo(kind, name, slug, parent, description, _line(lines, at), wp_id)


def _duplicate_slugs(terms: list[TermInfo], kind: str, path: str) -> list[Diagnostic]:
    """A slug is one archive: two terms of one kind cannot share it (nor differ only in case)."""
    first: dict[str, TermInfo] = {}
    problems = []
    for term in terms:
        key = term.slug.casefold()
        if key in first:
            problems.append(Diagnostic(path, term.line, "slug",
                                       f"the {kind} slug {term.slug!r} is also the slug of {first[key].name!r} "
                                       f"(line {first[key].line})",
                                       "each term has its own slug (WordPress adds -2 to the second); change one"))
        else:
            first[key] = term
    return problems


def _duplicate_ids(terms: list[TermInfo], kind: str, path: str) -> list[Diagnostic]:
    """An id is one WordPress term: `/?cat=ID` can lead to one archive only."""
    first: dict[int, TermInfo] = {}
    problems = []
    for term in terms:
        if term.wp_id is None:
            continue
        if term.wp_id in first:
            problems.append(Diagnostic(path, term.line, "id",
                                       f"the {kind} id {term.wp_id} is also the id of {first[term.wp_id].name!r} "
                                       f"(line {first[term.wp_id].line})",
                                       "each term has its own WordPress ID; remove or correct one"))
        else:
            first[term.wp_id] = term
    return problems


def _parents(categories: list[TermInfo], path: str) -> list[Diagnostic]:
    by_slug = {t.slug: t for t in categories}
    problems = []
    for term in categories:
        if not term.parent:
            continue
        if term.parent not in by_slug:
            problems.append(Diagnostic(path, term.line, "parent", f"{term.parent!r} is not the slug of a category here",
                                       "write the slug of a category listed in this file, or remove the parent: line"))
            continue
        chain = [term.slug]
        current = by_slug.get(term.parent)
        while current is not None and current.slug not in chain:
            chain.append(current.slug)
            current = by_slug.get(current.parent) if current.parent else None
        if current is not None and current.slug == term.slug:     # came back round: a loop (told once per member)
            loop = " → ".join(chain + [current.slug])
            problems.append(Diagnostic(path, term.line, "parent", f"the parents go round in a loop: {loop}",
                                       "make one of them a top-level category (remove its parent: line)"))
    return problems


def _line(lines: dict[tuple, int], at: tuple) -> int:
    while at and at not in lines:
        at = at[:-1]
    return lines.get(at, 1)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
