"""A rebuild writes only the files whose bytes changed: the rest keep their modification time and inode."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import NOW, REPO, build, make_site, post, run_cli
from generator import writer
from generator.build import BuildOptions, build_site
from generator.errors import Reporter


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def blog(tmp_path: Path) -> Path:
    files = {f"content/posts/p{i}.md": post(f"Track {i}", f"2024-05-{i + 1:02d}", f"Notes on track {i}.",
                                            tags=["beats" if i % 2 else "synths"])
             for i in range(14)}
    files["content/pages/about.md"] = post("About", "2024-01-01", "Who I am.")
    files["static/img/cover.txt"] = "a static file, copied\n"
    return make_site(tmp_path / "site", files)


def test_a_build_with_nothing_changed_rewrites_no_file(tmp_path):
    root = blog(tmp_path)
    first = build(root)
    before = stamps(root / "output")
    second = build(root)
    assert stamps(root / "output") == before                     # same mtime_ns and inode for every file
    assert second.files == first.files and second.written == 0
    assert f"({second.files} files: 0 written, {second.files} unchanged)" in second.line()


def test_editing_one_post_rewrites_only_the_files_whose_bytes_changed(tmp_path):
    root = blog(tmp_path)
    build(root)
    before, old = stamps(root / "output"), contents(root / "output")
    path = root / "content/posts/p12.md"
    path.write_text(path.read_text().replace("Notes on track 12.", "New notes on track twelve."))
    summary = build(root)
    after, new = stamps(root / "output"), contents(root / "output")
    changed = {p for p in new if new[p] != old.get(p)}
    assert "2024/05/13/track-12/index.html" in changed                     # the post's own page
    assert "feed/index.html" in changed and "index.html" in changed        # the site feed and home page show it
    assert "tag/synths/feed/index.html" in changed                         # its tag's feed
    assert not any(p.startswith("tag/beats/") for p in changed)            # the other tag's are untouched
    assert "about/index.html" not in changed and "2024/05/04/track-3/index.html" not in changed
    for name in new:
        if name in changed:
            assert after[name] != before.get(name), name
        else:
            assert after[name] == before[name], name
    assert summary.written == len(changed)                                 # the marker is among them
    assert ".trackpress-output" in changed


def test_a_static_file_edited_in_place_is_copied_again(tmp_path):
    root = blog(tmp_path)
    build(root)
    (root / "static/img/cover.txt").write_text("a new cover\n")
    build(root)
    assert (root / "output/img/cover.txt").read_text() == "a new cover\n"


def test_a_damaged_previous_manifest_is_ignored_with_a_warning(tmp_path):
    root = blog(tmp_path)
    build(root)
    good = contents(root / "output")
    marker = root / "output" / writer.MARKER
    text = marker.read_text()
    for damaged in (text[: len(text) // 2], text.replace("  ", " ", 3), b"\xff\xfe garbage", ""):
        if isinstance(damaged, bytes):
            marker.write_bytes(damaged)
        else:
            marker.write_text(damaged)
        reporter = Reporter()
        summary = build_site(BuildOptions(root=root, now=NOW), reporter)
        assert summary.written == summary.files                              # nothing trusted: all written anew
        assert any("list of files is damaged" in str(w) for w in reporter.warnings), damaged
        assert contents(root / "output") == good


def test_a_file_changed_in_the_output_folder_by_hand_is_written_again(tmp_path):
    root = blog(tmp_path)
    build(root)
    page = root / "output/about/index.html"
    original = page.read_bytes()
    page.write_bytes(original + b"<!-- edited by hand -->")
    build(root)
    assert page.read_bytes() == original


def test_when_linking_fails_the_previous_file_is_copied_with_its_time(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    before = {name: mtime for name, (mtime, _) in stamps(root / "output").items()}

    def no_links(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(writer.os, "link", no_links)
    summary = build(root)
    after = {name: mtime for name, (mtime, _) in stamps(root / "output").items()}
    assert after == before and summary.written == 0


def test_the_command_line_summary_counts_written_and_unchanged_files(tmp_path):
    root = blog(tmp_path)
    first = run_cli("build", "--root", str(root))
    second = run_cli("build", "--root", str(root))
    assert first.returncode == second.returncode == 0, second.stderr
    assert " unchanged) into " in second.stdout and " 0 written, " in second.stdout
    assert os.listdir(root / "output")


def test_a_build_with_nothing_to_do_imports_no_part_of_the_pipeline(tmp_path):
    """The command line's quick answer: with nothing changed, `trackpress build` decides from the ledger
    alone, without importing Markdown, Jinja, Pygments or YAML (they are most of its start-up time)."""
    root = blog(tmp_path)
    probe = ("import sys\nfrom generator.cli import main\ncode = main(['build', '--root', sys.argv[1]])\n"
             "heavy = sorted(m for m in ('generator.pipeline', 'markdown', 'jinja2', 'pygments', 'yaml') if m in sys.modules)\n"
             "print('imported:', ','.join(heavy))\nsys.exit(code)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))}
    first = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True, env=env)
    assert "imported: generator.pipeline,jinja2,markdown,pygments,yaml" in first.stdout    # a build with work
    second = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True, env=env)
    assert "Nothing changed since the last build" in second.stdout
    assert "imported: \n" in second.stdout, second.stdout
