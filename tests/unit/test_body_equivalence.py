"""The cheaper body passes (issue 10) give the same output as before, for any input: typography's
texturize (and the feed excerpt that uses it), the card summary and reading time (now one parse),
and the plain-text fast path of the excerpt's units and reading time's word counts.

The old code is kept in reference_bodies.py; Hypothesis builds bodies from the pieces each step
reacts to (quotes, primes, dashes, ellipses, "x" between digits, ampersands, no-texturize tags,
skipped elements, URLs, e-mail addresses, CJK and Thai text, shortcodes), mixed with any text."""
from __future__ import annotations

from unittest.mock import patch

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import excerpts, typography
from generator.excerpts import reading_minutes, summary, summary_and_minutes
from generator.typography import texturize
from tests.unit import reference_bodies as old

PIECES = ["'", '"', "''", "``", "...", "--", "---", " - ", "-", "&", "&amp;", "&#8217;", "&nbsp;", " (tm)", "'tis",
          "'twas", "'99", "'99s", '12"', "5'", "2x4", "0x99", "1,000x", "\xa0", "(", ")", "[", "]", "<", ">", "x",
          "9", " ", "\n", "\t", "\x0b", "\x1c", "\r\n", "<p>", "</p>", "<P>", "<pre>", "</pre>", "<code>", "</code>",
          "<kbd>", "</kbd>", "<tt>", "</tt>", "<script>", "</script>", "<style>", "</style>", "<pre class='x'>",
          "<s>", "</s>", "<!-- c -->", "<!--more-->", "<!--more Read on-->", "<h2>", "</h2>", "<table><tr><td>",
          "</td></tr></table>", "<aside>", "</aside>", "<figure>", "</figure>", "<figcaption>", "</figcaption>",
          '<div class="highlight">', "</div>", "<span hidden>", "</span>", "<sup>", "</sup>", "<a href='x'>", "</a>",
          "<br>", "<br />", "<img src=x>", "<ul>", "<li>", "</li>", "</ul>", "<iframe>", "</iframe>",
          '[caption width="300"]', "[/caption]", '[code lang="python"]print(\'x\')[/code]', "[/code]",
          "[embed]https://youtu.be/dQw4w9WgXcQ[/embed]", "[/", "[/x]", "[gallery]", "[[audio]]",
          "https://example.com/a", "http://www.example.org", "www.Example.com", "WWW.x.org", "ftp://f.org/x",
          "mail@example.com", "a@b.c", "夜のスタジオ。", "東京", "、", "วันนี้ฉันทำบีต", "Привет", "café", "İ", "ı", "ſ",
          "word", "Words and more words.", "It's", "don't", '"quoted"', "'single'"]
bodies = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(bodies)
def test_texturize_is_unchanged(text):
    assert texturize(text) == old.texturize(text)


@settings(max_examples=300, deadline=None)
@given(bodies, st.integers(min_value=1, max_value=60))
def test_feed_excerpt_is_unchanged(text, words):
    with patch.object(typography, "texturize", old.texturize), patch.object(typography, "trim_words", old.trim_words):
        # the feed excerpt as it was
        expected = typography.excerpt(text, words)
    assert typography.excerpt(text, words) == expected


@settings(max_examples=400, deadline=None)
@given(st.one_of(bodies, st.text()), st.integers(min_value=-3, max_value=30))
def test_trim_words_is_unchanged(text, words):
    assert typography.trim_words(text, words) == old.trim_words(text, words)


@settings(max_examples=400, deadline=None)
@given(bodies, st.integers(min_value=1, max_value=60))
def test_summary_and_reading_time_are_unchanged(text, words):
    expected = (old.summary(text, words), old.reading_minutes(text))
    assert summary_and_minutes(text, words) == expected
    assert (summary(text, words), reading_minutes(text)) == expected


# --- the plain-text fast path of excerpts.units and the reading-time counts -----------------------

SIMPLE = [chr(c) for c in range(0x110000) if excerpts._SIMPLE_TEXT_RE.fullmatch(chr(c))]


def test_simple_characters_are_clusters_of_their_own_and_split_where_regex_does():
    # the claims the fast path rests on, checked for every character it takes, against the installed `regex`
    white = regex.compile(r"[\s\x1c-\x1f]")
    assert len(SIMPLE) > 800
    assert [c for c in SIMPLE if bool(white.match(c)) != c.isspace()] == []
    assert [c for c in SIMPLE if excerpts._CJK_RE.match(c) or excerpts._SOUTHEAST_RE.match(c)
            or excerpts._WIDE_PUNCTUATION_RE.match(c)] == []
    cluster = regex.compile(r"\X")
    joined = [(a, b) for a in SIMPLE for b in SIMPLE if (a, b) != ("\r", "\n") and len(cluster.findall(a + b)) != 2]
    assert joined == []


simple_texts = st.lists(st.one_of(st.sampled_from(SIMPLE), st.sampled_from([" ", "\r\n", "\u00a0", "\x1c", "’", "…"])),
                        max_size=60).map("".join)
spaceless = st.lists(st.sampled_from(["夜", "の", "ス", "。", "、", "ー", "ㄅ", "ก", "ั", "บ", "ລ", "ក", "ា", "မ", "\u3000",
                                       "！", "Ж", "\u0301", "\u200d", " ", "a", "\x1c", "\u2028"]), max_size=40).map("".join)
any_texts = st.one_of(simple_texts, bodies, spaceless, st.text(max_size=60))


@settings(max_examples=400, deadline=None)
@given(any_texts, st.one_of(st.none(), st.integers(min_value=-3, max_value=40)))
def test_units_are_the_cluster_walks(text, limit):
    assert excerpts.units(text, limit) == excerpts._clustered_units(text, limit)


def test_regex_white_space_is_str_white_space_everywhere():
    # what excerpts._counts rests on for text of any script
    white = regex.compile(r"[\s\x1c-\x1f]")
    assert [hex(c) for c in range(0x110000) if bool(white.match(chr(c))) != chr(c).isspace()] == []


@settings(max_examples=400, deadline=None)
@given(any_texts)
def test_word_counts_are_the_pattern_counts(text):
    assert excerpts._counts(text) == {"word": len(old.WORD_RUN_RE.findall(text)),
                                      "cjk": len(excerpts._CJK_RE.findall(text)),
                                      "southeast": len(excerpts._SOUTHEAST_CLUSTER_RE.findall(text))}
