"""The shelf: rendered bodies wait in a temporary file, not in memory, until a page asks for one.

At 10,000 posts the bodies are ~100 MB of strings. Held by the build process, they were inherited
by every forked page worker, whose reads (a reference counted is a page written) copied the pages
that held them, so the build held them up to three times over. On the shelf each body is its
fields' UTF-8 bytes in one unnamed temporary file (deleted by the system when the last process
holding it closes it: a build that dies leaves nothing behind), and the build keeps seven numbers
a body. Reading one back is one `os.pread` (~10 µs for a 10 KB body): positional, so forked
workers read the file they inherited without sharing a file offset. Only the process that made
the shelf writes to it; a worker's `put` is refused (`False`) and the caller keeps the body itself.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import Body

_TEXTS = ("html", "page_html", "excerpt", "toc", "summary")     # Body's strings, in the order they are stored
_SAME = -1                                                       # page_html's length when it is html itself


class Shelf:
    """An append-only file of bodies (real state: the file and where it ends, so a class)."""

    def __init__(self, folder: Path | None = None):
        self._folder = folder
        self._file = None
        self._end = 0
        self._owner = os.getpid()

    def put(self, body: Body) -> tuple[int, ...] | None:
        """Store `body`; returns where it went (the key `get` takes), or None in any process but the one
        that made the shelf, or when the file cannot be written (the caller keeps the body in memory)."""
        if os.getpid() != self._owner:
            return None
        parts = [getattr(body, name).encode("utf-8", "surrogatepass") for name in _TEXTS]
        lengths = [len(part) for part in parts]
        if body.page_html is body.html or body.page_html == body.html:
            parts[1], lengths[1] = b"", _SAME
        data = b"".join(parts)
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(dir=self._folder if self._folder and self._folder.is_dir() else None)
            written = os.pwrite(self._file.fileno(), data, self._end)
        except OSError:
            return None
        if written != len(data):
            return None
        where = (self._end, *lengths, body.reading_minutes)
        self._end += len(data)
        return where

    def get(self, where: tuple[int, ...]) -> Body | None:
        """The body stored at `where`, or None if the file cannot be read back whole."""
        start, *lengths, minutes = where
        size = sum(n for n in lengths if n != _SAME)
        try:
            data = os.pread(self._file.fileno(), size, start)
        except (OSError, AttributeError):
            return None
        if len(data) != size:
            return None
        texts: list[str] = []
        at = 0
        for n in lengths:
            if n == _SAME:
                texts.append(texts[0])                         # one string, as render_body made it
                continue
            texts.append(data[at:at + n].decode("utf-8", "surrogatepass"))
            at += n
        return Body(**dict(zip(_TEXTS, texts)), reading_minutes=minutes)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
