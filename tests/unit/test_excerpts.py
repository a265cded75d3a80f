"""Card excerpts and reading time (generator/excerpts.py): text only, cut at a word or
sentence boundary, by words for spaced scripts and by characters for spaceless ones."""
from __future__ import annotations

import html

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.excerpts import ELLIPSIS, prose, reading_minutes, summary, trim

ENGLISH = ("<h2 id='why'>Why I stopped chasing loudness</h2>"
           "<p>I used to master every beat to the edge of clipping.<sup id='fnref:1'><a class='footnote-ref' "
           "href='#fn:1'>1</a></sup> Then I heard my tracks next to quieter records on a streaming service "
           "and mine sounded small. See https://example.com/loudness-chart for the numbers.</p>"
           "<div class='highlight'><pre><code>limiter.ceiling = -1.0</code></pre></div>"
           "<figure><img src='/a.png' alt=''><figcaption>The meter that lied to me</figcaption></figure>"
           "<p>Now I leave headroom and let the platform do the rest.</p>"
           "<div class='footnote'><ol><li id='fn:1'><p>Mostly trap beats.</p></li></ol></div>")
JAPANESE = ("<h2>夜のビート</h2><p>こんばんは、Rowanです。今夜も眠れないので、最近の制作のことを少し書いてみます。"
            "最近は、深夜一時を過ぎてからビートを作ることが多くなりました。街が静かになると、小さな音の違いがよく聞こえるし、"
            "ドラムの鳴りも昼間とはまったく違って感じます。</p><pre><code>bpm = 82</code></pre>")


def test_english_excerpt_is_prose_only():
    text = prose(ENGLISH)
    assert text.startswith("I used to master every beat")
    for unwanted in ("Why I stopped", "limiter", "The meter that lied", "https://", "example.com", "Mostly trap"):
        assert unwanted not in text
    assert "clipping. Then" in text                        # the footnote mark "1" is gone, words don't run together
    assert "headroom" in text


def test_english_excerpt_cuts_at_a_sentence_end_with_an_ellipsis():
    cut = trim(prose(ENGLISH), 14)
    assert cut == "I used to master every beat to the edge of clipping" + ELLIPSIS


def test_english_excerpt_cuts_at_a_word_when_no_sentence_ends_near():
    assert trim("one two three four five six seven", 4) == "one two three four" + ELLIPSIS
    assert trim("one two three", 3) == "one two three"     # fits: no ellipsis


def test_japanese_is_trimmed_by_characters_at_a_sentence_end():
    text = prose(JAPANESE)
    assert "夜のビート" not in text and "bpm" not in text
    cut = trim(text, 30)                                   # 60 characters
    assert cut == "こんばんは、Rowanです。今夜も眠れないので、最近の制作のことを少し書いてみます" + ELLIPSIS
    assert len(cut) < len(text)


def test_japanese_without_sentence_end_cuts_between_characters():
    cut = trim("あいうえおかきくけこさしすせそ", 5)             # 10 characters, no punctuation
    assert cut == "あいうえおかきくけこ" + ELLIPSIS


def test_thai_is_cut_at_a_phrase_space_and_never_splits_a_cluster():
    phrase = "วันนี้ฉันทำบีต"                               # Thai: spaces between phrases, none between words
    cut = trim(" ".join([phrase] * 6), 12)
    assert cut.endswith(ELLIPSIS)
    body = cut[:-1]
    assert body.replace(" ", "") in phrase * 6
    clusters = regex.findall(r"\X", phrase * 6)
    assert all(c in clusters for c in regex.findall(r"\X", body.replace(" ", "")))


def test_summary_is_escaped_plain_text():
    out = summary("<p>Kick &amp; snare &lt;script&gt; first.</p>")
    assert out == "Kick &amp; snare &lt;script&gt; first."


def test_the_teaser_before_more_is_the_summary():
    out = summary("<p>The teaser, whole.</p>\n<!--more-->\n<p>The rest.</p>", words=2)
    assert out == "The teaser, whole."


def test_reading_time_english_by_words():
    words = " ".join(["beat"] * 476)                       # 2 minutes at 238 words a minute
    assert reading_minutes(f"<p>{words}</p>") == 2
    assert reading_minutes(f"<p>{words} extra</p>") == 3   # rounded up
    assert reading_minutes("<pre><code>" + words + "</code></pre>") == 0   # code is looked at, not read


def test_reading_time_japanese_by_characters():
    assert reading_minutes("<p>" + "音" * 1000 + "</p>") == 2          # 500 characters a minute
    assert reading_minutes("<p>" + "音" * 1001 + "</p>") == 3
    # the same text by space-separated words would be one word: under a minute
    assert reading_minutes("<p>" + "音" * 1001 + "</p>") > reading_minutes("<p>" + "a" * 1001 + "</p>")


def test_reading_time_of_mixed_text_adds_both():
    assert reading_minutes("<p>" + "beat " * 238 + "音" * 500 + "</p>") == 2


_PIECES = list("ab cd ef.,!?") + ["音", "楽", "。", "、", "น", "\u0e49", "👩\u200d👩", "e\u0301", "<", ">", "&", "\n"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(min_value=1, max_value=40))
def test_a_trimmed_excerpt_never_cuts_inside_a_word_or_character(text, words):
    clean = " ".join(text.split())
    cut = trim(clean, words)
    kept = cut[:-1] if cut.endswith(ELLIPSIS) and not clean.endswith(ELLIPSIS) else cut
    assert kept == clean[:len(kept)] or kept.rstrip() == clean[:len(kept.rstrip())]
    # the cut falls on a grapheme boundary of the original
    boundaries = {0}
    position = 0
    for cluster in regex.findall(r"\X", clean):
        position += len(cluster)
        boundaries.add(position)
    assert len(kept) in boundaries
    # and between two words of a spaced script, never inside one
    rest = clean[len(kept):]
    if kept and rest and regex.match(r"[a-z]", kept[-1]) and regex.match(r"[a-z]", rest[0]):
        raise AssertionError(f"cut inside a word: {kept!r} | {rest!r}")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<h2>", "</h2>", "<em>", "</em>", "<code>", "</code>", "<a href='/x'>",
                                 "</a>", "<script>", "</script>", "<!-- c -->", "beat ", "音楽", "&amp;", "&lt;b&gt;",
                                 "https://x.example/y ", "<br>", "<img src='/i.png'>"]), max_size=60),
       st.integers(min_value=1, max_value=30))
def test_a_summary_never_contains_markup(parts, words):
    out = summary("".join(parts), words)
    assert "<" not in out and ">" not in out               # escaped text only
    assert "https://" not in html.unescape(out)
