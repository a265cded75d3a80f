"""One-line edits rebuilt in one process, timed phase by phase (issue 11's in-process figure).

    python bench/phases.py SITE [--runs 3] [--cold-process]

SITE is a built site (e.g. a corpus from `python bench/corpus.py`). The script builds it once
into a private folder (as `trackpress serve` does, with one `warm.Warm` across builds), then
appends a sentence to the middle post and rebuilds, `--runs` times, printing each rebuild's wall
time and the time of each phase `build.py` calls (the functions are wrapped where build.py
looks them up). With `--cold-process` no `Warm` is passed: each rebuild reads back from disk what
the last one made, as a command-line build does. Nothing is timed in the test suite.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import generator.build as build_module
import generator.pipeline as pipeline_module
from generator.errors import Reporter
from generator.warm import Warm

PHASES = ("fingerprints", "load_ledger", "_read", "assemble_site", "read_images", "plan_site", "cached_bodies",
          "related_posts", "check_links", "page_keys", "scan_output", "produce", "index_site", "publish",
          "store_bodies", "prune_bodies", "_remember")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-process", action="store_true", help="no Warm: read back from disk every time")
    args = parser.parse_args()
    spent: dict[str, float] = defaultdict(float)
    for name in PHASES:
        for module in (build_module, pipeline_module):      # wherever build.py and pipeline.py look it up
            if not hasattr(module, name):
                continue
            real = getattr(module, name)

            def timed(*a, _real=real, _name=name, **k):
                started = time.perf_counter()
                try:
                    return _real(*a, **k)
                finally:
                    spent[_name] += time.perf_counter() - started
            setattr(module, name, timed)

    private = Path(tempfile.mkdtemp(prefix="trackpress-phases-"))
    warm = None if args.cold_process else Warm(private_output=True)
    options = build_module.BuildOptions(root=args.site.resolve(), output=private / "site", preview=True)
    posts = sorted((args.site / "content/posts").rglob("*.md"))
    target = posts[len(posts) // 2]
    original = target.read_bytes()
    try:
        started = time.perf_counter()
        build_module.build_site(options, Reporter(), warm)
        print(f"first build: {time.perf_counter() - started:.2f} s")
        for run in range(args.runs):
            with target.open("a", encoding="utf-8") as file:
                file.write(f"\n\nA sentence for rebuild {run}, at {time.time()}.\n")
            spent.clear()
            started = time.perf_counter()
            summary = build_module.build_site(options, Reporter(), warm)
            total = time.perf_counter() - started
            phases = "  ".join(f"{k}={v:.3f}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1]) if v >= 0.005)
            print(f"rebuild {run + 1}: {total:.3f} s ({summary.produced} produced, {summary.reused} reused)  {phases}")
    finally:
        target.write_bytes(original)
        shutil.rmtree(private, ignore_errors=True)


if __name__ == "__main__":
    main()
