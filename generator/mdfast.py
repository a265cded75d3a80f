"""Python-Markdown's block parser, table of contents and code highlighting, without work whose
answer is known in advance (issue 10). Every change gives the stock converter's output by
construction, and each is used only while the upstream code it reasons about is the code checked
(`KNOWN_SOURCES`, a sha256 of each piece's source); otherwise that piece runs as shipped.

- Block tests. The parser asks each block processor in turn whether it wants a block. Several
  answer by a regex search (a quote, a hash heading, a rule, a definition) or take every block and
  give it back when their regex finds nothing (a link reference, an abbreviation, a footnote). A
  regex whose every match holds one of a few characters cannot match a block that holds none of
  them (`required_chars`, derived from the compiled regex), so the search is skipped and the
  answer is the stock one: "not mine". Tables need a `|` in the block.
- `is_block_level` tests a tag against a list of about 60 names; `BlockLevelNames` is that list
  with a set beside it, kept in step with every change to the list.
- The table of contents looks for its `[TOC]` marker by joining the text of every element; no
  element's own text holding the marker means nothing to replace.
- Code highlighting makes a new Pygments formatter for each block (building its style sheet each
  time). The formatter keeps nothing of a block it formats, so one made with the same options
  serves every block of a converter (`FormatterCache`).

Like triggers.py, this module touches Python-Markdown (and Pygments' formatter registry) only to
make the converter faster; markdown.py decides what a body is.
"""
from __future__ import annotations

import hashlib
import inspect
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from markdown import blockprocessors, core
from markdown.extensions import Extension, abbr, codehilite, def_list, fenced_code, footnotes, tables, toc
from pygments.formatters import get_formatter_by_name

from .triggers import class_chars, parsed_items
from .triggers import sre_constants as _sre

# The upstream functions each shortcut reasons about, and their sources' sha256 in the releases
# checked (Python-Markdown 3.11.3). A piece whose digest is not here runs as shipped.
PIECES: dict[str, tuple[Callable[..., Any], ...]] = {
    "block_level": (core.Markdown.is_block_level,),
    "blockquote": (blockprocessors.BlockQuoteProcessor.test,),
    "hashheader": (blockprocessors.HashHeaderProcessor.test,),
    "hr": (blockprocessors.HRProcessor.test,),
    "deflist": (def_list.DefListProcessor.test,),
    "reference": (blockprocessors.ReferenceProcessor.test, blockprocessors.ReferenceProcessor.run),
    "abbr": (abbr.AbbrBlockprocessor.test, abbr.AbbrBlockprocessor.run),
    "footnote": (footnotes.FootnoteBlockProcessor.test, footnotes.FootnoteBlockProcessor.run),
    "table": (tables.TableProcessor.test, tables.TableProcessor._split_row, tables.TableProcessor._split),
    "toc_marker": (toc.TocTreeprocessor.replace_marker, toc.TocTreeprocessor.iterparent),
    "formatter": (codehilite.CodeHilite.__init__, codehilite.CodeHilite.hilite,
                  codehilite.HiliteTreeprocessor.run, fenced_code.FencedBlockPreprocessor.run),
}
KNOWN_SOURCES: dict[str, frozenset[str]] = {
    "block_level": frozenset({"dc551fffd52a0eee3962b510340da32919f06cb917f3aaab939733b2cd1363d0"}),
    "blockquote": frozenset({"342a21ffb26b705245cc325cfa64f5a52499995a314d31afae84257488e81eba"}),
    "hashheader": frozenset({"b05b7970153b822e14f8b7af6e554f6f529998ef8767c66d06ffad156022d2a5"}),
    "hr": frozenset({"d97db1d673f15c7576497d398037dc3cdd3cd4e43f9202b11148474786253f0b"}),
    "deflist": frozenset({"b05b7970153b822e14f8b7af6e554f6f529998ef8767c66d06ffad156022d2a5"}),
    "reference": frozenset({"ce5dcea6ea45deb4ee4e2fb5d1d45a2ec6d001c504ff4d6a13a1cceb559d0cad"}),
    "abbr": frozenset({"65beb5cfee6bcbe776329f3acd2ee18ae7ef907eb7d1e5503728400bcad664fd"}),
    "footnote": frozenset({"2e60d751f7d291323b80df53080e28df02cb666b8131c85512ee0503d05ef20b"}),
    "table": frozenset({"5760b295ff4c5d9fd58ed173fb6315b7ffc86d88e95b47420298405464ef55d6"}),
    "toc_marker": frozenset({"da7f724eabf9a1d98f3a0779421cc492e54411083637f1b9a730b9949a7d7306"}),
    "formatter": frozenset({"6b6d241032750c291d6bf1b8a33d2ba173fa23a2abdb14c36e5e5d7b54c382a9"}),
}

# The block processors whose "not mine" answer a guard may give, by registered name: the piece
# that vouches for it, its class, and the attribute holding the regex its test or run searches with.
_GUARDED_BLOCKS = {
    "quote": ("blockquote", blockprocessors.BlockQuoteProcessor, "RE"),
    "hashheader": ("hashheader", blockprocessors.HashHeaderProcessor, "RE"),
    "hr": ("hr", blockprocessors.HRProcessor, "SEARCH_RE"),
    "deflist": ("deflist", def_list.DefListProcessor, "RE"),
    "reference": ("reference", blockprocessors.ReferenceProcessor, "RE"),
    "abbr": ("abbr", abbr.AbbrBlockprocessor, "RE"),
    "footnote": ("footnote", footnotes.FootnoteBlockProcessor, "RE"),
}

_MAX_CLASS = 32             # a character class wider than this requires nothing this names
_MAX_FORMATTERS = 64        # sets of formatter options kept a converter (hl_lines make new ones)


def source_digest(piece: str) -> str:
    """sha256 of the sources of a piece's upstream functions ("" when one cannot be read)."""
    try:
        source = "".join(inspect.getsource(function) for function in PIECES[piece])
    except (OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()


@lru_cache(maxsize=None)
def piece_is_known(piece: str) -> bool:
    """Whether the installed Python-Markdown's code for `piece` is the code checked."""
    return source_digest(piece) in KNOWN_SOURCES[piece]


# --- what every match of a regex must hold ---------------------------------------------------

def required_chars(compiled: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of characters such that every match of `compiled` (look-arounds included: they read the
    same string) holds at least one character of each set. A string missing every character of
    one set holds no match. Sound, not tight: what the analysis does not model requires nothing."""
    parsed = parsed_items(compiled)
    if parsed is None:
        return ()
    return tuple(sorted(_sequence_clauses(parsed), key=lambda clause: (len(clause), sorted(clause))))


def _sequence_clauses(items: Iterable[tuple[Any, Any]]) -> set[frozenset[str]]:
    clauses: set[frozenset[str]] = set()
    for op, arg in items:
        clauses |= _item_clauses(op, arg)
    return clauses


def _item_clauses(op: Any, arg: Any) -> set[frozenset[str]]:
    if op is _sre.LITERAL:
        return {frozenset(chr(arg))}
    if op is _sre.IN:
        chars = class_chars(arg, _MAX_CLASS)
        return {frozenset(chars)} if chars is not None else set()
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        if add_flags & (re.IGNORECASE | re.VERBOSE) or del_flags:
            return set()
        return _sequence_clauses(body)
    if op is _sre.ASSERT:          # a look-ahead or look-behind that must match: in the same string
        _direction, body = arg
        return _sequence_clauses(body)
    if op is _sre.BRANCH:          # one alternative matches: the union of one clause from each
        union: set[str] = set()
        for alternative in arg[1]:
            found = _sequence_clauses(alternative)
            if not found:
                return set()
            union |= min(found, key=lambda clause: (len(clause), sorted(clause)))
        return {frozenset(union)} if len(union) <= _MAX_CLASS else set()
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
        low, _high, body = arg
        return _sequence_clauses(body) if low >= 1 else set()
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence_clauses(arg)
    return set()                   # ANY, CATEGORY, AT, NOT_LITERAL, GROUPREF, ASSERT_NOT, …


def lacks_one(text: str, clauses: tuple[tuple[str, ...], ...]) -> bool:
    """Whether `text` misses every character of some clause (so it holds no match)."""
    for clause in clauses:
        for char in clause:
            if char in text:
                break
        else:
            return True
    return False


# --- the shortcuts ----------------------------------------------------------------------------

class BlockLevelNames(list):  # type: ignore[type-arg]
    """`Markdown.block_level_elements`: a list, as extensions expect (they append and remove
    names), whose `in` for a plain string is a set lookup. Every change to the list rebuilds
    the set, so the answer is always the list's own."""

    def __init__(self, names: Iterable[Any] = ()) -> None:
        super().__init__(names)
        self._sync()

    def _sync(self) -> None:
        # only a list of plain strings answers `in` from the set: for those, == is set equality
        self._names = frozenset(self) if all(type(name) is str for name in self) else None

    def __contains__(self, item: object) -> bool:
        if type(item) is str and self._names is not None:
            return item in self._names
        return list.__contains__(self, item)

    def copy(self) -> list[Any]:           # a plain list, as list.copy gives
        return list(self)


def _synced(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def changed(self: BlockLevelNames, *args: Any) -> Any:
        result = method(self, *args)
        self._sync()
        return self if name in ("__iadd__", "__imul__") else result
    changed.__name__ = name
    changed.__doc__ = f"list.{name}, then the set brought in step."
    return changed


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "__setitem__", "__delitem__",
              "__iadd__", "__imul__", "sort", "reverse"):
    setattr(BlockLevelNames, _name, _synced(_name))


def guard_block_test(processor: Any, attribute: str) -> None:
    """Make `processor.test` say "not mine" at once when its regex cannot match the block. Where the
    stock test says yes to every block (a reference, an abbreviation, a footnote), its run hands
    back a block the regex finds nothing in and returns False; the parser then asks the next
    processor, as it does after the guard's no."""
    compiled = getattr(processor, attribute)
    clauses = tuple(tuple(sorted(clause)) for clause in required_chars(compiled))
    if not clauses:
        return
    stock_test = processor.test

    def test(parent: Any, block: str) -> bool:
        if getattr(processor, attribute) is compiled and lacks_one(block, clauses):
            return False
        return stock_test(parent, block)
    processor.test = test


def guard_table_test(processor: Any) -> None:
    """A table's first row holds a `|` (two cells, or a border). Without one the stock test says no,
    having set `border` to none when the block has two rows: the guard does the same."""
    stock_test = processor.test

    def test(parent: Any, block: str) -> bool:
        if "|" not in block:
            if "\n" in block:
                processor.border = tables.PIPE_NONE
            return False
        return stock_test(parent, block)
    processor.test = test


def guard_toc_marker(treeprocessor: Any) -> None:
    """Skip the marker search when no element's own text holds the marker: the stock search
    replaces only an element whose text, stripped, is the marker."""
    stock_replace = treeprocessor.replace_marker

    def replace_marker(root: Any, elem: Any) -> None:
        marker = treeprocessor.marker
        for element in root.iter():
            text = element.text
            if text and marker in text:
                return stock_replace(root, elem)
        return None
    treeprocessor.replace_marker = replace_marker


class FormatterCache:
    """What codehilite calls for a formatter when `pygments_formatter` is a callable: the stock
    'html' formatter for these options (`get_formatter_by_name('html', **options)`), made once per
    set of options. `lang_str`, the one option codehilite adds for a callable, is left out: the
    stock call does not pass it."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def __call__(self, lang_str: str = "", **options: Any) -> Any:
        key = repr(sorted(options.items()))
        formatter = self._made.get(key)
        if formatter is None:
            if len(self._made) >= _MAX_FORMATTERS:
                self._made.clear()
            formatter = self._made[key] = get_formatter_by_name("html", **options)
        return formatter


def reuse_formatters(md: Any) -> None:
    """Give codehilite (its tree pass and fenced code's) one formatter per set of options, where
    the configured formatter is the stock 'html'.

    codehilite calls a callable formatter with `lang_str=` besides the block's options; a fenced
    block may set an option of that name itself (`{.py lang_str=x}`), which the stock call accepts
    and ours could not take twice. Fenced code's run therefore uses the stock formatter for a text
    in which "lang_str" occurs anywhere."""
    extension = next((e for e in md.registeredExtensions if isinstance(e, codehilite.CodeHiliteExtension)), None)
    if extension is None or extension.getConfig("pygments_formatter") != "html":
        return
    cache = FormatterCache()
    hilite = md.treeprocessors["hilite"] if "hilite" in md.treeprocessors else None
    if type(hilite) is codehilite.HiliteTreeprocessor and hilite.config.get("pygments_formatter") == "html" \
            and "lang_str" not in hilite.config:
        hilite.config["pygments_formatter"] = cache
    fenced = md.preprocessors["fenced_code_block"] if "fenced_code_block" in md.preprocessors else None
    if type(fenced) is not fenced_code.FencedBlockPreprocessor:
        return
    stock_run = fenced.run

    def run(lines: list[str]) -> list[str]:
        # the configs are read at the first run (so that one formats as shipped)
        conf = fenced.codehilite_conf
        if fenced.checked_for_deps and conf and conf.get("pygments_formatter") in ("html", cache):
            conf["pygments_formatter"] = "html" if any("lang_str" in line for line in lines) else cache
        return stock_run(lines)
    fenced.run = run


class FastBlocksExtension(Extension):
    """Puts the shortcuts above into a converter. Add it after every other extension."""

    def extendMarkdown(self, md: Any) -> None:
        if piece_is_known("block_level") and type(md.block_level_elements) is list:
            md.block_level_elements = BlockLevelNames(md.block_level_elements)
        processors = md.parser.blockprocessors
        for name, (piece, cls, attribute) in _GUARDED_BLOCKS.items():
            if name in processors and type(processors[name]) is cls and piece_is_known(piece):
                guard_block_test(processors[name], attribute)
        if "table" in processors and type(processors["table"]) is tables.TableProcessor and piece_is_known("table"):
            guard_table_test(processors["table"])
        if "toc" in md.treeprocessors and type(md.treeprocessors["toc"]) is toc.TocTreeprocessor \
                and piece_is_known("toc_marker"):
            guard_toc_marker(md.treeprocessors["toc"])
        if piece_is_known("formatter"):
            reuse_formatters(md)
