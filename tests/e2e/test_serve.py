"""`trackpress serve` over real HTTP: a mini-site served in-process on a free port,
asked what a static host is asked (folders, 404, feeds, old WordPress URLs) and
what an attacker asks (`..`, encoded, backslashes, absolute paths, symlinks),
then edited, broken and fixed while it runs."""
from __future__ import annotations

import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.serve import DevServer, ServeOptions
from tests.conftest import REPO, make_site, post

SECRET = "top-secret-outside-the-site"


def _site(root: Path) -> Path:
    return make_site(root, {
        "content/posts/2025/first.md": post("First Beat", "2025-01-02 10:00", "The first words.", id=123,
                                            aliases=["/old/first-beat/"], tags=["synths"]),
        "content/posts/2025/second.md": post("Second Beat", "2025-02-03 10:00", "The second words."),
        "content/pages/about.md": post("About", "2024-01-01", "About me.", id=7),
        "static/css/extra.css": "body { color: black; }\n",
    })


@contextmanager
def running(root: Path, watch: bool = True, **options):
    out, err = io.StringIO(), io.StringIO()
    server = DevServer(ServeOptions(root=root, port=0, **options), out, err, watch=watch)
    server.start()
    try:
        yield server
    finally:
        server.stop()
    server.terminal = out.getvalue() + err.getvalue()


def raw(server: DevServer, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request with the target sent byte for byte as given (no client normalising it)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"{method} {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.fixture
def site(tmp_path):
    root = _site(tmp_path / "site")
    (tmp_path / "secret.txt").write_text(SECRET)
    with running(root) as server:
        yield server


def test_serves_like_a_static_host(site):
    status, headers, body = raw(site, "/2025/01/02/first-beat/")
    assert status == 200 and b"The first words." in body
    assert headers["content-type"].startswith("text/html") and headers["cache-control"] == "no-store"
    assert b'src="/__trackpress/live.js"' in body                     # injected into what is served...
    built = (site.live.folder / "2025/01/02/first-beat/index.html").read_bytes()
    assert b"__trackpress" not in built                                # ...never into the built file
    status, headers, _ = raw(site, "/2025/01/02/first-beat")
    assert status == 301 and headers["location"] == "/2025/01/02/first-beat/"
    status, headers, body = raw(site, "/no/such/page/")
    assert status == 404 and headers["content-type"].startswith("text/html") and b"<html" in body
    status, headers, body = raw(site, "/feed/")
    assert status == 200 and headers["content-type"].startswith("application/rss+xml") and b"<rss" in body
    status, headers, _ = raw(site, "/tag/synths/feed/")
    assert status == 200 and headers["content-type"].startswith("application/rss+xml")
    status, headers, _ = raw(site, "/css/extra.css")
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"
    status, _, body = raw(site, "/feed/", method="HEAD")
    assert status == 200 and body == b""


def test_old_wordpress_urls_are_real_redirects(site):
    for target, location in (("/?p=123", "/2025/01/02/first-beat/"),
                             ("/?page_id=7", "/about/"),
                             ("/?p=7", "/about/"),
                             ("/?tag=synths", "/tag/synths/"),
                             ("/?feed=rss2", "/feed/"),
                             ("/old/first-beat/", "/2025/01/02/first-beat/"),
                             ("/old/first-beat", "/2025/01/02/first-beat/"),
                             ("/feed/atom/", "/feed/"),
                             ("/2025/01/02/first-beat/feed/", "/2025/01/02/first-beat/")):
        status, headers, _ = raw(site, target)
        assert (status, headers.get("location")) == (301, location), target
    status, _, body = raw(site, "/?p=999")                   # an unknown ID: the home page, as WordPress's 404 is not
    assert status == 200 and b"First Beat" in body


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt",
    "//etc/passwd", "/%2fetc/passwd", "/%2Fetc%2Fpasswd", "/\\..\\secret.txt", "/%5c..%5csecret.txt",
    "/..\\secret.txt", "/static/../../secret.txt", "/etc/passwd%00.html", "/%00", "/a%ffb",
    "/%252e%252e/secret.txt", "http://127.0.0.1/../secret.txt", "../secret.txt", "*",
])
def test_never_a_file_outside_the_site(site, target):
    status, headers, body = raw(site, target)
    assert SECRET.encode() not in body and b"root:x:0:0" not in body
    assert status in (301, 400, 404)
    if status == 301:                                           # a redirect only ever stays on the site
        assert headers["location"].startswith("/") and not headers["location"].startswith("//")


def test_a_symlink_out_of_the_site_is_not_followed(site, tmp_path):
    (site.live.folder / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site.live.folder / "inner.txt").symlink_to(site.live.folder / "404.html")
    status, _, body = raw(site, "/leak.txt")
    assert status == 404 and SECRET.encode() not in body
    assert raw(site, "/inner.txt")[0] == 200                    # a link that stays inside is fine


def _events(server: DevServer, since: int, file: str):
    """The event stream a page at `file`, built at generation `since`, would open."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    conn.request("GET", f"/__trackpress/events?since={since}&file={file}")
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("content-type").startswith("text/event-stream")

    def next_message() -> dict:
        while True:
            line = response.fp.readline().decode("utf-8")
            if line.startswith("data: "):
                return json.loads(line[6:])
    return conn, next_message


def test_edit_break_and_fix_while_serving(site):
    root = site.root
    page = "2025/01/02/first-beat/index.html"
    conn, next_message = _events(site, site.live.generation, page)
    try:
        first = next_message()
        assert first["reload"] is False and first["problems"] == []
        source = root / "content/posts/2025/first.md"
        source.write_text(source.read_text() + "\nFreshly appended line.\n")
        changed = next_message()
        assert changed["reload"] is True and changed["generation"] > first["generation"]
        assert b"Freshly appended line." in raw(site, "/2025/01/02/first-beat/")[2]
        # a text edit: the rebuild took the theme, the plan and the related posts from the last build's memory,
        # and the private folder's ledger lives in memory only (none piles up in the site's cache folder)
        assert {"theme", "plan", "related"} <= set(site.live.warm.hits)
        assert not list((root / ".trackpress-cache").glob("ledger-*.json"))

        good = source.read_text()
        source.write_text(good.replace("title: First Beat", "title: [unclosed"))
        broken = next_message()
        assert broken["problems"], broken
        assert broken["problems"][0]["path"] == "content/posts/2025/first.md" and broken["problems"][0]["line"] >= 1
        status, _, body = raw(site, "/2025/01/02/first-beat/")
        assert status == 200 and b"Freshly appended line." in body     # the last good site, still served
        assert "content/posts/2025/first.md" in wait_for(lambda: "content/posts/2025/first.md:" in site.err.getvalue()
                                                         and site.err.getvalue())
        # a page opened while the site is broken hears the problems at once
        conn2, next_message2 = _events(site, site.live.generation, page)
        assert next_message2()["problems"]
        conn2.close()

        source.write_text(good)
        fixed = next_message()
        assert fixed["problems"] == [] and fixed["reload"] is True
    finally:
        conn.close()


def test_a_css_change_swaps_the_stylesheet_only(site):
    conn, next_message = _events(site, site.live.generation, "2025/01/02/first-beat/index.html")
    try:
        next_message()
        (site.root / "static/css/extra.css").write_text("body { color: rebeccapurple; }\n")
        message = next_message()
        assert message == {"generation": message["generation"], "reload": False, "css": ["/css/extra.css"],
                           "problems": []}
        assert b"rebeccapurple" in raw(site, "/css/extra.css")[2]
    finally:
        conn.close()


def test_a_page_that_connects_late_still_hears_what_changed(site):
    before = site.live.generation
    source = site.root / "content/posts/2025/second.md"
    source.write_text(source.read_text() + "\nLate news.\n")
    wait_for(lambda: site.live.generation > before)
    conn, next_message = _events(site, before, "2025/02/03/second-beat/index.html")
    try:
        assert next_message()["reload"] is True
    finally:
        conn.close()


def test_bursts_deletes_renames_and_new_folders_end_fresh(site):
    root = site.root
    posts = root / "content/posts"
    # an editor's save: write a temporary file, then rename it over the post
    temp = posts / "2025/.first.md.swp"
    temp.write_text((posts / "2025/first.md").read_text().replace("The first words.", "Saved by rename."))
    os.replace(temp, posts / "2025/first.md")
    # many files at once, in a folder that did not exist
    (posts / "2026/batch").mkdir(parents=True)
    for i in range(40):
        (posts / f"2026/batch/p{i}.md").write_text(post(f"Batch {i}", "2025-06-01 10:00", f"Batch body {i}."))
    # a delete and a rename
    (posts / "2025/second.md").rename(posts / "2025/second-renamed.md")
    (posts / "2026/batch/p0.md").unlink()
    wait_for(lambda: b"Saved by rename." in raw(site, "/2025/01/02/first-beat/")[2])
    wait_for(lambda: raw(site, "/2025/06/01/batch-39/")[0] == 200)
    wait_for(lambda: raw(site, "/2025/06/01/batch-0/")[0] == 404)
    assert raw(site, "/2025/02/03/second-beat/")[0] == 200          # renamed file, same post
    # the whole content folder removed and put back: the watcher follows it
    (root / "content").rename(root / "content-away")
    wait_for(lambda: site.live.problems or raw(site, "/2025/01/02/first-beat/")[0] == 404)
    (root / "content-away").rename(root / "content")
    wait_for(lambda: not site.live.problems and raw(site, "/2025/01/02/first-beat/")[0] == 200)
    source = posts / "2025/first.md"
    source.write_text(source.read_text() + "\nAfter the folder came back.\n")
    wait_for(lambda: b"After the folder came back." in raw(site, "/2025/01/02/first-beat/")[2])


def test_a_site_in_a_folder_is_served_at_its_path(tmp_path):
    root = _site(tmp_path / "site")
    toml = (root / "site.toml").read_text().replace("https://beats.example", "https://beats.example/blog")
    (root / "site.toml").write_text(toml)
    with running(root, watch=False) as server:
        assert server.url.endswith("/blog/")
        assert raw(server, "/")[1]["location"] == "/blog/"
        status, _, body = raw(server, "/blog/2025/01/02/first-beat/")
        assert status == 200 and b'src="/blog/__trackpress/live.js"' in body
        assert raw(server, "/blog/?p=123")[1]["location"] == "/blog/2025/01/02/first-beat/"
        assert raw(server, "/blog/feed/")[1]["content-type"].startswith("application/rss+xml")
        assert raw(server, "/2025/01/02/first-beat/")[0] == 404


def test_a_site_broken_from_the_start_says_so_and_recovers(tmp_path):
    root = _site(tmp_path / "site")
    source = root / "content/posts/2025/first.md"
    good = source.read_text()
    source.write_text(good.replace("date: 2025-01-02 10:00", "date: 2025-13-45"))
    with running(root) as server:
        status, _, body = raw(server, "/")
        assert status == 503 and b"content/posts/2025/first.md" in body and b"__trackpress/live.js" in body
        source.write_text(good)
        wait_for(lambda: raw(server, "/")[0] == 200)


def test_a_busy_port_is_said_aloud(tmp_path):
    root = _site(tmp_path / "site")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        err = io.StringIO()
        server = DevServer(ServeOptions(root=root, port=busy), io.StringIO(), err, watch=False)
        try:
            server.start()
            assert server.port != busy and f"Port {busy} is busy; using {server.port} instead." in err.getvalue()
        finally:
            server.stop()


def test_no_site_toml_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "serve", "--root", str(tmp_path), "--port", "0"],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "no site.toml in" in result.stderr and "trackpress init" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly_leaving_nothing_behind(tmp_path, how):
    root = _site(tmp_path / "site")
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temp)},
                               # a shell would ignore SIGINT in a background job; give it the default back
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = process.stdout.readline() + process.stdout.readline()
        assert "Serving" in line and "http://127.0.0.1:" in line
        assert any(temp.iterdir())                                   # the private folder...
        process.send_signal(how)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0 and "Stopped." in out
    assert "Traceback" not in err
    assert list(temp.iterdir()) == []                                # ...is gone
    assert not (root / "output").exists()                            # output/ was never touched


def test_a_template_error_and_a_collision_are_named_then_cleared(site):
    root = site.root
    theme = root / "themes/mine/templates"
    theme.mkdir(parents=True)
    (root / "themes/mine/theme.toml").write_text('parent = "default"\n')
    (theme / "single.html").write_text('{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n')
    (root / "site.toml").write_text((root / "site.toml").read_text() + 'theme = "mine"\n')
    problems = wait_for(lambda: site.live.problems)
    assert any("single.html" in p.path and p.line == 3 for p in problems), problems
    (theme / "single.html").unlink()
    wait_for(lambda: not site.live.problems)
    twin = root / "content/posts/2025/twin.md"
    twin.write_text(post("First Beat", "2025-01-02 11:00", "A twin."))
    problems = wait_for(lambda: site.live.problems)
    assert any("twin.md" in str(p) and "first.md" in str(p) for p in problems), problems
    assert raw(site, "/2025/01/02/first-beat/")[0] == 200
    twin.unlink()
    wait_for(lambda: not site.live.problems)
