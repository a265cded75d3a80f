"""hosting: what a static host answers, from files on disk; never a file outside the folder."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.hosting import answer, read_rules, site_segments
from generator.livereload import inject, message
from generator.watch import Watcher
from generator.errors import Diagnostic


def _folder(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "a/b").mkdir(parents=True)
    (site / "a/b/index.html").write_text("<html><head></head><body>ab</body></html>")
    (site / "404.html").write_text("<html><body>missing</body></html>")
    (site / "feed").mkdir()
    (site / "feed/index.html").write_text("<rss/>")
    (site / "_redirects").write_text(
        "# comment\n/old/  /a/b/  301\n/%e5%a4%9c/  /a/b/  301\n/  p=:value  /.wp/p/:value  301!\n"
        "/.wp/p/12  /a/b/  301\n/.wp/tag/%e5%a4%9c  /a/b/  301\n")
    (site / "_headers").write_text("# c\n/feed/\n  Content-Type: application/rss+xml; charset=UTF-8\n"
                                   "/feed/index.html\n  Content-Type: application/rss+xml; charset=UTF-8\n")
    (tmp_path / "secret").write_text("secret")
    return site


def test_rules_are_read_from_the_written_files(tmp_path):
    rules = read_rules(_folder(tmp_path))
    assert rules.paths == {"/old": "/a/b/", "/夜": "/a/b/"}
    assert rules.queries == {("p", "12"): "/a/b/", ("tag", "夜"): "/a/b/"}
    assert rules.headers["/feed/"]["content-type"].startswith("application/rss+xml")


def test_answers(tmp_path):
    site = _folder(tmp_path)
    rules = read_rules(site)
    assert answer(site, "/a/b/", "", rules).relative == "a/b/index.html"
    assert answer(site, "/a/b", "x=1", rules).location == "/a/b/?x=1"
    assert answer(site, "/feed/", "", rules).content_type.startswith("application/rss+xml")
    assert answer(site, "/feed/index.html", "", rules).content_type.startswith("application/rss+xml")
    assert answer(site, "/", "p=12", rules).location == "/a/b/"
    assert answer(site, "/", "tag=%E5%A4%9C", rules).location == "/a/b/"
    assert answer(site, "/old", "", rules).location == "/a/b/"
    assert answer(site, "/%E5%A4%9C/", "", rules).location == "/a/b/"
    missing = answer(site, "/nope/", "", rules)
    assert (missing.status, missing.relative, missing.candidates) == (404, "404.html", ("nope/index.html",))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["..", ".", "", "%2e%2e", "%2E.", "%2f", "%5c", "\\", "%00", "secret", "a", "b",
                                 "%252e%252e", "..%2f", "%c0%ae", "~", "index.html"]), max_size=8))
def test_no_path_leaves_the_folder(tmp_path_factory, parts):
    tmp = tmp_path_factory.mktemp("h")
    site = _folder(tmp)
    rules = read_rules(site)
    for path in ("/" + "/".join(parts), "/" + "".join(parts)):
        found = answer(site, path, "", rules)
        if found.file is not None:
            assert Path(os.path.realpath(found.file)).is_relative_to(os.path.realpath(site)), path
        if found.location:
            assert found.location.startswith("/") and not found.location.startswith(("//", "/\\")), path


def test_segments_refuse_what_could_escape():
    for bad in ("/..", "/a/../b", "/%2e%2e/x", "//etc", "/a\\b", "/a%5cb", "/%00", "/a%ffb", "x", "/a//b"):
        assert site_segments(bad) is None, bad
    assert site_segments("/a/b/") == ["a", "b", ""]
    assert site_segments("/%E5%A4%9C/") == ["夜", ""]


def test_messages_and_injection():
    assert message(3, frozenset({"static/style.css"}), ("a/index.html",), (), "/blog") == \
        {"generation": 3, "reload": False, "css": ["/blog/static/style.css"], "problems": []}
    assert message(3, None, ("a/index.html",), (), "")["reload"] is True
    assert message(3, frozenset(), ("a/index.html",), (), "", was_broken=True)["reload"] is True
    broken = message(3, frozenset(), (), (Diagnostic("content/x.md", 4, "date", "bad", "fix it"),), "")
    assert broken["problems"][0]["text"] == "content/x.md:4: date: bad — fix it"
    page = inject(b"<html><HEAD></HEAD><body></body></html>", "", 2, ('a"b.html',))
    assert page.index(b"<script") < page.index(b"</HEAD>") and b'a\\&quot;b.html' in page
    assert inject(b"no markup", "", 1, ()).startswith(b"no markup<script")


def test_a_burst_is_one_call(tmp_path):
    root = tmp_path / "site"
    (root / "content/posts").mkdir(parents=True)
    (root / "site.toml").write_text("")
    calls: list[frozenset[str]] = []
    called = threading.Event()
    watcher = Watcher(root, lambda changed: (calls.append(changed), called.set()), quiet=0.3, longest=5.0)
    watcher.start()
    try:
        time.sleep(0.2)
        for i in range(30):                                      # temp file + rename, thirty times over
            temp = root / f"content/posts/.p{i}.md.tmp"
            temp.write_text(f"post {i}")
            os.replace(temp, root / f"content/posts/p{i}.md")
        (root / "content/posts/new-folder").mkdir()
        (root / "content/posts/p0.md").unlink()
        (root / "output").mkdir()                                # not watched: a build's own writes
        (root / "output/index.html").write_text("x")
        assert called.wait(10)
        time.sleep(0.8)
        assert len(calls) == 1, calls
        assert {"content/posts/p29.md", "content/posts/new-folder"} <= calls[0]
        assert not any(p.startswith("output") for p in calls[0])
        called.clear()
        (root / "site.toml").write_text("title = 'x'\n")
        assert called.wait(10) and calls[1] == {"site.toml"}
        called.clear()
        (root / "static").mkdir()                                # a watched folder made after the start
        time.sleep(0.5)
        called.clear()
        (root / "static/style.css").write_text("x")
        assert called.wait(10) and "static/style.css" in calls[-1]
    finally:
        watcher.stop()
