"""htmlscan.replay gives a parser exactly the handler calls HTMLParser's feed + close would
(issue 10: the card excerpt and reading time read every body), or declines without calling any.

Hypothesis writes HTML from the pieces HTMLParser treats specially (tags of every shape, attribute
quoting, entities, comments, declarations, raw-text elements, stray `<` and `&`, case, white space
of every kind) mixed with any text; the Markdown our converter writes must be read by the scan
(else the fast path would be dead code)."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.htmlscan import replay
from generator.markdown import new_converter


class Recorder(HTMLParser):
    """Every handler call, as (name, arguments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.calls: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.calls.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.calls.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.calls.append(("end", tag))

    def handle_data(self, data):
        self.calls.append(("data", data))

    def handle_comment(self, data):
        self.calls.append(("comment", data))

    def handle_decl(self, decl):
        self.calls.append(("decl", decl))

    def handle_pi(self, data):
        self.calls.append(("pi", data))

    def handle_charref(self, name):
        self.calls.append(("charref", name))

    def handle_entityref(self, name):
        self.calls.append(("entityref", name))

    def unknown_decl(self, data):
        self.calls.append(("unknown", data))


def parsed(text: str) -> list[tuple]:
    recorder = Recorder()
    recorder.feed(text)
    recorder.close()
    return recorder.calls


PIECES = ["<p>", "</p>", "<P>", "</P>", "</Div>", "<Br/>", '<IMG SRC="x">', "</P >", "<p >", "< p>", "</ p>", "<p/>",
          "<br>", "<br />", "<br/>", "<br / >", "<hr/ >",
          '<a href="x">', '<a href="x&amp;y">', '<a HREF="A">', "<a href='x'>", "<a href=x>", '<a href = "x">',
          '<a href=="x">', '<a title="a > b">', '<a title="<">', '<a x="1"y="2">', '<a hidden>', '<a hidden="">',
          '<a class="footnote-ref" href="#fn:1">', '<img alt="" src="/i.png" />', '<span class="n">', "</span>",
          '<div class="highlight">', "</div>", "<h2 id=\"x\">", "</h2>", "<x-y>", "<a:b>", "<a\tb>", "<a\nb>",
          "<a\rb>", "<a\x0cb>", "<a\xa0b>", "<a b\x00>", "<script>", "</script>", "<SCRIPT>", "<style>", "</style>",
          "<textarea>", "</textarea>", "<title>", "</title>", "<scripts>", "<styled>", "<!-- c -->", "<!---->",
          "<!-->", "<!--->", "<!-- a -- b -->", "<!-- a --->", "<!-- a --!>", "<!--more-->", "<!--", "-->",
          "<!DOCTYPE html>", "<!x>", "<![CDATA[x]]>", "<?php x ?>", "</>", "</ >", "</3>", "<3", "<", ">", "&",
          "&amp;", "&amp", "&#8217;", "&#8217", "&#x41;", "&#xZ;", "&nosuch;", "&copy", "&lt;b&gt;", "a & b",
          "\n", "\r\n", "\t", " ", "\x00", "word", "夜のスタジオ", "\u2028", '"', "'", "=", "/"]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(documents)
@example('<p class="x" hidden>Tom &amp; Jerry</p><br /><!--more--><p>a &copy b</p>')
@example("<p>end &amp")
@example("<!---->")
def test_replay_gives_htmlparsers_calls_or_none(text):
    recorder = Recorder()
    if replay(recorder, text):
        assert recorder.calls == parsed(text)
    else:
        assert recorder.calls == []


def test_markdown_output_is_read_by_the_scan():
    md = new_converter()
    text = md.convert("# Night *drive*\n\nA [beat](/b \"Beat & bass\") with `code`, &copy; 2026.[^1]\n\n"
                      "```python\nx = 'kick'\n```\n\n- one\n- ![cover](/c.png)\n\n<!--more-->\n\n"
                      "| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n[^1]: A note.")
    recorder = Recorder()
    assert replay(recorder, text)
    assert recorder.calls == parsed(text)
    assert ("comment", "more") in recorder.calls


def test_declines_what_it_does_not_read():
    for text in ["<script>x</script>", "a < b", "<a href='x'>", "<!DOCTYPE html>", "<!-- a -- b -->", "<Style>"]:
        recorder = Recorder()
        assert not replay(recorder, text), text
        assert recorder.calls == []
