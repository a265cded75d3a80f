"""Attachments (the media library): content/media.yaml entries, and each
attachment's own page (`/post/attachment-slug/`) as an alias of its post.
Galleries, playlists and players are rendered from media.yaml at build time;
`?attachment_id=N` links are answered from its ids by the redirect rules.
"""
from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from .records import CONTROL, Record, site_path, whole

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def media_entries(items: list[Element], wp: str) -> list[dict[str, Any]]:
    """media.yaml entries: every attachment, sorted by ID."""
    entries = []
    for item in items:
        if (item.findtext(wp + "post_type") or "").strip() != "attachment":
            continue
        post_id = whole(item.findtext(wp + "post_id") or "")
        url = (item.findtext(wp + "attachment_url") or "").strip()
        if post_id is None or not url or not _plain_url(url):
            continue
        alt = next(((pm.findtext(wp + "meta_value") or "").strip() for pm in item.findall(wp + "postmeta")
                    if (pm.findtext(wp + "meta_key") or "").strip() == "_wp_attachment_image_alt"), "")
        mime = (item.findtext(wp + "post_mime_type") or "").strip() or \
            mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
        order = whole((item.findtext(wp + "menu_order") or "").lstrip("-")) or 0
        entry: dict[str, Any] = {
            "id": post_id, "url": url, "title": CONTROL.sub("", item.findtext("title") or "").strip(),
            "caption": (item.findtext(wp[:-1] + "excerpt/}encoded") or "").strip(), "alt": alt,
            "description": (item.findtext(_CONTENT) or "").strip(), "mime": mime,
            "parent": whole(item.findtext(wp + "post_parent") or "") or 0, "menu_order": order,
        }
        entries.append({k: v for k, v in entry.items() if k in ("id", "url", "title", "mime", "menu_order") or v})
    return sorted(entries, key=lambda e: e["id"])


def _plain_url(url: str) -> bool:
    return not CONTROL.search(url) and "\\" not in url


def attachment_pages(records: list[Record], items: list[Element], wp: str, base_path: str,
                      notes: list[str]) -> list[Record]:
    """Each attachment's own page (`/post/attachment-slug/`) as an alias of its parent post."""
    by_id = {r.id: index for index, r in enumerate(records) if r.id is not None}
    taken = {r.permalink for r in records if r.permalink}
    aliases: dict[int, list[str]] = {}
    orphans = 0
    for item in items:
        if (item.findtext(wp + "post_type") or "").strip() != "attachment":
            continue
        path = site_path(item.findtext("link") or "", base_path)
        if not path or path in taken:
            continue                      # /?attachment_id=N: the redirect rules answer it from media.yaml
        parent = whole(item.findtext(wp + "post_parent") or "")
        if parent in by_id:
            aliases.setdefault(by_id[parent], []).append(path)
            taken.add(path)
        else:
            orphans += 1
    for index, paths in aliases.items():
        records[index] = replace(records[index], aliases=tuple(records[index].aliases) + tuple(paths))
    if aliases:
        notes.append(f"attachment pages: {sum(map(len, aliases.values()))} kept as `aliases:` of their posts")
    if orphans:
        notes.append(f"attachment pages: {orphans} belong to no imported post; their URLs are not kept "
                     "(`?attachment_id=N` still answers from media.yaml)")
    return records
