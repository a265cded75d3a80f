"""The cost of issue 12's discovery features on a bench/corpus.py blog: the Pagefind
index (time of the indexing step inside a real build, size of output/pagefind/),
related posts (time and candidate scorings) and the sitemap (time to render).

    python bench/corpus.py --posts 1000 --out /tmp/corpus-1k
    python bench/discovery.py /tmp/corpus-1k/trackpress

Each step is timed by wrapping the function the build calls, so the figure is the
step's own cost within a whole build (a warm body cache is used when there is one).
"""
from __future__ import annotations

import argparse
import functools
import json
import time
from pathlib import Path

from generator import pipeline as build_module
from generator import render as render_module
from generator.build import BuildOptions, build_site

timings: dict[str, list[float]] = {}


def timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings.setdefault(name, []).append(time.perf_counter() - started)
    return wrapper


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    build_module.index_site = timed("pagefind index", build_module.index_site)
    render_module.related_posts = timed("related posts", render_module.related_posts)
    render_module.render_sitemap = timed("sitemap render", render_module.render_sitemap)
    results = {}
    summary = build_site(BuildOptions(root=args.site, jobs=args.jobs))
    results["build seconds (whole)"] = round(summary.seconds, 2)
    results["posts"] = summary.posts
    for name, values in timings.items():
        results[f"{name} seconds"] = round(sum(values), 3)
    count, size = folder_size(summary.output / "pagefind")
    results["pagefind files"] = count
    results["pagefind bytes"] = size
    fragments = folder_size(summary.output / "pagefind" / "fragment")
    indexes = folder_size(summary.output / "pagefind" / "index")
    results["pagefind fragment bytes"] = fragments[1]
    results["pagefind index-chunk bytes"] = indexes[1]
    results["sitemap bytes"] = (summary.output / "sitemap.xml").stat().st_size
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
