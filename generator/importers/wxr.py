"""WordPress eXtended RSS (Tools → Export) → records.

Reads posts and pages with their comments; attachments only supply featured
images. Everything WordPress knew that our front matter has no key for goes
into the `wordpress` mapping, so nothing is lost.

A body is WordPress's post_content as stored. Classic-editor content (no
`<!-- wp:` block comments) gets `format: wordpress`: like WordPress's
the_content, the build turns its blank lines into paragraphs (autop). Block
editor content is finished HTML and gets `format: html`.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from ..errors import TrackpressError
from ..model import Enclosure
from ..urls import slugify
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
    base_path = urlsplit(home).path.rstrip("/") if _plain_url(home) else ""
    authors = {text(a, "author_login"): text(a, "author_display_name") or text(a, "author_login")
               for a in channel.findall(wp + "author")}
    items = channel.findall("item")
    attachments = {text(i, "post_id"): text(i, "attachment_url")
                   for i in items if text(i, "post_type") == "attachment"}

    def slug_of(item: Element) -> str:
        """post_name as WordPress would store it; from the title for drafts, the ID when neither makes one."""
        post_id = text(item, "post_id")
        return clean_slug(unquote(text(item, "post_name")) or (item.findtext("title") or ""),
                          post_id if whole(post_id) else text(item, "post_type") or "untitled")

    pages = {text(i, "post_id"): (slug_of(i), text(i, "post_parent"))
             for i in items if text(i, "post_type") == "page"}

    records: list[Record] = []
    skipped: list[tuple[str, str]] = []
    notes: list[str] = []
    other_types: Counter[str] = Counter()
    term_slugs: dict[tuple[str, str], str] = {}
    featured = 0
    for item in items:
        kind, status, post_id = text(item, "post_type"), text(item, "status"), text(item, "post_id")
        title = (item.findtext("title") or "").strip()
        label = title or f"{kind} #{post_id}"
        if kind == "attachment":
            continue
        if kind not in ("post", "page"):
            other_types[kind] += 1
            continue
        if status in _LEFT_OUT:
            skipped.append((label, _LEFT_OUT[status]))
            continue

        date, date_ok = _instant(text(item, "post_date"), text(item, "post_date_gmt"))
        updated, _ = _instant(text(item, "post_modified"), text(item, "post_modified_gmt"))
        if date_ok is None:
            notes.append(f"{label}: its date {text(item, 'post_date')[:40]!r} is not a date; left out — "
                         "add `date:` before building")
        elif not date_ok:
            notes.append(f"{label}: WordPress has no GMT date for it (drafts have none); "
                         "date written as local time with +00:00 — set the right offset before publishing")
        if not title:
            notes.append(f"{label}: has no title; the build needs one — add `title:` before building")
        permalink = link_path(item.findtext("link") or "", base_path, label, notes)
        raw_slug = unquote(text(item, "post_name"))
        slug = slug_of(item)
        if raw_slug and raw_slug != slug:
            notes.append(f"{label}: its slug {raw_slug[:80]!r} cannot be a URL segment or file name; "
                         f"written as {slug!r}")
        login = (item.findtext(_CREATOR) or "").strip()
        body = item.findtext(_CONTENT) or ""

        terms: dict[str, list[str]] = {}
        for cat in item.findall("category"):
            domain, name = cat.get("domain", "category"), (cat.text or "").strip()
            if name and name not in terms.setdefault(domain, []):
                terms[domain].append(name)
            nicename = unquote(cat.get("nicename", ""))
            if domain in ("category", "post_tag") and nicename and nicename != slugify(name):
                term_slugs[(domain, name)] = nicename

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
        if text(item, "post_password"):
            raw["post_password"] = text(item, "post_password")
            notes.append(f"{label}: password-protected; written as a draft (a static site cannot ask for a password)")
        for domain, names in terms.items():
            if domain not in ("category", "post_tag"):
                raw.setdefault("terms", {})[domain] = names
        if meta:    # one value as itself, repeated keys as a list
            raw["meta"] = {key: values[0] if len(values) == 1 else values for key, values in meta.items()}

        parent, folder = "", f"posts/{year_of(permalink, date)}"
        if kind == "page":
            ancestors = _ancestors(pages, text(item, "post_parent"))
            parent = ancestors[-1] if ancestors else ""
            folder = "/".join(["pages", *ancestors])
        menu_order = text(item, "menu_order")
        order = whole(menu_order.lstrip("-")) or 0
        records.append(Record(
            kind=kind, folder=folder, label=label, title=title, slug=slug, body=body,
            date=date, updated=updated, permalink=permalink,
            author=authors.get(login, login), author_slug=clean_slug(login, ""),
            categories=tuple(terms.get("category", ())), tags=tuple(terms.get("post_tag", ())),
            excerpt=(item.findtext(wp[:-1] + "excerpt/}encoded") or "").strip(),
            draft=status in _DRAFT_STATUSES or bool(text(item, "post_password")),
            sticky=text(item, "is_sticky") == "1",
            id=whole(post_id) or None, guid=(item.findtext("guid") or "").strip(),
            image=image, enclosures=tuple(enclosures), parent=parent,
            menu_order=-order if menu_order.startswith("-") else order,
            wordpress=raw, comments=tuple(_comment(c, wp) for c in item.findall(wp + "comment")),
            format=body_format(body),
        ))
        if status == "future":
            notes.append(f"{label}: scheduled for {date}; written as a draft — remove `draft: true` to publish it")

    for kind, count in sorted(other_types.items()):
        skipped.append((f"{count} × {kind}", "not a post or page"))
    for (domain, name), nicename in sorted(term_slugs.items()):
        what = "category" if domain == "category" else "tag"
        notes.append(f"{what} {name!r} has the slug {nicename!r} in WordPress but {slugify(name)!r} here; "
                     f"its archive URL changes unless the build is told")
    comment_count = sum(len(r.comments) for r in records)
    if comment_count:
        notes.append(f"{comment_count} comments kept in *.comments.yaml beside their posts "
                     "(e-mail and IP addresses are not copied)")
    if attachments:
        notes.append(f"attachments (media, not posts): {len(attachments)} not written, "
                     f"{featured} used as featured images")
    return Export(records=tuple(records), skipped=tuple(skipped), notes=tuple(notes), base_url=home)


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

    Without a GMT time (drafts) the local time is given +00:00 and the flag is
    False; a local time that is not a date gives ("", None).
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
        return when.replace(tzinfo=timezone.utc).isoformat(" "), False
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
