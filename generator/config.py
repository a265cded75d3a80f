"""`site.toml` → a validated `SiteConfig`.

Every key is checked; unknown or mistyped keys and wrong types are collected,
then reported together, each naming the key and its line.
"""
from __future__ import annotations

import re
import stat
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import BuildError, Diagnostic
from .model import NavLink, Podcast, SiteConfig
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
    "share_image": (str, False),
    "share_image_alt": (str, False),
    "x_handle": (str, False),
    "search": (bool, False),
    "sitemap_max_urls": (int, False),
}
_TABLES = {"social", "import", "extra", "podcast"}
# Plain text that reaches <title>, meta tags and feeds: control characters are removed.
_PLAIN_TEXT = {"title", "tagline", "author", "generator", "feed_footer", "share_image_alt"}
_LISTS = {"nav"}
SOCIAL_NETWORKS = {
    "x": "X", "kofi": "Ko-fi", "youtube": "YouTube", "instagram": "Instagram",
    "soundcloud": "SoundCloud", "bandcamp": "Bandcamp", "spotify": "Spotify",
    "tiktok": "TikTok", "mastodon": "Mastodon", "bluesky": "Bluesky", "patreon": "Patreon",
    "github": "GitHub", "email": "Email",
}
_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "a table", bool: "true or false"}


def load_config(root: Path) -> SiteConfig:
    text = _read_config(root)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of_toml_error(str(exc))
        raise BuildError([Diagnostic(CONFIG_NAME, line, "", f"not valid TOML: {exc}",
                                     "fix the syntax (strings need quotes, tables [name])")]) from None
    return parse_config(data, text, str(root.resolve()))


def _read_config(root: Path) -> str:
    """site.toml's text, or a BuildError saying why it cannot be had. Only a
    regular file is opened (a FIFO would block the build for ever)."""
    path = root / CONFIG_NAME

    def fail(message: str, hint: str, line: int = 0):
        raise BuildError([Diagnostic(CONFIG_NAME, line, "", message, hint)])

    try:
        info = path.stat()
    except FileNotFoundError:
        fail(f"no {CONFIG_NAME} in {root}", "run the command in the site folder or pass --root DIR")
    except OSError as exc:
        fail(f"cannot be read ({_reason(exc)})", f"check {CONFIG_NAME} and its folder's permissions")
    if stat.S_ISDIR(info.st_mode):
        fail("is a folder, not a file", f"remove the folder and write the settings in a file named {CONFIG_NAME}")
    if not stat.S_ISREG(info.st_mode):
        fail("is not a regular file", f"make {CONFIG_NAME} a plain text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"cannot be read ({_reason(exc)})", f"make {CONFIG_NAME} readable (chmod u+r)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail("is not UTF-8 text", "save the file as UTF-8 in your editor", data[: exc.start].count(b"\n") + 1)
    raise AssertionError("unreachable")


def _reason(exc: OSError) -> str:
    return "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)


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
                values[key] = _plain(value) if key in _PLAIN_TEXT else value
        elif key in _TABLES or key in _LISTS:
            continue
        else:
            close = _closest(key, list(_SCALARS) + sorted(_TABLES | _LISTS))
            bad(key, "unknown key", f"did you mean {close!r}?" if close else "remove it, or put your own values under [extra]")
    for key, (_, required) in _SCALARS.items():
        if required and key not in data:
            problems.append(Diagnostic(CONFIG_NAME, 0, key, "missing", f'add a line like {key} = "…"'))

    if "base_url" in values and (not re.match(r"^https?://[^/\s\\]+(/[^\s]*)?$", values["base_url"])
                                 or _CONTROL.search(values["base_url"])):
        bad("base_url", f"{values['base_url']!r} is not an absolute http(s) URL", 'write it like "https://example.com"')
    if "timezone" in values and (why := _timezone_problem(values["timezone"])):
        bad("timezone", *why)
    if "theme" in values and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", values["theme"]):
        bad("theme", f"{values['theme']!r} is not a theme folder name",
            'write the name of a folder in themes/, like "default"')
    if values.get("site_icon") and (why := url_problem(values["site_icon"])):
        bad("site_icon", f"{values['site_icon']!r} {why}", 'write an http(s) URL or a site path like "/static/icon-32x32.png"')
    if values.get("share_image") and (why := url_problem(values["share_image"])):
        bad("share_image", f"{values['share_image']!r} {why}",
            'write a site path like "/static/share.png" or an http(s) URL (an image at least 1200×630)')
    if "\n" in values.get("share_image_alt", ""):
        bad("share_image_alt", "contains a line break", "write the image's description on one line")
    if "x_handle" in values:
        if re.fullmatch(r"@?[A-Za-z0-9_]{1,15}", values["x_handle"]):
            values["x_handle"] = "@" + values["x_handle"].lstrip("@")
        else:
            bad("x_handle", f"{values['x_handle']!r} is not an X (Twitter) handle",
                'write it like "@nightshiftaudio" (letters, digits and _, at most 15)')
    if "permalink" in values and (why := check_permalink(values["permalink"])):
        bad("permalink", f"{values['permalink']!r} {why}", 'the WordPress default is "/%year%/%monthnum%/%day%/%postname%/"')
    for key in ("posts_per_page", "feed_items", "excerpt_words"):
        if key in values and values[key] < 1:
            bad(key, f"{values[key]} is not a positive number", "use 1 or more")
    if "sitemap_max_urls" in values and not 1 <= values["sitemap_max_urls"] <= 50_000:
        bad("sitemap_max_urls", f"{values['sitemap_max_urls']} is not between 1 and 50000",
            "the sitemap protocol allows at most 50000 URLs a file; leave it out for that")
    for key in ("tag_base", "category_base", "author_base"):
        if key in values and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", values[key]):
            bad(key, f"{values[key]!r} is not a simple path segment", 'use lowercase letters, digits and hyphens, like "tag"')

    nav = _parse_nav(data.get("nav", []), bad)
    social = _parse_social(data.get("social", {}), bad)
    import_categories = _parse_import(data.get("import", {}), bad)
    podcast = _parse_podcast(data["podcast"], text, problems) if "podcast" in data else None
    extra = data.get("extra", {})
    if not isinstance(extra, dict):
        bad("extra", "is not a table", "write it as [extra] followed by key = value lines")
        extra = {}

    if problems:
        raise BuildError(problems)
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/")
    return SiteConfig(root=root, nav=nav, social=social, import_categories=import_categories,
                      podcast=podcast, extra=extra, **values)


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
        if why := url_problem(item["url"], mailto=True):
            bad("nav", f"url {item['url']!r} {why}", 'write an http(s) URL, a site path like "/about/", or mailto:you@example.com')
            continue
        links.append(NavLink(_plain(item["title"]), item["url"]))
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
        elif why := url_problem(url, mailto=True):
            bad(network, f"{url!r} {why}", 'write an http(s) URL like "https://x.com/you" (or mailto:you@example.com)')
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


# Apple Podcasts' categories and their subcategories (podcasters.apple.com, "Apple Podcasts categories").
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
_PODCAST_TEXT = ("title", "description", "author", "owner_name", "owner_email", "image", "category",
                 "funding_url", "funding_text", "type")
_PODCAST_KEYS = _PODCAST_TEXT + ("explicit", "feeds")


def _parse_podcast(table: Any, text: str, problems: list[Diagnostic]) -> Podcast | None:
    """[podcast] → Podcast; each problem names the key and its line inside the table."""
    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(CONFIG_NAME, _line_in_table(text, "podcast", key), f"podcast.{key}" if key else "podcast",
                                   message, hint))

    if not isinstance(table, dict):
        bad("", "is not a table", 'write [podcast] followed by lines like author = "Rowan Vale"')
        return None
    before = len(problems)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _PODCAST_KEYS:
            close = _closest(key, list(_PODCAST_KEYS))
            bad(key, "unknown key in [podcast]", f"did you mean {close!r}?" if close else f"known: {', '.join(_PODCAST_KEYS)}")
        elif key == "explicit":
            if type(value) is not bool:
                bad(key, f"{value!r} is not true or false", "write explicit = false (or true)")
            else:
                values[key] = value
        elif key == "feeds":
            if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                bad(key, f"{value!r} is not a list of feed paths", 'write feeds = ["/feed/"] or ["/category/radio/feed/"]')
                continue
            for path in value:
                if not re.fullmatch(r"/([^\s?#\\]+/)?feed/", path):
                    bad(key, f"{path!r} is not a feed's site path",
                        'write the feed as a site path ending in /feed/, like "/feed/" or "/category/radio/feed/"')
            values[key] = tuple(dict.fromkeys(value))
        elif not isinstance(value, str):
            bad(key, f"{value!r} is not a string", f'write it as {key} = "…"')
        else:
            values[key] = _plain(value).strip()
    if "category" in values:
        top, _, sub = (part.strip() for part in values["category"].partition(">"))
        if top not in APPLE_CATEGORIES:
            close = _closest(top, list(APPLE_CATEGORIES))
            bad("category", f"{top!r} is not one of Apple Podcasts' categories",
                f"did you mean {close!r}?" if close else 'write one like "Music" or "Music > Music Commentary"')
        elif sub and sub not in APPLE_CATEGORIES[top]:
            close = _closest(sub, list(APPLE_CATEGORIES[top]))
            known = ", ".join(APPLE_CATEGORIES[top]) or "none"
            bad("category", f"{sub!r} is not a subcategory of {top!r}",
                f"did you mean {close!r}?" if close else f"its subcategories: {known}")
        values["category"], values["subcategory"] = top, sub
    for key in ("image", "funding_url"):
        if values.get(key) and (why := url_problem(values[key])):
            bad(key, f"{values[key]!r} {why}", 'write an http(s) URL or a site path like "/podcast-3000.jpg"')
    if values.get("funding_url") and not values["funding_url"].lower().startswith(("http://", "https://")):
        bad("funding_url", f"{values['funding_url']!r} is not an http(s) URL", 'write it like "https://ko-fi.com/you"')
    if values.get("owner_email") and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["owner_email"]):
        bad("owner_email", f"{values['owner_email']!r} is not an email address", 'write it like "you@example.com"')
    if "type" in values and values["type"] not in ("episodic", "serial"):
        bad("type", f"{values['type']!r} is not episodic or serial", 'write type = "episodic" (newest first) or "serial"')
    for key in ("image", "category", "owner_email"):
        if not values.get(key) and not any(p.field == f"podcast.{key}" for p in problems[before:]):
            bad(key, "missing (Apple Podcasts requires it)", {
                "image": 'add image = "/podcast-3000.jpg" (a square JPEG or PNG, 1400 to 3000 pixels)',
                "category": 'add category = "Music" (or "Music > Music Commentary")',
                "owner_email": 'add owner_email = "you@example.com" (Apple sends ownership checks there)'}[key])
    if len(problems) > before:
        return None
    return Podcast(**values)


def _line_in_table(text: str, table: str, key: str) -> int:
    """The line of `key` inside `[table]` (or of the table's header when key is "")."""
    header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.M)
    if header is None:
        inline = re.search(rf"^[ \t]*{re.escape(table)}[ \t]*=", text, re.M)
        return text.count("\n", 0, inline.start()) + 1 if inline else 0
    start = header.start()
    end = re.compile(r"^[ \t]*\[", re.M).search(text, header.end())
    section = text[start: end.start() if end else len(text)]
    if key:
        m = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', section, re.M)
        if m:
            return text.count("\n", 0, start + m.start()) + 1
    return text.count("\n", 0, start) + 1


def _plain(text: str) -> str:
    """Plain text without control characters (C0 but newline, DEL, C1; a tab becomes a space); TOML's
    escapes can put any of them in a string, and none belongs in a page or feed."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text.replace("\t", " "))


def _timezone_problem(name: str) -> tuple[str, str] | None:
    """None for a usable IANA zone name, else (what is wrong, how to fix it)."""
    zones = available_timezones()
    if re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*", name):
        try:
            ZoneInfo(name)
            return None
        except (ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
            pass
        if any(zone.startswith(name + "/") for zone in zones):
            example = sorted(z for z in zones if z.startswith(name + "/"))[0]
            return (f"{name!r} is a region, not a time zone", f"add the city, like {example!r}")
    close = _closest(name, sorted(zones))
    return (f"{name!r} is not an IANA time zone", f"use a name like {close or 'America/Los_Angeles'!r}")


# What a browser ignores in a URL before it looks for the scheme (WHATWG URL
# standard): leading C0 controls and spaces, and tabs and newlines anywhere.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_LEADING = re.compile(r"^[\x00-\x20]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def url_problem(url: str, *, mailto: bool = False, relative: bool = False) -> str | None:
    """None if `url` is safe to put in an href/src, else what is wrong with it.

    Allowed: http(s) URLs with a host, site paths starting with a single `/`,
    `mailto:` when `mailto`, and relative paths without a scheme when
    `relative`. Never `javascript:`, `data:`, `vbscript:` or any other scheme,
    however it is disguised (`JaVa\tScript:`, leading spaces), never `//host`
    (another site) and never a backslash (browsers read it as `/`).
    """
    seen = _URL_LEADING.sub("", _URL_IGNORED.sub("", url))
    scheme = _SCHEME.match(seen)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("javascript", "vbscript", "data", "livescript", "mocha"):
            return f"is a {name}: URL, which runs code or hides content in the page; it is not allowed"
        if name in ("http", "https"):
            if not re.match(r"https?://[^/\\\s?#@]+(?=[/?#]|$)", seen, re.I):
                return "is not a complete http(s) URL (it needs a host, like https://example.com/)"
        elif not (mailto and name == "mailto"):
            allowed = "http(s) URLs, mailto: links" if mailto else "http(s) URLs"
            return f"uses the {name}: scheme; only {allowed} and site paths are allowed"
    elif seen.startswith("//"):
        return "starts with // (a link to another site, not a site path)"
    elif not seen.startswith("/") and not relative:
        return "is not an http(s) URL or a site path starting with /"
    if "\\" in url:
        return "contains a backslash (browsers read it as /)"
    if _CONTROL.search(url) or url != url.strip():
        return "contains a control character or surrounding spaces"
    return None


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
    return {str: '"text" in quotes', int: "a bare number like 10", bool: "true or false, without quotes"}.get(kind, "the documented form")
