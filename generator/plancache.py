"""The last build's plan, kept in the cache folder for the next command-line build (issue 10).

Planning a site is a pure function of what it reads: every entry's outline (all of an entry but its
body), site.toml, the terms, the theme's and the site's static files, the images' sizes and whether
the theme has a subscribe page. Editing one post's text changes none of them, yet planning 10,000
posts costs about a second. So a build keeps its plan in `plan.json`, under a key made of all those
inputs and this code's digest, and the next build whose key is the same reads it back instead of
planning again. `trackpress serve` keeps its plan in memory instead (warm.py).

JSON, not pickle: a cache file is never code. A file that is missing, of another key, or damaged in
any way is simply not used (the site is planned as usual); the file is written whole or not at all,
and only by a build that succeeded.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable

from .model import Plan, PlannedOutput

FILE_NAME = "plan.json"
_VERSION = 2
# PlannedOutput's fields in order, with the type each must have (a tuple of str: its place in the file's table)
_FIELDS = (("kind", str), ("url", str), ("path", str), ("about", str), ("sources", tuple), ("field", str),
           ("template", str), ("entries", tuple), ("subject", str), ("number", int), ("total", int),
           ("copy_from", str))


def plan_key(code: str, planned: Any) -> str:
    """The key of a plan made by this code (`code`: buildenv.code_digest()) from `planned`, the tuple
    of everything plan_site reads (made of str, bool and tuples of them, as pipeline.py builds it)."""
    return hashlib.sha256(repr((code, planned)).encode("utf-8", "surrogatepass")).hexdigest()


def load_plan(folder: Path, key: str) -> Plan | None:
    """The plan stored under `key` in `folder`, or None (no file, another key, damaged)."""
    try:
        raw = json.loads((folder / FILE_NAME).read_bytes().decode("ascii"))
    except (OSError, ValueError):
        return None
    if not (isinstance(raw, dict) and raw.get("version") == _VERSION and raw.get("key") == key
            and isinstance(raw.get("outputs"), list) and isinstance(raw.get("tuples"), list)):
        return None
    tables = []
    for value in raw["tuples"]:
        if not isinstance(value, list) or not all(type(item) is str for item in value):
            return None
        tables.append(tuple(value))                 # shared again by the outputs that name it, as planned
    outputs = []
    for record in raw["outputs"]:
        output = _output(record, tables)
        if output is None:
            return None
        outputs.append(output)
    return Plan(tuple(outputs))


def store_plan(folder: Path, key: str, plan: Plan, write_atomic: Callable[[Path, bytes], None]) -> bool:
    """Write `plan` under `key` (atomically, with the cache's writer); False when it cannot be written.
    An archive's pages share one tuple of sources (every post on it: 10,000 on an author's pages), so the
    tuples are written once each, in a table, and outputs name them by their place in it."""
    tables: list[list[str]] = []
    placed: dict[int, int] = {}                     # id of a tuple of the plan → its place in `tables`

    def place(value: tuple) -> int:
        if id(value) not in placed:
            placed[id(value)] = len(tables)
            tables.append(list(value))
        return placed[id(value)]

    outputs = [[place(getattr(o, name)) if kind is tuple else getattr(o, name) for name, kind in _FIELDS]
               for o in plan.outputs]
    record = {"version": _VERSION, "key": key, "tuples": tables, "outputs": outputs}
    try:
        write_atomic(folder / FILE_NAME, json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        return True
    except OSError:
        return False


def _output(record: Any, tables: list[tuple[str, ...]]) -> PlannedOutput | None:
    if not isinstance(record, list) or len(record) != len(_FIELDS):
        return None
    values = []
    for value, (_, kind) in zip(record, _FIELDS):
        if kind is tuple:
            if type(value) is not int or not 0 <= value < len(tables):
                return None
            value = tables[value]
        elif type(value) is not kind:
            return None
        values.append(value)
    return PlannedOutput(*values)
