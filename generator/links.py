"""Warnings for links inside the site that lead nowhere.

Every `href` and `src` in an entry's body that is a site path (`/about/`)
or relative (`cover.jpg`, `../other/`), and every `image` or enclosure
written as a site path, must be something the plan writes, or an old URL
the redirect rules forward. A missing one is a warning naming the entry and
the line, never a failure: the build cannot know what the host serves
besides the site.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from .errors import Diagnostic, Reporter
from .model import Body, Entry, Plan, Site
from .urls import UnsafePath, collision_key, output_path

_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_links(plan: Plan, site: Site, bodies: dict[str, Body], reporter: Reporter) -> None:
    known = {collision_key(o.path) for o in plan.outputs}
    for entry in site.posts + site.pages:
        known.update(_key(a) for a in entry.aliases)
    known.discard(None)
    for entry in site.posts + site.pages:
        targets = [("body", m.group(1) if m.group(1) is not None else m.group(2))
                   for m in _ATTR.finditer(bodies[entry.source].html)]
        targets += [("image", entry.image)] + [("enclosures", e.url) for e in entry.enclosures]
        for field, raw in targets:
            target = html.unescape(raw).strip()
            if not _internal(target):
                continue
            path = urlsplit(urljoin(entry.url, target)).path
            if _key(path) in known or (not path.endswith("/") and _key(path + "/") in known):
                continue
            reporter.warn(Diagnostic(entry.source, _line_of(entry, raw) if field == "body" else 0, field,
                                     f"links to {target}, which the build does not write",
                                     "fix the link, or put the file in static/"))


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
