"""Post HTML clean-up: Gutenberg block comments, the Yoast feed footer, Markdown.

By default a body stays exactly as WordPress stored it, minus the block
comments (they are editor data, not content). markdownify stays behind this
module.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

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


# Blocks WordPress renders from the site's data when it shows a page: their comments are
# the content, so they stay for the build to render. Any other self-closing block does too.
DYNAMIC_BLOCKS = frozenset({
    "query", "archives", "categories", "tag-cloud", "page-list", "latest-comments", "calendar",
    "search", "latest-posts", "rss", "loginout", "navigation",
})
_BLOCK_NAME = re.compile(r"<!--\s*/?wp:([a-z0-9_-]+(?:/[a-z0-9_-]+)?)", re.S)


def strip_block_comments(body: str) -> str:
    """Remove Gutenberg's block comments except those of dynamic blocks (kept verbatim)."""
    def keep(match: re.Match[str]) -> str:
        comment = match.group(0)
        if comment.endswith("/-->"):
            return comment
        name = _BLOCK_NAME.match(comment)
        block = name.group(1).removeprefix("core/") if name else ""
        return comment if block in DYNAMIC_BLOCKS else ""

    return _BLOCK_COMMENT.sub(keep, body)


# [name ...], [name], [name/], [/name]; [[name]] is WordPress's escape for literal text.
_SHORTCODE = re.compile(r"(?<!\[)\[([A-Za-z][A-Za-z0-9_-]*)(?=[\s\]/])[^\[\]]*\](?!\])")


def shortcode_names(body: str) -> list[str]:
    """The shortcodes a body uses, one name per use (closing tags not counted)."""
    return [m.group(1).lower() for m in _SHORTCODE.finditer(body)]


_ATTR_URL = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])((?:https?:)?//[^"'\s<>]+)\2""", re.I)


def same_site_links(body: str, base_url: str) -> str:
    """href/src links to the site itself (either scheme, or //host) as site paths.

    `https://old.example/blog/2024/05/x/` → `/2024/05/x/` for a site at
    https://old.example/blog: like permalinks and aliases, a site path is
    written below the site's folder, and the build puts the folder in front
    (README, "A site in a folder"). Links to other hosts, to the host outside the
    site's folder, and to WordPress's own files (/wp-content/, /wp-admin/, *.php)
    are left as they were: the new site does not serve them.
    """
    base = urlsplit(base_url)
    if not base.netloc:
        return body
    host, folder = base.netloc.lower(), base.path.rstrip("/")

    def local(match: re.Match[str]) -> str:
        url = match.group(3)
        parts = urlsplit(url)
        if parts.netloc.lower() != host or "@" in parts.netloc:
            return match.group(0)
        path = parts.path or "/"
        if folder and not (path == folder or path.startswith(folder + "/")):
            return match.group(0)
        below = path[len(folder):] or "/"
        if below.split("/")[1].startswith("wp-") or below.endswith(".php") or "\\" in path:
            return match.group(0)
        rest = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        return f"{match.group(1)}{match.group(2)}{below}{rest}{match.group(2)}"

    return _ATTR_URL.sub(local, body)


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
