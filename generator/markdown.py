"""Markdown (or stored HTML) → `Body`, with Pygments highlighting and
WordPress typography.

Python-Markdown and Pygments stay behind this module. Raw HTML passes through
untouched, because imported WordPress posts are HTML.
"""
from __future__ import annotations

import html
import re

import markdown as _markdown
from pygments.formatters import HtmlFormatter

from .embeds import expand_embeds
from .model import Body, Entry
from .typography import excerpt as auto_excerpt
from .typography import autop, clean_xml_chars, texturize

EXTENSIONS = ["extra", "toc", "codehilite", "sane_lists"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"permalink": False},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}
PYGMENTS_STYLE = "monokai"


def render_bodies(entries: tuple[Entry, ...], excerpt_words: int) -> dict[str, Body]:
    """Every entry's body, keyed by source path. One Markdown converter serves
    the batch (reset between documents); a batch is the unit a worker process
    or a cache lookup will take."""
    md = new_converter()
    return {e.source: render_body(e, excerpt_words, md) for e in entries}


def new_converter() -> _markdown.Markdown:
    return _markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def render_body(entry: Entry, excerpt_words: int, md: _markdown.Markdown | None = None) -> Body:
    """An entry's body: feed HTML, page HTML, excerpt and table of contents."""
    toc = ""
    if entry.format == "html":
        body_html = entry.body
    elif entry.format == "wordpress":
        body_html = autop(entry.body)       # what the_content does to classic-editor posts
    else:
        md = md or new_converter()
        md.reset()
        body_html = md.convert(entry.body)
        toc = getattr(md, "toc", "")
        if 'href="#' not in toc:
            toc = ""
    body_html = clean_xml_chars(texturize(body_html))
    if entry.excerpt is not None:        # plain text: markup in it shows as written, entities stay entities
        excerpt = convert_chars(entry.excerpt.replace("<", "&lt;").replace(">", "&gt;"))
    else:
        excerpt = auto_excerpt(body_html, excerpt_words)
    return Body(html=body_html, page_html=expand_embeds(body_html, entry.title), excerpt=excerpt, toc=toc)


def render_title(title: str) -> str:
    """Plain-text title → safe HTML with WordPress typography (curly quotes, dashes)."""
    return clean_xml_chars(texturize(html.escape(title, quote=False)))


def convert_chars(text: str) -> str:
    """A lone & becomes &#038;, as WordPress's convert_chars does; entities stay."""
    return re.sub(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)", "&#038;", text)


def pygments_css() -> str:
    return HtmlFormatter(style=PYGMENTS_STYLE, cssclass="highlight").get_style_defs(".highlight") + "\n"
