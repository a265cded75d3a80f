"""The cheaper body passes (issue 10) give the same output as before, for any input: typography's
texturize (and the feed excerpt that uses it), the card summary and reading time (now one parse),
and the plain-text fast path of the excerpt's units and reading time's word counts.

The old code is kept in reference_bodies.py; Hypothesis builds bodies from the pieces each step
reacts to (quotes, primes, dashes, ellipses, "x" between digits, ampersands, no-texturize tags,
skipped elements, URLs, e-mail addresses, CJK and Thai text, shortcodes), mixed with any text."""
from __future__ import annotations

import re
from unittest.mock import patch

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import excerpts, links, markdown, typography
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


# what the feed excerpt's early stop and the prose reader react to: tags strip_tags reads otherwise than
# texturize (a quoted ">", "<" before a space, an unclosed tag), comments, CDATA ends, script and style in any
# case (and "ſ", which a case-blind `re` takes for "s"), shortcodes holding tags, separators strip_tags' trim
# knows and its word split does not, class-marked and hidden elements, entities in text and attributes
TAGS = ["<a title='x>y'>", '<a title="a>b">', "< b>", "<>", "<a", "<b x='", "]]>", "]]", "<![CDATA[x]]>", "<!-->",
        "<!-- x", "-->", "<SCRIPT>x</SCRIPT>", "<ſtyle>a</ſtyle>", "<Style x=1>b</style>", "\x00", "\x0b", "\x0c",
        '[caption id="c"]<img src=x> a cat[/caption]', "[gallery ids='1<2']", "[audio]", "<br/>", "<p/>", "<img/>",
        '<div class="footnote">', '<DIV CLASS="Footnote toc">', '<p class="a toc">', '<p class="a" class="toc">',
        '<span hidden="">', "<span hidden>", "<em>", "</em>", "</nope>", "</p></p>", "<p title=\"a &amp; b\">",
        "&amp;", "&#x41;", "&#65;", "&lt;", "&copy", "&bogus;", "<ul class='wp-block-list'>", '<figure class="wp-block-table">',
        '<div class="wp-block-image">', "<video>", "</video>", "<h3>", "</h3>", "<td>", "</td>", "<tr>", "<th>",
        "<tt>", "</tt>", "<code>", "<a href=\"/x\">", "<A HREF='/y'>", "𠀀𠀁", "𛀁", "ทดสอบ"]
words_and_tags = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(TAGS), st.sampled_from([" ", "w ", "word "]),
                                    st.text(max_size=6)), max_size=80).map("".join)
# long enough bodies that the excerpt's early stop is reached well before the end
long_bodies = st.tuples(words_and_tags, st.integers(min_value=0, max_value=120), words_and_tags).map(
    lambda parts: parts[0] + "<p>Some words here, it's 'quoted' -- ok...</p> " * parts[1] + parts[2])


@settings(max_examples=500, deadline=None)
@given(st.one_of(bodies, words_and_tags, long_bodies), st.integers(min_value=-2, max_value=60))
def test_feed_excerpt_is_unchanged(text, words):
    assert typography.excerpt(text, words) == old.excerpt(text, words)


CUT_PIECES = ["w", " ", "w ", "\n", "'", "--", "<b>", "</b>", "<code>", "</code>", "[audio]", "<script>", "</script>",
              "<Style>", "</STYLE>", '[caption <b title=">]', '"', "[gallery <i>]", "<!", "[embed]--", "[/embed]", "]]",
              "<a title='x>", "'>", "<x", "<!--", "-->", "< b>", "\x0b", "\x00", '[[caption <b title=">]]',
              "[[gallery <i>]]", "[audio]--", "--->", "->", "<i title='x'>", '<i title="x">']


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(CUT_PIECES), max_size=30).map("".join), st.integers(min_value=0, max_value=5))
def test_feed_excerpt_is_unchanged_when_cut_after_a_few_words(text, words):
    # few words, short pieces: the cut falls beside the tags and separators it must not cross
    assert typography.excerpt(text, words) == old.excerpt(text, words)


def test_feed_excerpt_stops_early_on_a_long_plain_body():
    # not a test that cannot fail by falling back every time: a long body is cut (between its text runs: a
    # run is texturized whole), and still the same
    text = "<p>One more take of the drums, it's late -- <em>again</em>... </p>\n" * 400
    head = typography._texturized_head(text, 55)
    assert head is not None and len(head) < len(text) // 10
    assert typography.excerpt(text, 55) == old.excerpt(text, 55)


@settings(max_examples=500, deadline=None)
@given(st.one_of(bodies, words_and_tags, long_bodies))
def test_prose_reader_is_unchanged(text):
    assert excerpts._texts(text) == old.prose_and_reading(text)


ATTRIBUTE_PIECES = ["href", "HREF", "Href", "src", "SRC", "ſrc", "ſRC", "xsrc", "_href", "éhref", "=", "==", '"', "'", " ",
                    "\t", "\n", "\u3000", "\xa0", "\x1c", " " * 50, "a", "_", "1", "<a ", "<img ", ">", "/x", "#y"]
attribute_texts = st.lists(st.one_of(st.sampled_from(ATTRIBUTE_PIECES), st.text(max_size=4)), max_size=50).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(attribute_texts, bodies, words_and_tags))
def test_link_attribute_scan_is_unchanged(text):
    assert links.attribute_values(text) == old.attribute_values(text)


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
                                       "！", "Ж", "\u0301", "\u200d", " ", "a", "\x1c", "\u2028",
                                       "𠀀", "𛀁", "\U0001f200", "\U00033479", "\U0003347a", "𑛐", "😀"]), max_size=40).map("".join)
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


def test_stdlib_ranges_are_the_regex_classes_for_every_character():
    # excerpts._counts' stdlib classes against the installed `regex`'s \p{…} classes, character by character
    everything = "".join(map(chr, range(0x110000)))
    for regex_class, bmp, full in ((excerpts._CJK_RE, excerpts._BMP_CLASSES.cjk, excerpts._ALL_CLASSES.cjk),
                                   (excerpts._SOUTHEAST_RE, excerpts._BMP_CLASSES.southeast, excerpts._ALL_CLASSES.southeast),
                                   (excerpts._SPACELESS_RE, excerpts._BMP_CLASSES.spaceless, excerpts._ALL_CLASSES.spaceless)):
        expected = regex_class.findall(everything)
        assert len(expected) > 50
        assert full.findall(everything) == expected
        assert bmp.findall(everything) == [c for c in expected if c <= "\uffff"]
    assert excerpts._ASTRAL_RE.findall(everything) == [c for c in everything if c > "\uffff"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(any_texts, st.sampled_from([" ", " \u0301", "\u0600 ", "x\u0600", "https://a.b/c d", "a@b.cd ",
                                                       "www.x.org", " \u200d", "🇯🇵", " 🇯", "🇵 ", "\x1c", "\xa0"])),
                max_size=12),
       st.integers(min_value=1, max_value=20), st.integers(min_value=0, max_value=80))
def test_card_excerpt_from_the_head_of_the_prose_is_the_whole_texts(parts, words, head):
    assert excerpts._trimmed_prose(parts, words, head) == excerpts.trim(excerpts._one_line(parts), words)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["夜", "夜", "ก", "ั", "。", "a", "ab", "\u0301", "\u0600"]), st.integers(0, 12),
                          st.sampled_from([" ", " ", "", "\n", " \u0301"])).map(lambda t: t[0] * t[1] + t[2]), max_size=5),
       st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=20))
def test_card_excerpt_from_the_head_of_spaceless_prose_is_the_whole_texts(parts, words, head):
    # runs of spaceless characters, one unit each: the head holds about as many units as trim needs
    assert excerpts._trimmed_prose(parts, words, head) == excerpts.trim(excerpts._one_line(parts), words)


MARKDOWN_LINES = ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871", "/media/night-drive.mp3",
                  "<https://soundcloud.com/x/y>", "[Night Drive](/media/night-drive.mp3)", "   https://x.org/a.mp3 ",
                  "see https://youtu.be/dQw4w9WgXcQ", "```", "~~~", "    https://youtu.be/dQw4w9WgXcQ", "- https://youtu.be/a",
                  "> /media/a.ogg", "<div>", "1. x", "", " ", "\r", "/not/media", "http", "text", "\t/media/a.mp4"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MARKDOWN_LINES), st.text(max_size=10)), max_size=12).map("\n".join))
def test_lone_url_lines_are_found_as_the_line_walk_finds_them(text):
    # the walk as it was: every text with "http" or "/" walked line by line
    kept: list[str] = []
    keep = lambda rendered: kept.append(rendered) or f"TOKEN{len(kept)}"
    with patch.object(markdown, "_LONE_URL_START_RE", re.compile("")):
        expected = markdown.lone_urls_to_players(text, keep, {})
    expected_kept, kept[:] = list(kept), []
    assert markdown.lone_urls_to_players(text, keep, {}) == expected and kept == expected_kept
