"""Slugs, permalinks in WordPress's own syntax, and URL → output path.

Slugs are kept as Unicode in the model; `quote_path` percent-encodes them the
way WordPress stores non-Latin slugs (lowercase hex), and `output_path` turns a
site path back into the file that serves it.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Callable
from urllib.parse import quote, unquote

# Letters that do not decompose into an ASCII base plus accents.
_LATIN_SPECIAL = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n",
}
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TAG = re.compile(r"<[^>]*>")


def remove_accents(text: str) -> str:
    """Latin letters lose their accents (é → e); other scripts are untouched."""
    out = []
    for ch in text:
        if ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        if base.isascii() and len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            out.append(base)
        else:
            out.append(ch)
    return "".join(out)


# Characters WordPress strips from slugs entirely (sanitize_title_with_dashes, save context).
_STRIPPED = set(
    "\u00ad\u00a1\u00bf\u00ab\u00bb\u2039\u203a\u2018\u2019\u201c\u201d\u201a\u201b\u201e\u201f"
    "\u2022\u00a9\u00ae\u00b0\u2026\u2122\u00b4\u02ca\u0301\u0341\u0300\u0304\u030c"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
)
_HYPHENED = set("\u00a0\u2013\u2014/.")


def slugify(text: str) -> str:
    """A slug the way WordPress's sanitize_title makes one.

    Whitespace, dots, slashes and en/em dashes become hyphens; other ASCII
    punctuation is dropped ("Q&A" → "qa", "Rowan's" → "rowans"); Latin
    accents are removed; letters and symbols of other scripts are kept
    ("夜のローファイ" stays), except the quotes and marks WordPress strips.
    Capped as WordPress caps it: the text (tags and accents removed,
    lowercased) is cut to 200 percent-encoded characters *before*
    punctuation is dropped, never inside a character.
    """
    prepared = remove_accents(_TAG.sub("", text)).lower()
    capped = _cap(prepared)
    return _slugify(text if capped == prepared else capped)


def _encoded_length(ch: str) -> int:
    """Length of `ch` in a WordPress slug: 1 for ASCII, 3 per UTF-8 byte (%xx) otherwise."""
    return 1 if ord(ch) < 128 else 3 * len(ch.encode("utf-8", "surrogatepass"))


def _cap(text: str, limit: int = 200) -> str:
    """WordPress's utf8_uri_encode($text, 200): as many characters as fit in
    `limit` once percent-encoded, never cutting a character in two."""
    total = 0
    for i, ch in enumerate(text):
        total += _encoded_length(ch)
        if total > limit:
            return text[:i]
    return text


def _slugify(text: str) -> str:
    text = _TAG.sub("", text)
    text = _ENTITY.sub(lambda m: "-" if m.group(1) in ("nbsp", "#160", "ndash", "#8211", "mdash", "#8212") else "", text)
    text = remove_accents(text).lower()
    out = []
    for ch in text:
        if ch in _HYPHENED or ch.isspace():
            out.append("-")
        elif ch == "\u00d7":
            out.append("x")
        elif ch.isascii():
            if ch.isalnum() or ch in "_-":
                out.append(ch)
        elif ch not in _STRIPPED:
            out.append(ch)
    slug = re.sub(r"-{2,}", "-", "".join(out)).strip("-")
    return unicodedata.normalize("NFC", slug)


def quote_path(path: str) -> str:
    """Percent-encode a site path with lowercase hex, as WordPress stores slugs."""
    encoded = quote(path, safe="/-_.~%")
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)


class UnsafePath(ValueError):
    """A site path that must not be written: the message says why."""


MAX_SEGMENT_BYTES = 200        # WordPress caps a slug at 200 bytes (post_name is varchar(200))
# Characters that no WordPress slug holds and that some file system or host cannot store or serve.
_FORBIDDEN = set('\\<>:"|?*#')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def canonical_path(path: str) -> str:
    """The one gate every site path goes through before it becomes a URL or a file.

    Returns the decoded path with dot segments resolved ("/a/./b/../c/" →
    "/a/c/"), or raises `UnsafePath` when the path starts anywhere but the
    site root (`//host`, a scheme, a backslash), holds NUL or control
    characters, a character WordPress never puts in a slug, a segment over
    200 bytes, invalid percent-escapes, or climbs above the root. It is
    applied to the raw text and again after percent-decoding, so `%2e%2e`,
    `%2F%2F` and `%5C` are judged by what they decode to.
    """
    if not isinstance(path, str) or not path.startswith("/"):
        raise UnsafePath("does not start with /")
    decoded = _decode(path)
    if path.startswith("//") or decoded.startswith("//"):
        raise UnsafePath("starts with // (a link to another host)")
    if _CONTROL.search(path) or _CONTROL.search(decoded):
        raise UnsafePath("holds a control character")
    bad = sorted((set(path) | set(decoded)) & _FORBIDDEN)
    if bad:
        raise UnsafePath(f"holds {bad[0]!r}, which a URL path on a static host cannot hold")
    segments: list[str] = []
    parts = decoded.split("/")[1:]
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "..":
            if not segments:
                raise UnsafePath("climbs above the site root with ..")
            segments.pop()
            if last:
                segments.append("")
        elif part == ".":
            if last:
                segments.append("")
        elif part == "" and not last:
            raise UnsafePath("has an empty segment (//)")
        else:
            if len(part.encode("utf-8")) > MAX_SEGMENT_BYTES:
                raise UnsafePath(f"has a segment of {len(part.encode('utf-8'))} bytes (at most {MAX_SEGMENT_BYTES})")
            if part != part.rstrip(" ."):
                raise UnsafePath(f"has a segment ending in a dot or space ({part[-12:]!r}), which Windows cannot store")
            segments.append(part)
    return "/" + "/".join(segments)


def _decode(path: str) -> str:
    try:
        return unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise UnsafePath("has percent-escapes that are not UTF-8") from None


def encode_path(canonical: str) -> str:
    """A canonical (decoded) site path → the URL we link, percent-encoded in lowercase hex."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(canonical, safe="/-_.~"))


def output_path(url_path: str) -> str:
    """Site path → file in the output folder: "/tag/x/" → "tag/x/index.html".

    Goes through `canonical_path`, so it raises `UnsafePath` rather than name
    a file outside the output folder."""
    path = canonical_path(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def collision_key(file_path: str) -> str:
    """Two output files with one key are one file on macOS or Windows
    (case-insensitive, and macOS folds Unicode normalisation)."""
    return unicodedata.normalize("NFC", file_path).casefold()


def join_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


# Permalink tokens, each a function of (date, slug, post_id, category_slug, author_slug).
_Token = Callable[[datetime, str, "int | None", str, str], str]
PERMALINK_TOKENS: dict[str, _Token] = {
    "%year%": lambda d, s, i, c, a: f"{d.year:04d}",
    "%monthnum%": lambda d, s, i, c, a: f"{d.month:02d}",
    "%day%": lambda d, s, i, c, a: f"{d.day:02d}",
    "%hour%": lambda d, s, i, c, a: f"{d.hour:02d}",
    "%minute%": lambda d, s, i, c, a: f"{d.minute:02d}",
    "%second%": lambda d, s, i, c, a: f"{d.second:02d}",
    "%postname%": lambda d, s, i, c, a: s,
    "%post_id%": lambda d, s, i, c, a: str(i) if i is not None else s,
    "%category%": lambda d, s, i, c, a: c or "uncategorized",
    "%author%": lambda d, s, i, c, a: a,
}
_TOKEN_RE = re.compile(r"%[a-z_]+%")


def check_permalink(pattern: str) -> str | None:
    """None if the pattern is usable, else what is wrong with it."""
    if not pattern.startswith("/"):
        return "must start with /"
    unknown = [t for t in _TOKEN_RE.findall(pattern) if t not in PERMALINK_TOKENS]
    if unknown:
        return f"unknown token {unknown[0]} (known: {', '.join(PERMALINK_TOKENS)})"
    if "%postname%" not in pattern and "%post_id%" not in pattern:
        return "needs %postname% or %post_id% so every post gets its own URL"
    return None


def expand_permalink(pattern: str, date: datetime, slug: str, post_id: int | None = None,
                     category: str = "", author: str = "") -> str:
    """"/%year%/%monthnum%/%day%/%postname%/" → "/2024/08/08/slug/" (percent-encoded).

    `date` must be the post's local date: WordPress builds URLs from it, never
    from the GMT date.
    """
    path = _TOKEN_RE.sub(lambda m: PERMALINK_TOKENS[m.group(0)](date, slug, post_id, category, author), pattern)
    return quote_path(path)


def normalize_path(path: str) -> str:
    """A user-written site path: leading slash, trailing slash unless a file,
    canonical (raises `UnsafePath`, a ValueError) and percent-encoded."""
    path = path.strip()
    if not path.startswith("/"):
        path = "/" + path
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return encode_path(canonical_path(path))
