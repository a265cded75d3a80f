"""Python-Markdown's inline pass, without the regex searches that cannot match (issue 10).

Stock `InlineProcessor` tries every inline pattern's regex on every text node: about 640 searches a
post, most on text that holds none of the characters a pattern starts with (a backtick, `[`, `<`,
`&`, `*`, two spaces before a newline, …). `FastInlineProcessor` asks first whether the text holds
one of the strings every match of the pattern must start with, and skips the pattern when it does
not. That is exactly what the stock pass would have done: with no match, `__applyPattern` returns
the text unchanged, and no pattern's `handleMatch` ever runs. So the output is the same by
construction, as long as the trigger strings are right. They are derived from each pattern's
compiled regex (`match_prefixes`), never written by hand; a pattern whose regex can start with
something open-ended (a class like `\\w`, a repeat that may be empty, a back-reference, a flag
such as IGNORECASE), or whose class is not a plain `InlineProcessor`, is always tried.

The copy of the stock loop (`_InlineProcessor__handleInline`) also walks a plain list of the
patterns instead of indexing the registry (which sorts and looks up by name on every call).
It is used only when the installed Python-Markdown's loop is the one it copies
(`upstream_is_known`, a digest of its source); otherwise Markdown runs as shipped.

This module and markdown.py are the only ones that touch Python-Markdown.
"""
from __future__ import annotations

import hashlib
import inspect
import re
from functools import lru_cache
from typing import Any

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as _InlinePattern
from markdown.inlinepatterns import Pattern as _Pattern
from markdown.treeprocessors import InlineProcessor

try:                                  # Python 3.11+
    import re._constants as _sre       # type: ignore[import-not-found]
    import re._parser as _sre_parse    # type: ignore[import-not-found]
except ImportError:                   # pragma: no cover - Python 3.10
    import sre_constants as _sre      # type: ignore[no-redef]
    import sre_parse as _sre_parse    # type: ignore[no-redef]

# sha256 of the source of InlineProcessor's `__handleInline` (the loop FastInlineProcessor copies) and
# `__applyPattern` (whose no-match answer a skip stands in for), for the releases checked: 3.11.3
KNOWN_LOOPS = frozenset({
    "7bb364a981d1d753117d7f8b210cc3de6fab253eae16d16bd9c597b7f11d50e9",
})

_MAX_PREFIXES = 32          # a character class or alternation wider than this is open-ended enough
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | ({getattr(_sre, "POSSESSIVE_REPEAT")}
                                                 if hasattr(_sre, "POSSESSIVE_REPEAT") else set())
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)


sre_constants = _sre        # re's parser constants (mdfast.py walks parsed patterns too)


def parsed_items(compiled: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """The parsed items of a case-sensitive, non-verbose str pattern, or None: what the analyses here
    and in mdfast.py model (a pattern only the regex module reads, say, is not)."""
    if compiled.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(compiled.pattern, str):
        return None
    try:
        return list(_sre_parse.parse(compiled.pattern, compiled.flags & ~re.UNICODE))
    except Exception:
        return None


def class_chars(items: Any, limit: int) -> set[str] | None:
    """The characters a character class (an IN item's `items`) can match, or None when it is negated,
    names a category or a range wider than `limit`, or holds more than `limit` characters."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is _sre.LITERAL:
            chars.add(chr(value))
        elif kind is _sre.RANGE and value[1] - value[0] < limit:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:                  # NEGATE, CATEGORY, a wide range
            return None
    return chars if chars and len(chars) <= limit else None


def match_prefixes(compiled: re.Pattern[str]) -> frozenset[str] | None:
    """Non-empty strings one of which every match of `compiled` starts with, or None when the regex
    can start with something this cannot name (then a search must always be tried).

    A text that holds none of them cannot contain a match. Sound, not tight: wherever the analysis
    meets a construct it does not model, it stops and keeps the prefixes found so far."""
    parsed = parsed_items(compiled)
    if parsed is None:
        return None
    prefixes, _ = _sequence_prefixes(parsed)
    if prefixes is None or "" in prefixes:
        return None
    return frozenset(prefixes)


def _sequence_prefixes(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(prefixes, complete) for a sequence of parsed items: every match of the sequence starts with
    one of the prefixes; `complete` when each prefix is a whole match (so what follows may extend it)."""
    current = {""}
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue              # look-arounds and anchors consume nothing: ignoring them only widens the set
        found, complete = _item_prefixes(op, arg)
        if found is None:
            return current, False
        current = {a + b for a in current for b in found}
        if len(current) > _MAX_PREFIXES:
            return None, False
        if not complete:
            return current, False
    return current, True


def _item_prefixes(op: Any, arg: Any) -> tuple[set[str] | None, bool]:
    if op is _sre.LITERAL:
        return {chr(arg)}, True
    if op is _sre.IN:
        chars = class_chars(arg, _MAX_PREFIXES)
        return (chars, True) if chars is not None else (None, False)
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        if add_flags & (re.IGNORECASE | re.VERBOSE) or del_flags:
            return None, False
        return _sequence_prefixes(list(body))
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence_prefixes(list(arg))
    if op is _sre.BRANCH:
        union: set[str] = set()
        all_complete = True
        for alternative in arg[1]:
            found, complete = _sequence_prefixes(list(alternative))
            if found is None or "" in found:
                return None, False
            union |= found
            all_complete = all_complete and complete
        return (union, all_complete) if len(union) <= _MAX_PREFIXES else (None, False)
    if op in _REPEATS:
        low, _high, body = arg
        if low < 1:
            return None, False     # may match nothing: what follows could come first
        found, _ = _sequence_prefixes(list(body))
        if found is None or "" in found:
            return None, False
        return found, False        # the first repetition's start; the rest is not modelled
    return None, False             # ANY, CATEGORY, GROUPREF, …: open-ended


def pattern_triggers(pattern: object) -> frozenset[str] | None:
    """The trigger strings of a registered inline pattern, or None: always try it. Only patterns
    the stock pass searches with `finditer` over their own `compiled_re` qualify."""
    if not isinstance(pattern, _InlinePattern):
        return None
    if type(pattern).getCompiledRegExp is not _Pattern.getCompiledRegExp:
        return None
    compiled = getattr(pattern, "compiled_re", None)
    if not isinstance(compiled, re.Pattern):
        return None
    return match_prefixes(compiled)


@lru_cache(maxsize=1)
def upstream_is_known() -> bool:
    """Whether the installed Python-Markdown's inline loop is the one FastInlineProcessor copies."""
    return upstream_digest() in KNOWN_LOOPS


def upstream_digest() -> str:
    """The digest KNOWN_LOOPS holds for a checked release ("" when the source cannot be read)."""
    try:
        source = (inspect.getsource(InlineProcessor._InlineProcessor__handleInline)       # type: ignore[attr-defined]
                  + inspect.getsource(InlineProcessor._InlineProcessor__applyPattern))    # type: ignore[attr-defined]
    except (AttributeError, OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()


class FastInlineProcessor(InlineProcessor):
    """The stock inline pass, skipping patterns whose trigger strings the text lacks."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        patterns = list(self.inlinePatterns)           # sorted by priority, as indexing the registry gives them
        if patterns != getattr(self, "_patterns", None):
            self._patterns = patterns
            self._triggers = [pattern_triggers(p) for p in patterns]
            self._needles = frozenset().union(*(t for t in self._triggers if t is not None))
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The stock `__handleInline`, with a pattern all of whose triggers are absent skipped as
        its failed search would leave it: the text unchanged, the next pattern tried from the start."""
        if not isinstance(data, util.AtomicString):
            patterns, triggers, needles = self._patterns, self._triggers, self._needles
            apply = self._InlineProcessor__applyPattern       # type: ignore[attr-defined]
            absent = {needle for needle in needles if needle not in data}
            startIndex = 0
            count = len(patterns)
            while patternIndex < count:
                wanted = triggers[patternIndex]
                if wanted is not None and wanted <= absent:
                    patternIndex += 1
                    startIndex = 0
                    continue
                data, matched, startIndex = apply(patterns[patternIndex], data, patternIndex, startIndex)
                if matched:
                    absent = {needle for needle in needles if needle not in data}   # the text changed
                else:
                    patternIndex += 1
        return data


class FastInlineExtension(Extension):
    """Puts FastInlineProcessor in the stock one's place ('inline', priority 20). Add it last, after
    every extension that registers inline patterns' hosts; it changes no pattern."""

    def extendMarkdown(self, md: Any) -> None:
        if upstream_is_known() and "inline" in md.treeprocessors \
                and type(md.treeprocessors["inline"]) is InlineProcessor:
            md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
