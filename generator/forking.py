"""Forking worker pools without copying the parent: what the parent does just before it forks.

Forked workers share the parent's memory until either side writes to a page. CPython writes to an
object whenever it counts a reference to it, and a garbage collection writes to the header of every
object it visits: one collection in a worker would copy nearly every page it inherited. So the
parent's objects are frozen out of the collector while the workers run (`gc.freeze`, as Python's
documentation advises for fork), and the free memory of the parent's heap is handed back to the
system first (glibc's `malloc_trim`: the read phase frees ~100 MB at 10,000 posts that would
otherwise stay mapped, and be counted, in the parent and in every worker that writes there).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def shared_with_workers() -> Iterator[None]:
    """Fork the pool inside this block: collected, trimmed and frozen before, unfrozen after."""
    gc.collect()
    _trim()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _trim() -> None:
    """Return free heap memory to the system (glibc only; elsewhere nothing to do)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
