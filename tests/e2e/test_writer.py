"""Publishing: staged, swapped, locked, and never half-written — whatever the disk does."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import make_site, post, run_cli
from generator import writer
from generator.errors import BuildError, TrackpressError
from generator.model import OutputFile


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def root(tmp_path):
    files = {f"content/posts/p{i}.md": post(f"Track {i}", f"2024-05-{i + 1:02d}", tags=["beats"]) for i in range(12)}
    root = make_site(tmp_path / "site", files)
    assert run_cli("build", "--root", str(root)).returncode == 0
    return root


def test_folders_a_killed_build_left_behind_are_removed_by_the_next(root):
    for name in (".output.staging-k1ll3d", ".output.old-k1ll3d"):
        (root / name / "2024").mkdir(parents=True)
        (root / name / "2024" / "index.html").write_text("half")
    assert run_cli("build", "--root", str(root)).returncode == 0
    assert sorted(os.listdir(root)) == [".trackpress-cache", "content", "output", "site.toml"]


def test_two_builds_at_once_both_finish_and_the_output_is_whole(root):
    serial = snapshot(root / "output")
    command = [sys.executable, "-m", "generator", "build", "--root", str(root)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}    # this checkout's generator
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
    assert [code for code, _ in results] == [0, 0, 0], results
    assert all("Traceback" not in err for _, err in results)
    assert snapshot(root / "output") == serial
    assert sorted(os.listdir(root)) == [".trackpress-cache", "content", "output", "site.toml"]


def test_a_second_build_waits_for_the_lock(root):
    released = threading.Event()

    def hold():
        with writer.build_lock((root / "output").resolve()):
            time.sleep(1.0)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    started = time.monotonic()
    result = run_cli("build", "--root", str(root))
    holder.join()
    assert result.returncode == 0, result.stderr
    assert released.is_set() and time.monotonic() - started >= 0.7


def test_a_build_that_cannot_get_the_lock_says_so(root, monkeypatch):
    monkeypatch.setattr(writer, "LOCK_WAIT_SECONDS", 0.2)
    output = (root / "output").resolve()
    with writer.build_lock(output):
        with pytest.raises(TrackpressError, match="another build of this site is still running"):
            writer.publish(output, (OutputFile("index.html", b"x"),))


def retitle(root):
    """A site.toml edit that changes every page, so the next build has files to write."""
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "Test Beats"', 'title = "Test Beats II"'),
                      encoding="utf-8")


def test_a_full_disk_mid_build_leaves_the_previous_output_and_no_staging(root, monkeypatch):
    before = snapshot(root / "output")
    retitle(root)
    written = []
    real = writer._write

    def fill_up(target, file):
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        written.append(target)
        return real(target, file)

    monkeypatch.setattr(writer, "_write", fill_up)
    from conftest import build
    with pytest.raises(BuildError) as caught:
        build(root)
    message = str(caught.value)
    assert "could not write it: No space left on device" in message
    assert "the previous output is untouched" in message
    assert snapshot(root / "output") == before
    assert sorted(os.listdir(root)) == [".trackpress-cache", "content", "output", "site.toml"]


def test_a_folder_that_cannot_be_swapped_is_a_message(root, monkeypatch):
    before = snapshot(root / "output")
    retitle(root)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(src))

    monkeypatch.setattr(writer.os, "replace", refuse)
    from conftest import build
    with pytest.raises(BuildError, match="Permission denied"):
        build(root)
    monkeypatch.undo()
    assert snapshot(root / "output") == before


def test_an_output_folder_a_build_did_not_make_is_never_replaced(tmp_path, root):
    mine = tmp_path / "my-docs"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    result = run_cli("build", "--root", str(root), "--output", str(mine))
    assert result.returncode == 1
    assert "the output folder has files that an earlier build did not write" in result.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"


def test_the_marker_lists_every_file_with_its_digest(root):
    import hashlib
    lines = (root / "output/.trackpress-output").read_text().splitlines()[1:]
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((root / "output" / path).read_bytes()).hexdigest() == digest
    assert len(lines) == len(snapshot(root / "output")) - 1
