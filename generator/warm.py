"""What a long-lived process keeps from one build for the next (`trackpress serve`).

A command-line build starts cold and finds last time's work on disk: the
ledger, the parse cache, the body cache (ledger.py, parsecache.py, cache.py).
The dev server builds again on every save, in the same process, so it can
keep those results in memory instead of reading them back: the entries
already parsed, the loaded theme with its compiled templates, the related
posts, the plan, the ledger itself. Each result is kept with the inputs it
was made from (`recall`/`keep`), and used again only when this build's
inputs are equal; a memory of the last build, never a source of truth.

The ledger kept here stands for the file on disk: a build that starts drops
it (as a build that dies while publishing must leave no ledger), and only a
build that succeeded puts its own back. The serve folder is private to the
server, so this ledger is the only one it needs: nothing is written to the
cache folder for it.
"""
from __future__ import annotations

from typing import Any, Hashable


class Warm:
    """The last build's results with their inputs (real state: a class; one per dev server)."""

    def __init__(self, private_output: bool = False) -> None:
        # True: the output folder is this process's own (trackpress serve's private folder), written by
        # nothing but its builds, so it holds exactly what the ledger says and is not scanned again
        self.private_output = private_output
        self.ledger: Any = None                   # ledger.Ledger of the last successful build, or None
        self.sources: dict[Hashable, Any] = {}    # sources: (path, kind) → (file times, settled, SourceFile)
        self.parsed: dict[Hashable, Any] = {}     # parsecache: (settings, path, kind, text) → parsed entry
        self.bodies: dict[Hashable, Any] = {}     # cache: what a body key is made of → (key, cache file)
        self.archives: dict[Hashable, Any] = {}   # assemble: the posts' outlines → terms and date archives
        self.search: dict[str, Any] = {}          # search: language → the last Pagefind index's files
        self._results: dict[str, tuple[Hashable, Any]] = {}
        self.hits: dict[str, int] = {}            # step → times its result was used again (for tests)

    def recall(self, step: str, inputs: Hashable) -> Any:
        """The result `step` gave for these very inputs last time, or None."""
        kept = self._results.get(step)
        if kept is None or kept[0] != inputs:
            return None
        self.hits[step] = self.hits.get(step, 0) + 1
        return kept[1]

    def keep(self, step: str, inputs: Hashable, result: Any) -> None:
        """Remember `result` as what `step` gives for `inputs` (replacing the last one)."""
        self._results[step] = (inputs, result)

    def forget(self) -> None:
        """Drop everything (the next build is cold, but for the caches on disk)."""
        self.__init__(self.private_output)
