"""Slugs, permalinks in WordPress's own syntax, and URL → output path.

Slugs are kept as Unicode in the model; `quote_path` percent-encodes them the
way WordPress stores non-Latin slugs (lowercase hex), and `output_path` turns a
site path back into the file that serves it.
"""
from __future__ import annotations

import functools

import re
import unicodedata
from datetime import datetime
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

# remove_accents(): WordPress's own table (wp-includes/formatting.php), not Unicode
# decomposition: WordPress changes exactly these letters and leaves every other one alone.
_ACCENTS = dict(zip(
    "ªºÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖÙÚÛÜÝßàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿØ"
    "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧ"
    "ŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƏǝȘșȚț€"
    "ƠơƯưẦầẰằỀềỒồỜờỪừỲỳẢảẨẩẲẳẺẻỂểỈỉỎỏỔổỞởỦủỬửỶỷẪẫẴẵẼẽỄễỖỗỠỡỮữỸỹẤấẮắẾếỐốỚớỨứ"
    "ẠạẬậẶặẸẹỆệỊịỌọỘộỢợỤụỰựỴỵɑǕǖǗǘǍǎǏǐǑǒǓǔǙǚǛǜ",
    "aoAAAAAACEEEEIIIIDNOOOOOUUUUYsaaaaaaceeeeiiiidnoooooouuuuyyO"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoRrRrRrSsSsSsSsTtTtTt"
    "UuUuUuUuUuUuWwYyYZzZzZzsEeSsTtE"
    "OoUuAaAaEeOoOoUuYyAaAaAaEeEeIiOoOoOoUuUuYyAaAaEeEeOoOoUuYyAaAaEeOoOoUu"
    "AaAaAaEeEeIiOoOoOoUuUuYyaUuUuAaIiOoUuUuUu",
))
_ACCENTS.update({"Æ": "AE", "Þ": "TH", "æ": "ae", "þ": "th", "Ĳ": "IJ", "ĳ": "ij", "Œ": "OE", "œ": "oe", "£": ""})
_LOCALE_ACCENTS = {
    "de": {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "ß": "ss"},
    "da_DK": {"Æ": "Ae", "æ": "ae", "Ø": "Oe", "ø": "oe", "Å": "Aa", "å": "aa"},
    "ca": {"l·l": "ll"},
    "sr_RS": {"Đ": "DJ", "đ": "dj"},
    "bs_BA": {"Đ": "DJ", "đ": "dj"},
}
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TAG = re.compile(r"<[^>]*>")


def remove_accents(text: str, locale: str = "") -> str:
    """WordPress's remove_accents(): NFC first, then its table of Latin letters
    (Latin-1, Latin Extended-A and -B, Vietnamese, Hanyu Pinyin, € and £).
    `locale` adds WordPress's locale rules (`de…` umlauts, `da_DK`, `ca`,
    `sr_RS`/`bs_BA`); letters of other scripts are untouched."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    table = _ACCENTS
    extra = _LOCALE_ACCENTS["de"] if locale.startswith("de") else _LOCALE_ACCENTS.get(locale)
    if extra:
        table = {**_ACCENTS, **extra}
    if "l·l" in table and "l·l" in text:
        text = text.replace("l·l", "ll")
    return "".join(table.get(ch, ch) for ch in text)


# sanitize_title_with_dashes(), 'save' context: octets turned into hyphens or dropped.
_SAVE_HYPHENS = ("%c2%a0", "%e2%80%93", "%e2%80%94")
_SAVE_HYPHEN_ENTITIES = ("&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;")
_SAVE_STRIPPED = (
    "%c2%ad", "%c2%a1", "%c2%bf", "%c2%ab", "%c2%bb", "%e2%80%b9", "%e2%80%ba",
    "%e2%80%98", "%e2%80%99", "%e2%80%9c", "%e2%80%9d", "%e2%80%9a", "%e2%80%9b", "%e2%80%9e", "%e2%80%9f",
    "%e2%80%a2", "%c2%a9", "%c2%ae", "%c2%b0", "%e2%80%a6", "%e2%84%a2",
    "%c2%b4", "%cb%8a", "%cc%81", "%cd%81", "%cc%80", "%cc%84", "%cc%8c",
    "%e2%80%8b", "%e2%80%8c", "%e2%80%8d", "%e2%80%8e", "%e2%80%8f", "%e2%80%aa", "%e2%80%ab",
    "%e2%80%ac", "%e2%80%ad", "%e2%80%ae", "%ef%bb%bf", "%ef%bf%bc",
)
_SAVE_WIDE_SPACES = tuple(f"%e2%80%{b}" for b in ("80", "81", "82", "83", "84", "85", "86", "87", "88", "89",
                                                 "8a", "a8", "a9", "af"))
_STRIP_TAGS = re.compile(r"<(?=[^\s])[^>]*(?:>|$)", re.S)
_OCTET = re.compile(r"%([a-fA-F0-9]{2})")


def sanitize_title_with_dashes(title: str, context: str = "display") -> str:
    """A port of WordPress's sanitize_title_with_dashes(): the slug as WordPress
    stores it, percent-encoded in lowercase hex, capped at 200 encoded characters."""
    title = _STRIP_TAGS.sub("", title)
    title = _OCTET.sub(r"---\1---", title).replace("%", "")
    title = re.sub(r"---([a-fA-F0-9]{2})---", r"%\1", title)
    title = _utf8_uri_encode(title.lower(), 200).lower()
    if context == "save":
        for octets in _SAVE_HYPHENS + _SAVE_HYPHEN_ENTITIES:
            title = title.replace(octets, "-")
        title = title.replace("/", "-")
        for octets in _SAVE_STRIPPED:
            title = title.replace(octets, "")
        for octets in _SAVE_WIDE_SPACES:
            title = title.replace(octets, "-")
        title = title.replace("%c3%97", "x")
    title = re.sub(r"&.+?;", "", title)
    title = title.replace(".", "-")
    title = re.sub(r"[^%a-z0-9 _-]", "", title)
    title = re.sub(r"[ \t\n\r\v\f]+", "-", title)
    title = re.sub(r"-+", "-", title)
    return title.strip("-")


def _utf8_uri_encode(text: str, limit: int) -> str:
    """WordPress's utf8_uri_encode($text, $limit): non-ASCII characters as
    %xx octets; stops before the character that would pass `limit`."""
    out: list[str] = []
    total = 0
    for ch in text:
        if ord(ch) < 128:
            piece = ch
        else:
            piece = "".join(f"%{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
        if total + len(piece) > limit:
            break
        out.append(piece)
        total += len(piece)
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)         # pure, and called for the same term names across many posts
def slugify(text: str, locale: str = "") -> str:
    """A slug the way WordPress's sanitize_title() makes one when a post is
    saved: remove_accents, then sanitize_title_with_dashes in the 'save'
    context ("Rowan's Mix" → "rowans-mix", "Q&A" → "qa"; "夜のローファイ"
    stays), capped at 200 percent-encoded characters, never inside a
    character. Returned decoded (Unicode), as the model keeps slugs; an
    octet typed in the title that decodes to anything but a letter, digit,
    "-" or "_" is dropped (the model cannot hold a literal "%")."""
    encoded = sanitize_title_with_dashes(remove_accents(text, locale), "save")
    return _decode_slug(encoded)


def _decode_slug(encoded: str) -> str:
    raw = bytearray()
    i = 0
    while i < len(encoded):
        if encoded[i] == "%" and re.fullmatch(r"[0-9a-f]{2}", encoded[i + 1:i + 3]):
            raw.append(int(encoded[i + 1:i + 3], 16))
            i += 3
        else:
            raw.extend(encoded[i].encode())
            i += 1
    text = raw.decode("utf-8", "ignore")
    out = "".join(ch for ch in text.lower() if not ch.isascii() or ch.isalnum() or ch in "-_")
    return re.sub(r"-{2,}", "-", out).strip("-")


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


@functools.lru_cache(maxsize=1 << 17)         # pure; the plan asks for the same paths more than once
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


# --- a site installed in a folder (base_url = "https://example.org/blog") -------------------

def base_path(base_url: str) -> str:
    """The path part of `base_url` without its trailing slash: "/blog", or "" at a host's root.
    The model's site paths ("/2024/05/x/") are relative to it; everything a browser or a
    server follows gets it in front (`site_url`)."""
    path = urlsplit(base_url).path.rstrip("/")
    return path if path.startswith("/") else ""


def site_url(base: str, path: str) -> str:
    """A site path as a reader's browser follows it: `base` in front ("/blog" + "/about/").
    Absolute URLs, `//host` links, fragments, queries and relative links are returned as they are."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//") or not base:
        return path
    return base + path


def origin_of(base_url: str) -> str:
    """"https://example.org/blog" → "https://example.org"."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


_LINK_ATTR = re.compile(r"""(\s(?:href|src|poster|action)\s*=\s*)(["'])(/(?![/\\])[^"']*)\2""", re.I)
_SRCSET_ATTR = re.compile(r"""(\ssrcset\s*=\s*)(["'])([^"']*)\2""", re.I)


def prefix_links(html: str, base: str) -> str:
    """Body HTML whose site-path links (`href="/about/"`, `src="/wp-content/…"`,
    srcset entries) get the base path in front; everything else is left as it is.
    For a site at the host's root (`base` = "") the HTML is returned unchanged."""
    if not base or "/" not in html:
        return html
    html = _LINK_ATTR.sub(lambda m: m.group(1) + m.group(2) + base + m.group(3) + m.group(2), html)

    def srcset(m: re.Match) -> str:
        items = [item.strip() for item in m.group(3).split(",")]
        fixed = ", ".join(site_url(base, item) for item in items if item)
        return m.group(1) + m.group(2) + fixed + m.group(2)
    return _SRCSET_ATTR.sub(srcset, html)
