"""Warnings for links inside the site that lead nowhere.

Every `href` and `src` in an entry's body that is a site path (`/about/`)
or relative (`cover.jpg`, `../other/`), and every `image` or enclosure
written as a site path, must be something the plan writes, or an old URL
the redirect rules forward. A missing one is a warning naming the entry and
the line, never a failure: the build cannot know what the host serves
besides the site.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping
from urllib.parse import urljoin, urlsplit

from .errors import Diagnostic, Reporter
from .model import Body, Entry, Plan, Site
from .urls import UnsafePath, collision_key, output_path

# attribute_values' two parts of the pattern `\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')` (case-blind): the
# name just before the white space that ends at "=", and the quoted value after it
_NAME_BEFORE = re.compile(r"\b(?:href|src)\Z", re.I)
_VALUE_AFTER = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_links(plan: Plan, site: Site, bodies: dict[str, Body], reporter: Reporter,
                body_keys: Mapping[str, str] | None = None,
                memo: Mapping[str, tuple[str, tuple[Diagnostic, ...]]] | None = None,
                found: Mapping[str, tuple[Target, ...]] | None = None) -> dict[str, tuple[str, tuple[Diagnostic, ...]]]:
    """Warn about every entry's links the plan does not write. With `body_keys` (cache.py), returns
    each entry's (check key, warnings), and an entry whose check key is in `memo` (the last build's)
    is not checked again: its warnings are said again. The key covers the body, the entry's URL,
    image, enclosures and body line, and every path the plan writes. `found` holds entries' internal
    links already found (by `LinkTargets`, in the workers that rendered their bodies): their bodies are
    not read or scanned again."""
    known = known_paths(plan, site)
    memo = memo or {}
    found = found or {}
    everything = hashlib.sha256("\0".join(sorted(known)).encode("utf-8", "surrogatepass")).hexdigest() if body_keys else ""
    results: dict[str, tuple[str, tuple[Diagnostic, ...]]] = {}
    for entry in site.posts + site.pages:
        key = ""
        if body_keys and entry.source in body_keys:
            key = hashlib.sha256(repr((everything, body_keys[entry.source], entry.url, entry.image, entry.enclosures,
                                       entry.body_line)).encode("utf-8", "surrogatepass")).hexdigest()
            before = memo.get(entry.source)
            if before is not None and before[0] == key:
                for warning in before[1]:
                    reporter.warn(warning)
                results[entry.source] = before
                continue
        targets = found.get(entry.source)
        broken = tuple(_judge(entry, targets if targets is not None else _targets(entry, bodies[entry.source]), known))
        for warning in broken:
            reporter.warn(warning)
        if key:
            results[entry.source] = (key, broken)
    return results


def known_paths(plan: Plan, site: Site) -> frozenset:
    """Every path the plan writes and every alias the redirect rules forward, as collision keys."""
    known = {collision_key(o.path) for o in plan.outputs}
    for entry in site.posts + site.pages:
        known.update(_key(a) for a in entry.aliases)
    known.discard(None)
    return frozenset(known)


# an internal link found in an entry: (field, as written, target, collision key of its path, and of its
# path with a "/" added, or None when the path ends with one: "/about" is also fine when "/about/" exists)
Target = tuple[str, str, str, "str | None", "str | None"]


@dataclass(frozen=True)
class LinkTargets:
    """An entry's internal links (`Target`s), found where its body is rendered, before the plan is made:
    check_links then only looks their keys up among the paths the plan writes (picklable: no state)."""

    def __call__(self, entry: Entry, body: Body) -> tuple[Target, ...]:
        return tuple(_targets(entry, body))


def _targets(entry: Entry, body: Body) -> Iterator[Target]:
    found = [("body", raw) for raw in attribute_values(body.html)]
    found += [("image", entry.image)] + [("enclosures", e.url) for e in entry.enclosures]
    for field, raw in found:
        target = html.unescape(raw).strip()
        if not _internal(target):
            continue
        path = urlsplit(urljoin(entry.url, target)).path
        yield field, raw, target, _key(path), None if path.endswith("/") else _key(path + "/")


def _judge(entry: Entry, targets: Iterable[Target], known: frozenset) -> Iterator[Diagnostic]:
    """The warnings for the entry's targets that lead to no path the plan writes."""
    for field, raw, target, key, slashed in targets:
        if key in known or (slashed is not None and slashed in known):
            continue
        yield Diagnostic(entry.source, _line_of(entry, raw) if field == "body" else 0, field,
                         f"links to {target}, which the build does not write",
                         "fix the link, or put the file in static/")


def attribute_values(text: str) -> list[str]:
    """Every `href` and `src` value in `text`: the quoted values of the non-overlapping matches of the
    pattern above, in order, as `finditer` finds them, without running it: it can start at any word
    boundary and a case-blind `re` scan tries each one, which cost a body more than its typography.
    Every match has an "=" just after its name and white space: look only at each "=", and skip
    those inside a value taken, as finditer does. tests/unit/test_body_equivalence.py compares the two."""
    values: list[str] = []
    find, at = text.find, text.find("=")
    while at >= 0:
        name_end = at
        while name_end and text[name_end - 1].isspace():     # `re`'s \s is str.isspace()
            name_end -= 1
        if _NAME_BEFORE.search(text, max(0, name_end - 4), name_end):       # \b sees the character before
            value = _VALUE_AFTER.match(text, at + 1)
            if value:
                values.append(value.group(1) if value.group(1) is not None else value.group(2))
                at = find("=", value.end())
                continue
        at = find("=", at + 1)
    return values


def _internal(target: str) -> bool:
    return bool(target) and not target.startswith(("#", "//", "?")) and not _SCHEME.match(target)


def _key(path: str) -> str | None:
    try:
        return collision_key(output_path(path))
    except UnsafePath:
        return None


def _line_of(entry: Entry, raw: str) -> int:
    """The line of the entry's file where the link is written (0 if not found as is)."""
    at = entry.body.find(raw)
    return entry.body_line + entry.body.count("\n", 0, at) if at >= 0 else 0
