"""`content/media.yaml` → attachments: the media a WordPress export carried.

The importer writes the file (a list of `{id, url, title, caption?, alt?,
description?, mime, parent?, menu_order}`, sorted by id); the build reads it
once and hands it to body rendering, where `[gallery]`, `[audio]`,
`[video]` and `[playlist]` find their files. A missing file is no media; a
broken one is a diagnostic naming its line.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from .errors import Diagnostic

MEDIA_FILE = "content/media.yaml"


@dataclass(frozen=True)
class Attachment:
    id: int
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    description: str = ""
    mime: str = ""
    parent: int | None = None
    menu_order: int = 0


def read_attachments(root: Path | str) -> tuple[Mapping[int, Attachment], tuple[Diagnostic, ...]]:
    """Every attachment by id, and the problems found (each names its line)."""
    path = Path(root) / MEDIA_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ()
    except (OSError, UnicodeDecodeError) as exc:
        return {}, (Diagnostic(MEDIA_FILE, 0, "", f"cannot be read: {exc}", "save it as UTF-8 or remove it"),)
    try:
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        return {}, (Diagnostic(MEDIA_FILE, line, "", f"is not valid YAML: {problem}",
                               "fix the line, or re-run the import with --force"),)
    if data is None:
        return {}, ()
    if not isinstance(data, list):
        return {}, (Diagnostic(MEDIA_FILE, 1, "", "must be a list of attachments",
                               "each item: {id, url, title, mime, …}"),)
    lines = [n.start_mark.line + 1 for n in nodes.value] if isinstance(nodes, yaml.SequenceNode) else []
    found: dict[int, Attachment] = {}
    problems: list[Diagnostic] = []
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else 0
        attachment, problem = _attachment(item, line)
        if problem is not None:
            problems.append(problem)
        elif attachment.id in found:
            problems.append(Diagnostic(MEDIA_FILE, line, "id", f"{attachment.id} is listed twice",
                                       "keep one entry per attachment id"))
        else:
            found[attachment.id] = attachment
    return dict(sorted(found.items())), tuple(problems)


def _attachment(item: Any, line: int) -> tuple[Attachment | None, Diagnostic | None]:
    def bad(field: str, message: str, hint: str) -> tuple[None, Diagnostic]:
        return None, Diagnostic(MEDIA_FILE, line, field, message, hint)

    if not isinstance(item, dict):
        return bad("", "an attachment must be a mapping", "write it as {id: 12, url: …, mime: …}")
    ident = item.get("id")
    if isinstance(ident, bool) or not isinstance(ident, int) or ident <= 0:
        return bad("id", f"{ident!r} is not a positive whole number", "use the WordPress attachment ID")
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        return bad("url", "is missing", "give the file's URL or site path")
    parent = item.get("parent")
    if parent in (None, "", 0):
        parent = None
    elif isinstance(parent, bool) or not isinstance(parent, int):
        return bad("parent", f"{parent!r} is not a post ID", "use the ID of the post the file is attached to")
    order = item.get("menu_order") or 0
    if isinstance(order, bool) or not isinstance(order, int):
        return bad("menu_order", f"{order!r} is not a whole number", "use 0 or a position")
    text = {}
    for key in ("title", "caption", "alt", "description", "mime"):
        value = item.get(key)
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return bad(key, "must be text", "write it as a plain string")
        text[key] = str(value)
    return Attachment(id=ident, url=url.strip(), parent=parent, menu_order=order, **text), None
