"""`trackpress serve`: the site on 127.0.0.1, rebuilt as you save, reloaded in the browser.

The HTTP side is the standard library's threading server. Each request is
answered from whatever build folder is current at that moment (`hosting`
decides what a static host would send), HTML gets the live-reload script
(`livereload`), and `/__trackpress/events` streams each page what the latest
build means for it. A builder thread runs one build at a time when the
watcher (`watch`) reports a burst of changes; `live.LiveSite` holds what the
two sides share. Nothing is written outside a private temporary folder
(and the build's usual body cache in ROOT/.trackpress-cache/), which is
removed when the server stops.
"""
from __future__ import annotations

import errno
import json
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs, urlsplit

from .build import BuildOptions
from .config import load_config
from .errors import BuildError, Diagnostic, TrackpressError
from .hosting import Answer, HostRules, answer, read_rules
from .live import LiveSite, Outcome
from .livereload import CLIENT, EVENTS, PREFIX, SCRIPT, error_page, inject, message
from .urls import base_path
from .watch import Watcher

PORT_TRIES = 20                 # a busy port: try this many after it
SWAP_WAIT_SECONDS = 2.0         # a request during the build's folder swap waits this long for the new folder
PING_SECONDS = 15.0


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    port: int = 8000
    bind: str = "127.0.0.1"
    drafts: bool = False
    future: bool = False


class DevServer:
    """The build folder, the builder thread, the watcher and the HTTP server, started and
    stopped together (real state: a class). `start()` builds once and listens; `stop()`
    undoes everything, private folder included."""

    def __init__(self, options: ServeOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
                 watch: bool = True) -> None:
        self.options = options
        self.root = options.root.resolve()
        self.out, self.err = out, err
        self._watch = watch
        self._private = Path(tempfile.mkdtemp(prefix="trackpress-serve-"))
        self.live = LiveSite(BuildOptions(root=self.root, output=self._private / "site",
                                          drafts=options.drafts, future=options.future, preview=True))
        self._pending = threading.Condition()
        self._dirty = False
        self._stopping = False
        self._warned: set[Diagnostic] = set()
        self._builder = threading.Thread(target=self._build_loop, name="trackpress-build", daemon=True)
        self._watcher: Watcher | None = None
        self._http: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self.url = ""
        self.port = 0
        self._base = ""
        self._rules_cache: tuple[int, HostRules, str] | None = None
        self.outcomes: list[Outcome] = []    # every build so far (tests and the benchmark read it)

    # --- starting and stopping ----------------------------------------------------------------

    def start(self) -> str:
        """Listen, build once, start watching; the URL to open."""
        if not (self.root / "site.toml").is_file():
            self._cleanup()
            raise BuildError([Diagnostic("site.toml", 0, "", f"no site.toml in {self.root}",
                                         "run the command in the site folder, pass --root DIR, or start a site "
                                         "with `trackpress init DIR`")])
        try:
            self._http = _listen(self.options, self)
        except BaseException:
            self._cleanup()
            raise
        host, port = self._http.server_address[:2]
        self.port = port
        shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
        self.url = f"http://{shown}:{port}{self.base}/"
        self._report(self.live.rebuild())
        if self._watch:
            self._watcher = Watcher(self.root, self.poke)
            self._watcher.start()
        self._builder.start()
        self._http_thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.2},
                                             name="trackpress-http", daemon=True)
        self._http_thread.start()
        return self.url

    def stop(self) -> None:
        """Stop watching, finish the running build, close every connection, remove the private folder."""
        if self._watcher is not None:
            self._watcher.stop()
        with self._pending:
            self._stopping = True
            self._pending.notify_all()
        if self._builder.is_alive():
            self._builder.join()
        self.live.close()                 # event streams end
        if self._http_thread is not None:     # shutdown() waits for serve_forever: only once it runs
            self._http.shutdown()
            self._http_thread.join(timeout=5)
        if self._http is not None:
            self._http.server_close()
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self._private, ignore_errors=True)

    # --- building ------------------------------------------------------------------------------

    def poke(self, changed: frozenset[str] = frozenset()) -> None:
        """Something changed: build again (once, however many pokes arrive during a build)."""
        with self._pending:
            self._dirty = True
            self._pending.notify_all()

    def _build_loop(self) -> None:
        while True:
            with self._pending:
                self._pending.wait_for(lambda: self._dirty or self._stopping)
                if self._stopping:
                    return
                self._dirty = False
            self._report(self.live.rebuild())

    def _report(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        for warning in outcome.warnings:
            if warning not in self._warned:
                print(f"warning: {warning}", file=self.err, flush=True)
        self._warned = set(outcome.warnings)
        if outcome.problems:
            for problem in outcome.problems:
                print(f"error: {problem}", file=self.err, flush=True)
            count = len(outcome.problems)
            still = "still serving the last good site" if self.live.built else "nothing to serve until it builds"
            print(f"{count} problem{'s' if count != 1 else ''} found; {still} (the open pages show them).",
                  file=self.err, flush=True)
            return
        files = len(outcome.changed)
        what = outcome.summary.line() if outcome.summary and len(self.outcomes) == 1 else \
            f"Rebuilt in {outcome.seconds:.2f}s: {files} file{'s' if files != 1 else ''} changed"
        print(what, file=self.out, flush=True)

    # --- what requests read ----------------------------------------------------------------------

    @property
    def base(self) -> str:
        try:
            return base_path(load_config(self.root).base_url)
        except TrackpressError:
            return self._base          # site.toml is broken right now: keep the last good one

    def rules(self) -> tuple[int, HostRules, str]:
        """The current generation with its redirect and header rules (read once per generation)."""
        generation = self.live.generation
        cached = self._rules_cache
        if cached is None or cached[0] != generation:
            self._base = self.base
            cached = (generation, read_rules(self.live.folder, self._base), self._base)
            self._rules_cache = cached
        return cached


def serve_site(options: ServeOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """The command: start, say where, run until Ctrl-C, stop cleanly (exit code 0)."""
    server = DevServer(options, out, err)
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() else None
    try:
        url = server.start()
        if options.bind not in ("127.0.0.1", "localhost", "::1"):
            print(f"warning: listening on {options.bind}: anyone who can reach this machine can read the site "
                  "(drafts included with --drafts)", file=err, flush=True)
        print(f"Serving {server.root} at {url} (watching content/, themes/, static/, site.toml; Ctrl-C stops)",
              file=out, flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nStopping…", file=out, flush=True)
    finally:
        try:
            server.stop()
        except KeyboardInterrupt:          # a second Ctrl-C while the last build finishes
            pass
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("Stopped.", file=out, flush=True)
    return 0


def _interrupt(signum, frame) -> None:
    """SIGTERM (`kill`, a closing terminal's supervisor) stops as cleanly as Ctrl-C."""
    raise KeyboardInterrupt


# --- HTTP ----------------------------------------------------------------------------------------

class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True                 # an open event stream must not keep the process alive
    allow_reuse_address = False           # a port another server holds is busy, even on Linux

    def __init__(self, address, handler, dev: DevServer) -> None:
        self.dev = dev
        super().__init__(address, handler)


def _listen(options: ServeOptions, dev: DevServer) -> _HTTPServer:
    """Bind --port, or the next free one (said aloud); a clear error when none is free."""
    family = socket.AF_INET6 if ":" in options.bind else socket.AF_INET
    server_class = type("_Server", (_HTTPServer,), {"address_family": family})
    tries = 1 if options.port == 0 else PORT_TRIES
    for port in range(options.port, options.port + tries):
        try:
            server = server_class((options.bind, port), _Handler, dev)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and port < 65535:
                continue
            if exc.errno == errno.EACCES:
                raise TrackpressError(f"cannot listen on port {port}: permission denied — "
                                      "ports below 1024 need root; use --port 8000") from None
            raise TrackpressError(f"cannot listen on {options.bind}:{port}: {exc.strerror or exc} — "
                                  "check --bind (an address of this machine, e.g. 127.0.0.1)") from None
        if port != options.port:
            print(f"Port {options.port} is busy; using {port} instead.", file=dev.err, flush=True)
        return server
    raise TrackpressError(f"ports {options.port}–{options.port + tries - 1} are all busy — "
                          "stop the other server or pass a free --port N (0 picks any free port)")


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    def version_string(self) -> str:
        return "Trackpress"

    def log_message(self, format: str, *args) -> None:   # the terminal is for builds, not for every request
        pass

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        target = _request_path(self.path)
        if target is None:
            return self._send(400, b"Bad request\n", "text/plain; charset=utf-8", body)
        raw_path, query = target
        dev = self.server.dev
        generation, rules, base = dev.rules()
        if raw_path == base + SCRIPT:
            return self._send(200, CLIENT.encode("utf-8"), "text/javascript; charset=utf-8", body)
        if raw_path == base + EVENTS and body:
            return self._events(query)
        if raw_path.startswith(base + PREFIX):
            return self._send(404, b"Not found\n", "text/plain; charset=utf-8", body)
        if not dev.live.built:
            page = inject(error_page(dev.live.problems), base, generation, ())
            return self._send(503, page, "text/html; charset=utf-8", body)
        found, data = _read(dev, raw_path, query, rules, base)
        if found.status == 301:
            return self._send(301, b"", "text/plain; charset=utf-8", body, location=found.location)
        if found.file is None:
            return self._send(404, b"Not found\n", "text/plain; charset=utf-8", body)
        if found.content_type.startswith("text/html"):
            data = inject(data, base, generation, (found.relative,) if found.status == 200 else
                          found.candidates + ("404.html",))
        self._send(found.status, data, found.content_type, body)

    def _send(self, status: int, data: bytes, content_type: str, body: bool, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, query: str) -> None:
        """Server-sent events for one page until it goes away or the server stops."""
        params = parse_qs(query)
        files = tuple(params.get("file", []))[:8]
        since = _whole(params.get("since", ["0"])[0])
        since = max(since, _whole(self.headers.get("Last-Event-ID", "")))   # a reconnect says what it saw
        dev = self.server.dev
        live = dev.live
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            seen, was_broken = since, False
            while not live.closing:
                generation, problems = live.generation, live.problems
                text = json.dumps(message(generation, live.changed_since(seen), files, problems, dev.rules()[2],
                                          was_broken))
                was_broken = bool(problems)
                self.wfile.write(f"id: {generation}\nevent: build\ndata: {text}\n\n".encode("utf-8"))
                self.wfile.flush()
                seen = generation
                while not live.wait(generation, problems, PING_SECONDS):
                    if live.closing:
                        return
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def _read(dev: DevServer, raw_path: str, query: str, rules: HostRules, base: str) -> tuple[Answer, bytes]:
    """The answer and the file's bytes, from the folder current now. The build swaps folders by
    two renames; a request that falls between them finds no folder and waits for the new one."""
    deadline = time.monotonic() + SWAP_WAIT_SECONDS
    while True:
        found = answer(dev.live.folder, raw_path, query, rules, base)
        swapping = not dev.live.folder.is_dir()
        if found.file is not None:
            try:
                return found, found.file.read_bytes()
            except OSError:
                swapping = True
        if not swapping or time.monotonic() > deadline:
            return (found, b"") if found.file is None else (Answer(404), b"")
        time.sleep(0.01)


def _request_path(target: str) -> tuple[str, str] | None:
    """(path, query) of a request target: origin form `/a?b`, or absolute form `http://host/a?b`."""
    if not target.startswith("/"):
        if not target.lower().startswith(("http://", "https://")):
            return None
        parts = urlsplit(target)
        return parts.path or "/", parts.query
    path, _, query = target.partition("?")
    return path.partition("#")[0], query.partition("#")[0]


def _whole(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 12 else 0

