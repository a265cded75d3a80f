"""The spool (generator/spool.py): produced pages wait on disk beside output/ instead of in memory.

Whatever happens to a build, the spool never shows in the output, never outlives the build that
made it (a killed build's is removed by the next), and never costs a byte of the output."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import build, make_site, post
from generator import render, spool, writer
from generator.errors import BuildError

SITE_FILES = [".trackpress-cache", "content", "output", "site.toml"]
SINGLE = '{% extends "base.html" %}{% block content %}<p>{{ post.title }}</p>{% endblock %}'


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def blog(tmp_path: Path, count: int = 12, **extra: str) -> Path:
    files = {f"content/posts/p{i}.md": post(f"Track {i}", f"2024-05-{i % 28 + 1:02d}", f"Notes on track {i}.",
                                            tags=["beats" if i % 2 else "synths"]) for i in range(count)}
    files.update(extra)
    return make_site(tmp_path / "site", files)


def retitle(root: Path, title: str) -> None:
    config = root / "site.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('title = "', f'title = "{title} ', 1), encoding="utf-8")


def test_pages_go_through_the_spool_and_it_is_gone_after_the_build(tmp_path, monkeypatch):
    root = blog(tmp_path)
    seen = []
    real = spool.Spool.put

    def put(self, data, same_as="", place=""):
        where, digest = real(self, data, same_as, place)
        seen.append((Path(where), place))
        assert Path(where).read_bytes() == data
        return where, digest

    monkeypatch.setattr(spool.Spool, "put", put)
    build(root, jobs=1)
    assert seen
    for where, place in seen:                  # each at its output path, in the spool's tree
        folder = Path(str(where)[:-len(place) - 1])
        assert place and where.as_posix().endswith("/tree/" + place)
        assert folder.parent.parent == root and folder.parent.name.startswith(".output.spool-")
    assert sorted(os.listdir(root)) == SITE_FILES
    clean = tmp_path / "clean"
    build(root, output=clean, cache=False, jobs=1)
    assert snapshot(root / "output") == snapshot(clean)


def test_parallel_workers_spool_what_they_produce(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)            # the pool even for a small site
    root = blog(tmp_path, count=30)
    build(root, jobs=2)
    assert sorted(os.listdir(root)) == SITE_FILES
    build(root, output=tmp_path / "serial", cache=False, jobs=1)
    assert snapshot(root / "output") == snapshot(tmp_path / "serial")


def test_a_build_that_fails_while_producing_leaves_no_spool_and_the_previous_output(tmp_path, monkeypatch):
    root = blog(tmp_path, **{"themes/mine/theme.toml": 'name = "Mine"\nparent = "default"\n'})
    build(root)
    before = snapshot(root / "output")
    template = root / "themes/mine/templates/single.html"
    template.parent.mkdir(parents=True)
    # a template error only one page meets, at render time: the pages before it are spooled already
    template.write_text('{% if post.title_text == "Track 9" %}{{ post.nothing.here }}{% endif %}{{ post.title }}',
                        encoding="utf-8")
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'theme = "mine"\n', encoding="utf-8")
    spooled = []
    real = spool.Spool.put
    monkeypatch.setattr(spool.Spool, "put", lambda self, data, same_as="", place="": spooled.append(1) or real(self, data, same_as, place))
    with pytest.raises(BuildError, match="while rendering the post content/posts/p9.md"):
        build(root, jobs=1)
    assert len(spooled) > 10
    assert snapshot(root / "output") == before
    assert sorted(os.listdir(root)) == SITE_FILES + ["themes"]


def test_a_full_disk_while_spooling_is_a_message_and_the_previous_output_stays(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    before = snapshot(root / "output")
    retitle(root, "New")
    count = [0]
    real = open

    def filling(path, mode="r", *args, **kwargs):
        if "x" in mode:
            count[0] += 1
            if count[0] == 4:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(spool, "open", filling, raising=False)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1)
    message = str(caught.value)
    assert "could not write a produced page" in message and "No space left on device" in message
    assert "the previous output is untouched" in message
    assert snapshot(root / "output") == before
    assert sorted(os.listdir(root)) == SITE_FILES


def test_a_killed_builds_spool_is_removed_and_a_running_builds_is_not(tmp_path):
    root = blog(tmp_path)
    build(root)
    killed = root / ".output.spool-k1ll3d"
    killed.mkdir()
    (killed / ".lock").write_text("")
    (killed / "123-1").write_bytes(b"<html>half a page</html>")
    running = spool.Spool((root / "output").resolve())
    running.put(b"a page of a build still producing")
    try:
        retitle(root, "Again")
        build(root)
        assert not killed.exists()
        assert running.folder.is_dir() and len(os.listdir(running.folder)) == 2     # its lock and its page
    finally:
        running.remove()
    assert sorted(os.listdir(root)) == SITE_FILES


def test_pages_spooled_before_an_update_must_be_staged_are_not_lost(tmp_path):
    """An in-place update that meets a file which must become a folder starts again as a staged build: the
    pages it had already moved out of the spool go back there first."""
    root = blog(tmp_path, **{"static/notes": "a file\n"})
    build(root)
    retitle(root, "Renamed")                          # every page produced (and spooled) again…
    (root / "static/notes").unlink()                  # …and a file that becomes a folder, sorted after them
    (root / "static/notes").mkdir()
    (root / "static/notes/a.txt").write_text("now a folder\n", encoding="utf-8")
    build(root, jobs=1)
    assert (root / "output/notes/a.txt").read_text(encoding="utf-8") == "now a folder\n"
    clean = tmp_path / "clean"
    build(root, output=clean, cache=False, jobs=1)
    assert snapshot(root / "output") == snapshot(clean)
    assert sorted(os.listdir(root)) == SITE_FILES + ["static"]


def test_an_output_folder_whose_parent_does_not_exist_yet_is_copied_from_a_spool_elsewhere(tmp_path, monkeypatch):
    root = blog(tmp_path)
    target = tmp_path / "not" / "yet" / "public"
    real = os.replace

    def across(src, dst):
        if ".spool-" in str(src):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        return real(src, dst)

    monkeypatch.setattr(writer.os, "replace", across)         # as if the spool were on another file system
    build(root, output=target, jobs=1)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(root, output=clean, cache=False, jobs=1)
    assert snapshot(target) == snapshot(clean)
    assert not list(target.parent.glob(".public.spool-*"))


def test_without_a_spool_produce_keeps_the_bytes_in_memory(tmp_path):
    """produce() without a spool (its callers outside a build) returns the bytes themselves."""
    from generator.assemble import assemble_site
    from generator.pipeline import _read
    from generator.errors import Reporter
    from generator.markdown import render_bodies
    from generator.plan import plan_site
    from generator.version import VERSION
    from conftest import NOW
    root = blog(tmp_path)
    read = _read(root, Reporter())
    site = assemble_site(read.entries, read.config, NOW, False, False, read.vocabulary, read.comments)
    plan = plan_site(site, read.theme_files, read.user_files, {}, read.theme.has("subscribe.html"))
    files = render.produce(plan, site, render_bodies(site.posts + site.pages, site.config.excerpt_words), read.theme,
                           VERSION)
    pages = [f for f in files if f.path.endswith(".html")]
    assert pages and all(f.data and not f.spooled for f in pages)


def test_a_page_produced_again_with_the_same_bytes_is_not_spooled_and_keeps_its_file(tmp_path, monkeypatch):
    from generator import ledger
    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)
    root = blog(tmp_path, **{"themes/mine/theme.toml": 'name = "Mine"\nparent = "default"\n',
                             "themes/mine/templates/single.html": SINGLE})
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'theme = "mine"\n', encoding="utf-8")
    build(root)
    times = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*.html")}
    # a template edit: every page is produced again, but only the posts' bytes change
    (root / "themes/mine/templates/single.html").write_text(SINGLE.replace("<p>", "<p>edited "), encoding="utf-8")
    written = []
    real = spool.Spool.put

    def put(self, data, same_as="", place=""):
        where, digest = real(self, data, same_as, place)
        written.append(bool(where))
        return where, digest

    monkeypatch.setattr(spool.Spool, "put", put)
    summary = build(root, jobs=1)
    assert summary.produced == len(written) > 12
    assert sum(written) == 12                            # the twelve posts' pages, nothing else
    changed = [p for p, t in times.items() if p.stat().st_mtime_ns != t]
    assert len(changed) == 12 and all(p.parent.parent.parent.name == "05" for p in changed)
    clean = tmp_path / "clean"
    build(root, output=clean, cache=False, jobs=1)
    assert snapshot(root / "output") == snapshot(clean)


def test_a_page_waits_at_its_output_path_and_odd_places_get_a_flat_name(tmp_path):
    """The spool's tree mirrors the output, so a staged build takes it whole (no folder made at publish time);
    a place that is not a plain relative path, or that a file already blocks, falls back to a flat name."""
    pages = spool.Spool(tmp_path / "output")
    try:
        where, _ = pages.put(b"one", place="2024/05/track/index.html")
        assert Path(where) == pages.tree / "2024/05/track/index.html" and Path(where).read_bytes() == b"one"
        for odd in ("../escape.html", "/etc/passwd", "a//b.html", "a/./b.html", "a\\b.html", "2024/05/track/index.html/x"):
            where, _ = pages.put(odd.encode(), place=odd)
            assert Path(where).parent == pages.folder and Path(where).read_bytes() == odd.encode()
        where, _ = pages.put(b"again", place="2024/05/track/index.html")        # taken: a flat name
        assert Path(where).parent == pages.folder
        assert not (tmp_path / "escape.html").exists()
    finally:
        pages.remove()
    assert not pages_left(tmp_path)


def pages_left(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".output.spool-")]


def test_the_output_folder_and_its_folders_are_readable_by_a_web_server(tmp_path):
    """A staged build's folder becomes output/: it gets the umask's permissions (not a temporary folder's
    owner-only 0700), as the folders inside it do, so a web server running as another user can read it."""
    mask = os.umask(0o022)
    try:
        root = blog(tmp_path)
        build(root, jobs=1)
        build(root, output=tmp_path / "fresh", cache=False, jobs=1)
    finally:
        os.umask(mask)
    for folder in (root / "output", tmp_path / "fresh"):
        modes = {p.stat().st_mode & 0o777 for p in [folder, *folder.rglob("*")] if p.is_dir()}
        assert modes == {0o755}, (folder, sorted(oct(m) for m in modes))
        assert {p.stat().st_mode & 0o777 for p in folder.rglob("*") if p.is_file()} == {0o644}
