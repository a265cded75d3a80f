"""Reference implementations: how typography.texturize and trim_words, and excerpts.summary and
reading_minutes worked before they were made cheaper (issue 10, per-body render cost). Kept here
only, so test_body_equivalence.py can check that the faster code gives the same output for any input.

They reuse the package's rule tables and helpers, which did not change; what is restated is the
control flow that did: every static replacement tried on every text run, the no-texturize stack
looked at for every tag, every word of a body split off to keep the first 55, and the body parsed
twice (once for the card, once for reading time), the URL pattern and the word-count patterns run
on every text."""
from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import regex

from generator import excerpts as _ex
from generator import typography as _ty
from generator.htmlscan import replay

_STATIC_REPLACEMENTS = [
    ("...", "&#8230;"),
    ("``", _ty._OPEN_DQ),
    ("''", _ty._CLOSE_DQ),
    (" (tm)", " &#8482;"),
] + [("'" + word, _ty._APOS + word.replace("'", _ty._APOS)) for word in _ty._COCKNEY]


def texturize(text: str) -> str:
    if not text:
        return text
    stack: list = []
    pieces = [piece for piece in _ty._SPLIT_RE.split(text) if piece]
    for index, piece in enumerate(pieces):
        if piece[0] == "<":
            if not piece.startswith("<!--"):
                _ty._track_no_texturize(piece, stack)
        elif piece[0] == "[" and _ty._SHORTCODE_RE.fullmatch(piece):
            continue
        elif not stack:
            pieces[index] = _texturize_run(piece)
    return "".join(pieces)


def _texturize_run(text: str) -> str:
    for needle, replacement in _STATIC_REPLACEMENTS:
        text = text.replace(needle, replacement)
    if "'" in text:
        for pattern, replacement in _ty._APOSTROPHE_RULES:
            text = pattern.sub(replacement, text)
        text = _ty._replace_primes(text, "'", _ty._PRIME, _ty._OPEN_SQ_FLAG, _ty._CLOSE_SQ)
        text = text.replace(_ty._APOS_FLAG, _ty._APOS).replace(_ty._OPEN_SQ_FLAG, _ty._OPEN_SQ)
    if '"' in text:
        for pattern, replacement in _ty._DOUBLE_QUOTE_RULES:
            text = pattern.sub(replacement, text)
        text = _ty._replace_primes(text, '"', _ty._DOUBLE_PRIME, _ty._OPEN_DQ_FLAG, _ty._CLOSE_DQ)
        text = text.replace(_ty._OPEN_DQ_FLAG, _ty._OPEN_DQ)
    if "-" in text:
        for pattern, replacement in _ty._DASH_RULES:
            text = pattern.sub(replacement, text)
    if _ty._TIMES_HINT_RE.search(text):
        text = _ty._TIMES_RE.sub(r"\1&#215;\2", text)
    return _ty._LONE_AMPERSAND_RE.sub("&#038;", text)


def trim_words(text: str, words: int = 55, more: str = " [&#8230;]") -> str:
    parts = [part for part in _ty._WORD_SEPARATOR_RE.split(_ty.strip_tags(text)) if part]
    if len(parts) > words:
        return " ".join(parts[:max(words, 0)]) + more
    return " ".join(parts)


def prose(body_html: str) -> str:
    parser = _Prose()
    parser.feed(body_html)
    parser.close()
    text = _ex._URL_RE.sub(" ", "".join(parser.parts))
    return " ".join(text.split())


def summary(body_html: str, words: int = 55) -> str:
    teaser, more, _ = body_html.partition("<!--more")
    if more and (text := prose(teaser)):
        return html.escape(text, quote=False)
    return html.escape(_ex.trim(prose(body_html), words), quote=False)


# a word: a run of characters neither white space (nor \x1c-\x1f) nor of a spaceless script
WORD_RUN_RE = regex.compile(rf"[^\s\x1c-\x1f{_ex._inner(_ex._SPACELESS_RE)}]+")


def reading_minutes(body_html: str) -> int:
    parser = _Prose(reading=True)
    parser.feed(body_html)
    parser.close()
    text = _ex._URL_RE.sub(" ", "".join(parser.parts))
    counts = {"word": len(WORD_RUN_RE.findall(text)), "cjk": len(_ex._CJK_RE.findall(text)),
              "southeast": len(_ex._SOUTHEAST_CLUSTER_RE.findall(text))}
    minutes = (counts["word"] / _ex.WORDS_PER_MINUTE + counts["cjk"] / _ex.CJK_CHARACTERS_PER_MINUTE
               + counts["southeast"] / _ex.SOUTHEAST_CLUSTERS_PER_MINUTE)
    return math.ceil(minutes) if any(counts.values()) else 0


class _Prose(HTMLParser):
    def __init__(self, reading: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.skipped = _ex._SKIPPED - ({"h1", "h2", "h3", "h4", "h5", "h6", "table", "aside"} if reading else set())

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _ex._BLOCKS:
            self.parts.append(" ")
        if tag in _ex._VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in self.skipped or bool(classes & _ex._SKIPPED_CLASSES) or ("hidden", None) in attrs
        self.stack.append((tag, skip))
        self.skipping += skip

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in _ex._BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in _ex._BLOCKS or tag in ("h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr"):
            self.parts.append(" ")
        if not any(name == tag for name, _ in self.stack):
            return
        while self.stack:
            name, skip = self.stack.pop()
            self.skipping -= skip
            if name == tag:
                break

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


# --- the feed excerpt, the prose reader and the link scan before the body passes' second round (md2) ----

def excerpt(text: str, words: int = 55) -> str:
    """typography.excerpt as it was: the whole body texturized, then trim_words on all of it."""
    text = _ty._HTML_COMMENT_RE.sub("", text)
    text = _ty._strip_shortcodes(text)
    text = _ty._remove_elements(text, "figure", keep=lambda tag: bool(_ty._classes(tag) & _ty._KEPT_FIGURE_CLASSES))
    text = _ty._remove_elements(text, "div", keep=lambda tag: "wp-block-image" not in _ty._classes(tag))
    for name in ("iframe", "video", "audio"):
        text = _ty._remove_elements(text, name)
    for name in ("ol", "ul"):
        text = _ty._remove_elements(text, name, keep=lambda tag: "wp-block-list" not in _ty._classes(tag))
    text = _ty._VOID_MEDIA_RE.sub("", text)
    text = texturize(text).replace("]]>", "]]&gt;")
    return trim_words(text, words, " [&#8230;]")


def prose_and_reading(body_html: str) -> tuple[list[str], list[str]]:
    """excerpts' two texts as they were read: HTMLParser's events (through htmlscan.replay when it can)
    handled by excerpts._Prose's methods."""
    parsed = _ex._Prose()
    if not replay(parsed, body_html):
        parsed.feed(body_html)
        parsed.close()
    return parsed.prose, parsed.reading


# links._broken's scan of a body for href and src values
ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def attribute_values(text: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in ATTR.finditer(text)]
