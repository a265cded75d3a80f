"""Markdown (or stored HTML) → `Body`, with Pygments highlighting and
WordPress typography.

Python-Markdown and Pygments stay behind this module. Raw HTML passes
through untouched, because imported WordPress posts are HTML.

Bodies go through WordPress's `the_content` order: early shortcodes (code
blocks, `[embed]`) → paragraphs (`format: wordpress`) or Markdown → dynamic
blocks left as placeholders (blocks.py fills them at produce time) →
typography → the automatic excerpt (shortcode-free, as WordPress's) → the
other shortcodes → embed players for the page. In `format: html` and
`format: wordpress` bodies shortcodes are rendered wherever they are; in
Markdown bodies only where one stands alone: a code or `[embed]` shortcode
whose tags start and end lines, or any other that is a paragraph by itself.
"""
from __future__ import annotations

import html
import re
from concurrent.futures import ProcessPoolExecutor

from typing import Any, Callable, Iterator, Mapping

import markdown as _markdown
from pygments import highlight as _pygmentize
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from . import mdsettings
from .attachments import Attachment
from .blocks import collapse_dynamic_blocks
from .embeds import expand_embeds, player_for
from .excerpts import reading_minutes, summary_and_minutes
from .forking import shared_with_workers
from .model import Body, Entry
from .players import MediaInfo, expand_media_blocks, file_player
from .sanitize import title_html
from .mdfast import FastBlocksExtension
from .triggers import FastInlineExtension
from .shortcodes import (extract_early, new_context, protect, remove_tokens, render_shortcodes, restore,
                         stash, strip_shortcodes, unprotect)
from .typography import excerpt as auto_excerpt
from .typography import autop, clean_xml_chars, strip_tags, texturize

PYGMENTS_STYLE = "monokai"


PARALLEL_THRESHOLD = 64      # below this many entries a process pool costs more than it saves
_CHUNKS_PER_JOB = 4          # a few chunks a worker: an uneven chunk does not leave a core idle


def render_bodies(entries: tuple[Entry, ...], excerpt_words: int,
                  attachments: Mapping[int, Attachment] | None = None,
                  media_info: MediaInfo | None = None, jobs: int = 1,
                  done: Callable[[int], None] | None = None) -> dict[str, Body]:
    """Every entry's body, keyed by source path. One Markdown converter serves
    a batch (reset between documents); a batch is the unit a worker process
    takes. `attachments` (content/media.yaml) feed `[gallery]`, `[audio]`,
    `[video]` and `[playlist]`; `media_info` (site path → (length, MIME type,
    duration), read from the site's own files) gives players their duration.
    With `jobs` > 1 and more than PARALLEL_THRESHOLD entries, batches are
    rendered in a pool of `jobs` processes; results are merged in the entries'
    order, so the result is the same as a serial run's. `done(n)` is told
    as batches finish (the progress bar)."""
    return dict(iter_bodies(entries, excerpt_words, attachments, media_info, jobs, done))


def iter_bodies(entries: tuple[Entry, ...], excerpt_words: int,
                attachments: Mapping[int, Attachment] | None = None,
                media_info: MediaInfo | None = None, jobs: int = 1,
                done: Callable[[int], None] | None = None,
                keep: Callable[[Entry, Body], Any] | None = None,
                kept: dict[str, Any] | None = None,
                meanwhile: Callable[[], None] | None = None) -> Iterator[tuple[str, Body]]:
    """render_bodies' (source, body) pairs, in the entries' order, each batch given out as soon as it
    is done and then forgotten here: a caller that puts bodies aside as they come (cache.py's shelf)
    never holds every body at once. `keep(entry, body)` (picklable) is called where each body is
    rendered, in the worker: cache.py writes the body's cache record there, beside the rendering;
    what it returns goes into `kept`, by source path. `meanwhile()` is called once, before the first
    body is given out: with a pool, once every batch is handed to it, so that the caller's own work
    (the build's plan) runs while the workers render; what it raises stops the pool."""
    entries = tuple(entries)

    def given(batch: tuple[Entry, ...], done_batch: tuple[list[Body], list[Any]]) -> Iterator[tuple[str, Body]]:
        bodies, said = done_batch
        if kept is not None and said:
            kept.update(zip((e.source for e in batch), said))
        return zip((e.source for e in batch), bodies)

    if jobs <= 1 or len(entries) <= PARALLEL_THRESHOLD:
        if meanwhile is not None:
            meanwhile()
        if done is None or len(entries) <= PARALLEL_THRESHOLD:
            yield from given(entries, _render_batch(entries, excerpt_words, attachments, media_info, keep))
            return
        for start in range(0, len(entries), 50):
            batch = entries[start:start + 50]
            yield from given(batch, _render_batch(batch, excerpt_words, attachments, media_info, keep))
            done(len(batch))
        return
    size = -(-len(entries) // (jobs * _CHUNKS_PER_JOB))
    batches = [entries[i:i + size] for i in range(0, len(entries), size)]
    with shared_with_workers(), ProcessPoolExecutor(max_workers=min(jobs, len(batches))) as pool:   # (forking.py)
        futures: list = [pool.submit(_render_batch, batch, excerpt_words, attachments, media_info, keep)
                         for batch in batches]
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        for index, batch in enumerate(batches):               # in order, whatever finishes first
            bodies = futures[index].result()
            futures[index] = None                             # the future would keep its batch's bodies
            yield from given(batch, bodies)
            del bodies
            if done is not None:
                done(len(batch))


def _render_batch(entries: tuple[Entry, ...], excerpt_words: int, attachments: Mapping[int, Attachment] | None,
                  media_info: MediaInfo | None, keep: Callable[[Entry, Body], Any] | None = None
                  ) -> tuple[list[Body], list[Any]]:
    """The batch's bodies, and what `keep` said of each (nothing without it)."""
    md = new_converter()
    bodies = [render_body(e, excerpt_words, md, attachments, media_info) for e in entries]
    return bodies, [keep(entry, body) for entry, body in zip(entries, bodies)] if keep is not None else []


def new_converter() -> _markdown.Markdown:
    """Our converter: the stock extensions, then FastInlineExtension (triggers.py), which swaps in an
    inline pass that gives the same tree without the searches that cannot match, and
    FastBlocksExtension (mdfast.py): block tests, the contents marker and code highlighting without
    work whose answer is known. The output is the stock converter's."""
    return _markdown.Markdown(extensions=[*mdsettings.EXTENSIONS, FastInlineExtension(), FastBlocksExtension()],
                              extension_configs=mdsettings.EXTENSION_CONFIGS)


def stock_converter() -> _markdown.Markdown:
    """Python-Markdown as shipped with our extensions: what new_converter's output must equal."""
    return _markdown.Markdown(extensions=mdsettings.EXTENSIONS, extension_configs=mdsettings.EXTENSION_CONFIGS)


def render_body(entry: Entry, excerpt_words: int, md: _markdown.Markdown | None = None,
                attachments: Mapping[int, Attachment] | None = None,
                media_info: MediaInfo | None = None) -> Body:
    """An entry's body: feed HTML, page HTML, excerpt and table of contents."""
    toc = ""
    markdown_body = entry.format not in ("html", "wordpress")
    media_info = media_info or {}
    shortcodes = new_context(entry.body, entry.wp_id, attachments or {}, highlight, media_info)
    body_text = extract_early(entry.body, shortcodes, standalone=markdown_body)
    if markdown_body:
        body_text = lone_urls_to_players(body_text, lambda rendered: stash(shortcodes, rendered), media_info)
    else:
        body_text = autoembed(body_text, lambda rendered: stash(shortcodes, rendered), media_info)
    if entry.format == "html":
        body_html = body_text
    elif entry.format == "wordpress":
        body_html = autop(body_text)       # what the_content does to classic-editor posts
    else:
        md = md or new_converter()
        md.reset()
        body_html = md.convert(body_text)
        toc = getattr(md, "toc", "")
        if 'href="#' not in toc:
            toc = ""
    body_html = protect(collapse_dynamic_blocks(body_html), shortcodes)
    cleaned = clean_xml_chars(texturize(body_html))
    body_html = unprotect(cleaned, shortcodes)
    # the toc extension builds md.toc from the headings' text before typography runs on the body,
    # so the contents list would keep straight quotes the headings lose: give it the same typography
    toc = clean_xml_chars(texturize(toc)) if toc else ""
    text_html = strip_shortcodes(remove_tokens(body_html, shortcodes))
    if entry.excerpt is not None:        # plain text: markup in it shows as written, entities stay entities
        excerpt = convert_chars(entry.excerpt.replace("<", "&lt;").replace(">", "&gt;"))
    else:
        excerpt = auto_excerpt(text_html, excerpt_words)
    if entry.excerpt is not None:
        summary, minutes = excerpt, reading_minutes(text_html)
    else:
        summary, minutes = summary_and_minutes(text_html, excerpt_words)
    body_html = restore(render_shortcodes(body_html, shortcodes, standalone=markdown_body), shortcodes)
    if body_html is not cleaned:        # the very string cleaned above (no shortcode put anything back): clean
        body_html = clean_xml_chars(body_html)
    page_html = expand_media_blocks(expand_embeds(body_html, fallback=lambda url: file_player(url, "", media_info)),
                                    media_info)
    return Body(html=body_html, page_html=page_html, excerpt=excerpt, toc=toc, summary=summary,
                reading_minutes=minutes)


# A line holding only a URL: bare (`https://…`, a site path to a media file), an autolink
# (`<https://…>`) or a Markdown link whose text is the title (`[Night Drive](/media/night-drive.mp3)`).
_LONE_URL_RE = re.compile(
    r"^ {0,3}(?:<(?P<auto>https?://[^\s<>]+)>"
    r"|(?P<bare>https?://[^\s<>\[\]()\"'`]+|/[^\s<>\[\]()\"'`]+)"
    r"|\[(?P<text>[^\[\]\n]{1,300})\]\((?P<link>https?://[^\s<>()\"'`]+|/[^\s<>()\"'`]+)\))[ \t\r]*$")
# how a line _LONE_URL_RE matches starts, after a newline: searched for in "\n" + the text, it finds every
# such line (a literal first character: far quicker than _LONE_URL_RE with re.M trying every position)
_LONE_URL_START_RE = re.compile(r"\n {0,3}(?:<https?:|https?:|/|\[[^\[\]\n]{1,300}\]\((?:https?:|/))")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_OR_QUOTE_RE = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>)")


def lone_urls_to_players(text: str, keep: Callable[[str], str], media_info: MediaInfo | None = None) -> str:
    """Markdown source: each line that is only a service's URL or a media file's becomes a player,
    as WordPress's auto-embeds do. `keep` stashes the player's HTML and returns a token Markdown
    leaves alone; the token gets a paragraph of its own. Code blocks, raw HTML blocks, list items,
    quotes and URLs inside a sentence are left as they are (they stay links or text)."""
    if ("http" not in text and "/" not in text) or not _LONE_URL_START_RE.search("\n" + text):
        return text                   # no line can be only a URL: the walk below would give the text back
    out: list[str] = []
    fence = ""
    in_block = False          # a raw HTML block, a list item or a quote: runs to the next blank line
    after_list = False        # indented lines after a list may be its continuation paragraphs
    previous_blank = True
    for line in text.split("\n"):
        stripped = line.strip()
        fenced = _FENCE_RE.match(line)
        if fence:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence) \
                    and not stripped[len(fenced.group(1)):].strip():
                fence = ""
            out.append(line)
            continue
        if fenced:
            fence = fenced.group(1)
            out.append(line)
            previous_blank = False
            continue
        if not stripped:
            in_block = False
            previous_blank = True
            out.append(line)
            continue
        indented = line[:1] in (" ", "\t")
        if _LIST_OR_QUOTE_RE.match(line):
            in_block = after_list = True
        elif previous_blank:
            if stripped.startswith("<") and not stripped.startswith(("<http://", "<https://")):
                in_block = True
            if not indented:
                after_list = False
        previous_blank = False
        player = None if in_block or (indented and after_list) else _lone_player(line, media_info)
        if player is None:
            out.append(line)
        else:
            out.extend(["", keep(player), ""])
            previous_blank = True
    return "\n".join(out)


_AUTOEMBED_LINE_RE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t\r]*)$", re.M | re.I)
_AUTOEMBED_P_RE = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.I)


def autoembed(text: str, keep: Callable[[str], str], media_info: MediaInfo | None = None) -> str:
    """WP_Embed::autoembed for imported bodies: a URL alone on its line, or alone in a `<p>`, becomes
    its player (a service's facade or a media file's player); others stay as they are. Embed blocks'
    own URLs are left to `expand_embeds` (feeds keep those blocks as stored)."""
    if "http" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        before = text_of[0][:match.start()]
        if re.search(r'wp-block-embed__wrapper">\s*$', before):
            return match.group(0)
        url = html.unescape(match.group(2))
        player = player_for(url) or file_player(url, "", media_info)
        return match.group(0) if player is None else match.group(1) + keep(player) + match.group(3)

    text_of = [text]
    text = _AUTOEMBED_P_RE.sub(replace, text)
    text_of[0] = text
    return _AUTOEMBED_LINE_RE.sub(replace, text)


def _lone_player(line: str, media_info: MediaInfo | None) -> str | None:
    match = _LONE_URL_RE.match(line)
    if not match:
        return None
    url = match.group("auto") or match.group("bare") or match.group("link")
    title = " ".join(html.unescape(match.group("text") or "").replace("\\", "").split())
    if match.group("bare") and url.startswith("/") and not file_player(url):
        return None                         # a lone site path that is not a media file stays text
    if url.startswith("http"):
        found = player_for(url, title)
        if found is not None:
            return found
    return file_player(url, title, media_info)


def render_title(title: str, format: str = "markdown") -> str:
    """A title → safe HTML with WordPress typography (curly quotes, dashes).

    Markdown entries' titles are plain text (escaped). Imported entries
    (`format: html` or `wordpress`) carry WordPress titles, which are HTML:
    inline markup (em, strong, sup, …) is kept, everything else removed
    (links too: a title is usually a link already)."""
    if format not in ("html", "wordpress"):
        return clean_xml_chars(texturize(html.escape(title, quote=False)))
    clean = title_html(title)
    return clean_xml_chars(texturize(clean))


def plain_title(title: str, format: str = "markdown") -> str:
    """The title as plain text, typography applied (curly quotes as characters): for `<title>` and feeds,
    where WordPress strips a title's tags."""
    rendered = render_title(title, format)
    if format in ("html", "wordpress"):
        rendered = strip_tags(rendered)
    return html.unescape(rendered)


def highlight(code: str, language: str) -> str:
    """Code → the HTML Markdown's fenced code blocks get (Pygments, `highlight` class)."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    return _pygmentize(code, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True))


def convert_chars(text: str) -> str:
    """A lone & becomes &#038;, as WordPress's convert_chars does; entities stay."""
    return re.sub(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)", "&#038;", text)


def pygments_css() -> str:
    return HtmlFormatter(style=PYGMENTS_STYLE, cssclass="highlight").get_style_defs(".highlight") + "\n"
