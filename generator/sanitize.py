"""HTML we publish but did not write, cleaned to an allow-list.

WordPress stores comments, term descriptions and titles as HTML that a
commenter, an editor or an old plugin wrote. nh3 (Rust's ammonia) does the
cleaning; it stays behind this module, and each policy is one function.
"""
from __future__ import annotations

import nh3

# WordPress's $allowedtags (kses.php): what a commenter may write; p and br come from autop.
COMMENT_TAGS = frozenset({"a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s",
                          "strike", "strong", "p", "br"})
_COMMENT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "acronym": {"title"}, "blockquote": {"cite"},
                       "del": {"datetime"}, "q": {"cite"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# what a WordPress title may keep on a page: inline markup only (a title is usually a link already)
TITLE_TAGS = frozenset({"em", "strong", "b", "i", "u", "s", "code", "sub", "sup", "small", "mark", "span",
                        "abbr", "q", "cite", "br"})
_TITLE_ATTRIBUTES = {"span": {"class", "lang", "dir"}, "abbr": {"title"}, "q": {"cite"}}


def comment_html(html: str) -> str:
    """Commenter-level HTML: WordPress's allowed tags, links marked nofollow ugc, no scripts or styles."""
    return nh3.clean(html, tags=set(COMMENT_TAGS), attributes=_COMMENT_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                     link_rel="nofollow ugc", strip_comments=True)


def title_html(html: str) -> str:
    """A title's inline markup only; links, blocks and scripts removed."""
    return nh3.clean(html, tags=set(TITLE_TAGS), attributes=_TITLE_ATTRIBUTES, link_rel=None, strip_comments=True)
