"""The cheaper body passes (issue 10) give the same output as before, for any input: typography's
texturize (and the feed excerpt that uses it), the card summary and reading time (now one parse).

The old code is kept in reference_bodies.py; Hypothesis builds bodies from the pieces each step
reacts to (quotes, primes, dashes, ellipses, "x" between digits, ampersands, no-texturize tags,
skipped elements, URLs, e-mail addresses, CJK and Thai text, shortcodes), mixed with any text."""
from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.excerpts import reading_minutes, summary, summary_and_minutes
from generator import typography
from generator.typography import texturize
from tests.unit import reference_bodies as old

PIECES = ["'", '"', "''", "``", "...", "--", "---", " - ", "-", "&", "&amp;", "&#8217;", "&nbsp;", " (tm)", "'tis",
          "'twas", "'99", "'99s", '12"', "5'", "2x4", "0x99", "1,000x", "\u00a0", "(", ")", "[", "]", "<", ">", "x", "9",
          " ", "\n", "\t", "\x0b", "\x1c", "\r\n", "<p>", "</p>", "<P>", "<pre>", "</pre>", "<code>", "</code>", "<kbd>",
          "</kbd>", "<tt>", "</tt>", "<script>", "</script>", "<style>", "</style>", "<pre class='x'>", "<s>", "</s>",
          "<!-- c -->", "<!--more-->", "<!--more Read on-->", "<h2>", "</h2>", "<table><tr><td>", "</td></tr></table>",
          "<aside>", "</aside>", "<figure>", "</figure>", "<figcaption>", "</figcaption>", '<div class="highlight">',
          "</div>", "<span hidden>", "</span>", "<sup>", "</sup>", "<a href='x'>", "</a>", "<br>", "<br />", "<img src=x>",
          "<ul>", "<li>", "</li>", "</ul>", "<iframe>", "</iframe>", '[caption width="300"]', "[/caption]",
          "[code lang=\"python\"]print('x')[/code]", "[/code]", "[embed]https://youtu.be/dQw4w9WgXcQ[/embed]", "[/", "[/x]",
          "[gallery]", "[[audio]]", "https://example.com/a", "http://www.example.org", "www.Example.com", "WWW.x.org",
          "ftp://f.org/x", "mail@example.com", "a@b.c", "夜のスタジオ。", "東京", "、", "วันนี้ฉันทำบีต", "Привет", "café",
          "\u0130", "\u0131", "\u017f", "word", "Words and more words.", "It's", "don't", '"quoted"', "'single'"]
bodies = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(bodies)
def test_texturize_is_unchanged(text):
    assert texturize(text) == old.texturize(text)


@settings(max_examples=300, deadline=None)
@given(bodies, st.integers(min_value=1, max_value=60))
def test_feed_excerpt_is_unchanged(text, words):
    with patch.object(typography, "texturize", old.texturize):      # the feed excerpt as it was
        expected = typography.excerpt(text, words)
    assert typography.excerpt(text, words) == expected


@settings(max_examples=1000, deadline=None)
@given(bodies, st.integers(min_value=1, max_value=60))
def test_summary_and_reading_time_are_unchanged(text, words):
    expected = (old.summary(text, words), old.reading_minutes(text))
    assert summary_and_minutes(text, words) == expected
    assert (summary(text, words), reading_minutes(text)) == expected
