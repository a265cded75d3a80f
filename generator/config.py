"""`site.toml` → a validated `SiteConfig`.

Every key is checked; unknown or mistyped keys and wrong types are collected,
then reported together, each naming the key and its line.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import BuildError, Diagnostic
from .model import NavLink, SiteConfig
from .urls import check_permalink

CONFIG_NAME = "site.toml"

# key: (type, required). Documented in README "site.toml reference".
_SCALARS: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "tagline": (str, False),
    "base_url": (str, True),
    "language": (str, False),
    "timezone": (str, False),
    "author": (str, False),
    "theme": (str, False),
    "permalink": (str, False),
    "tag_base": (str, False),
    "category_base": (str, False),
    "author_base": (str, False),
    "posts_per_page": (int, False),
    "feed_items": (int, False),
    "excerpt_words": (int, False),
    "feed_footer": (str, False),
    "site_icon": (str, False),
    "generator": (str, False),
}
_TABLES = {"social", "import", "extra"}
_LISTS = {"nav"}
SOCIAL_NETWORKS = {
    "x": "X", "kofi": "Ko-fi", "youtube": "YouTube", "instagram": "Instagram",
    "soundcloud": "SoundCloud", "bandcamp": "Bandcamp", "spotify": "Spotify",
    "tiktok": "TikTok", "mastodon": "Mastodon", "bluesky": "Bluesky", "patreon": "Patreon",
    "github": "GitHub", "email": "Email",
}
_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "a table"}


def load_config(root: Path) -> SiteConfig:
    path = root / CONFIG_NAME
    if not path.is_file():
        raise BuildError([Diagnostic(CONFIG_NAME, 0, "", f"no {CONFIG_NAME} in {root}",
                                     "run the command in the site folder or pass --root DIR")])
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of_toml_error(str(exc))
        raise BuildError([Diagnostic(CONFIG_NAME, line, "", f"not valid TOML: {exc}",
                                     "fix the syntax (strings need quotes, tables [name])")]) from None
    return parse_config(data, text, str(root.resolve()))


def parse_config(data: dict[str, Any], text: str, root: str) -> SiteConfig:
    problems: list[Diagnostic] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(CONFIG_NAME, _line_of_key(text, key), key, message, hint))

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SCALARS:
            kind, _ = _SCALARS[key]
            if type(value) is not kind:
                bad(key, f"{value!r} is not {_TYPE_NAMES[kind]}", f"write it as {_example(kind)}")
            else:
                values[key] = value
        elif key in _TABLES or key in _LISTS:
            continue
        else:
            close = _closest(key, list(_SCALARS) + sorted(_TABLES | _LISTS))
            bad(key, "unknown key", f"did you mean {close!r}?" if close else "remove it, or put your own values under [extra]")
    for key, (_, required) in _SCALARS.items():
        if required and key not in data:
            problems.append(Diagnostic(CONFIG_NAME, 0, key, "missing", f'add a line like {key} = "…"'))

    if "base_url" in values and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", values["base_url"]):
        bad("base_url", f"{values['base_url']!r} is not an absolute http(s) URL", 'write it like "https://example.com"')
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            close = _closest(values["timezone"], sorted(available_timezones()))
            bad("timezone", f"{values['timezone']!r} is not an IANA time zone",
                f"use a name like {close or 'America/Los_Angeles'!r}")
    if "permalink" in values and (why := check_permalink(values["permalink"])):
        bad("permalink", f"{values['permalink']!r} {why}", 'the WordPress default is "/%year%/%monthnum%/%day%/%postname%/"')
    for key in ("posts_per_page", "feed_items", "excerpt_words"):
        if key in values and values[key] < 1:
            bad(key, f"{values[key]} is not a positive number", "use 1 or more")
    for key in ("tag_base", "category_base", "author_base"):
        if key in values and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", values[key]):
            bad(key, f"{values[key]!r} is not a simple path segment", 'use lowercase letters, digits and hyphens, like "tag"')

    nav = _parse_nav(data.get("nav", []), bad)
    social = _parse_social(data.get("social", {}), bad)
    import_categories = _parse_import(data.get("import", {}), bad)
    extra = data.get("extra", {})
    if not isinstance(extra, dict):
        bad("extra", "is not a table", "write it as [extra] followed by key = value lines")
        extra = {}

    if problems:
        raise BuildError(problems)
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/")
    return SiteConfig(root=root, nav=nav, social=social, import_categories=import_categories,
                      extra=extra, **values)


def _parse_nav(nav: Any, bad) -> tuple[NavLink, ...]:
    if not isinstance(nav, list):
        bad("nav", "is not a list of links", 'write [[nav]] tables with title = "About" and url = "/about/"')
        return ()
    links = []
    for item in nav:
        if not (isinstance(item, dict) and set(item) == {"title", "url"}
                and all(isinstance(v, str) for v in item.values())):
            bad("nav", f"{item!r} is not a link", 'each [[nav]] needs exactly title = "…" and url = "…"')
            continue
        links.append(NavLink(item["title"], item["url"]))
    return tuple(links)


def _parse_social(social: Any, bad) -> tuple[tuple[str, str], ...]:
    if not isinstance(social, dict):
        bad("social", "is not a table", "write [social] followed by lines like kofi = \"https://ko-fi.com/you\"")
        return ()
    out = []
    for network, url in social.items():
        if network not in SOCIAL_NETWORKS:
            close = _closest(network, sorted(SOCIAL_NETWORKS))
            bad(network, "unknown social network in [social]",
                f"did you mean {close!r}?" if close else f"known: {', '.join(sorted(SOCIAL_NETWORKS))}")
        elif not isinstance(url, str) or not url:
            bad(network, f"{url!r} is not a URL", 'write it as a quoted URL like "https://x.com/you"')
        else:
            out.append((network, url))
    return tuple(out)


def _parse_import(table: Any, bad) -> tuple[str, ...]:
    if not isinstance(table, dict):
        bad("import", "is not a table", 'write [import] then categories = ["Insights"]')
        return ()
    for key in table:
        if key != "categories":
            bad(key, "unknown key in [import]", 'the only key is categories = ["…"]')
    cats = table.get("categories", [])
    if not (isinstance(cats, list) and all(isinstance(c, str) for c in cats)):
        bad("categories", f"{cats!r} is not a list of names", 'write categories = ["Insights", "Releases"]')
        return ()
    return tuple(cats)


def _line_of_key(text: str, key: str) -> int:
    pattern = re.compile(rf'^\s*(\[+\s*)?"?{re.escape(key)}"?\s*(=|\])', re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _line_of_toml_error(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 0


def _closest(word: str, options: list[str]) -> str | None:
    import difflib
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None


def _example(kind: type) -> str:
    return {str: '"text" in quotes', int: "a bare number like 10"}.get(kind, "the documented form")
