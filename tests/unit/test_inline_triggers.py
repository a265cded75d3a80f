"""triggers.py: the inline pass that skips patterns whose trigger strings a text lacks gives exactly
the stock Python-Markdown output (issue 10), and the trigger strings it derives are the right ones.

Hypothesis writes Markdown from the pieces each inline pattern (and the block parser around it)
reacts to — emphasis, links, references, images, code spans, footnotes, abbreviations, tables,
raw HTML, escapes, entities, line breaks, CJK text; headings, nested lists, code fences with and
without languages, definition lists, attribute lists, `[TOC]` — and our converter (with
triggers.py's and mdfast.py's extensions) must give the same HTML and table of contents as
`markdown.Markdown(extensions=EXTENSIONS, …)`. test_mdfast.py reuses these pieces."""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from generator import triggers
from generator.markdown import new_converter, stock_converter
from generator.triggers import FastInlineProcessor, match_prefixes, pattern_triggers

INLINE = ["*", "**", "_", "__", "***", "`", "``", "\\", "\\*", "\\`", "\\\\", "[", "]", "(", ")", "![", "[^1]", "[^n]",
          "[^1]: note", "[x]", "[x]: /u", "[x][]", "[x][y]", "[link](/a \"t\")", "![alt](/i.png)", "![a][x]",
          "<https://example.com/a>", "<me@example.com>", "<b>", "</b>", "<span class=\"x\">", "</span>",
          "<!-- c -->", "<?php ?>", "<![CDATA[x]]>", "&amp;", "&#8217;", "&#x41;", "&copy;", "& ", "&x", "  \n",
          " \n", "\n", "~", "~~", "^", "HTML", "*[HTML]: Hyper Text", "{: #id }", "{: .c }", "~~~", "|", "---",
          "a", "word ", "beat", "夜のスタジオ", "、", "東京", "'", '"', "<", ">", "!", ":", "1.", "- ", "# ",
          "## ",
          "> ", "    ", "\t", "=", "http://x.org", "www.y.com", "\x02", "\x03", "klzzwxh:0001", "\x02klzzwxh:0000\x03"]
lines = st.lists(st.one_of(st.sampled_from(INLINE), st.text(max_size=6)), max_size=14).map("".join)
documents = st.lists(lines, min_size=1, max_size=10).map("\n".join)

BLOCKS = ["# Night drive", "## Mixing *low* end", "Paragraph with **bold** and `code`.", "- one\n- two *x*",
          "1. first\n2. [link][ref]", "> quoted _line_", "| a | b |\n|---|---|\n| *x* | `y` |", "```python\nx = 1\n```",
          "~~~\nraw <b>\n~~~", "    indented code", "<div>raw <em>html</em></div>", "Term\n:   Definition *d*",
          "[ref]: https://example.com \"Title\"", "[^1]: The note, with *emphasis*.", "*[BPM]: beats per minute",
          "A BPM of 120.[^1]", "***", "Line one  \nline two", "<!--more-->", "夜の**ビート**を作る。",
          # the block parser's pieces (mdfast.py skips the tests that cannot match; these make them match)
          "# Heading {: #custom-id }", "## Heading {: .loud }", "### Same", "### Same", "#### `code` *in* a heading",
          "Setext\n======", "Setext two\n----------", "# 東京の夜", "## Night & day", "# \\# escaped",
          "[TOC]", "  [TOC]  ", "[TOC] and more", "> [TOC]", "- [TOC]", "# [TOC]", "\\[TOC\\]", "*[TOC]*",
          "- a\n    - b\n        - c\n- d", "1. one\n    1. nested\n2. two", "- item\n\n    continued", "* star\n+ plus",
          "3. starts at three\n4. next", "- > quoted in a list", "- ```\n  fenced in a list\n  ```",
          "```\nplain\n```", "```js\nlet x = 1;\n```", "``` { .python hl_lines=\"1\" }\na = 1\nb = 2\n```",
          "```{.python linenos=\"inline\"}\nx = 2\n```", "~~~ruby\nputs 1\n~~~", "```no-such-lexer\nx\n```",
          "```{.python lang_str=\"x\"}\nx = 3\n```", "```{.python #an-id .extra}\nx = 4\n```",
          "```python hl_lines=\"2\"\na\nb\n```", "    #!/usr/bin/env python\n    print(1)", "    :::python\n    y = 1",
          "a | b\n--- | ---\n1 | 2", "| one |\n|---|\n| x |", "| a |\n| - |", "| a | b |\n|:--|--:|\n| `a|b` | \\| |",
          "x|y\n-|-", "| no separator |\n| x |", "夜 | 朝\n--- | ---\n一 | 二",
          "Text[^a].\n\n[^a]: note\n    more", "[^b]:\n    indented note", "[^a]: first\n[^c]: second",
          "*[CPU]: Central processing unit", "*[]: nothing", "*[BPM]: ''", "The CPU runs at 120 BPM.",
          "Apple\n:   Fruit\n:   Company", "Term\n\n:   Loose definition", ": no term", "Term\n: one space",
          "<div markdown=\"1\">\n*md*\n</div>", "<table><tr><td>x</td></tr></table>", "<p>raw</p>",
          "<section>\n\n# in a section\n\n</section>", "<hr/>", "<details><summary>S</summary>\nhidden\n</details>",
          "<custom-el>x</custom-el>", "<DIV>upper</DIV>", "<div/>", "<pre>kept\n  as is</pre>",
          "---", "* * *", "___", "- - -", "----\ntext", "text\n***", "> a\n> > b", "> # quote heading", "a\n> b",
          "[a]: /x 'T'\n[b]: /y", "[c]:\n    /z", "[d]: <https://e.com> (paren title)", "[a] and [b][] and [c]",
          "&copy; &#169; \\# not a heading", "\\> not a quote", "\\- not a list", "\\* not a rule *"]
block_documents = st.lists(st.one_of(st.sampled_from(BLOCKS), lines), min_size=1, max_size=12).map("\n\n".join)


def _convert(converter, text: str) -> tuple[str, str]:
    converter.reset()
    return converter.convert(text), getattr(converter, "toc", "")


FAST, STOCK = new_converter(), stock_converter()


@settings(max_examples=700, deadline=None)
@given(st.one_of(documents, block_documents))
@example("A `code` span, a [link](/x), an ![image](/i.png), <b>html</b>, &amp; a  \nbreak and **strong *em***.")
@example("[^1] and [^1]\n\n[^1]: note")
@example("\\`not code\\` and ``co`de`` and \\\\`code`")
def test_fast_inline_pass_gives_stock_output(text):
    assert _convert(FAST, text) == _convert(STOCK, text)


def test_the_fast_pass_is_the_one_in_use():
    # fails when an upgrade of Python-Markdown changes the loop triggers.py copies: re-check it, then add the digest
    assert triggers.upstream_is_known(), \
        f"review triggers.py against Markdown's InlineProcessor, then add {triggers.upstream_digest()}"
    fast = new_converter()
    assert type(fast.treeprocessors["inline"]) is FastInlineProcessor
    assert type(stock_converter().treeprocessors["inline"]) is InlineProcessor
    assert sorted((p.priority, p.name) for p in fast.treeprocessors._priority) == \
        sorted((p.priority, p.name) for p in STOCK.treeprocessors._priority)


def test_every_pattern_we_use_has_triggers():
    # each of our inline patterns is skipped when its trigger is absent (none is "always try")
    found = {f"{type(p).__name__}: {p.compiled_re.pattern}": pattern_triggers(p)
             for p in new_converter().inlinePatterns}
    assert all(found.values()), found
    linebreak = next(p for p in STOCK.inlinePatterns if type(p).__name__ == "SubstituteTagInlineProcessor")
    assert pattern_triggers(linebreak) == frozenset({"  \n"})


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_match_without_a_trigger(data):
    # every match of each pattern's regex starts with one of its trigger strings
    patterns = [p for p in STOCK.inlinePatterns if pattern_triggers(p)]
    text = data.draw(st.one_of(documents, st.text(max_size=40)))
    for pattern in patterns:
        needles = pattern_triggers(pattern)
        for match in pattern.compiled_re.finditer(text):
            assert any(text.startswith(n, match.start()) for n in needles), (pattern.compiled_re.pattern, text)


def test_prefixes_of_regexes():
    assert match_prefixes(re.compile(r"ab|ac")) == {"ab", "ac"}
    assert match_prefixes(re.compile(r"(?<!x)\[\^")) == {"[^"}
    assert match_prefixes(re.compile(r"a*b")) is None             # may start with b
    assert match_prefixes(re.compile(r"a+b")) == {"a"}
    assert match_prefixes(re.compile(r"[xy]z")) == {"xz", "yz"}
    assert match_prefixes(re.compile(r"\wz")) is None
    assert match_prefixes(re.compile(r"[^a]")) is None
    assert match_prefixes(re.compile(r"x", re.I)) is None         # X too
    assert match_prefixes(re.compile(r"(?i:x)y")) is None
    assert match_prefixes(re.compile(r"(a|)b")) is None
    assert match_prefixes(re.compile(r"(a)\1")) == {"a"}
    assert match_prefixes(re.compile(r"")) is None
    assert match_prefixes(re.compile(r"^\s*x")) is None
    assert match_prefixes(re.compile(r"(?=a)b")) == {"b"}         # look-ahead ignored: still sound


@settings(max_examples=300, deadline=None)
@given(st.from_regex(re.compile(r"(?:[ab]|\\\[|x\*|\(c\|d\)|\?|\+|\{1,2\}|\^)*"), fullmatch=True),
       st.text("abxcd[*", max_size=12))
def test_derived_prefixes_are_sound(source, text):
    try:
        compiled = re.compile(source)
    except re.error:
        return
    prefixes = match_prefixes(compiled)
    if prefixes is None:
        return
    for match in compiled.finditer(text):
        assert any(text.startswith(p, match.start()) for p in prefixes), (source, text, prefixes)
