"""One Trackpress build of a site, measured by bench/run.py's sampler: peak summed PSS, peak summed RSS
and the largest process, so one memory change can be measured alone (issue 10's memory target).

    python bench/memory.py /tmp/mem-n10000                    # a cold build (output and cache removed)
    python bench/memory.py /tmp/mem-n10000 --scenario template --runs 2
    python bench/memory.py /tmp/mem-n10000 --trackpress-src /work/mem -- --jobs 1
    python bench/memory.py /tmp/mem-n10000 --timeline         # also the tree's PSS over time, 1 s apart
    python bench/memory.py /tmp/mem-n10000 --phases --trace -- --jobs 1   # the build process itself, phase by phase

The site is a corpus folder (bench/corpus.py's write_trackpress: content/, site.toml, themes/); make one with
    python -c "import sys; sys.path.insert(0,'bench'); import corpus; from pathlib import Path; \\
               corpus.write_trackpress(Path('/tmp/mem-n10000'), corpus.make_posts(10000))"
The scenarios are run.py's (cold, edit-one, no-change, template) and are prepared by its own code; arguments
after `--` go to `trackpress build`. Each line printed is one run: wall, CPU, peak PSS, summed RSS, largest.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run  # noqa: E402


def tool_for(root: Path, env: dict[str, str], extra: list[str]) -> run.Tool:
    """run.py's Trackpress tool for a site at `root`, with extra build options."""
    tool = run.make_tools(root.parent, {"hugo": Path("hugo"), "pelican": Path("pelican")}, env)["trackpress"]
    tool.root = root
    tool.command = tool.command + extra
    return tool


def timeline(stop: threading.Event, pid_of, every: float, out: list[tuple[float, int]]) -> None:
    """The tree's summed PSS (KiB) every `every` seconds while the build runs (run.tree_memory)."""
    started = time.perf_counter()
    while not stop.wait(every):
        pid = pid_of()
        if pid:
            out.append((time.perf_counter() - started, run.tree_memory(pid)[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description="Peak memory of one Trackpress build (bench/run.py's sampler).")
    parser.add_argument("site", type=Path, help="a corpus folder (content/, site.toml, themes/)")
    parser.add_argument("--scenario", choices=run.SCENARIOS, default="cold")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--trackpress-src", type=Path, default=None,
                        help="a Trackpress checkout to build with (put first on PYTHONPATH)")
    parser.add_argument("--timeline", action="store_true", help="also print the summed PSS every second")
    parser.add_argument("--phases", action="store_true",
                        help="build in a child that prints its own PSS after each phase of build.py (no sampler)")
    parser.add_argument("--trace", action="store_true", help="with --phases: also tracemalloc's current and peak")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    args.extra = argv[cut + 1:]                 # options for `trackpress build`
    env = dict(os.environ)
    if args.trackpress_src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.trackpress_src.resolve()), env.get("PYTHONPATH")]))
    site = args.site.resolve()
    if args.phases:
        for number in range(args.runs):
            if args.scenario == "cold":
                run.prepare(tool_for(site, env, []), "cold", None, number, {})
            subprocess.run([sys.executable, __file__, "--child", str(site), *(["--trace"] if args.trace else []),
                            "--", *args.extra], env=env, check=True)
        return
    tool = tool_for(site, env, args.extra)
    template = {tool.name: (site / tool.template).read_text(encoding="utf-8")}
    posts = sorted((site / "content" / "posts").rglob("*.md"))
    target = posts[len(posts) // 2]
    tool.post = lambda _post: target            # edit-one: run.prepare appends a sentence to the middle post
    stamp = int(time.time())                    # the template edit differs from any earlier run's
    try:
        for number in range(args.runs):
            run.prepare(tool, args.scenario, None, stamp + number, template)   # a new edit each time
            samples: list[tuple[float, int]] = []
            stop = threading.Event()
            watcher = None
            if args.timeline:
                watcher = threading.Thread(target=timeline, daemon=True,
                                           args=(stop, lambda: _child(os.getpid()), 1.0, samples))
                watcher.start()
            result = run.measure(tool, args.scenario, len(posts), number)
            stop.set()
            if watcher is not None:
                watcher.join()
            print(f"{args.scenario} N={len(posts)} run {number + 1}: {result.wall:.2f} s wall, {result.cpu:.2f} s CPU, "
                  f"peak PSS {result.pss_mib:.0f} MiB, summed RSS {result.tree_mib:.0f} MiB, "
                  f"largest process {result.maxrss_mib:.0f} MiB", flush=True)
            for at, pss in samples:
                print(f"  {at:6.1f} s  {pss / 1024:6.0f} MiB PSS")
    finally:
        if args.scenario == "template":
            (site / tool.template).write_text(template[tool.name], encoding="utf-8")


PHASES = ("_read", "assemble_site", "read_images", "plan_site", "cached_bodies", "check_links", "page_keys", "produce",
          "index_site", "publish", "store_bodies", "prune_bodies")


def phases_child(site: Path, trace: bool, extra: list[str]) -> None:
    """Run `trackpress build` in this process with each phase function of the pipeline wrapped, printing
    this process's PSS (and tracemalloc's figures) as each one ends. Not the sampler's figure: workers are
    not counted, and tracing slows the build several times over."""
    import importlib
    import tracemalloc
    from generator import cli
    try:                                        # the pipeline's phases: in pipeline.py, or (before it) build.py
        build = importlib.import_module("generator.pipeline")
    except ImportError:
        build = importlib.import_module("generator.build")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()

    def wrapped(name, step):
        def call(*a, **k):
            result = step(*a, **k)
            traced = tracemalloc.get_traced_memory() if trace else None
            pss = run._field_kib(f"/proc/{os.getpid()}/smaps_rollup", "Pss:") / 1024
            print(f"{time.perf_counter() - started:7.1f} s  after {name:14} PSS {pss:6.0f} MiB" +
                  (f"  traced {traced[0] / 2**20:6.0f} MiB (peak {traced[1] / 2**20:.0f})" if traced else ""),
                  file=sys.stderr, flush=True)
            if trace:
                tracemalloc.reset_peak()
            return result
        return call

    for name in PHASES:
        if hasattr(build, name):
            setattr(build, name, wrapped(name, getattr(build, name)))
    os.chdir(site)
    sys.argv = ["trackpress", "build", "--root", ".", *extra]
    code = cli.main()
    sys.exit(code)


def _child(pid: int) -> int:
    """The build: this process's one child (run.measure starts it)."""
    kids = [p for p in run._tree(pid) if p != pid]
    return kids[0] if kids else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        phases_child(Path(sys.argv[2]), "--trace" in sys.argv[3:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:])
    else:
        main()
