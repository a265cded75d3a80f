"""HTMLParser's events for plain, well-formed HTML, from one regex scan (issue 10).

`html.parser.HTMLParser` walks a body in Python, a few calls per tag: for a card excerpt and a
reading time it was a sixth of a body's render time. The HTML Markdown writes is simple: tags
with double-quoted attributes, end tags, comments and text. `replay` reads exactly that subset
with one compiled pattern and calls the parser's handlers as HTMLParser (convert_charrefs=True)
would: the same calls, with the same arguments, in the same order. Anything outside the subset —
a `<` that does not open such a tag, a single-quoted or bare attribute value, `<!DOCTYPE>`, `<?pi>`,
CDATA, a comment holding `--`, elements whose content HTMLParser reads as raw text (script,
style and the like) — makes it decline before calling any handler, and the caller feeds
HTMLParser as before. tests/unit/test_htmlscan.py compares the events with HTMLParser's.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_ATTRIBUTE = r'[ \t\n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?'
# elements whose content HTMLParser (in some Python release) does not parse as markup: never read here
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")
_TOKEN = (rf"(?P<data>[^<]+)"
          rf"|<(?!(?i:{'|'.join(_RAW_TEXT)})(?![a-zA-Z0-9]))(?P<start>{_NAME})(?P<attrs>(?:{_ATTRIBUTE})*)"
          rf"[ \t\n]*(?P<close>/?)>"
          rf"|</(?P<end>{_NAME})>"
          r"|<!--(?!-?>)(?P<comment>(?:(?!--)[^<>])*)-->")
_TOKEN_RE = re.compile(_TOKEN)
# (name, "=" or "" for a bare attribute, value)
_ATTRIBUTE_RE = re.compile(r'[ \t\n]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)"([^"<>]*)")?')


def replay(parser: HTMLParser, text: str) -> bool:
    """Call `parser`'s handlers for `text` as `feed(text); close()` would, and say True; or, when
    `text` is not in the subset this reads, call none and say False."""
    tokens = scan(text)
    if tokens is None:
        return False
    data, start, startend, end, comment = (parser.handle_data, parser.handle_starttag, parser.handle_startendtag,
                                           parser.handle_endtag, parser.handle_comment)
    for token in tokens:
        kind = token.lastgroup          # a start tag's last group is "close" (it always takes part)
        if kind == "data":
            piece = token.group()
            data(unescape(piece) if "&" in piece else piece)
        elif kind == "end":
            end(token.group("end").lower())
        elif kind == "comment":
            comment(token.group("comment"))
        else:
            attrs = token.group("attrs")
            handler = startend if token.group("close") else start
            handler(token.group("start").lower(), _attributes(attrs) if attrs else [])
    return True


def scan(text: str) -> list[re.Match] | None:
    """`text`'s tokens, or None when it is not in the subset: for a caller that handles the events
    itself (excerpts.py, without a handler call per token). Each token's `lastgroup` is its kind:
    "data", "end", "comment", or "close" for a start tag (groups "start", "attrs", "close": "/" when
    self-closing); `attributes(token.group("attrs"))` gives a start tag's attributes as replay does."""
    # a scanner's match() takes each token where the last one ended, so the tokens tile the text from its
    # start up to the first place none reads (no token is empty): all of it, or the text is declined
    tokens = list(iter(_TOKEN_RE.scanner(text).match, None))
    if (tokens[-1].end() if tokens else 0) != len(text):
        return None
    return tokens


def attributes(text: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes (its "attrs" group) as HTMLParser gives them."""
    return _attributes(text) if text else []


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """As HTMLParser gives them: names lower-cased, values unquoted and unescaped, None when bare."""
    return [(name.lower(), (unescape(value) if "&" in value else value) if equals else None)
            for name, equals, value in _ATTRIBUTE_RE.findall(text)]
