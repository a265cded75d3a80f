"""A progress bar for long builds, on the terminal only.

Shown when the command line says so (standard error is a terminal and CI is
not set) and a phase has enough work to be worth watching; silent otherwise,
so logs, pipes and CI get only the summary line. tqdm draws it (widths, rates,
redraws); this module only decides when, and names the phases.
"""
from __future__ import annotations

import sys
from typing import Callable, TextIO

MIN_ITEMS = 200                 # fewer than this is over before a bar would help


class Progress:
    """`phase(name, total)` → a function to call with the number of items done since the last call."""

    def __init__(self, enabled: bool = False, stream: TextIO | None = None):
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self._bar = None

    def phase(self, name: str, total: int, unit: str = "files") -> Callable[[int], None]:
        self.close()
        if not self.enabled or total < MIN_ITEMS:
            return _nothing
        from tqdm import tqdm             # imported only when a bar is drawn

        self._bar = tqdm(total=total, desc=name, unit=f" {unit}",
                         file=self.stream, leave=False, dynamic_ncols=True, mininterval=0.2)
        return self._bar.update

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _nothing(_done: int = 1) -> None:
    pass


def wanted(stream: TextIO, environ: dict) -> bool:
    """Whether a bar belongs on `stream`: a terminal, and not CI (which sets CI=true), and not TERM=dumb."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return terminal and not environ.get("CI") and environ.get("TERM") != "dumb"
