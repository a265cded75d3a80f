"""Page keys: a digest of everything a planned output is produced from.

When an output's key equals the key the ledger recorded for the same file, and the
file is still on disk as the last build left it, the build keeps that file instead
of producing it again. So a key must cover every input its producer can see:

- for every output: Trackpress's code (every .py of the package) and the versions of
  the libraries that shape output; every file of the theme chain's templates (an
  `include` can reach any of them); site.toml as loaded; the site's *outline*: every
  shown entry's fields except its body text (titles, URLs, dates, terms, images, …:
  what menus, neighbours' links, term lists, redirects and feeds' headers read); every
  term; every comment; content/media.yaml and the media files' information; the list of
  every planned URL; the output's own `PlannedOutput` (kind, URL, template, entries,
  page number, …);
- the body key (cache.py: a digest of the entry's text and everything rendering it
  depends on) of each entry the output shows;
- when a body shown holds a dynamic block (`with_blocks`: the entries whose body does) (latest posts, query loop …, filled from the
  whole site), every body's key;
- for a copy: the source file's path, size, modification time, inode and change time.

So editing one post's text changes only the outputs that show that text (its page,
the listings and feeds it is on); editing a title, a date or a tag changes the outline
and every page is produced again. Over-producing is the safe side: a page produced
again whose bytes are unchanged is still not rewritten (writer.py).
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import Any, Mapping, Sequence

from .model import Plan, PlannedOutput, Site
from .parsecache import outline_digest


def page_keys(plan: Plan, site: Site, with_blocks: set[str], body_keys: Mapping[str, str],
              template_files: Mapping[str, bytes], environment: str, extra: Any = None,
              outlines: Sequence[str] | None = None,
              shows: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """Output path → key, for every planned output that has one (all of them, unless a copy's
    source cannot be read: that one is always produced). `outlines` may give the outline digests
    (parsecache.outline_digest) of the site's posts, then pages, when the caller has made them."""
    if outlines is None:
        outlines = [outline_digest(e) for e in site.posts + site.pages]

    common = _digest([
        environment,                               # cache.settings_digest: code, libraries, Markdown settings, version
        sorted((name, hashlib.sha256(data).hexdigest()) for name, data in template_files.items()),
        repr(site.config), list(outlines),
        [repr(t) for t in site.tags + site.categories + site.authors],
        sorted((source, repr(comments)) for source, comments in site.comments.items()),
        [o.url for o in plan.outputs], repr(extra),
    ])
    every_body = _digest(sorted(body_keys.items())) if with_blocks else ""
    keys: dict[str, str] = {}
    for output in plan.outputs:
        if output.kind == "reserved":                # a path kept free for what the writer or search index puts there
            continue
        if output.copy_from:
            key = _copy_key(output)
            if key:
                keys[output.path] = key
            continue
        shown = tuple(output.entries) + tuple((shows or {}).get(output.path, ()))
        blocks = every_body if with_blocks and any(source in with_blocks for source in shown) else ""
        # what produce reads of the output (its `sources`, `about` and `field` only name it in messages),
        # each part ended by a NUL
        parts = (common, output.kind, output.url, output.path, output.template, output.subject, str(output.number),
                 str(output.total), blocks, *shown, *[body_keys.get(s, "") for s in shown], "")
        keys[output.path] = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return keys


def _copy_key(output: PlannedOutput) -> str:
    try:
        info = os.stat(output.copy_from)
    except OSError:
        return ""
    return _digest(["copy", output.path, output.copy_from, info.st_size, info.st_mtime_ns, info.st_ino,
                    info.st_ctime_ns])


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
