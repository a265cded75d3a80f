"""The build, as a recipe: read → model → plan → produce → write (pipeline.py).

This module is the way in. It first asks whether there is anything to build at all: when no input
changed since the last build (the ledger's fingerprint of every input, ledger.py) and the output
folder is as that build left it, the last build's summary is the answer and nothing is imported,
read or written. Only a build with work to do imports the pipeline (Markdown, Jinja, Pygments, YAML…).
"""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from .buildenv import BUNDLED_THEMES, CACHE_DIR, environment
from .buildinfo import BuildOptions, BuildSummary
from .errors import Reporter
from .ledger import Ledger, fingerprint, fingerprints, load_ledger, scan_output, untouched
from .progress import Progress
from .spool import Spool
from .version import VERSION
from .warm import Warm
from .writer import leftovers

__all__ = ["BuildOptions", "BuildSummary", "build_site"]


def build_site(options: BuildOptions, reporter: Reporter | None = None, warm: Warm | None = None) -> BuildSummary:
    """read → model → plan → produce → write, each phase a named call; with the cache on, what
    the last build made from the same inputs is kept instead of made again (ledger.py, reuse.py).
    A long-lived process (trackpress serve) passes the same `warm` to every build: the last
    build's results are then kept in memory, with the inputs they came from (warm.py)."""
    reporter = reporter if reporter is not None else Reporter()
    started = time.perf_counter()
    root = options.root.resolve()
    output = (options.output or root / "output").resolve()
    now = options.now or datetime.now(timezone.utc)
    cache_folder = root / CACHE_DIR
    if not options.cache:
        warm = None
    if warm is not None:
        ledger = warm.ledger if warm.ledger is not None and warm.ledger.output == str(output) else None
    else:
        ledger = load_ledger(cache_folder, output) if options.cache else None
    settings = {**environment(VERSION), "drafts": options.drafts, "future": options.future, "preview": options.preview,
                "root": str(root), "output": str(output)}
    skip = (output, cache_folder)
    # trackpress serve's private folder is written by nothing but its builds: it holds what the ledger says
    trusted = warm is not None and warm.private_output and ledger is not None
    walked = None                                   # both fingerprints, from one walk of the inputs
    if ledger is not None and ledger.inputs and not leftovers(output):
        walked = fingerprints(root, [BUNDLED_THEMES], settings, skip, ledger.racy)
        same = _unchanged_since(ledger, walked[0], output, now, trusted)
        if same is not None:
            for warning in ledger.warnings:
                reporter.warn(warning)
            return replace(same, seconds=time.perf_counter() - started, warnings=len(reporter.warnings))
    if not options.cache:
        inputs, racy = "", ()
    elif walked is not None:
        inputs, racy = walked[1], walked[2]
    else:
        inputs, racy = fingerprint(root, [BUNDLED_THEMES], settings, skip)

    bar = Progress(options.progress)
    spool = Spool(output)                           # produced pages wait on disk, not in memory (spool.py)
    try:
        from . import pipeline                      # the whole pipeline: imported only when there is work
        return pipeline.run(options, reporter, bar, started, root, output, now, ledger, inputs, racy, warm, trusted,
                            spool, VERSION)
    finally:
        bar.close()                                 # a failed build leaves no half-drawn bar
        spool.remove()


def _unchanged_since(ledger: Ledger, inputs: str, output: Path, now: datetime,
                     trusted: bool = False) -> BuildSummary | None:
    """The last build's summary, when no input changed since it (`inputs`, the fingerprint taken as
    its ledger's is checked), no post it held back has come due, and the output folder is exactly as
    it left it; else None."""
    if ledger.valid_until and now >= datetime.fromisoformat(ledger.valid_until):
        return None
    if inputs != ledger.inputs or not (trusted or untouched(ledger, scan_output(output))):
        return None
    try:
        fields = {**ledger.summary, "output": output, "seconds": 0.0, "written": 0, "produced": 0,
                  "reused": ledger.summary["files"] - 1, "bodies_rendered": 0,
                  "bodies_reused": ledger.summary["posts"] + ledger.summary["pages"],
                  "nothing_changed": True, "changed": ()}
        return BuildSummary(**fields)
    except (KeyError, TypeError):
        return None
