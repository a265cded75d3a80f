"""Menus → the site's `[[nav]]` links.

Classic menus are `nav_menu_item` posts: the menu is their `nav_menu` term,
the order `menu_order`, and postmeta say what each links to (`_menu_item_type`
custom / post_type / taxonomy, `_menu_item_object_id`, `_menu_item_url`,
`_menu_item_menu_item_parent`). Block themes keep menus as `wp_navigation`
posts holding navigation-link, navigation-submenu, home-link and page-list
blocks. `[[nav]]` is a flat list, so only top-level items are kept; their
children are named in the report.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

from .records import CONTROL

_PREFERRED = re.compile(r"primary|main|header|top|navigation", re.I)
_SECONDARY = re.compile(r"social|footer|legal|secondary", re.I)
_BLOCK = re.compile(r"<!--\s*(/?)wp:([a-z0-9_/-]+)\s*(\{.*?\})?\s*(/?)-->", re.S)


@dataclass
class Menu:
    name: str
    links: list[tuple[str, str]] = field(default_factory=list)      # (title, url)
    dropped: list[str] = field(default_factory=list)                # what could not be kept, and why


def read_menus(items: list[Element], wp: str, *, titles: dict[int, str], urls: dict[int, str],
               term_urls: dict[int, tuple[str, str]], pages: list[tuple[str, str]],
               to_site: Callable[[str], str | None]) -> list[Menu]:
    """Every menu of the export, the one to use as the site's nav first.

    `titles`/`urls`: post ID → title / site path of the imported posts and pages;
    `term_urls`: term ID → (name, site path); `pages`: the published pages' (title, path) in
    menu order (what a page-list block shows); `to_site`: an export URL → the nav URL, or None
    when it cannot be a link on a static site.
    """
    def text(el: Element, tag: str) -> str:
        return (el.findtext(wp + tag) or "").strip()

    classic: dict[str, Menu] = {}
    entries: dict[str, list[tuple[int, int, Element, dict[str, str]]]] = {}
    block_menus: list[Menu] = []
    for item in items:
        kind = text(item, "post_type")
        if kind == "wp_navigation" and text(item, "status") == "publish":
            block_menus.append(_block_menu(item, titles, urls, pages, to_site))
        if kind != "nav_menu_item" or text(item, "status") not in ("publish", ""):
            continue
        menu = next((c for c in item.findall("category") if c.get("domain") == "nav_menu"), None)
        name = _plain(menu.text or "") if menu is not None else "Menu"
        classic.setdefault(name, Menu(name))
        meta = {text(pm, "meta_key"): (pm.findtext(wp + "meta_value") or "").strip()
                for pm in item.findall(wp + "postmeta")}
        order = text(item, "menu_order")
        entries.setdefault(name, []).append((int(order) if order.lstrip("-").isdigit() else 0,
                                             int(text(item, "post_id") or 0) if text(item, "post_id").isdigit() else 0,
                                             item, meta))
    for name, rows in entries.items():
        menu = classic[name]
        ids = {str(post_id) for _, post_id, _, _ in rows}
        for _, post_id, item, meta in sorted(rows, key=lambda r: (r[0], r[1])):
            title, url, why = _classic_link(item, meta, titles, urls, term_urls, to_site)
            parent = meta.get("_menu_item_menu_item_parent", "0")
            if parent not in ("", "0") and parent in ids:
                menu.dropped.append(f"{title or url or post_id!s} (a sub-item; [[nav]] is one level)")
            elif why:
                menu.dropped.append(f"{title or post_id!s} ({why})")
            else:
                menu.links.append((title, url))
    menus = list(classic.values()) + [m for m in block_menus if m.links or m.dropped]
    return sorted(menus, key=lambda m: (not m.links, bool(_SECONDARY.search(m.name)),
                                        not _PREFERRED.search(m.name), -len(m.links)))


def _classic_link(item: Element, meta: dict[str, str], titles: dict[int, str], urls: dict[int, str],
                  term_urls: dict[int, tuple[str, str]], to_site) -> tuple[str, str, str]:
    """(title, url, why it is left out or "")."""
    title = _plain(item.findtext("title") or "")
    kind = meta.get("_menu_item_type", "custom")
    target = meta.get("_menu_item_object_id", "")
    target_id = int(target) if target.isdigit() else -1
    if kind == "post_type":
        if target_id not in urls:
            return title, "", f"links to post #{target}, which is not imported"
        return title or titles.get(target_id, ""), urls[target_id], ""
    if kind == "taxonomy":
        if target_id not in term_urls:
            return title, "", f"links to a {meta.get('_menu_item_object', 'term')} (#{target}) this site has no archive for"
        name, url = term_urls[target_id]
        return title or name, url, ""
    raw = meta.get("_menu_item_url", "")
    url = to_site(raw)
    if not url:
        return title, "", f"its link {raw!r} is not a page of the site or an http(s) URL"
    return title or url, url, ""


def _block_menu(item: Element, titles, urls, pages, to_site) -> Menu:
    menu = Menu(_plain(item.findtext("title") or "") or "Navigation")
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
    depth = 0
    for match in _BLOCK.finditer(content):
        closing, name, attrs, self_closing = match.groups()
        name = name.removeprefix("core/")
        if closing:
            depth = max(depth - 1, 0)
            continue
        try:
            data = json.loads(attrs) if attrs else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        if depth == 0:
            if name in ("navigation-link", "navigation-submenu"):
                label = _plain(re.sub(r"<[^>]*>", "", str(data.get("label", ""))))
                target = data.get("id")
                url = urls.get(target) if isinstance(target, int) and data.get("kind") == "post-type" else None
                url = url or to_site(str(data.get("url", "")))
                if url:
                    menu.links.append((label or titles.get(target, "") or url, url))
                else:
                    menu.dropped.append(f"{label or name} (its link {data.get('url', '')!r} is not a page of the site)")
            elif name == "home-link":
                menu.links.append((_plain(str(data.get("label", ""))) or "Home", "/"))
            elif name == "page-list":
                menu.links.extend(pages)
            elif name not in ("spacer",):
                menu.dropped.append(f"a {name} block (no link to keep)")
        elif name in ("navigation-link", "navigation-submenu", "page-list"):
            menu.dropped.append(f"{_plain(str(data.get('label', ''))) or name} (a sub-item; [[nav]] is one level)")
        if not self_closing:
            depth += 1
    return menu


def _plain(text: str) -> str:
    return CONTROL.sub("", html.unescape(text)).strip()


def toml_lines(links: list[tuple[str, str]]) -> list[str]:
    """`[[nav]]` tables for site.toml."""
    lines = []
    for title, url in links:
        lines += ["[[nav]]", f"title = {toml_string(title)}", f"url = {toml_string(url)}", ""]
    return lines


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, plus DEL."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
