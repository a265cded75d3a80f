"""WordPress eXtended RSS (Tools → Export) → records.

Reads posts, pages and public custom post types with their comments; the
categories and tags with their slugs (terms.yaml); attachments (media.yaml,
featured images, and their attachment pages as aliases of their post); menus;
and what a new site.toml needs. Everything WordPress knew that our front
matter has no key for goes into the `wordpress` mapping, so nothing is lost.

A body is WordPress's post_content as stored. Classic-editor content (no
`<!-- wp:` block comments) gets `format: wordpress`: like WordPress's
the_content, the build turns its blank lines into paragraphs (autop). Block
editor content is finished HTML and gets `format: html`.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from ..errors import TrackpressError
from ..model import Enclosure
from . import site, terms as terms_
from .guids import unique_guids, unique_ids
from .library import attachment_pages, media_entries
from .menus import read_menus
from .records import CONTROL, Comment, Export, Record, clean_slug, link_path, load_xml, whole, year_of

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_HINT = "re-export it from WordPress (Tools → Export) or repair the file"
_ZERO_DATE = "0000-00-00 00:00:00"
_COMMENT_STATUS = {"1": "approved", "0": "pending"}
_DRAFT_STATUSES = {"draft", "pending", "future"}
_LEFT_OUT = {"private": "private; a static site has no private posts",
             "trash": "in the trash",
             "auto-draft": "an empty auto-draft"}
# Post types that are not content a reader visits: everything else is imported at its old URL.
NOT_CONTENT = frozenset({
    "post", "page", "attachment", "nav_menu_item", "wp_navigation", "revision", "wp_template",
    "wp_template_part", "wp_global_styles", "wp_block", "custom_css", "customize_changeset",
    "oembed_cache", "user_request",
})
# Plugins' private post types: form submissions, orders, field definitions. Never published.
_PRIVATE_TYPES = frozenset({
    "feedback", "shop_order", "shop_order_refund", "shop_coupon", "shop_webhook", "scheduled-action",
    "wpcf7_contact_form", "acf-field", "acf-field-group", "jp_pay_order", "jp_pay_product",
    "amp_validated_url", "jetpack_migration", "flamingo_contact", "flamingo_inbound", "wp_font_family",
    "wp_font_face", "elementor_library", "mc4wp-form", "product_variation",
})
_REUSABLE = re.compile(r"<!--\s*wp:block\s+(\{.*?\})\s*/-->", re.S)


def body_format(post_content: str) -> str:
    """The front-matter format of stored post_content: "wordpress" (classic editor) or "html" (blocks).

    WordPress runs wpautop on the_content unless the post has blocks, which it
    tells by a "<!-- wp:" comment anywhere in the stored content (has_blocks).
    """
    return "html" if "<!-- wp:" in post_content else "wordpress"


def read_wxr(path: Path) -> Export:
    channel = load_xml(path, _HINT).find("channel")
    wp = _wp_namespace(channel)
    if channel is None or wp is None:
        raise TrackpressError(f"{path}: not a WordPress export (no <wp:wxr_version>) — "
                              "export it from WordPress (Tools → Export), or import a feed with the feed importer")

    def text(el: Element, tag: str) -> str:
        return (el.findtext(wp + tag) or "").strip()

    home = (channel.findtext("link") or "").strip().rstrip("/")
    blog = text(channel, "base_blog_url").rstrip("/")
    if _plain_url(blog) and urlsplit(blog).scheme in ("http", "https") and urlsplit(blog).netloc:
        home = blog
    base_path = urlsplit(home).path.rstrip("/") if _plain_url(home) else ""
    authors = {text(a, "author_login"): text(a, "author_display_name") or text(a, "author_login")
               for a in channel.findall(wp + "author")}
    items = channel.findall("item")
    terms = terms_.read_terms(channel, items, wp)
    category_paths = terms_.category_paths(terms)
    attachments = {text(i, "post_id"): text(i, "attachment_url")
                   for i in items if text(i, "post_type") == "attachment"}
    reusable = {text(i, "post_id"): i.findtext(_CONTENT) or ""
                for i in items if text(i, "post_type") == "wp_block"}

    def slug_of(item: Element) -> str:
        """post_name as WordPress would store it; from the title for drafts, the ID when neither makes one."""
        post_id = text(item, "post_id")
        return clean_slug(unquote(text(item, "post_name")) or (item.findtext("title") or ""),
                          post_id if whole(post_id) else text(item, "post_type") or "untitled")

    pages = {text(i, "post_id"): (slug_of(i), text(i, "post_parent"))
             for i in items if text(i, "post_type") == "page"}

    records: list[Record] = []
    samples: list[site.Sample] = []
    skipped: list[tuple[str, str]] = []
    notes: list[str] = []
    other_types: Counter[str] = Counter()
    custom_types: Counter[str] = Counter()
    featured = 0
    inlined = 0
    protected: list[str] = []
    for item in items:
        kind, status, post_id = text(item, "post_type"), text(item, "status"), text(item, "post_id")
        title = (item.findtext("title") or "").strip()
        label = title or f"{kind} #{post_id}"
        if kind in NOT_CONTENT - {"post", "page"}:
            continue
        if kind in _PRIVATE_TYPES or kind.startswith("wp_font"):
            other_types[kind] += 1
            continue
        if status in _LEFT_OUT:
            skipped.append((label, _LEFT_OUT[status]))
            continue
        if status == "inherit":       # a revision-like copy under a custom type
            other_types[kind] += 1
            continue

        local = text(item, "post_date")
        if not local or local == _ZERO_DATE:       # a draft never scheduled: its last change stands in
            date, date_ok = _instant(text(item, "post_modified"), text(item, "post_modified_gmt"))
            if date:
                notes.append(f"{label}: WordPress has no date for it (never scheduled); "
                             "`date:` is its last modification")
        else:
            date, date_ok = _instant(local, text(item, "post_date_gmt"))
        updated, _ = _instant(text(item, "post_modified"), text(item, "post_modified_gmt"))
        if not date and date_ok is not None:   # no post_date at all: the item's pubDate, else the export's
            date = _rfc822(item.findtext("pubDate") or "") or _rfc822(channel.findtext("pubDate") or "") or \
                datetime.now(timezone.utc).replace(microsecond=0).isoformat(" ")
            date_ok = True
            notes.append(f"{label}: the export gives no date for it; dated {date} (its pubDate, the export's, "
                         "or the import's time, as WordPress's importer does) — change `date:` if it matters")
        if date_ok is None:
            notes.append(f"{label}: its date {text(item, 'post_date')[:40]!r} is not a date; left out — "
                         "add `date:` before building")
        elif not date_ok:
            notes.append(f"{label}: WordPress has no GMT date for it (drafts have none); "
                         "date written without an offset (read in the site's timezone)")
        if not title:
            notes.append(f"{label}: has no title; written as `title: \"\"` (WordPress shows none)")
        permalink = link_path(item.findtext("link") or "", base_path, label, notes)
        raw_slug = unquote(text(item, "post_name"))
        slug = slug_of(item)
        if raw_slug and raw_slug != slug:
            notes.append(f"{label}: its slug {raw_slug[:80]!r} cannot be a URL segment or file name; "
                         f"written as {slug!r}")
        if kind not in ("post", "page") and not permalink:
            permalink = f"/{clean_slug(kind, 'type')}/{slug}/"
            notes.append(f"{label}: its link is not a pretty permalink; published at {permalink}")
        login = (item.findtext(_CREATOR) or "").strip()
        body = item.findtext(_CONTENT) or ""
        if reusable and "wp:block" in body:
            body, count = _inline_reusable(body, reusable)
            inlined += count

        named = terms_.post_terms(item, terms)
        other_terms: dict[str, list[str]] = {}
        for cat in item.findall("category"):
            domain, name = cat.get("domain", "category"), (cat.text or "").strip()
            if domain not in terms_.KINDS and name and name not in other_terms.setdefault(domain, []):
                other_terms[domain].append(name)

        meta: dict[str, list[str]] = {}
        image, enclosures = "", []
        for pm in item.findall(wp + "postmeta"):
            key, value = text(pm, "meta_key"), pm.findtext(wp + "meta_value") or ""
            if key == "_thumbnail_id":
                image = attachments.get(value.strip(), "")
                if image:
                    featured += 1
                else:
                    notes.append(f"{label}: featured image #{value.strip()} is not in the export; left out")
            elif key == "enclosure":
                enclosures.append(_enclosure(value))
            elif key and not key.startswith("_"):
                meta.setdefault(key, []).append(value)

        raw: dict[str, object] = {
            "post_type": kind, "status": status,
            "comment_status": text(item, "comment_status"), "ping_status": text(item, "ping_status"),
            "post_date": text(item, "post_date"), "post_date_gmt": text(item, "post_date_gmt"),
            "post_modified_gmt": text(item, "post_modified_gmt"),
        }
        is_protected = bool(text(item, "post_password"))
        if is_protected:
            protected.append(label)
        for domain, names in other_terms.items():
            if names:
                raw.setdefault("terms", {})[domain] = names
        if meta:    # one value as itself, repeated keys as a list
            raw["meta"] = {key: values[0] if len(values) == 1 else values for key, values in meta.items()}

        parent, folder = "", f"posts/{year_of(permalink, date)}"
        if kind == "page":
            ancestors = _ancestors(pages, text(item, "post_parent"))
            parent = ancestors[-1] if ancestors else ""
            folder = "/".join(["pages", *ancestors])
        elif kind != "post":
            custom_types[kind] += 1
            folder = f"pages/{kind}"
        menu_order = text(item, "menu_order")
        order = whole(menu_order.lstrip("-")) or 0
        records.append(Record(
            kind="post" if kind == "post" else "page", folder=folder, label=label, title=title, slug=slug,
            body=body, date=date, updated=updated, permalink=permalink,
            author=authors.get(login, login), author_slug=clean_slug(login, ""),
            categories=tuple(named["categories"]), tags=tuple(named["tags"]),
            excerpt=(item.findtext(wp[:-1] + "excerpt/}encoded") or "").strip(),
            draft=status in _DRAFT_STATUSES, protected=is_protected,
            sticky=text(item, "is_sticky") == "1",
            id=whole(post_id) or None, guid=(item.findtext("guid") or "").strip(),
            image=image, enclosures=tuple(enclosures), parent=parent,
            menu_order=-order if menu_order.startswith("-") else order,
            wordpress=raw, comments=tuple(_comment(c, wp) for c in item.findall(wp + "comment")),
            format=body_format(body),
        ))
        if status == "future":
            notes.append(f"{label}: scheduled for {date}; written as a draft — remove `draft: true` to publish it")
        if kind == "post" and status == "publish":
            samples.append(site.Sample(
                path=permalink, local=text(item, "post_date"), gmt=text(item, "post_date_gmt"), slug=slug,
                id=whole(post_id), author_slug=clean_slug(login, ""),
                categories=tuple(category_paths.get(unquote(c.get("nicename", "")), "")
                                 for c in item.findall("category") if c.get("domain") == "category")))

    records = attachment_pages(records, items, wp, base_path, notes)
    records = unique_ids(records, notes)
    records = unique_guids(records, home, notes)
    media = media_entries(items, wp)

    for kind, count in sorted(other_types.items()):
        skipped.append((f"{count} × {kind}", "not content a reader visits"))
    for kind, count in sorted(custom_types.items()):
        notes.append(f"custom post type {kind!r}: {count} imported as pages under content/pages/{kind}/ "
                     "at their old URLs")
    if protected:
        notes.append(f"password-protected: {len(protected)} ({', '.join(protected[:10])}"
                     f"{', …' if len(protected) > 10 else ''}) written with `protected: true` — the build "
                     "publishes a notice at the URL and none of the text; the password is not copied")
    if inlined:
        notes.append(f"reusable blocks: {inlined} uses replaced by the block's content")
    if terms:
        shared = terms_._shared_names(terms)
        notes.append(f"terms: {sum(t.kind == 'categories' for t in terms)} categories and "
                     f"{sum(t.kind == 'tags' for t in terms)} tags with their WordPress slugs"
                     + (f" and IDs ({sum(t.id is not None for t in terms)} of {len(terms)})"
                        if any(t.id is not None for t in terms) else "") + " in content/terms.yaml"
                     + (f"; {len(shared)} names are shared by two terms (languages), so posts name those by slug"
                        if shared else ""))
    comment_count = sum(len(r.comments) for r in records)
    if comment_count:
        notes.append(f"{comment_count} comments kept in *.comments.yaml beside their posts "
                     "(e-mail and IP addresses are not copied)")
    if attachments:
        notes.append(f"attachments (media, not posts): {len(attachments)} listed in content/media.yaml, "
                     f"{featured} used as featured images")

    menus = _menus(items, wp, records, terms, home)
    settings = _settings(channel, home, records, samples, menus, notes)
    return Export(records=tuple(records), skipped=tuple(skipped), notes=tuple(notes), base_url=home,
                  terms=terms, media=tuple(media), menus=tuple(menus), settings=settings)


def _inline_reusable(body: str, blocks: dict[str, str]) -> tuple[str, int]:
    """`<!-- wp:block {"ref":12} /-->` → the reusable block's stored content (one level)."""
    count = 0

    def inline(match: re.Match[str]) -> str:
        nonlocal count
        try:
            ref = str(json.loads(match.group(1)).get("ref", ""))
        except (ValueError, AttributeError):
            return match.group(0)
        if ref not in blocks:
            return match.group(0)
        count += 1
        return _REUSABLE.sub("", blocks[ref])

    return _REUSABLE.sub(inline, body), count


def _menus(items, wp, records: list[Record], terms, home: str):
    published = [r for r in records if not r.draft and r.id is not None]
    base_path = urlsplit(home).path.rstrip("/")

    def url_of(record: Record) -> str:
        if record.permalink:
            return record.permalink
        if record.kind == "page" and record.wordpress.get("post_type") == "page":
            return "/" + "/".join(part for part in [*record.folder.split("/")[1:], record.slug]) + "/"
        return f"/?p={record.id}" if record.kind == "post" else f"/?page_id={record.id}"

    urls = {r.id: url_of(r) for r in published}
    titles = {r.id: r.title for r in published}
    paths = terms_.category_paths(terms)
    term_urls = {t.id: (t.name, f"/category/{paths.get(t.slug, t.slug)}/" if t.kind == "categories" else f"/tag/{t.slug}/")
                 for t in terms if t.id is not None}
    top_pages = sorted((r for r in published if r.kind == "page" and not r.parent
                        and r.wordpress.get("post_type") == "page"), key=lambda r: (r.menu_order, r.title))
    host = urlsplit(home)

    def to_site(url: str) -> str | None:
        url = url.strip()
        if CONTROL.search(url) or "\\" in url:
            return None
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            if parts.netloc.lower() != host.netloc.lower():
                return url
            path = parts.path or "/"
            if base_path and not (path + "/").startswith(base_path + "/"):
                return url
            below = path[len(base_path):] or "/"
            return below + ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        if parts.scheme == "mailto":
            return url
        if url.startswith("/") and not url.startswith("//"):
            return url[len(base_path):] or "/" if base_path and (url + "/").startswith(base_path + "/") else url
        return None

    return read_menus(items, wp, titles=titles, urls=urls, term_urls=term_urls,
                      pages=[(r.title or r.slug, url_of(r)) for r in top_pages], to_site=to_site)


def _settings(channel: Element, home: str, records: list[Record], samples, menus, notes: list[str]):
    """What a new site.toml would hold; its notes are given only when one is written."""
    settings = site.Settings(
        title=CONTROL.sub("", channel.findtext("title") or "").strip(),
        tagline=CONTROL.sub("", channel.findtext("description") or "").strip(),
        base_url=home, language=(channel.findtext("language") or "").strip(),
        author=site.most_common_author([r.author for r in records if r.kind == "post"]))
    if not re.fullmatch(r"https?://[^/\s\\]+(/[^\s]*)?", home):
        settings.base_url = "https://example.com"
        settings.notes.append(f"base_url: the export's address {home!r} is not an http(s) URL; "
                              "https://example.com written — set the real one")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", settings.language):
        settings.language = ""
    settings.permalink, why = site.infer_permalink(samples)
    settings.notes.append(why)
    settings.timezone, why = site.infer_timezone(samples)
    settings.notes.append(why)
    if menus and menus[0].links:
        settings.nav = list(menus[0].links)
    return settings


def _rfc822(value: str) -> str:
    """"Tue, 02 Sep 2014 17:16:26 +0000" → "2014-09-02 17:16:26+00:00"; "" when it is not one."""
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return ""
    if when is None or when.tzinfo is None or not 1000 <= when.year <= 9998:
        return ""
    return when.isoformat(" ")


def _wp_namespace(channel: Element | None) -> str | None:
    """"{http://wordpress.org/export/1.2/}", whichever WXR version wrote the file."""
    for child in channel if channel is not None else ():
        if isinstance(child.tag, str) and child.tag.endswith("}wxr_version"):
            return child.tag[: child.tag.index("}") + 1]
    return None


def _plain_url(url: str) -> bool:
    return not CONTROL.search(url) and "\\" not in url


def _instant(local: str, gmt: str) -> tuple[str, bool | None]:
    """Local time with the offset WordPress used: ("2024-05-21 03:50:20+10:00", True).

    Without a GMT time (drafts) the local time comes without an offset (the
    build reads it in the site's timezone) and the flag is False; a local time that is not a date gives ("", None).
    """
    if not local or local == _ZERO_DATE:
        return "", False
    try:
        when = datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return "", None
    try:
        offset = when - datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S")
        zone = timezone(timedelta(minutes=round(offset.total_seconds() / 60)))
    except (ValueError, OverflowError):  # "0000-00-00 00:00:00", empty, or an offset beyond ±24 h
        return when.isoformat(" "), False
    return when.replace(tzinfo=zone).isoformat(" "), True


def _ancestors(pages: dict[str, tuple[str, str]], parent_id: str) -> list[str]:
    """Slugs of a page's ancestors, outermost first."""
    chain: list[str] = []
    while parent_id in pages and len(chain) < len(pages):
        slug, parent_id = pages[parent_id]
        chain.insert(0, slug)
    return chain


def _enclosure(value: str) -> Enclosure:
    """WordPress stores "url\\nlength\\ntype" (and sometimes serialized extras after)."""
    url, length, kind = ([line.strip() for line in value.strip().splitlines()] + ["", "", ""])[:3]
    return Enclosure(url=url, length=whole(length) or 0, type=kind)


def _comment(el: Element, wp: str) -> Comment:
    def text(tag: str) -> str:
        return (el.findtext(wp + tag) or "").strip()

    approved = text("comment_approved")
    kind = text("comment_type")
    return Comment(
        id=whole(text("comment_id")) or 0, parent=whole(text("comment_parent")) or 0,
        author=text("comment_author"), author_url=text("comment_author_url"),
        date=_instant(text("comment_date"), text("comment_date_gmt"))[0], date_gmt=text("comment_date_gmt"),
        content=el.findtext(wp + "comment_content") or "",
        status=_COMMENT_STATUS.get(approved, approved), type="" if kind == "comment" else kind,
    )
