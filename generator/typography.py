"""WordPress-compatible typography and text helpers.

A behavioural port of the parts of WordPress (6.x, default English locale)
that shape visible text: ``wptexturize()``, ``wp_strip_all_tags()``,
``wp_trim_words()``, the automatic excerpt, ``esc_html()`` and ``wpautop()``.

Everything works on HTML *source* strings: entities are produced and kept
as entities (``&#8217;``), never decoded to characters.
"""

import re
from html.entities import name2codepoint
from typing import Iterator

__all__ = [
    "texturize",
    "strip_tags",
    "trim_words",
    "excerpt",
    "escape_text",
    "clean_xml_chars",
    "autop",
]

# --------------------------------------------------------------------------
# texturize
# --------------------------------------------------------------------------

_OPEN_DQ, _CLOSE_DQ = "&#8220;", "&#8221;"
_OPEN_SQ, _CLOSE_SQ = "&#8216;", "&#8217;"
_APOS = "&#8217;"
_PRIME, _DOUBLE_PRIME = "&#8242;", "&#8243;"
_EN_DASH, _EM_DASH = "&#8211;", "&#8212;"

# Temporary markers; they look like HTML comments so they can never occur
# inside a text run (a "<" always starts a delimiter).
_OPEN_DQ_FLAG = "<!--oq-->"
_OPEN_SQ_FLAG = "<!--osq-->"
_APOS_FLAG = "<!--apos-->"
_PRIME_OR_QUOTE_FLAG = "<!--wp-prime-or-quote-->"

_NO_TEXTURIZE_TAGS = ("pre", "code", "kbd", "style", "script", "tt")
_NO_TEXTURIZE_INITIALS = frozenset(name[0] for name in _NO_TEXTURIZE_TAGS)
# Shortcodes registered by a bare WordPress install.
_CORE_SHORTCODES = ("wp_caption", "caption", "gallery", "playlist", "audio", "video", "embed")

_COCKNEY = ("tain't", "twere", "twas", "tis", "twill", "til", "bout", "nuff", "round", "cause", "em")
# wptexturize's static replacements, in its order: "...", "``", "''", " (tm)", then 'tain't, 'twere, …
# (_texturize_run applies them one by one, each only when its text is there)
_COCKNEY_REPLACEMENTS = [("'" + word, _APOS + word.replace("'", _APOS)) for word in _COCKNEY]

# WordPress's wp_spaces_regexp(): ASCII whitespace, NBSP and "&nbsp;".
# Python needs fixed-width look-behinds, hence the split alternatives.
_SPACE = r"(?:[\r\n\t \u00a0]|&nbsp;)"
_AFTER_SPACE = r"(?:(?<=[\r\n\t \u00a0])|(?<=&nbsp;))"
_NOT_AFTER_SPACE = r"(?<![\r\n\t \u00a0])(?<!&nbsp;)"
# What may follow a closing quote.
_CLOSER_CONTEXT = r"(?:\Z|[.,:;!?)}\-\]]|&gt;|" + _SPACE + ")"

_FLAGS = re.ASCII


def _rules(pairs):
    return [(re.compile(pattern, _FLAGS), replacement) for pattern, replacement in pairs]


_APOSTROPHE_RULES = _rules([
    # '99' and '99" read as an abbreviated year closing a quotation.
    (r"'(\d\d)'(?=" + _CLOSER_CONTEXT + ")", _APOS_FLAG + r"\1" + _CLOSE_SQ),
    (r"'(\d\d)\"(?=" + _CLOSER_CONTEXT + ")", _APOS_FLAG + r"\1" + _CLOSE_DQ),
    # '99, '99s, '99's -- but not '9, '99%, '999 or '99.0.
    (r"'(?=\d\d(?:\Z|(?![%\d]|[.,]\d)))", _APOS_FLAG),
    # A quoted number such as '0.42'.
    (r"(?:\A|" + _AFTER_SPACE + r")'(\d[.,\d]*)'", _OPEN_SQ_FLAG + r"\1" + _CLOSE_SQ),
    # Opening single quote: at the start or after ( [ { " - &lt; or a space.
    (r"(?:\A|(?<=[(\[{\"\-])|(?<=&lt;)|" + _AFTER_SPACE + ")'", _OPEN_SQ_FLAG),
    # Apostrophe inside a word. Not before a curled double quote either: that
    # is how WordPress leaves '" (a straight ' before a closing "), so output
    # that is already texturized comes through unchanged.
    (_NOT_AFTER_SPACE + r"'(?!\Z|[.,:;!?\"'(){}\[\]\-]|&[lg]t;|&#82(?:20|21|43);|" + _SPACE + ")", _APOS_FLAG),
])

_DOUBLE_QUOTE_RULES = _rules([
    (r"(?:\A|" + _AFTER_SPACE + r")\"(\d[.,\d]*)\"", _OPEN_DQ_FLAG + r"\1" + _CLOSE_DQ),
    (r"(?:\A|(?<=[(\[{\-])|(?<=&lt;)|" + _AFTER_SPACE + ")\"(?!" + _SPACE + ")", _OPEN_DQ_FLAG),
])

_DASH_RULES = _rules([
    (r"---", _EM_DASH),
    (r"(?:\A|" + _AFTER_SPACE + ")--(?=\\Z|" + _SPACE + ")", _EM_DASH),
    (r"(?<!xn)--", _EN_DASH),
    (r"(?:\A|" + _AFTER_SPACE + ")-(?=\\Z|" + _SPACE + ")", _EN_DASH),
])

_TIMES_HINT_RE = re.compile(r"(?<=\d)x\d", _FLAGS)
# A number, "x", a number; a leading 0 needs more digits (never 0x9999).
_TIMES_RE = re.compile(r"\b(0[\d.,]+|[1-9][\d.,]*)x(\d[\d.,]*)\b", _FLAGS)
_LONE_AMPERSAND_RE = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", re.I | _FLAGS)

_COMMENT = r"<(?=!--)!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_ELEMENT = r"<(?!!--)[^>]*>?"
_SHORTCODE = (
    r"\[[/\[]?(?:" + "|".join(_CORE_SHORTCODES) + r")(?=[\s\]/])"
    r"(?:[^\[\]<>]+|<[^\[\]>]*>)*+\]\]?"
)
_SPLIT_RE = re.compile("(" + _COMMENT + "|" + _ELEMENT + "|" + _SHORTCODE + ")", _FLAGS)
_SHORTCODE_RE = re.compile(_SHORTCODE, _FLAGS)


def texturize(html: str) -> str:
    """Curl quotes, dashes, ellipses etc. in the text runs of *html* (wptexturize)."""
    if not html:
        return html
    stack = []
    pieces = [piece for piece in _SPLIT_RE.split(html) if piece]
    for index, piece in enumerate(pieces):
        if piece[0] == "<":
            # with no element open, only an opening tag whose name may be a no-texturize one can change the stack
            if (stack or piece[1:2] in _NO_TEXTURIZE_INITIALS) and not piece.startswith("<!--"):
                _track_no_texturize(piece, stack)
        elif piece[0] == "[" and _SHORTCODE_RE.fullmatch(piece):
            continue
        elif not stack:
            pieces[index] = _texturize_run(piece)
    return "".join(pieces)


def _track_no_texturize(tag: str, stack: list) -> None:
    """Push/pop no-texturize elements the way WordPress parses tag names."""
    opening = len(tag) > 1 and tag[1] != "/"
    if not opening and not stack:
        return
    offset = 1 if opening else 2
    space = tag.find(" ")
    name = tag[offset:space] if space >= 0 else tag[offset:-1]
    if name not in _NO_TEXTURIZE_TAGS:
        return
    if opening:
        stack.append(name)
    elif stack[-1] == name:
        stack.pop()


def _texturize_run(text: str) -> str:
    # WordPress's steps in its order, each skipped when the text lacks what it looks for (most runs
    # lack most of them): a step that would find nothing would change nothing
    if "..." in text:
        text = text.replace("...", "&#8230;")
    if "``" in text:
        text = text.replace("``", _OPEN_DQ)
    if "'" in text:
        text = text.replace("''", _CLOSE_DQ)
    if " (tm)" in text:
        text = text.replace(" (tm)", " &#8482;")
    if "'" in text:
        for needle, replacement in _COCKNEY_REPLACEMENTS:
            text = text.replace(needle, replacement)
    if "'" in text:
        for pattern, replacement in _APOSTROPHE_RULES:
            text = pattern.sub(replacement, text)
        text = _replace_primes(text, "'", _PRIME, _OPEN_SQ_FLAG, _CLOSE_SQ)
        text = text.replace(_APOS_FLAG, _APOS).replace(_OPEN_SQ_FLAG, _OPEN_SQ)
    if '"' in text:
        for pattern, replacement in _DOUBLE_QUOTE_RULES:
            text = pattern.sub(replacement, text)
        text = _replace_primes(text, '"', _DOUBLE_PRIME, _OPEN_DQ_FLAG, _CLOSE_DQ)
        text = text.replace(_OPEN_DQ_FLAG, _OPEN_DQ)
    if "-" in text:
        for pattern, replacement in _DASH_RULES:
            text = pattern.sub(replacement, text)
    if "x" in text and _TIMES_HINT_RE.search(text):
        text = _TIMES_RE.sub(r"\1&#215;\2", text)
    return _LONE_AMPERSAND_RE.sub("&#038;", text) if "&" in text else text


def _replace_primes(text: str, needle: str, prime: str, open_flag: str, close_quote: str) -> str:
    """Decide for each remaining *needle* whether it is a prime or a closing quote.

    The text is cut at every opening quote; inside a quotation that has no
    closing quote yet, the candidate most likely to end it wins over primes.
    """
    flag = _PRIME_OR_QUOTE_FLAG
    quote_re = re.compile(re.escape(needle) + "(?=" + _CLOSER_CONTEXT + ")", _FLAGS)
    prime_re = re.compile(r"(?<=\d)" + re.escape(needle), _FLAGS)
    sentences = text.split(open_flag)
    for index, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        if index and close_quote not in sentence:
            sentence, count = quote_re.subn(flag, sentence)
            if count > 1:
                sentence, closed = re.subn(r"(?<!\d)" + re.escape(flag), close_quote, sentence, flags=_FLAGS)
                if not closed:
                    position = sentence.rfind(flag + ".")
                    if position < 0:
                        position = sentence.rfind(flag)
                    sentence = sentence[:position] + close_quote + sentence[position + len(flag):]
                sentence = prime_re.sub(prime, sentence)
                sentence = re.sub(r"(?<=\d)" + re.escape(flag), prime, sentence, flags=_FLAGS)
                sentence = sentence.replace(flag, close_quote)
            elif count == 1:
                sentence = prime_re.sub(prime, sentence.replace(flag, close_quote))
            else:
                sentence = prime_re.sub(prime, sentence)
        else:
            sentence = quote_re.sub(close_quote, prime_re.sub(prime, sentence))
        if needle == '"':
            sentence = sentence.replace('"', close_quote)
        sentences[index] = sentence
    return open_flag.join(sentences)


# --------------------------------------------------------------------------
# Tags, words, excerpts
# --------------------------------------------------------------------------

_SCRIPT_STYLE_RE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", re.I | re.S)
# A comment, or "<" not followed by whitespace up to the next ">" outside quotes.
_TAG_RE = re.compile(r"<!--.*?(?:-->|\Z)|<(?!\s)(?:\"[^\"]*\"|'[^']*'|[^\"'>])*(?:>|\Z)", re.S)
_PHP_TRIM = " \t\n\r\0\x0b"
_WORD_SEPARATOR_RE = re.compile(r"[\n\r\t ]+")


def strip_tags(html: str) -> str:
    """Remove script/style elements and then every tag (wp_strip_all_tags)."""
    text = _SCRIPT_STYLE_RE.sub("", html)
    return _TAG_RE.sub("", text).strip(_PHP_TRIM)


def trim_words(html: str, words: int = 55, more: str = " [&#8230;]") -> str:
    """Keep the first *words* words of the tag-less text (wp_trim_words)."""
    # stripped text has no separator at either end, so every part is a word; splitting off words + 1 of
    # them is enough to tell whether there are more than *words* (the rest of a long body stays in one piece)
    limit = words + 1 if words >= 0 else 0
    parts = [part for part in _WORD_SEPARATOR_RE.split(strip_tags(html), limit) if part]
    if len(parts) > words:
        return " ".join(parts[:max(words, 0)]) + more
    return " ".join(parts)


_HTML_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_VOID_MEDIA_RE = re.compile(r"<(?:hr|img)(?=[\s/>])[^>]*>", re.I)
_CLASS_RE = re.compile(r"""(?<![\w-])class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Figures WordPress keeps in excerpts (table and pullquote blocks).
_KEPT_FIGURE_CLASSES = {"wp-block-table", "wp-block-pullquote"}


def excerpt(html: str, words: int = 55) -> str:
    """The automatic excerpt WordPress puts in a feed ``<description>``."""
    text = _HTML_COMMENT_RE.sub("", html)
    text = _strip_shortcodes(text)
    text = _remove_elements(text, "figure", keep=lambda tag: bool(_classes(tag) & _KEPT_FIGURE_CLASSES))
    text = _remove_elements(text, "div", keep=lambda tag: "wp-block-image" not in _classes(tag))
    for name in ("iframe", "video", "audio"):
        text = _remove_elements(text, name)
    # List blocks: WordPress renders only allowed inner blocks into an excerpt,
    # and core/list-item is not one, so a Gutenberg list adds no words.
    for name in ("ol", "ul"):
        text = _remove_elements(text, name, keep=lambda tag: "wp-block-list" not in _classes(tag))
    text = _VOID_MEDIA_RE.sub("", text)
    head = _texturized_head(text, words)
    if head is None:
        head = texturize(text).replace("]]>", "]]&gt;")
    return trim_words(head, words, " [&#8230;]")


def _pieces(text: str) -> Iterator[str]:
    """`[piece for piece in _SPLIT_RE.split(text) if piece]` (texturize's pieces), one at a time."""
    at = 0
    for match in _SPLIT_RE.finditer(text):          # its matches are never empty: split's pieces exactly
        if match.start() > at:
            yield text[at:match.start()]
        yield match.group()
        at = match.end()
    if at < len(text):
        yield text[at:]


_SCRIPT_OR_STYLE_RE = re.compile(r"<(?:script|style)", re.I)     # where _SCRIPT_STYLE_RE could start


def _texturized_head(text: str, words: int) -> str | None:
    """The start of `texturize(text).replace("]]>", "]]&gt;")`, texturized piece by piece only until
    its text holds the first `words` + 1 words, each followed by a separator: trim_words gives the same
    for it as for the whole (it keeps `words` words, and knows there are more). The feed excerpt
    texturized and stripped a whole body to keep 55 words.

    texturize's state runs forward only (the no-texturize stack), so its first pieces do not depend on
    the rest. The cut must also be one strip_tags makes the same: every tag piece before it is one tag
    to strip_tags (its pattern matches the piece whole and the piece ends with ">"; strip_tags' tags
    can hold a quoted ">", texturize's cannot), a shortcode piece holds no "<", and the text has no
    script or style element, comment or "]]>" (each can reach across any cut). Else None: the caller
    texturizes all of it. tests/unit/test_body_equivalence.py checks it against the whole-text excerpt."""
    if words < 0 or "<!--" in text or "]]>" in text or _SCRIPT_OR_STYLE_RE.search(text):
        return None
    stack: list = []
    out: list[str] = []
    kept: list[str] = []                # the text strip_tags would leave of `out`
    need = words + 1                    # separator runs that must follow words in `kept`
    estimate, check_at = 0, need
    for piece in _pieces(text):
        if piece[0] == "<":
            if piece[-1] != ">" or not _TAG_RE.fullmatch(piece):
                return None
            if (stack or piece[1:2] in _NO_TEXTURIZE_INITIALS) and not piece.startswith("<!--"):
                _track_no_texturize(piece, stack)
            out.append(piece)
            continue
        if piece[0] == "[" and _SHORTCODE_RE.fullmatch(piece):
            if "<" in piece:
                return None
        elif not stack:
            piece = _texturize_run(piece)
        out.append(piece)
        kept.append(piece)
        # an upper bound of the separator runs `kept` has (joined, two runs may become one)
        estimate += piece.count(" ") + piece.count("\n") + piece.count("\t") + piece.count("\r")
        if estimate >= check_at:
            found = len(_WORD_SEPARATOR_RE.split("".join(kept).lstrip(_PHP_TRIM), need)) - 1
            if found >= need:
                break
            check_at = estimate + need - found      # each new run adds at least one to the estimate
    return "".join(out)


def _classes(tag: str) -> set:
    match = _CLASS_RE.search(tag)
    if not match:
        return set()
    return set((match.group(1) or match.group(2) or match.group(3) or "").split())


def _remove_elements(html: str, name: str, keep=None) -> str:
    """Drop every ``<name>`` element with its (nested) content, unless keep(open_tag)."""
    tag_re = re.compile(r"<(/?)" + name + r"(?=[\s/>])[^>]*>", re.I)
    out, position, cursor = [], 0, 0
    while True:
        opening = tag_re.search(html, cursor)
        if not opening:
            break
        cursor = opening.end()
        if opening.group(1) or (keep and keep(opening.group(0))):
            continue
        depth = 0
        for tag in tag_re.finditer(html, opening.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cursor = tag.end()
                break
        out.append(html[position:opening.start()])
        position = cursor
    out.append(html[position:])
    return "".join(out)


_SHORTCODE_NAME_RE = re.compile(r"\[/?([A-Za-z0-9_-]+)")
_SHORTCODE_USE_RE = re.compile(r"\[([A-Za-z0-9_-]+)(?:\s+[\w-]+\s*=|\s*/\])|\[/([A-Za-z0-9_-]+)\]")


def _shortcode_names(text: str) -> set:
    """Names treated as shortcodes: WordPress core ones plus any used like one
    (closed by ``[/name]``, given attributes, or self-closing)."""
    core = set(_SHORTCODE_NAME_RE.findall(text)) & set(_CORE_SHORTCODES)
    used = {opened or closed for opened, closed in _SHORTCODE_USE_RE.findall(text)}
    return core | used


def _strip_shortcodes(text: str) -> str:
    """Remove shortcodes with their enclosed content; ``[[x]]`` unescapes to ``[x]``."""
    if "[" not in text:
        return text
    names = _shortcode_names(text)
    # Names never closed can only be lone tags: a cheaper pattern keeps this linear.
    enclosing = {name for name in names if "[/" + name + "]" in text}
    for group, content in ((enclosing, True), (names - enclosing, False)):
        if group:
            text = _shortcode_pattern(group, content).sub(_unwrap_escaped_shortcode, text)
    return text


def _shortcode_pattern(names, enclosing: bool):
    """WordPress's get_shortcode_regex() for *names*; groups 1 and 6 are escaping brackets."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    content = r"(?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?" if enclosing else "()"
    return re.compile(
        r"\[(\[?)(" + alternatives + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\]" + content + r")"
        r"(\]?)"
    )


def _unwrap_escaped_shortcode(match) -> str:
    if match.group(1) == "[" and match.group(6) == "]":
        return match.group(0)[1:-1]
    return match.group(1) + match.group(6)


# --------------------------------------------------------------------------
# Escaping and XML safety
# --------------------------------------------------------------------------

_ENTITY_NAMES = frozenset(name2codepoint) | {"apos"}
_HTML_SPECIAL_RE = re.compile(r"[&<>\"']")
_NAMED_RE = re.compile(r"&amp;([A-Za-z]{2,8}[0-9]{0,2});")
_DECIMAL_RE = re.compile(r"&amp;#(0*[0-9]{1,7});")
_HEX_RE = re.compile(r"&amp;#[Xx](0*[0-9A-Fa-f]{1,6});")
_ESCAPES = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;"}
_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape_text(s: str) -> str:
    """Escape for HTML text without double-encoding valid entities (esc_html)."""
    if not _HTML_SPECIAL_RE.search(s):
        return s
    s = _normalize_entities(s)
    return re.sub(r"[<>\"']", lambda match: _ESCAPES[match.group(0)], s)


def _normalize_entities(s: str) -> str:
    """Encode every ``&`` except those starting a valid entity (wp_kses_normalize_entities)."""
    s = s.replace("&", "&amp;")
    s = _NAMED_RE.sub(lambda m: "&" + m.group(1) + ";" if m.group(1) in _ENTITY_NAMES else m.group(0), s)

    def decimal(match):
        digits = match.group(1)
        if not _is_valid_codepoint(int(digits)):
            return match.group(0)
        return "&#" + digits.lstrip("0").rjust(3, "0") + ";"

    def hexadecimal(match):
        digits = match.group(1)
        if not _is_valid_codepoint(int(digits, 16)):
            return "&amp;#x" + digits + ";"
        return "&#x" + digits.lstrip("0") + ";"

    s = _DECIMAL_RE.sub(decimal, s)
    return _HEX_RE.sub(hexadecimal, s)


def _is_valid_codepoint(value: int) -> bool:
    return (
        value in (0x9, 0xA, 0xD)
        or 0x20 <= value <= 0xD7FF
        or 0xE000 <= value <= 0xFFFD
        or 0x10000 <= value <= 0x10FFFF
    )


def clean_xml_chars(s: str) -> str:
    """Remove characters that XML 1.0 does not allow."""
    return _INVALID_XML_RE.sub("", s)


# --------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------

# Elements autop never puts inside a <p> (wpautop's $allblocks since WordPress 6.2: no math).
_BLOCKS = (
    "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
    "|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer"
    "|nav|figure|figcaption|details|menu|summary)"
)
_NEWLINE_IN_TAG = " <!-- wpnl --> "
_KEPT_NEWLINE = "<WPPreserveNewline />"
# A tag, a comment or a CDATA section, the way WordPress's wp_html_split() sees them.
_MARKUP_RE = re.compile(
    r"(<(?:(?=!--)!(?:-(?!->)[^\-]*+)*+(?:-->)?"
    r"|(?=!\[CDATA\[)!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+(?:\]\]>)?"
    r"|[^>]*>?))"
)


def _steps(*pairs, flags=0):
    return [(re.compile(pattern, _FLAGS | flags), replacement) for pattern, replacement in pairs]


_LAYOUT_STEPS = _steps(
    (r"<br\s*/?>\s*<br\s*/?>", "\n\n"),                    # two <br>s end a paragraph
    (r"(<" + _BLOCKS + r"[\s/>])", "\n\n\\1"),              # blocks stand apart
    (r"(</" + _BLOCKS + ">)", "\\1\n\n"),
    (r"(<hr\s*?/?>)", "\\1\n\n"),
)
# (text that must be present, steps): line breaks around these elements are dropped.
_COLLAPSE_STEPS = [
    (("<option",), _steps((r"\s*<option", "<option"), (r"</option>\s*", "</option>"))),
    (("</object>",), _steps((r"(<object[^>]*>)\s*", "\\1"), (r"\s*</object>", "</object>"),
                            (r"\s*(</?(?:param|embed)[^>]*>)\s*", "\\1"))),
    (("<source", "<track"), _steps((r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", "\\1"),
                                   (r"\s*([<\[]/(?:audio|video)[>\]])", "\\1"),
                                   (r"\s*(<(?:source|track)[^>]*>)\s*", "\\1"))),
    (("<figcaption",), _steps((r"\s*(<figcaption[^>]*>)", "\\1"), (r"</figcaption>\s*", "</figcaption>"))),
]
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n", _FLAGS)
_UNWRAP_STEPS = _steps(
    (r"<p>\s*</p>", ""),
    (r"<p>([^<]+)</(div|address|form)>", "<p>\\1</p></\\2>"),
    (r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)\s*</p>", "\\1"),
    (r"<p>(<li.+?)</p>", "\\1"),
) + _steps((r"<p><blockquote([^>]*)>", "<blockquote\\1><p>"), flags=re.I) + _steps(
    (r"</blockquote></p>", "</p></blockquote>"),
    (r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)", "\\1"),
    (r"(</?" + _BLOCKS + r"[^>]*>)\s*</p>", "\\1"),
)
_VERBATIM_RE = re.compile(r"<(script|style|svg|math).*?</\1>", re.S | _FLAGS)
_LINE_BREAK_RE = re.compile(r"(?<!<br />)\s*\n", _FLAGS)
_TIDY_STEPS = _steps(
    (r"(</?" + _BLOCKS + r"[^>]*>)\s*<br />", "\\1"),
    (r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", "\\1"),
    (r"\n</p>$", "</p>"),
)


def _apply(steps, text: str) -> str:
    for pattern, replacement in steps:
        text = pattern.sub(replacement, text)
    return text


def autop(text: str, br: bool = True) -> str:
    """Blank lines → ``<p>`` paragraphs, single newlines → ``<br />`` (wpautop).

    Block elements stay unwrapped; ``<pre>`` is left exactly as written and
    newlines inside tags, comments, ``<script>``, ``<style>``, ``<svg>`` and
    ``<math>`` are kept. With ``br=False`` single newlines stay newlines.
    """
    if not text.strip(_PHP_TRIM):
        return ""
    text += "\n"
    # <pre> elements are set aside behind placeholders, up to each "</pre>".
    pres = {}
    if "<pre" in text:
        *parts, rest = text.split("</pre>")
        kept = []
        for part in parts:
            start = part.find("<pre")
            if start < 0:
                kept.append(part)
                continue
            name = f"<pre wp-pre-tag-{len(pres)}></pre>"
            pres[name] = part[start:] + "</pre>"
            kept.append(part[:start] + name)
        text = "".join(kept) + rest
    text = _apply(_LAYOUT_STEPS, text).replace("\r\n", "\n").replace("\r", "\n")
    pieces = _MARKUP_RE.split(text)
    pieces[1::2] = [piece.replace("\n", _NEWLINE_IN_TAG) for piece in pieces[1::2]]
    text = "".join(pieces)
    for needles, steps in _COLLAPSE_STEPS:
        if any(needle in text for needle in needles):
            text = _apply(steps, text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in _PARAGRAPH_BREAK_RE.split(text) if part]
    text = "".join("<p>" + part.strip("\n") + "</p>\n" for part in paragraphs)
    text = _apply(_UNWRAP_STEPS, text)
    if br:
        text = _VERBATIM_RE.sub(lambda match: match.group(0).replace("\n", _KEPT_NEWLINE), text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = _LINE_BREAK_RE.sub("<br />\n", text).replace(_KEPT_NEWLINE, "\n")
    text = _apply(_TIDY_STEPS, text)
    for name, element in pres.items():
        text = text.replace(name, element)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_IN_TAG, "\n").replace("<!-- wpnl -->", "\n")
    return text
