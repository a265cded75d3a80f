"""Per-body render cost: CPU milliseconds `markdown.render_body` spends on one benchmark post.

    python bench/bodies.py                       # 300 posts, median of 3 passes
    python bench/bodies.py --posts 1000 --passes 5
    python bench/bodies.py --profile             # and cProfile one pass: top functions, and a per-pass table
    python bench/bodies.py --site /tmp/corpus/trackpress    # an existing site instead of a fresh corpus
    python bench/bodies.py --steps               # and each step's CPU per body, unprofiled (median of the passes)

The corpus is corpus.py's (seeded, so the same posts every run), written to a temporary folder and
read the way the build reads it (config → sources → entries). One converter serves every body,
as one worker's batch does in the build. The time is process CPU time (`time.process_time`), so
other load on a shared machine moves it less than wall time; it is still only a guide there.

The per-pass table (with --profile) is each of render_body's steps' cumulative time from the
profile, as a share of render_body's own: Python-Markdown's `convert` is the floor this module
cannot go below without another Markdown library.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))     # the checkout this file is in, first

from bench.corpus import make_posts, write_trackpress       # noqa: E402
from generator import markdown as _markdown                 # noqa: E402
from generator.config import load_config                    # noqa: E402
from generator.content import read_entries                  # noqa: E402
from generator.sources import read_sources                  # noqa: E402

# render_body's steps, as the profile names them (file suffix, function name): what the per-pass table shows
STEPS = [
    ("Markdown convert (floor)", "markdown/core.py", "convert"),
    ("shortcodes: extract_early", "generator/shortcodes.py", "extract_early"),
    ("shortcodes: protect", "generator/shortcodes.py", "protect"),
    ("shortcodes: unprotect", "generator/shortcodes.py", "unprotect"),
    ("shortcodes: render_shortcodes", "generator/shortcodes.py", "render_shortcodes"),
    ("shortcodes: strip_shortcodes", "generator/shortcodes.py", "strip_shortcodes"),
    ("shortcodes: restore/remove_tokens", "generator/shortcodes.py", "restore"),
    ("shortcodes: remove_tokens", "generator/shortcodes.py", "remove_tokens"),
    ("shortcodes: new_context", "generator/shortcodes.py", "new_context"),
    ("lone URLs → players", "generator/markdown.py", "lone_urls_to_players"),
    ("dynamic blocks", "generator/blocks.py", "collapse_dynamic_blocks"),
    ("typography: texturize", "generator/typography.py", "texturize"),
    ("typography: clean_xml_chars", "generator/typography.py", "clean_xml_chars"),
    ("feed excerpt (typography.excerpt)", "generator/typography.py", "excerpt"),
    ("card summary (excerpts.summary)", "generator/excerpts.py", "summary"),
    ("reading time (excerpts.reading_minutes)", "generator/excerpts.py", "reading_minutes"),
    ("card summary + reading time, one parse", "generator/excerpts.py", "summary_and_minutes"),
    ("embeds: expand_embeds", "generator/embeds.py", "expand_embeds"),
    ("players: expand_media_blocks", "generator/players.py", "expand_media_blocks"),
]


def load_entries(site: Path) -> tuple:
    """The site's entries, read as the build reads them."""
    config = load_config(site)
    sources, unreadable = read_sources(site)
    entries, problems = read_entries(sources, config)
    if unreadable or problems:
        raise SystemExit(f"{site}: {len(unreadable) + len(problems)} unreadable or bad entries")
    return config, entries


def one_pass(entries: tuple, excerpt_words: int) -> float:
    """CPU seconds to render every body once, with one converter (a worker's batch)."""
    md = _markdown.new_converter()
    started = time.process_time()
    for entry in entries:
        _markdown.render_body(entry, excerpt_words, md)
    return time.process_time() - started


def floor_pass(entries: tuple, stock: bool = False) -> float:
    """CPU seconds Python-Markdown alone takes on the same bodies (reset + convert, our extensions):
    the floor render_body cannot go below. `stock`: Python-Markdown as shipped, without our inline
    pass (triggers.py), for comparison."""
    md = _markdown.stock_converter() if stock else _markdown.new_converter()
    started = time.process_time()
    for entry in entries:
        md.reset()
        md.convert(entry.body)
    return time.process_time() - started


def profile_pass(entries: tuple, excerpt_words: int, top: int) -> None:
    md = _markdown.new_converter()
    profiler = cProfile.Profile()
    profiler.enable()
    for entry in entries:
        _markdown.render_body(entry, excerpt_words, md)
    profiler.disable()
    stats = pstats.Stats(profiler)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(f"\n--- top {top} by {order} ---")
        print(out.getvalue().split("\n\n", 2)[-1].rstrip())
    _step_table(stats, len(entries))


def _step_table(stats: pstats.Stats, count: int) -> None:
    """Each step's cumulative time per body (profiled, so slower than unprofiled)."""
    cumulative = {}
    for (filename, _, name), (_, _, _, cum, _) in stats.stats.items():     # type: ignore[attr-defined]
        for label, suffix, function in STEPS + [("render_body (all)", "generator/markdown.py", "render_body")]:
            if filename.endswith(suffix) and name == function:
                cumulative[label] = cumulative.get(label, 0.0) + cum
    total = cumulative.get("render_body (all)", 0.0)
    print(f"\n--- per pass (profiled ms per body; nested calls are counted in each caller too) ---")
    for label, _, _ in STEPS + [("render_body (all)", "", "")]:
        if label in cumulative:
            ms = cumulative[label] * 1000 / count
            print(f"{label:42} {ms:7.2f} ms  {100 * cumulative[label] / total if total else 0:5.1f}%")


# render_body's callees, by their names in generator.markdown: --steps wraps each in a CPU timer
TIMED = ["new_context", "extract_early", "lone_urls_to_players", "collapse_dynamic_blocks", "protect", "texturize",
         "clean_xml_chars", "unprotect", "remove_tokens", "strip_shortcodes", "auto_excerpt", "summary_and_minutes",
         "reading_minutes", "render_shortcodes", "restore", "expand_embeds", "expand_media_blocks"]


def steps_pass(entries: tuple, excerpt_words: int) -> dict[str, float]:
    """CPU seconds in each of render_body's steps over one pass (each callee wrapped, no profiler), with
    Python-Markdown's convert, render_body in all, and the workers' link scan (links.LinkTargets) of the bodies."""
    from unittest.mock import patch
    from generator import links
    spent: dict[str, float] = {}

    def timed(name: str, function):
        def call(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
        return call

    md = _markdown.new_converter()
    md.convert = timed("Markdown convert", md.convert)
    patches = [patch.object(_markdown, name, timed(name, getattr(_markdown, name))) for name in TIMED]
    for active in patches:
        active.start()
    try:
        started = time.process_time()
        bodies = [_markdown.render_body(entry, excerpt_words, md) for entry in entries]
        spent["render_body (all)"] = time.process_time() - started
    finally:
        for active in patches:
            active.stop()
    targets = links.LinkTargets()
    started = time.process_time()
    for entry, body in zip(entries, bodies):
        targets(entry, body)
    spent["links.LinkTargets"] = time.process_time() - started
    return spent


def _print_steps(runs: list[dict[str, float]], count: int) -> None:
    print(f"\n--- steps (unprofiled CPU ms per body, median of {len(runs)} passes; the wrappers add a little) ---")
    for name in sorted(runs[0], key=lambda n: -statistics.median(r.get(n, 0.0) for r in runs)):
        print(f"{name:30} {1000 * statistics.median(r.get(name, 0.0) for r in runs) / count:7.3f} ms")
    rest = [(r["render_body (all)"] - r.get("Markdown convert", 0.0) + r["links.LinkTargets"]) for r in runs]
    print(f"{'all but convert, + link scan':30} {1000 * statistics.median(rest) / count:7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description="Time markdown.render_body on the benchmark corpus.")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--site", type=Path, default=None, help="an existing Trackpress site instead of the corpus")
    parser.add_argument("--profile", action="store_true", help="cProfile one more pass and print the top functions")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--steps", action="store_true", help="time each of render_body's steps (unprofiled)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trackpress-bodies-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            write_trackpress(site, make_posts(args.posts, args.seed))
        config, entries = load_entries(site)
    one_pass(entries[:20], config.excerpt_words)                 # warm-up: imports, regex and lexer caches
    times = [one_pass(entries, config.excerpt_words) for _ in range(args.passes)]
    floors = [floor_pass(entries) for _ in range(args.passes)]
    stock = [floor_pass(entries, stock=True) for _ in range(args.passes)]
    for label, runs in (("render_body", times), ("Markdown convert alone", floors),
                        ("stock Python-Markdown convert", stock)):
        per_body = [1000 * t / len(entries) for t in runs]
        print(f"{label}: {len(entries)} bodies, {args.passes} passes: median {statistics.median(per_body):.2f} ms CPU "
              f"per body (passes: {', '.join(f'{ms:.2f}' for ms in per_body)})")
    if args.steps:
        _print_steps([steps_pass(entries, config.excerpt_words) for _ in range(args.passes)], len(entries))
    if args.profile:
        profile_pass(entries, config.excerpt_words, args.top)


if __name__ == "__main__":
    main()
