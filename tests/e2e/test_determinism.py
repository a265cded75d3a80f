"""The same input builds the same bytes: wherever it is written, however often,
and whatever Python's hash seed is."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build, make_site, post


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) → its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def mini_site(root: Path) -> Path:
    return make_site(root, {
        "content/posts/first-beat.md": post(
            "First beat", "2024-05-01 21:30:00", tags=["Mixing", "Drums"], categories=["Tutorials"],
            body="Kick first.[^1]\n\n```python\ndef bpm_to_ms(bpm):\n    return 60000 / bpm\n```\n\n"
                 "[^1]: Then the snare.\n"),
        "content/posts/second-beat.md": post(
            "Second beat: \"tape\" & tubes", "2024-05-02", tags=["Gear", "mixing"], categories=["Gear"],
            body="## Tape\n\nWarm.\n\n## Tubes\n\nWarmer — and louder.[^a] More notes.[^b]\n\n"
                 "[^a]: Not really.\n[^b]: Really.\n"),
        "content/posts/yoru.md": post(
            "夜のローファイ", "2024-06-03", tags=["ローファイ", "Drums"], categories=["Releases"],
            body="静かな夜のビート。\n\n| BPM | Key |\n| --- | --- |\n| 72 | Am |\n"),
        "content/posts/same-day.md": post("Same day, later", "2024-06-03 23:00:00", tags=["Gear"]),
        "content/pages/about.md": post("About", "2024-01-01", body="Who makes the beats."),
    })


def test_two_output_folders_get_identical_files(tmp_path):
    root = mini_site(tmp_path / "site")
    build(root, output=tmp_path / "one")
    build(root, output=tmp_path / "two")
    first, second = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {"2024/05/01/first-beat/index.html", "2024/06/03/夜のローファイ/index.html", "feed/index.html",
            "tag/ローファイ/feed/index.html", "about/index.html", "static/pygments.css"} <= set(first)
    assert b'class="footnote' in first["2024/05/01/first-beat/index.html"]
    assert b'class="highlight"' in first["2024/05/01/first-beat/index.html"]
    assert_same(first, second)


def test_rebuilding_into_the_same_folder_changes_nothing(tmp_path):
    root = mini_site(tmp_path / "site")
    build(root)
    first = snapshot(root / "output")
    build(root)
    assert_same(first, snapshot(root / "output"))
    build(root, output=root / "output")
    assert_same(first, snapshot(root / "output"))


def test_hash_seed_does_not_change_the_output(tmp_path):
    """Separate processes with different PYTHONHASHSEED: set and dict order
    must never leak into a page or feed."""
    root = mini_site(tmp_path / "site")
    outputs = []
    for seed in ("1", "2", "3"):
        target = tmp_path / f"seed-{seed}"
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(root), "--output", str(target)],
                                env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(target))
    assert_same(outputs[0], outputs[1])
    assert_same(outputs[0], outputs[2])


def test_demo_site_builds_identically_twice(tmp_path):
    build(REPO, output=tmp_path / "one")
    build(REPO, output=tmp_path / "two")
    first, second = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert "feed/index.html" in first and "index.html" in first
    assert len(first) > 20
    assert_same(first, second)


def test_two_copies_in_different_places_and_processes_build_the_same_bytes(tmp_path):
    """The same site in two folders, each built by its own process from its own cwd with a
    different hash seed, time zone and locale: no path, seed, clock zone or locale leaks."""
    runs = [("101", "Asia/Tokyo", "C.UTF-8", tmp_path / "a" / "site"),
            ("202", "America/New_York", "C", tmp_path / "somewhere" / "much" / "deeper" / "site")]
    outputs = []
    for seed, tz, locale, root in runs:
        mini_site(root)
        # cwd is the site, so name this checkout's package explicitly (not whatever is installed)
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))
        env = {**os.environ, "PYTHONPATH": path, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": locale, "LANG": locale}
        result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(root / "output"))
    assert len(outputs[0]) > 20
    assert_same(outputs[0], outputs[1])
