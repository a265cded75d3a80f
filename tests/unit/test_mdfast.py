"""mdfast.py: the block tests skipped when their regex cannot match, the set beside
`block_level_elements`, the `[TOC]` search skipped without a marker and the reused Pygments
formatters give exactly the stock Python-Markdown output (issue 10).

Hypothesis writes whole documents from the block pieces test_inline_triggers.py keeps (headings,
nested lists, fences with and without languages, tables, footnotes, abbreviations, definition
lists, attribute lists, raw HTML, `[TOC]`, entities, escapes, CJK text), and checks each shortcut
on its own: the guarded test against the stock one, the list against a plain list, the derived
characters against the regex's own matches."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown.extensions import tables
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from generator import mdfast
from generator.markdown import new_converter, stock_converter
from generator.mdfast import BlockLevelNames, FormatterCache, lacks_one, required_chars
from tests.unit.test_inline_triggers import BLOCKS, lines

pieces = st.one_of(st.sampled_from(BLOCKS), lines)
# blocks glued by one or two newlines (a paragraph's lazy lines, a list's continuation), some indented
glue = st.sampled_from(["\n\n", "\n", "\n\n    ", "\n    ", "\n\n\n"])
documents = st.lists(st.tuples(pieces, glue), min_size=1, max_size=14).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))

FAST, STOCK = new_converter(), stock_converter()


def _convert(converter, text: str) -> tuple[str, str]:
    converter.reset()
    return converter.convert(text), converter.toc


@settings(max_examples=600, deadline=None)
@given(documents)
@example("[TOC]\n\n# One\n\n## Two {: #two }\n\n```python\nx = 1\n```\n\n```python\nx = 1\n```")
@example("```{.python lang_str=\"x\"}\nx = 1\n```\n\n```python\ny = 2\n```")
@example("a | b\n--- | ---\n1 | 2\n\nno table\nhere\n\n| c |\n|---|\n| d |")
@example("Term\n:   Def\n\n*[BPM]: beats\n\n[^1]: note\n\n[r]: /x\n\nBPM[^1] [r]")
@example("<div>\n\n# inside\n\n</div>\n\n<custom>x</custom>\n\n<DIV/>")
def test_our_converter_gives_stock_output(text):
    assert _convert(FAST, text) == _convert(STOCK, text)


def test_one_converter_over_many_documents_gives_stock_output():
    # a batch's converter is reset between bodies: formatters kept across documents change nothing
    fast, stock = new_converter(), stock_converter()
    texts = [piece for piece in BLOCKS if "```" in piece or "    " in piece] * 3
    assert [_convert(fast, t) for t in texts] == [_convert(stock, t) for t in texts]


def test_every_shortcut_is_in_use():
    # fails when an upgrade of Python-Markdown changes code a shortcut reasons about: re-check it, then add the digest
    unknown = {piece: mdfast.source_digest(piece) for piece in mdfast.PIECES if not mdfast.piece_is_known(piece)}
    assert not unknown, f"review mdfast.py against these upstream pieces, then add their digests: {unknown}"
    md = new_converter()
    assert type(md.block_level_elements) is BlockLevelNames
    assert md.block_level_elements == STOCK.block_level_elements
    for name in ("quote", "hashheader", "hr", "deflist", "reference", "abbr", "footnote", "table"):
        assert "test" in vars(md.parser.blockprocessors[name]), name
        assert "test" not in vars(STOCK.parser.blockprocessors[name]), name
    assert "replace_marker" in vars(md.treeprocessors["toc"])
    assert isinstance(md.treeprocessors["hilite"].config["pygments_formatter"], FormatterCache)
    assert STOCK.treeprocessors["hilite"].config["pygments_formatter"] == "html"


def test_an_unknown_upstream_runs_as_shipped(monkeypatch):
    monkeypatch.setattr(mdfast, "KNOWN_SOURCES", {piece: frozenset() for piece in mdfast.PIECES})
    mdfast.piece_is_known.cache_clear()
    try:
        md = new_converter()
        assert type(md.block_level_elements) is list
        assert not any("test" in vars(p) for p in md.parser.blockprocessors)
        assert "replace_marker" not in vars(md.treeprocessors["toc"])
        assert md.treeprocessors["hilite"].config["pygments_formatter"] == "html"
    finally:
        monkeypatch.undo()
        mdfast.piece_is_known.cache_clear()


GUARDED = ["quote", "hashheader", "hr", "deflist", "table"]          # their stock test is the search
GIVE_BACK = ["reference", "abbr", "footnote"]                       # their stock run hands a no-match back


@settings(max_examples=400, deadline=None)
@given(st.one_of(documents, st.sampled_from(BLOCKS), st.text(max_size=30)))
def test_a_guarded_test_answers_as_the_stock_one(block):
    fast, stock = new_converter(), stock_converter()
    for name in GUARDED:
        ours, theirs = fast.parser.blockprocessors[name], stock.parser.blockprocessors[name]
        ours.border = theirs.border = "before"
        assert ours.test(etree.Element("div"), block) == theirs.test(etree.Element("div"), block), (name, block)
        if name == "table":             # the state the stock test leaves for its run
            assert (ours.border, ours.separator) == (theirs.border, theirs.separator)
    for name in GIVE_BACK:
        if not fast.parser.blockprocessors[name].test(etree.Element("div"), block):
            blocks = [block, "next"]
            assert stock.parser.blockprocessors[name].run(etree.Element("div"), blocks) is False, (name, block)
            assert blocks == [block, "next"]


def test_a_table_without_a_pipe_leaves_the_border_as_the_stock_test_does():
    ours, theirs = FAST.parser.blockprocessors["table"], STOCK.parser.blockprocessors["table"]
    for block in ("one line", "two\nlines", "a | b\n--- | ---", "no\npipe"):
        ours.border = theirs.border = "stale"
        assert ours.test(etree.Element("div"), block) == theirs.test(etree.Element("div"), block)
        assert ours.border == theirs.border
    ours.border = "stale"
    ours.test(etree.Element("div"), "two\nlines")
    assert ours.border == tables.PIPE_NONE


def test_required_chars_of_regexes():
    assert required_chars(re.compile(r"(^|\n)[ ]{0,3}>[ ]?(.*)")) == (frozenset(">"),)
    assert required_chars(re.compile(r"ab")) == (frozenset("a"), frozenset("b"))
    assert required_chars(re.compile(r"a|b")) == (frozenset("ab"),)
    assert required_chars(re.compile(r"a|b*")) == ()                 # the second may match nothing
    assert required_chars(re.compile(r"a*b")) == (frozenset("b"),)
    assert required_chars(re.compile(r"(?=x)y")) == (frozenset("x"), frozenset("y"))   # a look-ahead reads the text too
    assert required_chars(re.compile(r"(?!x)y")) == (frozenset("y"),)
    assert required_chars(re.compile(r"x", re.I)) == ()
    assert required_chars(re.compile(r"\w+")) == ()
    assert required_chars(re.compile(r"[^a]b")) == (frozenset("b"),)
    assert required_chars(re.compile(r"(a)\1")) == (frozenset("a"),)
    assert required_chars(re.compile(r"")) == ()


@settings(max_examples=500, deadline=None)
@given(st.from_regex(re.compile(r"(?:[ab:]|\\\[|x\*|\(c\|d\)|\(\?=a\)|\(\?!b\)|\?|\+|\{0,2\}|\{2\}|\^|\$|\.)*"),
                     fullmatch=True),
       st.text("abxcd[*:\n", max_size=14))
def test_required_chars_are_sound(source, text):
    try:
        compiled = re.compile(source, re.MULTILINE)
    except re.error:
        return
    clauses = tuple(tuple(sorted(c)) for c in required_chars(compiled))
    if lacks_one(text, clauses):
        assert compiled.search(text) is None, (source, text, clauses)


@settings(max_examples=300, deadline=None)
@given(st.one_of(documents, st.text(max_size=40)))
def test_the_block_regexes_never_match_without_their_characters(text):
    md = new_converter()
    for name, (_piece, _cls, attribute) in mdfast._GUARDED_BLOCKS.items():
        compiled = getattr(md.parser.blockprocessors[name], attribute)
        clauses = tuple(tuple(sorted(c)) for c in required_chars(compiled))
        assert clauses, name                 # each guard has something to test
        if lacks_one(text, clauses):
            assert compiled.search(text) is None, (name, text)


operations = st.lists(st.one_of(
    st.tuples(st.just("append"), st.sampled_from(["div", "p", "x-el", "DIV", ""])),
    st.tuples(st.just("remove"), st.sampled_from(["div", "p", "pre", "x-el", "nope"])),
    st.tuples(st.just("insert"), st.integers(-3, 70), st.sampled_from(["video", "x-el", "p"])),
    st.tuples(st.just("extend"), st.lists(st.sampled_from(["a", "b", "div"]), max_size=3)),
    st.tuples(st.just("pop"), st.integers(-2, 2)),
    st.tuples(st.just("setitem"), st.integers(-3, 3), st.sampled_from(["zz", "div"])),
    st.tuples(st.just("setslice"), st.integers(0, 5), st.lists(st.sampled_from(["q", "r"]), max_size=3)),
    st.tuples(st.just("delitem"), st.integers(-3, 3)),
    st.tuples(st.just("iadd"), st.lists(st.sampled_from(["s", "t"]), max_size=2)),
    st.tuples(st.just("clear"),),
    st.tuples(st.just("sort"),),
), max_size=12)


@settings(max_examples=300, deadline=None)
@given(operations, st.lists(st.sampled_from(["div", "p", "pre", "x-el", "video", "zz", "q", "", "DIV", "nope"]),
                            min_size=1, max_size=6))
def test_block_level_names_answer_as_a_list(ops, queries):
    plain = list(STOCK.block_level_elements)
    ours = BlockLevelNames(plain)
    for op, *args in ops:
        for target in (plain, ours):
            try:
                if op == "setitem":
                    target[args[0]] = args[1]
                elif op == "setslice":
                    target[args[0]:args[0] + 1] = args[1]
                elif op == "delitem":
                    del target[args[0]]
                elif op == "iadd":
                    target += args[0]
                else:
                    getattr(target, op)(*args)
            except (ValueError, IndexError):
                pass
        assert list(ours) == plain
    for name in queries:
        assert (name in ours) == (name in plain)
    assert type(ours.copy()) is list


def test_block_level_names_with_something_other_than_strings():
    ours = BlockLevelNames(["div", 3])
    assert 3 in ours and "div" in ours and "p" not in ours
    ours.remove(3)
    ours.append("p")
    assert "p" in ours and 3 not in ours


def test_one_formatter_for_each_set_of_options():
    cache = FormatterCache()
    first = cache(lang_str="language-python", cssclass="highlight", wrapcode=True, linenos=None, full=False)
    again = cache(lang_str="language-js", cssclass="highlight", wrapcode=True, linenos=None, full=False)
    other = cache(lang_str="language-python", cssclass="highlight", wrapcode=True, linenos=None, full=False,
                  hl_lines=[1])
    assert first is again and first is not other
    assert type(first) is HtmlFormatter
    from pygments import highlight
    code = "def beat(bpm):\n    return 60 / bpm\n"
    fresh = HtmlFormatter(cssclass="highlight", wrapcode=True, linenos=None, full=False)
    for _ in range(3):                       # reused: the same bytes each time
        assert highlight(code, PythonLexer(), first) == highlight(code, PythonLexer(), fresh)
