"""Post HTML clean-up: Gutenberg block comments, the Yoast feed footer, Markdown.

By default a body stays exactly as WordPress stored it, minus the block
comments (they are editor data, not content). markdownify stays behind this
module.
"""
from __future__ import annotations

import html
import re

from markdownify import markdownify

# <!-- wp:paragraph -->, <!-- wp:image {"id":1} -->, <!-- /wp:paragraph -->, <!-- wp:spacer /-->.
# WordPress escapes "--", "<" and ">" inside block attributes, so the first "-->" ends the comment.
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)

# Yoast's default footer, the last paragraph of description and content:encoded.
_NOT_P_END = r"(?:(?!</p>).)*?"
_FOOTER = re.compile(
    rf'<p>The post <a href="[^"]*">{_NOT_P_END}</a> appeared first on <a href="[^"]*">{_NOT_P_END}</a>\.</p>\s*\Z',
    re.S)

_ELLIPSIS = (" [&#8230;]", " [\u2026]", " [&hellip;]", " [...]")

# Kept as raw HTML blocks when converting to Markdown: players Markdown cannot express.
_RAW_BLOCKS = re.compile(
    r'<figure\b[^>]*\bclass="[^"]*\bwp-block-embed\b[^"]*"[^>]*>.*?</figure>'
    r"|<(iframe|video|audio)\b.*?</\1>",
    re.S)
_TOKEN = "TRACKPRESSRAWBLOCK{}X"


def strip_block_comments(body: str) -> str:
    return _BLOCK_COMMENT.sub("", body)


def strip_feed_footer(text: str) -> str:
    """Remove the trailing "The post … appeared first on …." paragraph and its newline."""
    return _FOOTER.sub("", text, count=1)


def manual_excerpt(description: str) -> str:
    """The excerpt written by hand, from a feed `description`; "" when WordPress made it.

    WordPress ends a generated excerpt with " [&#8230;]"; a manual one is used as written.
    """
    text = strip_feed_footer(description).strip()
    wrapped = re.fullmatch(r"<p>(.*)</p>", text, re.S)
    if wrapped:
        text = wrapped.group(1).strip()
    if not text or text.endswith(_ELLIPSIS):
        return ""
    return html.unescape(text)


def has_classic_paragraphs(body: str) -> bool:
    """True for classic-editor HTML: paragraphs are blank lines, WordPress adds <p> on display."""
    return "<!-- wp:" not in body and re.search(r"\n\s*\n\s*[^<\s]", body) is not None


def to_markdown(body: str) -> str:
    """HTML → Markdown (ATX headings); embeds, iframes and media players stay raw HTML blocks."""
    raw: list[str] = []

    def hold(match: re.Match[str]) -> str:
        raw.append(match.group(0))
        return f"<p>{_TOKEN.format(len(raw) - 1)}</p>"

    text = markdownify(_RAW_BLOCKS.sub(hold, body), heading_style="ATX", bullets="-").strip()
    for index, block in enumerate(raw):
        text = text.replace(_TOKEN.format(index), block)
    return text + "\n" if text else ""


_TEXTURIZED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def untexturize_title(title: str) -> str:
    """A feed title is WordPress's typographic output; the stored title had
    straight quotes. Undo the quotes and ellipses (our build makes them again)
    so front matter reads as the author wrote it and the feed round-trips."""
    return title.translate(_TEXTURIZED).replace("\u2026", "...")
