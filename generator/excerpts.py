"""Card excerpts and reading time, right for every script.

WordPress's feed excerpt (typography.excerpt) counts space-separated words,
so a Japanese post is one "word" and its card showed the whole post; and it
keeps headings, code, bare URLs and footnote numbers. Feeds keep WordPress's
rules (the round trip is byte for byte); cards and reading time use this
module instead.

The text of an excerpt is the body's prose only: headings, code, tables,
figures (captions too), embeds, footnote marks and the footnote list, scripts
and forms are left out, and bare URLs are removed. It is then measured in
units: a word in a spaced script (Latin, Cyrillic, Greek, Hangul, Arabic, …)
and a grapheme cluster in a spaceless one (Han, Hiragana, Katakana, Thai,
Lao, Khmer, Myanmar), the way WordPress trims by characters in the locales
whose "Word count type" is `characters_excluding_spaces` or
`characters_including_spaces` (wp_trim_words). The script is read from the
text itself, so a Japanese post on an English site is measured right without
a `lang:`. A trimmed excerpt ends at the last sentence end in its last third,
else at a unit boundary, never inside a word or a character, with "…".

Grapheme clusters come from the `regex` module (`\\X`, Unicode's rules), so a
Thai vowel sign or an emoji sequence is never split from its base.
"""
from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser
from typing import NamedTuple

import regex

from .htmlscan import attributes, scan

# Reading rates. Spaced scripts: 238 words a minute, the mean silent reading rate of English
# non-fiction in Brysbaert's meta-analysis (J. Memory and Language 109, 2019, 104047); Hugo uses 213.
# Chinese and Japanese: 500 characters a minute, the rate Hugo's ReadingTime uses for CJK text
# ((count + 500) / 501). Thai, Lao, Khmer and Myanmar: no published rate found; their grapheme
# clusters are read at an estimated 4 a word × 238.
WORDS_PER_MINUTE = 238
CJK_CHARACTERS_PER_MINUTE = 500
SOUTHEAST_CLUSTERS_PER_MINUTE = 4 * WORDS_PER_MINUTE
# A spaceless-script excerpt holds twice as many characters as a spaced one holds words (110 at the
# default 55). WordPress leaves the number to each translation (`_x('55', 'excerpt_length')`); twice
# is our choice, so a Japanese card fills about as many lines as an English one.
CHARACTERS_PER_WORD = 2
ELLIPSIS = "\u2026"

# what never belongs in an excerpt: not prose, or not readable out of the page
_SKIPPED = {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "kbd", "samp", "script", "style", "template",
            "figure", "figcaption", "table", "iframe", "video", "audio", "object", "embed", "svg", "math",
            "noscript", "button", "select", "textarea", "form", "nav", "sup", "sub", "aside"}
_SKIPPED_CLASSES = {"footnote", "footnotes", "toc", "highlight", "wp-block-embed", "wp-block-code",
                    "wp-block-table", "wp-block-image", "wp-block-gallery", "wp-block-file", "wp-block-audio",
                    "wp-block-video", "wp-caption", "gallery", "player", "screen-reader-text"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "blockquote", "section", "article", "header", "footer", "dd", "dt",
           "dl", "details", "summary", "br", "hr", "main"}

_URL_RE = regex.compile(r"(?:https?://|ftp://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", regex.I)
_CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}]")
_SOUTHEAST_RE = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# East Asian punctuation and full-width forms: units of their own, counted as text but not read
_WIDE_PUNCTUATION_RE = regex.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u30fb]")
_SENTENCE_END = set(".!?。！？｡…") | {"\u0964", "\u06d4", "\u0f0d"}   # Devanagari danda, Arabic full stop, Tibetan shad
_TRAILING = ",;:、，；：-–—(（[「『\"'“‘ "


class _Unit(NamedTuple):        # a tuple, not a frozen dataclass: an excerpt makes a hundred of them
    text: str          # a word, or one grapheme cluster of a spaceless script
    kind: str          # "word", "cjk", "southeast", "punct"
    space: bool        # whether white space came before it in the text

    @property
    def spaced(self) -> bool:
        return self.kind == "word"


def prose(body_html: str) -> str:
    """The body's readable prose as one line of plain text (no markup, no URLs)."""
    return _one_line(_texts(body_html)[0])


def _one_line(parts: list[str]) -> str:
    return " ".join(_without_urls("".join(parts)).split())


def _without_urls(text: str) -> str:
    """Bare URLs and e-mail addresses → a space. Every match of _URL_RE holds "://", "www." (any case)
    or "@": without them the (slow, `regex`) substitution would change nothing."""
    if "://" not in text and "@" not in text and "www." not in text.lower():
        return text
    return _URL_RE.sub(" ", text)


# one pass over the text: runs of clusters of spaced scripts (a word, or a part of one), single clusters of
# spaceless scripts and wide punctuation, and any other cluster (white space, or a cluster that starts with it)
_TOKENS = regex.compile(
    rf"(?P<word>(?:(?![\s\x1c-\x1f]|{_CJK_RE.pattern}|{_SOUTHEAST_RE.pattern}|{_WIDE_PUNCTUATION_RE.pattern})\X)+)"
    rf"|(?P<other>(?=[\s\x1c-\x1f])\X)|(?P<cjk>(?={_CJK_RE.pattern})\X)|(?P<southeast>(?={_SOUTHEAST_RE.pattern})\X)"
    rf"|(?P<punct>(?={_WIDE_PUNCTUATION_RE.pattern})\X)")


# Characters each of which is a grapheme cluster of its own (beside any other of them; only CR LF pairs up),
# none of a spaceless script or wide punctuation, and white space to `regex` exactly when str.isspace():
# ASCII, Latin-1, Latin Extended, IPA, most spacing modifier letters, and General Punctuation's dashes,
# quotes, ellipsis, primes (no zero-width or bidi controls). tests/unit/test_body_equivalence.py checks
# each of these claims for every character against the `regex` module installed.
_SIMPLE = "\x00-\u02e9\u2010-\u2027\u2030-\u205e"
_SIMPLE_TEXT_RE = re.compile(f"[{_SIMPLE}]*")


def units(text: str, limit: int | None = None) -> list[_Unit]:
    """`text` split into words (spaced scripts) and grapheme clusters (spaceless scripts); with `limit`,
    at least the first `limit` units (the rest of the text is not looked at)."""
    if (limit is None or limit >= 0) and _SIMPLE_TEXT_RE.fullmatch(text):
        # only words, split at white space as str.split() does: what the cluster walk finds, without it
        words = text.split() if limit is None else text.split(None, limit + 1)[:limit + 1]
        leading = text[:1].isspace()
        return [_Unit(word, "word", leading if i == 0 else True) for i, word in enumerate(words)]
    return _clustered_units(text, limit)


def _clustered_units(text: str, limit: int | None) -> list[_Unit]:
    out: list[_Unit] = []
    word: list[str] = []
    space = False

    def flush() -> None:
        nonlocal space
        if word:
            out.append(_Unit("".join(word), "word", space))
            word.clear()
            space = False

    for match in _TOKENS.finditer(text):
        kind, piece = match.lastgroup, match.group()
        if kind == "word":
            word.append(piece)
            continue
        if kind == "other":                 # a cluster that starts with white space
            if piece.isspace():
                flush()
                space = True
                if limit is not None and len(out) > limit:
                    return out
                continue
            kind = next((name for name, pattern in (("cjk", _CJK_RE), ("southeast", _SOUTHEAST_RE),
                                                     ("punct", _WIDE_PUNCTUATION_RE)) if pattern.match(piece)), "word")
            if kind == "word":
                word.append(piece)          # white space with a mark on it belongs to its word
                continue
        flush()
        out.append(_Unit(piece, kind, space))
        space = False
    flush()
    return out


def _inner(pattern: regex.Pattern) -> str:
    """The inside of a character class pattern: "[abc]" → "abc"."""
    return pattern.pattern[1:-1]


# reading time needs counts only: a word is a run of characters that are neither white space (nor \x1c-\x1f)
# nor of a spaceless script (no grapheme-by-grapheme walk: whole bodies are counted, and a minute's rounding
# never hangs on where a combining mark falls)
_SPACELESS_RE = regex.compile(f"[{_inner(_CJK_RE)}{_inner(_SOUTHEAST_RE)}{_inner(_WIDE_PUNCTUATION_RE)}]")
_SOUTHEAST_CLUSTER_RE = regex.compile(rf"(?={_SOUTHEAST_RE.pattern})\X")

# The same character classes as stdlib `re` ranges, which scan text several times faster than `regex`'s
# \p{…}: generated from the `regex` module (Unicode 16), and checked against the installed one for every
# code point by tests/unit/test_body_equivalence.py (a newer `regex` that moves a character fails it).
_CJK_RANGES = ("\u02ea-\u02eb\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
               "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u3105-\u312f\u31a0-\u31bf\u31f0-\u31ff"
               "\u32d0-\u32fe\u3300-\u3357\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\uff66-\uff6f"
               "\uff71-\uff9d\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6\U0001aff0-\U0001aff3\U0001aff5-\U0001affb"
               "\U0001affd-\U0001affe\U0001b000-\U0001b122\U0001b132\U0001b150-\U0001b152\U0001b155"
               "\U0001b164-\U0001b167\U0001f200\U00020000-\U0002a6df\U0002a700-\U0002b81d\U0002b820-\U0002cead"
               "\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a"
               "\U00031350-\U00033479")
_SOUTHEAST_RANGES = ("\u0e01-\u0e3a\u0e40-\u0e5b\u0e81-\u0e82\u0e84\u0e86-\u0e8a\u0e8c-\u0ea3\u0ea5\u0ea7-\u0ebd"
                     "\u0ec0-\u0ec4\u0ec6\u0ec8-\u0ece\u0ed0-\u0ed9\u0edc-\u0edf\u1000-\u109f\u1780-\u17dd"
                     "\u17e0-\u17e9\u17f0-\u17f9\u19e0-\u19ff\ua9e0-\ua9fe\uaa60-\uaa7f\U000116d0-\U000116e3")


class _Classes(NamedTuple):
    spaceless: re.Pattern
    cjk: re.Pattern
    southeast: re.Pattern


def _classes(*ranges: str, astral: bool) -> re.Pattern:
    """A stdlib class of `ranges`; without `astral`, only their part below U+10000: `re` looks a
    character up in a table for such a class, but walks a list of ranges for one reaching beyond."""
    kept = "".join(part for text in ranges for part in re.findall(".(?:-.)?", text, re.S)
                   if astral or part[0] <= "\uffff")
    return re.compile(f"[{kept}]")


_WIDE_PUNCTUATION = _inner(_WIDE_PUNCTUATION_RE).encode("ascii").decode("unicode_escape")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_BMP_CLASSES, _ALL_CLASSES = (
    _Classes(_classes(_CJK_RANGES, _SOUTHEAST_RANGES, _WIDE_PUNCTUATION, astral=astral),
             _classes(_CJK_RANGES, astral=astral), _classes(_SOUTHEAST_RANGES, astral=astral))
    for astral in (False, True))


def _counts(text: str) -> dict[str, int]:
    r"""Words, CJK characters and Southeast Asian grapheme clusters in `text`.

    `regex`'s white space with \x1c-\x1f is exactly what str.isspace() calls white space, so the word
    runs are what str.split() finds once each character of a spaceless script is a space; those
    characters are found with the stdlib ranges above (below U+10000 when the text has nothing beyond),
    and only Southeast Asian text (whose grapheme clusters need `regex`'s \X) is scanned with `regex`
    (test_body_equivalence.py checks the ranges for every character, and the counts against a plain
    pattern count)."""
    classes = _ALL_CLASSES if _ASTRAL_RE.search(text) else _BMP_CLASSES
    if not classes.spaceless.search(text):
        return {"word": len(text.split()), "cjk": 0, "southeast": 0}
    return {"word": len(classes.spaceless.sub(" ", text).split()), "cjk": len(classes.cjk.findall(text)),
            "southeast": len(_SOUTHEAST_CLUSTER_RE.findall(text)) if classes.southeast.search(text) else 0}


def _join(parts: list[_Unit]) -> str:
    """The units as written: a space wherever the text had white space."""
    return "".join((" " if i and unit.space else "") + unit.text for i, unit in enumerate(parts))


def trim(text: str, words: int = 55) -> str:
    """`text` cut to `words` words (or `words` × CHARACTERS_PER_WORD characters of a spaceless
    script, each counted as 1/CHARACTERS_PER_WORD of a word), ending at a sentence end or a
    unit boundary with an ellipsis; the whole text when it fits."""
    budget = words * CHARACTERS_PER_WORD
    return _trimmed_units(units(text, limit=budget + 1), budget)   # each unit costs at least 1: the rest is never reached


def _trimmed_units(parts: list[_Unit], budget: int) -> str:
    """trim's cut of its units: it looks at parts[0 … budget + 1] only (at most budget + 1 units fit)."""
    used, cut = 0, len(parts)
    for i, unit in enumerate(parts):
        cost = CHARACTERS_PER_WORD if unit.spaced else 1
        if used + cost > budget:
            cut = i
            break
        used += cost
    if cut == len(parts):
        return _join(parts)
    floor = max(1, (2 * cut) // 3)          # look back over the last third at most
    end = next((e for e in range(cut, floor - 1, -1) if parts[e - 1].text[-1:] in _SENTENCE_END), 0)
    if not end and not parts[cut].spaced and not parts[cut].space:
        # inside a spaceless run: step back to a space or a comma (a Thai phrase, a Japanese clause) if one is near
        end = next((e for e in range(cut, floor - 1, -1)
                    if parts[e].space or parts[e - 1].text in ("、", "，", ",")), 0)
    kept = parts[:end or cut]
    result = _join(kept).rstrip(_TRAILING).rstrip("".join(_SENTENCE_END - {"…"}))
    return result + ELLIPSIS if result else ""


def summary(body_html: str, words: int = 55) -> str:
    """The card excerpt of a body, escaped for HTML (plain text in a `<p>`): the prose of the
    teaser before a `<!--more-->`, whole, as WordPress's index pages show it; else the prose, trimmed."""
    return _summary(body_html, words, None)


def summary_and_minutes(body_html: str, words: int = 55) -> tuple[str, int]:
    """`(summary(body_html, words), reading_minutes(body_html))` from one parse of the body
    (render_body needs both; parsing a long body is most of their cost)."""
    prose_parts, reading_parts = _texts(body_html)
    return _summary(body_html, words, prose_parts), _minutes(_reading_text(reading_parts))


def _summary(body_html: str, words: int, prose_parts: list[str] | None) -> str:
    teaser, more, _ = body_html.partition("<!--more")
    if more and (text := prose(teaser)):
        return html.escape(text, quote=False)
    return html.escape(_trimmed_prose(prose_parts if prose_parts is not None else _texts(body_html)[0], words),
                       quote=False)


SUMMARY_HEAD = 2000     # characters of prose a card excerpt is first cut from (55 English words are ~350)


def _trimmed_prose(parts: list[str], words: int, head: int = SUMMARY_HEAD) -> str:
    """`trim(_one_line(parts), words)`, from the prose's first `head` characters (up to a space) when
    they hold enough units: a body's prose was made one line and split into units whole, for 110.

    No bare URL or e-mail address holds a space, so the line of the text before a space is the start of
    the whole text's line, and its units are the whole's but for the last (a grapheme cluster can reach
    across the space: a combining mark after it, a prepended mark before it). trim looks at its first
    budget + 2 units only; with budget + 3 units in the head, those are the whole's.
    tests/unit/test_body_equivalence.py checks it against trim on the whole, with heads of any size."""
    raw = "".join(parts)
    budget = words * CHARACTERS_PER_WORD
    space = raw.find(" ", head) if words > 0 else -1
    if space > 0:
        head_units = units(_one_line([raw[:space]]), limit=budget + 2)
        if len(head_units) >= budget + 3:
            return _trimmed_units(head_units[:budget + 2], budget)
    return trim(_one_line([raw]), words)


def reading_minutes(body_html: str) -> int:
    """Minutes to read the body's prose at the rates above, rounded up; 0 when it has no text."""
    return _minutes(_reading_text(_texts(body_html)[1]))


def _minutes(text: str) -> int:
    counts = _counts(text)
    minutes = (counts["word"] / WORDS_PER_MINUTE + counts["cjk"] / CJK_CHARACTERS_PER_MINUTE
               + counts["southeast"] / SOUTHEAST_CLUSTERS_PER_MINUTE)
    return math.ceil(minutes) if any(counts.values()) else 0


def _reading_text(reading_parts: list[str]) -> str:
    """What a reader reads: the prose plus headings, lists and tables (code and embeds are looked at, not read)."""
    return _without_urls("".join(reading_parts))


_SKIPPED_ONLY_IN_PROSE = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "table", "aside"})
_SKIPPED_WHEN_READING = _SKIPPED - _SKIPPED_ONLY_IN_PROSE


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACE_AFTER = frozenset(_BLOCKS | _HEADINGS | {"td", "th", "tr"})          # end tags that end a block of text


def _texts(body_html: str) -> tuple[list[str], list[str]]:
    """The body's two texts, (prose, reading), as _Prose collects them from HTMLParser's events. HTML in
    htmlscan's subset (what Markdown writes) is read here in one loop over its tokens, with _Prose's
    handlers' logic inline: a handler call per token (htmlscan.replay) was half of the read's cost.
    Other HTML goes to HTMLParser and _Prose.
    tests/unit/test_body_equivalence.py compares the two readers."""
    tokens = scan(body_html)
    if tokens is None:
        parser = _Prose()
        parser.feed(body_html)
        parser.close()
        return parser.prose, parser.reading
    prose: list[str] = []
    reading: list[str] = []
    stack: list[tuple[str, bool, bool]] = []          # (tag, skipped in prose, skipped in reading)
    names: list[str] = []
    skipping = skipping_reading = 0
    for token in tokens:
        kind = token.lastgroup
        if kind == "data":
            if skipping and skipping_reading:
                continue
            data = token.group()
            if "&" in data:
                data = html.unescape(data)
            if not skipping:
                prose.append(data)
            if not skipping_reading:
                reading.append(data)
        elif kind == "end":
            tag = token.group("end").lower()
            if tag in _SPACE_AFTER:
                prose.append(" ")
                reading.append(" ")
            if tag not in names:
                continue                                  # a stray end tag: ignored, as browsers do
            while stack:
                name, skip, skip_reading = stack.pop()
                names.pop()
                skipping -= skip
                skipping_reading -= skip_reading
                if name == tag:
                    break
        elif kind == "close":                             # a start tag
            tag = token.group("start").lower()
            if tag in _BLOCKS:
                prose.append(" ")
                reading.append(" ")
            if token.group("close") or tag in _VOID:      # self-closing: handle_startendtag
                continue
            skip, skip_reading = tag in _SKIPPED, tag in _SKIPPED_WHEN_READING
            # a class or `hidden` marks the element skipped in both; that changes nothing where each text is
            # skipped already, by the tag or an open element (which closes after this one): most spans of
            # highlighted code, whose attributes are then not read
            attrs = token.group("attrs")
            if attrs and not ((skip or skipping) and (skip_reading or skipping_reading)):
                pairs = attributes(attrs)
                if set((dict(pairs).get("class") or "").split()) & _SKIPPED_CLASSES or ("hidden", None) in pairs:
                    skip = skip_reading = True
            stack.append((tag, skip, skip_reading))
            names.append(tag)
            skipping += skip
            skipping_reading += skip_reading
    return prose, reading


class _Prose(HTMLParser):
    """Collects, in one pass, two texts: `prose` (the excerpt's: outside every skipped element) and
    `reading` (reading time's: headings, tables and asides count too). Block ends become spaces in both."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.prose: list[str] = []
        self.reading: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []     # (tag, skipped in prose, skipped in reading)
        self.names: list[str] = []                        # the stack's tags, to find one fast
        self.skipping = 0                                 # open elements skipped in prose
        self.skipping_reading = 0                         # … and in reading

    def _space(self) -> None:
        self.prose.append(" ")
        self.reading.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.prose.append(" ")
            self.reading.append(" ")
        if tag in _VOID:
            return
        marked = attrs and (bool(set((dict(attrs).get("class") or "").split()) & _SKIPPED_CLASSES)
                            or ("hidden", None) in attrs)
        skip, skip_reading = bool(marked or tag in _SKIPPED), bool(marked or tag in _SKIPPED_WHEN_READING)
        self.stack.append((tag, skip, skip_reading))
        self.names.append(tag)
        self.skipping += skip
        self.skipping_reading += skip_reading

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._space()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag in ("h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr"):
            self._space()
        if tag not in self.names:
            return                                   # a stray end tag: ignored, as browsers do
        while self.stack:
            name, skip, skip_reading = self.stack.pop()
            self.names.pop()
            self.skipping -= skip
            self.skipping_reading -= skip_reading
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.prose.append(data)
        if not self.skipping_reading:
            self.reading.append(data)
