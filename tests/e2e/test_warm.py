"""Builds in one long-lived process (trackpress serve) keep the last build's results in memory
(generator/warm.py): what they reuse must never show in the output, a failed or crashed build
must not cost the next one its reuse or its correctness, and nothing is trusted across folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import NOW, build, make_site, post
from generator import pipeline
from generator import ledger
from generator.build import BuildOptions, build_site
from generator.errors import BuildError, Reporter
from generator.warm import Warm


@pytest.fixture(autouse=True)
def settled(monkeypatch):
    """Files a test has just written count as settled at once (ledger.RACY_SECONDS), so the memory
    is used from the second build on, as it is for files saved a while ago."""
    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def blog(tmp_path: Path) -> Path:
    files = {f"content/posts/p{i}.md": post(f"Loop {i}", f"2024-06-{i + 1:02d}", f"Notes on loop {i}.",
                                            tags=["drums" if i % 2 else "keys"]) for i in range(8)}
    files["content/pages/about.md"] = post("About", "2024-01-01", "Who makes these loops.")
    root = make_site(tmp_path / "site", files)
    # a preview keeps its first search index while pages change (by design): compare the pages alone
    (root / "site.toml").write_text((root / "site.toml").read_text(encoding="utf-8") + "search = false\n",
                                    encoding="utf-8")
    return root


def serve_build(root: Path, warm: Warm, output: Path):
    return build_site(BuildOptions(root=root, output=output, now=NOW, preview=True), Reporter(), warm)


def clean(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    folder = tmp_path / name
    shutil.rmtree(folder, ignore_errors=True)
    build(root, output=folder, cache=False, preview=True)
    return snapshot(folder)


def test_a_broken_save_then_the_fix_reuses_what_the_last_good_build_made(tmp_path):
    root = blog(tmp_path)
    warm, out = Warm(private_output=True), tmp_path / "private"
    serve_build(root, warm, out)
    source = root / "content/posts/p3.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("title: Loop 3", "title: [unclosed"), encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        serve_build(root, warm, out)
    assert any(d.path == "content/posts/p3.md" for d in failed.value.diagnostics)
    source.write_text(good.replace("Notes on loop 3.", "Notes on loop 3, fixed."), encoding="utf-8")
    fixed = serve_build(root, warm, out)
    assert fixed.reused > fixed.produced > 0          # the failed build did not cost the fix its reuse
    assert snapshot(out) == clean(root, tmp_path, "clean")


def test_a_crashed_build_leaves_nothing_trusted(tmp_path, monkeypatch):
    """A bug mid-build (here: producing pages) is not a BuildError; the dev server forgets its memory,
    and the next build is still the clean build's, byte for byte."""
    root = blog(tmp_path)
    warm, out = Warm(private_output=True), tmp_path / "private"
    serve_build(root, warm, out)
    real = pipeline.produce

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a template filter")
    monkeypatch.setattr(pipeline, "produce", broken)
    (root / "content/posts/p1.md").write_text(post("Loop 1", "2024-06-02", "Rewritten.", tags=["drums"]),
                                              encoding="utf-8")
    with pytest.raises(RuntimeError):
        serve_build(root, warm, out)
    warm.forget()                                      # what live.LiveSite does on a crash
    monkeypatch.setattr(pipeline, "produce", real)
    serve_build(root, warm, out)
    assert snapshot(out) == clean(root, tmp_path, "clean")
    assert warm.private_output                         # forgetting keeps what the folder is


def test_a_ledger_in_memory_is_only_for_its_own_folder(tmp_path):
    root = blog(tmp_path)
    warm = Warm(private_output=True)
    serve_build(root, warm, tmp_path / "one")
    other = serve_build(root, warm, tmp_path / "two")   # another folder: nothing in it is taken on trust
    assert other.reused == 0 and other.produced > 0
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_a_template_edit_is_seen_though_the_theme_is_kept(tmp_path):
    root = blog(tmp_path)
    (root / "themes/mine/templates").mkdir(parents=True)
    (root / "themes/mine/theme.toml").write_text('name = "Mine"\nparent = "default"\n', encoding="utf-8")
    (root / "site.toml").write_text((root / "site.toml").read_text(encoding="utf-8") + 'theme = "mine"\n',
                                    encoding="utf-8")
    partial = root / "themes/mine/templates/partials/post-meta.html"
    partial.parent.mkdir()
    partial.write_text("<p class=meta>{{ post.date_display }}</p>\n", encoding="utf-8")
    warm, out = Warm(private_output=True), tmp_path / "private"
    serve_build(root, warm, out)
    serve_build(root, warm, out)                       # nothing changed
    # same size, same second: only the bytes say it changed
    partial.write_text("<p class=tag>{{ post.date_display }}</p>\n", encoding="utf-8")
    serve_build(root, warm, out)
    assert "class=tag" in (out / "2024/06/04/loop-3/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == clean(root, tmp_path, "clean")


def test_only_a_private_folder_is_taken_on_trust(tmp_path):
    """With a folder others may touch (Warm() without private_output), a file removed by hand is
    seen and written again, as a command-line build would."""
    root = blog(tmp_path)
    warm, out = Warm(), tmp_path / "shared"
    serve_build(root, warm, out)
    (out / "about/index.html").unlink()                 # a page the edit below does not touch
    (root / "content/posts/p5.md").write_text(post("Loop 5", "2024-06-06", "Changed.", tags=["drums"]),
                                              encoding="utf-8")
    serve_build(root, warm, out)
    assert (out / "about/index.html").is_file()
    assert snapshot(out) == clean(root, tmp_path, "clean")
