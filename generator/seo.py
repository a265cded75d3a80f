"""Share tags: what a link preview (Facebook, LinkedIn, Slack, Discord, Mastodon, X) and a search
engine read from a page's `<head>`, as plain view data the theme renders.

Platforms fetch a page without running its scripts and without knowing where
the site lives, so every URL here is absolute (`https://host/sub/path`), the
image is the page's featured image or the site's `share_image`, and its pixel
size is given when it is a local file (Facebook and LinkedIn show the large
card straight away only when they know it). Posts also get a schema.org
`BlogPosting` in JSON-LD, serialised so that nothing a title holds can end the
`<script>` element it sits in.
"""
from __future__ import annotations

import html
import json
from typing import Any, Mapping
from urllib.parse import quote

from markupsafe import Markup

from .images import ImageInfo
from .model import SiteConfig
from .typography import strip_tags
from .urls import origin_of

# characters kept as they are in an absolute URL; everything else (spaces, quotes, non-ASCII) is %-encoded
_URL_SAFE = "/%-._~!$&'()*+,;=:@?#[]"
# JSON-LD inside <script>: "<" ends the element ("</script>") or opens "<!--"; U+2028/2029 end a line in old JS
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)                 # one C pass over the text, not one call a character


def absolute_url(config: SiteConfig, url: str) -> str:
    """A site path → the absolute URL a platform fetches (base_url's sub-path included); an http(s)
    URL stays as it is. Characters a URL cannot hold are percent-encoded."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return quote(url, safe=_URL_SAFE)
    return quote(config.base_url + url, safe=_URL_SAFE)


def share_view(config: SiteConfig, *, kind: str, canonical: str, title: str, description: str,
               post: Mapping[str, Any] | None = None, images: Mapping[str, ImageInfo] | None = None,
               image_alt: str = "") -> dict[str, Any]:
    """The `share` context key: Open Graph, X card and JSON-LD data for one page.

    `kind` is the plan's kind ("post", "page", "home", "tag", …); `title` the page's own title
    (without the site's name: platforms show og:site_name beside it); `post` the entry's view
    (render.py's `_post_view`) on posts and pages."""
    images = images or {}
    own = post.get("image", "") if post else ""
    image_url = own or config.share_image
    alt = (image_alt or _plain(str(post["title"]))) if own and post else config.share_image_alt
    info = images.get(image_url)
    image = None
    if image_url:
        image = {"url": absolute_url(config, image_url), "alt": alt,
                 "width": info.width if info else None, "height": info.height if info else None,
                 "secure": absolute_url(config, image_url).startswith("https://")}
    article = kind == "post"
    lang = (post.get("lang") if post else "") or config.language
    return {
        "title": title,
        "description": description,
        "url": canonical,
        "type": "article" if article else "website",
        "site_name": config.title,
        "locale": og_locale(lang),
        "image": image,
        "published_time": post["date_iso"] if article and post else "",
        "modified_time": post["updated_iso"] if article and post else "",
        "author": post["author"]["name"] if article and post else "",
        "twitter": {"card": "summary_large_image" if image else "summary",
                    "site": config.x_handle, "creator": config.x_handle},
        "json_ld": blog_posting(config, canonical, title, description, post, image) if article and post else "",
    }


def og_locale(language: str) -> str:
    """A BCP 47 tag ("en-US", "ja", "pt-br") → Open Graph's language_TERRITORY ("en_US", "ja", "pt_BR")."""
    parts = language.replace("_", "-").split("-")
    if len(parts) >= 2 and len(parts[1]) == 2:
        return f"{parts[0].lower()}_{parts[1].upper()}"
    return parts[0].lower()


def blog_posting(config: SiteConfig, canonical: str, title: str, description: str,
                 post: Mapping[str, Any], image: Mapping[str, Any] | None) -> Markup:
    """schema.org BlogPosting, ready to stand inside `<script type="application/ld+json">`."""
    author = post["author"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title[:110],                       # Google's rich results read at most 110 characters
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": post["date_iso"],
        "dateModified": post["updated_iso"],
        "author": {"@type": "Person", "name": author["name"],
                   **({"url": origin_of(config.base_url) + author["url"]} if author.get("url") else {})},
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url + "/"},
        "inLanguage": post.get("lang") or config.language,
    }
    if description:
        data["description"] = description
    if image:
        data["image"] = {"@type": "ImageObject", "url": image["url"],
                         **({"width": image["width"], "height": image["height"]} if image["width"] else {})}
    if config.site_icon:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": absolute_url(config, config.site_icon)}
    return Markup(script_json(data))


def script_json(data: Any) -> str:
    """JSON that is safe as the text of a `<script>` element: `<`, `>` and `&` are written as
    `\\u003c`-style escapes (so `</script>` and `<!--` cannot occur), and so are U+2028 and
    U+2029. `json.loads` reads the same value back."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_TABLE)


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())
