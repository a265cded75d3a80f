"""The exception tree and diagnostics.

Every problem the build finds about the user's files becomes a `Diagnostic`:
`path:line: field: what is wrong — how to fix it`. Phases pool diagnostics and
raise one `BuildError` holding all of them, so a user sees every problem in a
single run.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str          # path as the user knows it, relative to the site root
    line: int          # 1-based; 0 when the problem is not tied to a line
    field: str         # front-matter key, config key, template name; "" if none
    message: str       # what is wrong
    hint: str = ""     # how to fix it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class TrackpressError(Exception):
    """Base of every error the command line reports without a traceback."""


class BuildError(TrackpressError):
    """One or more problems with the user's files; nothing was written."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Reporter:
    """Where a build's warnings go (after Lektor's reporter).

    Phases that find something worth saying but not worth failing the build
    for take a reporter and call `warn`; the command line prints what it
    collected, and tests read `warnings`. Real state, so a class.
    """

    def __init__(self) -> None:
        self.warnings: list[Diagnostic] = []

    def warn(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.warnings:
            self.warnings.append(diagnostic)

    def sorted(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self.warnings, key=lambda d: (d.path, d.line, d.field, d.message)))


def raise_if_any(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    """Raise one `BuildError` holding every problem, each once, sorted by file and line."""
    if diagnostics:
        raise BuildError(sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.field, d.message)))
