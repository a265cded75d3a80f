"""WordPress shortcodes, rendered at build time the way WordPress renders them.

`[caption]`, `[gallery]`, `[audio]`, `[video]`, `[playlist]`, `[embed]`,
Jetpack's `[youtube]`, `[vimeo]`, `[soundcloud]`, and SyntaxHighlighter's
`[sourcecode]`, `[code]` and `[python]`-style blocks. Anything else stays as
written (the importer's report counts those by name).

The parser is WordPress's: `get_shortcode_regex()` (self-closing `[x /]`,
enclosing `[x]…[/x]`, escaped `[[x]]` → literal `[x]`) and
`shortcode_parse_atts()` (double-, single- and unquoted values, positional
values). Shortcodes inside HTML tags are left alone, as `do_shortcode` does.

Two passes, in WordPress's order:
- `extract_early` runs on the stored body, before paragraphs and typography:
  code blocks keep their text exactly (SyntaxHighlighter runs early for that
  reason) and `[embed]` URLs stay URLs (WP_Embed runs at priority 8). Each
  becomes a token; `restore` puts the rendered HTML back at the end.
- `render_shortcodes` runs on the finished HTML (do_shortcode, priority 11),
  unwrapping a paragraph that holds nothing but a shortcode
  (shortcode_unautop).

Every attribute is untrusted: values are read as text and escaped into the
markup; only http(s) URLs and site paths are used as URLs, anything else
(`javascript:`, `data:`) is refused and shown as text.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping
from urllib.parse import quote, urlsplit

from .attachments import Attachment
from .embeds import bandcamp as bandcamp_embed
from .embeds import facade, player_for, recognise
from .players import AUDIO_TYPES as FILE_AUDIO_TYPES
from .players import VIDEO_TYPES as FILE_VIDEO_TYPES
from .players import audio_player, playlist, video_player

# SyntaxHighlighter Evolved's brushes: each name is also a shortcode ([python]…[/python])
SOURCECODE_LANGUAGES = frozenset({
    "as3", "actionscript3", "bash", "shell", "sh", "coldfusion", "cf", "clojure", "clj",
    "cpp", "c", "c-sharp", "csharp", "css", "delphi", "pas", "pascal", "diff", "patch",
    "erl", "erlang", "fsharp", "go", "golang", "groovy", "haskell", "html", "xml", "xhtml",
    "xslt", "java", "javafx", "jfx", "javascript", "js", "jscript", "json", "latex", "tex",
    "matlab", "matlabkey", "objc", "obj-c", "perl", "pl", "php", "plain", "text",
    "powershell", "ps", "python", "py", "r", "splus", "ruby", "rails", "ror", "rb",
    "scala", "sql", "swift", "vb", "vbnet", "yaml", "yml",
})
# brush names Pygments spells differently
_PYGMENTS_NAMES = {
    "coldfusion": "cfm", "cf": "cfm", "c-sharp": "csharp", "patch": "diff", "xhtml": "html",
    "javafx": "java", "jfx": "java", "jscript": "javascript", "matlabkey": "matlab", "plain": "text",
    "ps": "powershell", "rails": "ruby", "ror": "ruby", "vb": "vbnet", "yml": "yaml", "obj-c": "objc",
}
CODE_SHORTCODES = frozenset({"sourcecode", "code"}) | SOURCECODE_LANGUAGES
EARLY_SHORTCODES = CODE_SHORTCODES | {"embed"}
LATE_SHORTCODES = frozenset({
    "caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed", "youtube", "vimeo", "soundcloud",
    "bandcamp", "spotify",
})
KNOWN_SHORTCODES = EARLY_SHORTCODES | LATE_SHORTCODES

AUDIO_TYPES = dict(FILE_AUDIO_TYPES)
VIDEO_TYPES = {**FILE_VIDEO_TYPES, "wmv": "video/x-ms-wmv", "flv": "video/x-flv"}
_GALLERY_SIZES = ("thumbnail", "medium", "medium_large", "large", "full")


@dataclass
class Context:
    """What rendering one body's shortcodes needs; counters number players and galleries."""
    post_id: int | None = None
    attachments: Mapping[int, Attachment] = field(default_factory=dict)
    highlight: Callable[[str, str], str] = lambda code, lang: f"<pre>{html.escape(code)}</pre>"
    stash: dict[str, str] = field(default_factory=dict)
    nonce: str = "tpsc"
    counters: dict[str, int] = field(default_factory=dict)
    media_info: Mapping[str, tuple] = field(default_factory=dict)   # site path → (length, mime, duration)

    def next(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]


def new_context(body: str, post_id: int | None, attachments: Mapping[int, Attachment],
                highlight: Callable[[str, str], str], media_info: Mapping[str, tuple] | None = None) -> Context:
    # tokens are letters and digits only, so Markdown, wpautop and wptexturize leave them alone
    nonce = "tpsc" + hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Context(post_id, attachments, highlight, {}, nonce, media_info=media_info or {})


# --------------------------------------------------------------------------
# The parser (wp-includes/shortcodes.php)
# --------------------------------------------------------------------------

def shortcode_regex(names) -> re.Pattern[str]:
    """get_shortcode_regex(): groups 1/6 escaping brackets, 2 name, 3 attributes, 4 self-closing, 5 content."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        r"\[(\[?)(?P<name>" + alternatives + r")(?![\w-])"
        r"([^\]/]*+(?:/(?!\])[^\]/]*+)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/(?P=name)\])[^\[]*+)*+)\[/(?P=name)\])?)"
        r"(\]?)", re.I)


_ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)""")
_BALANCED_TAGS_RE = re.compile(r"^[^<]*+(?:<[^>]*+>[^<]*+)*+$")


def parse_atts(text: str) -> dict[str | int, str]:
    """shortcode_parse_atts(): names lowercased, positional values under 0, 1, …; values
    are decoded to plain text (the body is HTML, so `&amp;` in it means `&`)."""
    atts: dict[str | int, str] = {}
    text = re.sub("[\u00a0\u200b]+", " ", text)
    position = 0
    for m in _ATTR_RE.finditer(text):
        if m.group(1):
            atts[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            atts[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            atts[m.group(5).lower()] = m.group(6)
        else:
            atts[position] = next(g for g in (m.group(7), m.group(8), m.group(9)) if g is not None)
            position += 1
    for key, value in atts.items():
        if "<" in value and not _BALANCED_TAGS_RE.match(value):
            value = ""
        atts[key] = html.unescape(value)
    return atts


# brackets inside HTML tags and comments are not shortcodes: hidden while shortcodes run
_TAG_OR_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)|<[^>]*>?", re.S)
_HIDE = str.maketrans({"[": "\ue000", "]": "\ue001"})
_SHOW = str.maketrans({"\ue000": "[", "\ue001": "]"})


def _hide_tag_brackets(text: str) -> str:
    return _TAG_OR_COMMENT_RE.sub(lambda m: m.group(0).translate(_HIDE), text)


# --------------------------------------------------------------------------
# The two passes
# --------------------------------------------------------------------------

def extract_early(text: str, context: Context, standalone: bool = False) -> str:
    """Code blocks and `[embed]` → tokens (rendered now, from the stored text).
    `standalone`: only those starting a line and ending one (Markdown bodies)."""
    if "[" not in text:
        return text
    lowered = text.lower()
    if "[/" not in lowered:               # every one needs a closing tag
        return text
    names = {n for n in EARLY_SHORTCODES if "[/" + n in lowered}
    if not names:
        return text
    pattern = shortcode_regex(names)
    hidden = text                  # code is taken as stored, brackets in markup included

    def replace(m: re.Match[str]) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]
        if m.group(5) is None or m.group(4):            # SyntaxHighlighter needs content
            return m.group(0)
        if standalone and not _on_own_lines(hidden, m):
            return m.group(0)
        name = m.group(2).lower()
        content = m.group(5)
        atts = _atts(m.group(3))
        rendered = _embed(atts, content, context) if name == "embed" else _code(name, atts, content, context)
        return m.group(1) + stash(context, rendered) + m.group(6)

    return pattern.sub(replace, hidden)


def render_shortcodes(text: str, context: Context, standalone: bool = False) -> str:
    """do_shortcode() with shortcode_unautop(): known shortcodes → HTML.
    `standalone`: only paragraphs holding nothing but the shortcode (Markdown bodies)."""
    if "[" not in text:
        return text
    lowered = text.lower()
    names = {n for n in LATE_SHORTCODES if "[" + n in lowered}
    if not names:
        return text
    inner = shortcode_regex(names).pattern
    pattern = re.compile(r"(<p>\s*+)?" + inner + r"(\s*+(?:<br />\s*+)?</p>\n?)?", re.I)
    # group numbers shift by one: 1 = <p>, 2/7 escaping, 3 name, 4 atts, 5 self-closing, 6 content, 8 </p>

    def replace(m: re.Match[str]) -> str:
        opening, closing = m.group(1) or "", m.group(8) or ""
        whole = opening and closing
        core = m.group(0)[len(opening):len(m.group(0)) - len(closing)]
        if m.group(2) == "[" and m.group(7) == "]":
            return opening + core[1:-1] + closing
        if standalone and not whole:
            return m.group(0)
        content = m.group(6).translate(_SHOW) if m.group(6) is not None else None
        rendered = _render(m.group(3).lower(), _atts(m.group(4)), content, context)
        if rendered is None:
            return m.group(0)
        if whole:
            return m.group(2) + rendered + m.group(7) + ("\n" if closing.endswith("\n") else "")
        return opening + m.group(2) + rendered + m.group(7) + closing

    return pattern.sub(replace, _hide_tag_brackets(text)).translate(_SHOW)


# shortcodes WordPress core does not register: wptexturize (typography.py) would curl their quotes
_UNPROTECTED = sorted(KNOWN_SHORTCODES - {"wp_caption", "caption", "gallery", "playlist", "audio", "video", "embed"},
                      key=len, reverse=True)
_PROTECT_RE = re.compile(r"\[\[?/?(?:" + "|".join(re.escape(n) for n in _UNPROTECTED) + r")(?![\w-])[^\[\]]*\]\]?", re.I)


def protect(text: str, context: Context) -> str:
    """The tags of shortcodes typography does not know → tokens, so their attributes keep straight quotes."""
    if "[" not in text:
        return text
    return _PROTECT_RE.sub(lambda m: stash(context, m.group(0), "p"), text)


def unprotect(text: str, context: Context) -> str:
    if not context.stash:
        return text
    return re.sub(context.nonce + r"p\d+p", lambda m: context.stash.get(m.group(0), m.group(0)), text)


def strip_shortcodes(text: str) -> str:
    """strip_shortcodes() for the shortcodes the build renders: removed with what they enclose;
    an escaped `[[x]]` becomes `[x]`."""
    if "[" not in text:
        return text
    lowered = text.lower()
    names = {n for n in KNOWN_SHORTCODES if "[" + n in lowered}
    if not names:
        return text

    def replace(m: re.Match[str]) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]
        return ""
    return shortcode_regex(names).sub(replace, _hide_tag_brackets(text)).translate(_SHOW)


def restore(text: str, context: Context) -> str:
    """Tokens → their HTML; a token alone in a paragraph replaces the paragraph."""
    if not context.stash:
        return text
    pattern = re.compile(r"<p>\s*(" + context.nonce + r"x\d+x)\s*</p>|(" + context.nonce + r"x\d+x)")
    return pattern.sub(lambda m: context.stash.get(m.group(1) or m.group(2), ""), text)


def remove_tokens(text: str, context: Context) -> str:
    """The text without the early shortcodes (the excerpt drops them, as strip_shortcodes does)."""
    if not context.stash:
        return text
    return re.sub(context.nonce + r"x\d+x", "", text)


def stash(context: Context, rendered: str, mark: str = "x") -> str:
    token = f"{context.nonce}{mark}{len(context.stash)}{mark}"
    context.stash[token] = rendered
    return token


def _on_own_lines(text: str, m: re.Match[str]) -> bool:
    before = text[:m.start()].rsplit("\n", 1)[-1]
    after = text[m.end():].split("\n", 1)[0]
    return not before.strip() and not after.strip()


def _atts(text: str) -> dict[str | int, str]:
    text = text.translate(_SHOW)
    if text.startswith("="):                 # [youtube=URL], [code="php"]: the value is the first positional
        value = text[1:].strip()
        return {0: html.unescape(value.strip("\"'"))}
    return parse_atts(text)


def _render(name: str, atts: dict, content: str | None, context: Context) -> str | None:
    if name in ("caption", "wp_caption"):
        return _caption(atts, content, context)
    if name == "gallery":
        return _gallery(atts, context)
    if name == "audio":
        return _audio(atts, context)
    if name == "video":
        return _video(atts, context)
    if name == "playlist":
        return _playlist(atts, context)
    if name == "embed":
        return _embed(atts, content or "", context) if content is not None else None
    if name == "youtube":
        return _youtube(atts)
    if name == "vimeo":
        return _vimeo(atts)
    if name == "soundcloud":
        return _soundcloud(atts)
    if name == "bandcamp":
        return _bandcamp(atts)
    if name == "spotify":
        return _spotify(atts)
    return None


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_URL_CHARS_RE = re.compile(r"[\x00-\x20\x7f]")


def safe_url(value: str) -> str | None:
    """An http(s) URL or a path, or None (javascript:, data:, anything else)."""
    url = value.strip()
    if not url:
        return None
    probe = _UNSAFE_URL_CHARS_RE.sub("", url)
    match = _SCHEME_RE.match(probe)
    if match and match.group(1).lower() not in ("http", "https"):
        return None
    if probe.startswith("\\") or probe.startswith("/\\"):
        return None
    if probe.startswith("//"):
        url = "https:" + url                    # protocol-relative
    if _UNSAFE_URL_CHARS_RE.search(url.strip()):
        url = _UNSAFE_URL_CHARS_RE.sub(lambda m: quote(m.group(0)), url)
    return url


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _html_class(value: str) -> str:
    """sanitize_html_class on each word."""
    return " ".join(w for w in (re.sub(r"[^A-Za-z0-9_-]", "", part) for part in value.split()) if w)


def _int(value, default: int, low: int = 1, high: int = 10000) -> int:
    try:
        number = int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _refused(url: str) -> str:
    """A URL that may not be linked: shown as text."""
    return f'<span class="shortcode-refused">{_text(url)}</span>' if url else ""


def _link(url: str) -> str:
    safe = safe_url(url)
    if safe is None:
        return _refused(url)
    return f'<a href="{_attr(safe)}">{_text(url)}</a>'


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "on", "yes")


# --------------------------------------------------------------------------
# [caption] (img_caption_shortcode, HTML5)
# --------------------------------------------------------------------------

_CAPTION_SPLIT_RE = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)


def _caption(atts: dict, content: str | None, context: Context) -> str:
    content = content or ""
    caption = _text(atts["caption"]) if atts.get("caption") else ""
    if not caption:
        split = _CAPTION_SPLIT_RE.search(content)
        if split:
            content = split.group(1)
            caption = re.sub(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", "", split.group(2))
    content = render_shortcodes(content, context)
    width = _int(atts.get("width"), 0, 0)
    if width < 1 or not caption:
        return content
    ident = _html_class(atts.get("id", ""))
    caption_id = _html_class(atts.get("caption_id", "")) or (f"caption-{ident.replace('_', '-')}" if ident else "")
    classes = " ".join(filter(None, ["wp-caption", _html_class(atts.get("align", "alignnone")),
                                     _html_class(atts.get("class", ""))]))
    id_attr = f'id="{ident}" ' if ident else ""
    described = f'aria-describedby="{caption_id}" ' if caption_id else ""
    caption_attr = f'id="{caption_id}" ' if caption_id else ""
    return (f'<figure {id_attr}{described}style="width: {width}px" class="{classes}">{content}'
            f'<figcaption {caption_attr}class="wp-caption-text">{caption}</figcaption></figure>')


# --------------------------------------------------------------------------
# Media from media.yaml
# --------------------------------------------------------------------------

def _ids(value: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d+", value or "")][:200]


def _attached(context: Context, atts: dict, mime: str) -> list[Attachment]:
    """The attachments a media shortcode names (`ids`/`include`), or those of the post."""
    chosen = _ids(atts.get("ids", "") or atts.get("include", ""))
    if chosen:
        found = [context.attachments.get(i) for i in chosen]
        items = [a for a in found if a is not None]
    else:
        parent = _int(atts.get("id"), 0) or context.post_id
        items = sorted((a for a in context.attachments.values() if parent and a.parent == parent),
                       key=lambda a: (a.menu_order, a.id))
        excluded = set(_ids(atts.get("exclude", "")))
        items = [a for a in items if a.id not in excluded]
        if (atts.get("order") or "").strip().upper() == "DESC":
            items.reverse()
    return [a for a in items if a.mime.startswith(mime) and safe_url(a.url) is not None]


def _gallery(atts: dict, context: Context) -> str:
    images = _attached(context, atts, "image/")
    if not images:
        return ""
    instance = context.next("gallery")
    selector = f"gallery-{instance}"
    columns = _int(atts.get("columns"), 3, 0, 50)
    size = (atts.get("size") or "thumbnail").strip().lower()
    size = size if size in _GALLERY_SIZES else _html_class(size) or "thumbnail"
    link = (atts.get("link") or "").strip().lower()
    width = f"{100 // columns if columns else 100}%"
    out = [f"<style>#{selector} {{margin: auto;}} #{selector} .gallery-item {{float: left; margin-top: 10px; "
           f"text-align: center; width: {width};}} #{selector} img {{border: 2px solid #cfcfcf;}} "
           f"#{selector} .gallery-caption {{margin-left: 0;}}</style>",
           f"<div id='{selector}' class='gallery galleryid-{context.post_id or 0} gallery-columns-{columns} "
           f"gallery-size-{size}'>"]
    for image in images:
        url = _attr(safe_url(image.url) or "")
        caption = image.caption.strip()
        described = f' aria-describedby="{selector}-{image.id}"' if caption else ""
        tag = (f'<img src="{url}" class="attachment-{size} size-{size}" alt="{_attr(image.alt)}"'
               f' loading="lazy" decoding="async"{described} />')
        if link != "none":
            tag = f"<a href='{url}'>{tag}</a>"
        out.append(f"<figure class='gallery-item'><div class='gallery-icon landscape'>{tag}</div>")
        if caption:
            out.append(f"<figcaption class='wp-caption-text gallery-caption' id='{selector}-{image.id}'>"
                       f"{_text(caption)}</figcaption>")
        out.append("</figure>")
    out.append("</div>\n")
    return "".join(out)


def _sources(atts: dict, types: dict[str, str], context: Context, mime: str) -> list[tuple[str, str]]:
    """(url, type) of a player: `src`, a positional URL, the per-format attributes, or the post's first file."""
    found: list[tuple[str, str]] = []
    for value in (atts.get("src"), atts.get(0)):
        if value:
            found.append((value, _type_of(value, types)))
            break
    for extension, kind in types.items():
        if atts.get(extension):
            found.append((atts[extension], kind))
    if not found:
        for attachment in _attached(context, {}, mime)[:1]:
            found.append((attachment.url, attachment.mime or _type_of(attachment.url, types)))
    return found


def _type_of(url: str, types: dict[str, str]) -> str:
    try:
        path = urlsplit(url).path if "://" in url else url.split("?")[0]
    except ValueError:                          # a host urlsplit refuses (`http://[x]/a.mp3`): no type
        return ""
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return types.get(extension, "")


def _first_safe(sources: list[tuple[str, str]]) -> tuple[str, str] | None:
    for url, kind in sources:
        safe = safe_url(url)
        if safe is not None:
            return safe, kind
    return None


def _audio(atts: dict, context: Context, title: str = "") -> str:
    """[audio]: the site's audio player (players.py); the first usable source plays."""
    sources = _sources(atts, AUDIO_TYPES, context, "audio/")
    if not sources:
        return ""
    first = _first_safe(sources)
    if first is None:
        return _refused(sources[0][0])
    context.next("audio")
    return audio_player(first[0], title or _attachment_title(first[0], context), mime=first[1],
                        media_info=context.media_info, loop=_flag(atts.get("loop")),
                        alternatives=_rest(sources, first))


def _attachment_title(url: str, context: Context) -> str:
    for attachment in context.attachments.values():
        if attachment.url == url and attachment.title:
            return attachment.title
    return ""


def _video(atts: dict, context: Context, title: str = "") -> str:
    sources = _sources(atts, VIDEO_TYPES, context, "video/")
    if not sources:
        return ""
    hosted = _hosted_player(sources[0][0])
    if hosted is not None:
        return hosted
    first = _first_safe(sources)
    if first is None:
        return _refused(sources[0][0])
    context.next("video")
    poster = safe_url(atts.get("poster", "") or "") or ""
    return video_player(first[0], title or _attachment_title(first[0], context), mime=first[1],
                        media_info=context.media_info, poster=poster, loop=_flag(atts.get("loop")),
                        width=_int(atts.get("width"), 640), height=_int(atts.get("height"), 360),
                        alternatives=_rest(sources, first))


def _rest(sources: list[tuple[str, str]], first: tuple[str, str]) -> list[tuple[str, str]]:
    return [(safe, kind) for safe, kind in ((safe_url(u), k) for u, k in sources) if safe and safe != first[0]]


def _playlist(atts: dict, context: Context) -> str:
    kind = "video" if (atts.get("type") or "").strip().lower() == "video" else "audio"
    tracks = _attached(context, atts, kind + "/")
    if not tracks:
        return ""
    items = []
    for track in tracks:
        one = {"src": track.url}
        items.append(_video(one, context, track.title) if kind == "video" else _audio(one, context, track.title))
    return playlist(items, kind)


# --------------------------------------------------------------------------
# Embeds: [embed], [youtube], [vimeo], [soundcloud], [bandcamp], [spotify] — facades (embeds.py)
# --------------------------------------------------------------------------

def _hosted_player(url: str, title: str = "") -> str | None:
    """The facade for a service's URL (YouTube, Vimeo, SoundCloud, Spotify, …), or None."""
    if safe_url(url) is None or not re.match(r"^https?://", url.strip(), re.I):
        return None
    return player_for(url.strip(), title)


def _embed(atts: dict, content: str, context: Context) -> str:
    """[embed]URL[/embed]: a service's facade, a media file's player, else a link (WP_Embed's order)."""
    url = html.unescape(content.strip())
    if not url:
        return ""
    player = _hosted_player(url)
    if player is not None:
        return player
    if not re.match(r"^https?://\S+$", url, re.I):
        return _refused(url)
    if _type_of(url, AUDIO_TYPES):
        return _audio({"src": url}, context)
    if _type_of(url, VIDEO_TYPES):
        return _video({"src": url}, context)
    return _link(url)


def _youtube(atts: dict) -> str:
    value = (atts.get(0) or atts.get("url") or atts.get("id") or "").strip()
    if re.fullmatch(r"[A-Za-z0-9_-]{6,20}", value):
        value = f"https://www.youtube.com/watch?v={value}"
    return _service_player(value, "youtube")


def _service_player(value: str, service: str, linkable: bool = True) -> str:
    """The facade when `value` is a URL of `service`, else a plain link (or nothing)."""
    embed = recognise(value) if value else None
    if embed is not None and embed.service == service:
        return facade(embed)
    return _link(value) if value and linkable else ""


def _vimeo(atts: dict) -> str:
    value = (atts.get(0) or atts.get("id") or atts.get("url") or "").strip()
    if value.isdigit():
        value = f"https://vimeo.com/{value}"
    return _service_player(value, "vimeo")


def _soundcloud(atts: dict) -> str:
    return _service_player((atts.get("url") or atts.get(0) or "").strip(), "soundcloud")


def _bandcamp(atts: dict) -> str:
    """WordPress.com's `[bandcamp album=123 track=456 …]` (width, size, colours are the theme's)."""
    embed = bandcamp_embed(atts.get("album", ""), atts.get("track", ""), atts.get("url", "") or "",
                           atts.get("title", "") or "")
    if embed is not None:
        return facade(embed)
    value = (atts.get("url") or "").strip()
    return (_hosted_player(value) or _link(value)) if value else ""


def _spotify(atts: dict) -> str:
    """Jetpack's `[spotify id="spotify:track:…"]` or `[spotify https://open.spotify.com/…]`."""
    value = (atts.get("id") or atts.get(0) or atts.get("url") or "").strip()
    uri = re.fullmatch(r"spotify:(track|album|playlist|artist|episode|show):([A-Za-z0-9]{22})", value)
    if uri:
        value = f"https://open.spotify.com/{uri.group(1)}/{uri.group(2)}"
    return _service_player(value, "spotify", linkable=value.startswith(("http://", "https://")))


# --------------------------------------------------------------------------
# Code: [sourcecode], [code], [python]… (SyntaxHighlighter Evolved)
# --------------------------------------------------------------------------

def _code(name: str, atts: dict, content: str, context: Context) -> str:
    if name in ("sourcecode", "code"):
        language = (atts.get("language") or atts.get("lang") or atts.get(0) or "text").strip().lower()
    else:
        language = name
    language = _PYGMENTS_NAMES.get(language, language)
    code = html.unescape(content)
    code = code.removeprefix("\r\n").removeprefix("\n")
    return context.highlight(code, language)
