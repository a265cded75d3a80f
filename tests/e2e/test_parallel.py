"""Bodies rendered in worker processes give the same site, byte for byte, as one process."""
from __future__ import annotations

import random
from pathlib import Path

from conftest import make_site, post, run_cli
from generator import markdown
from generator.markdown import render_bodies


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generated(count: int, seed: int = 10) -> dict[str, str]:
    rng = random.Random(seed)
    words = "kick snare bass synth pad chord loop mix master reverb delay tape 夜 音楽 \"quoted\" it's -- ...".split()
    files = {}
    for i in range(count):
        paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 40))) for _ in range(rng.randint(1, 4))]
        body = f"## Part {i}\n\n" + "\n\n".join(paragraphs)
        if i % 3 == 0:
            body += "\n\n```python\nprint('take %d')\n```\n" % i
        if i % 7 == 0:
            body += "\n\n- one\n- two [link](https://example.com/%d)\n" % i
        files[f"content/posts/{i:04d}.md"] = post(
            f"Session {i}", f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d} 10:{i % 60:02d}:00", body,
            tags=[f"tag{i % 9}"], categories=[f"Cat {i % 4}"])
    return files


def test_jobs_2_and_jobs_1_write_identical_sites(tmp_path):
    files = generated(220)
    serial = make_site(tmp_path / "serial", files)
    parallel = make_site(tmp_path / "parallel", files)
    one = run_cli("build", "--root", str(serial), "--jobs", "1")
    two = run_cli("build", "--root", str(parallel), "--jobs", "2")
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert one.stdout.startswith("Built 220 posts")
    assert snapshot(serial / "output") == snapshot(parallel / "output")


def test_a_pool_returns_the_serial_bodies_in_the_entries_order(tmp_path, monkeypatch):
    from generator.pipeline import _read
    from generator.errors import Reporter
    root = make_site(tmp_path / "site", generated(30))
    entries = _read(root.resolve(), Reporter()).entries
    monkeypatch.setattr(markdown, "PARALLEL_THRESHOLD", 4)     # a pool even for this small site
    pooled = render_bodies(entries, 55, jobs=2)
    serial = render_bodies(entries, 55, jobs=1)
    assert list(pooled) == list(serial) == [e.source for e in entries]
    assert pooled == serial


def test_jobs_must_be_a_positive_number(tmp_path):
    root = make_site(tmp_path / "site", generated(2))
    for bad in ("0", "-3", "many"):
        result = run_cli("build", "--root", str(root), "--jobs", bad)
        assert result.returncode == 2 and "--jobs" in result.stderr


def test_pages_produced_in_worker_processes_are_the_serial_pages(tmp_path, monkeypatch):
    """Pages (not only bodies) in forked workers: the same files, the same warnings, the same errors."""
    from conftest import NOW
    from generator import render
    from generator.build import BuildOptions, build_site
    from generator.errors import BuildError, Reporter

    files = generated(60)
    files["content/posts/broken-link.md"] = post("Dead end", "2024-02-02", "Go [here](/nowhere/).")
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    sites = {}
    for jobs in (1, 2):
        root = make_site(tmp_path / f"jobs{jobs}", files)
        reporter = Reporter()
        summary = build_site(BuildOptions(root=root, now=NOW, jobs=jobs, cache=False), reporter)
        sites[jobs] = (snapshot(root / "output"), sorted(map(str, reporter.warnings)), summary.produced)
    assert sites[1] == sites[2]
    assert any("/nowhere/" in w for w in sites[2][1])
    broken = make_site(tmp_path / "broken", {**files, "themes/bad/theme.toml": 'name = "Bad"\nparent = "default"\n',
                                             "themes/bad/templates/archive.html": "{{ no_such_thing.x }}\n"},
                       config=open(tmp_path / "jobs1/site.toml", encoding="utf-8").read() + 'theme = "bad"\n')
    errors = {}
    for jobs in (1, 2):
        try:
            build_site(BuildOptions(root=broken, now=NOW, jobs=jobs, cache=False, output=tmp_path / f"out{jobs}"))
        except BuildError as exc:
            errors[jobs] = sorted(map(str, exc.diagnostics))
    assert errors[1] == errors[2] and errors[1], errors


def test_front_matter_parsed_in_a_pool_gives_the_serial_entries_problems_warnings_and_parse_cache(tmp_path, monkeypatch):
    """Files parsed in forked workers (content.PARALLEL_PARSE lowered so this small site gets a pool) give
    the same entries, the same problems and warnings in the same order, and the same parse cache records."""
    import json

    from generator import content
    from generator.errors import BuildError, Reporter
    from generator.pipeline import _read
    files = generated(30)
    files["content/posts/odd.md"] = post("Odd keys", "2024-02-02", "Text.", titel="typo")       # a warning
    files["content/posts/draft.md"] = "---\ntitle: Draft\ndate: 2024-13-40\ndraft: true\n---\nUnfinished.\n"
    monkeypatch.setattr(content, "PARALLEL_PARSE", 4)
    found = {}
    for jobs in (1, 2):
        root = make_site(tmp_path / f"site{jobs}", files)
        reporter = Reporter()
        read = _read(root.resolve(), reporter, remember=True, jobs=jobs)
        read.memo.save(lambda path, data: path.parent.mkdir(exist_ok=True) or path.write_bytes(data))
        stored = json.loads((root / ".trackpress-cache/entries.json").read_text(encoding="ascii"))["entries"]
        found[jobs] = ([repr(e) for e in read.entries], [str(w) for w in reporter.warnings],
                       [str(p) for p in read.problems],
                       {v["entry"]["f"]["source"]: v for v in stored.values()})   # (keys hash the site's folder too)
    assert found[1] == found[2]
    entries, warnings, problems, stored = found[2]
    assert len(entries) == 31 and len(stored) == 31 and not problems
    assert any("titel" in w for w in warnings) and any("draft" in w and "skipped" in w for w in warnings)
    broken = dict(files)
    broken["content/posts/bad.md"] = "---\ntitle: Bad\ndate: someday\n---\nText.\n"
    broken["content/posts/worse.md"] = "---\ntitle: [unclosed\n---\nText.\n"
    messages = {}
    for jobs in (1, 2):
        root = make_site(tmp_path / f"broken{jobs}", broken)
        reporter = Reporter()
        messages[jobs] = [str(p) for p in _read(root.resolve(), reporter, jobs=jobs).problems]
    assert messages[1] == messages[2] and len(messages[2]) == 2


def test_links_checked_in_the_workers_warn_as_one_process_does(tmp_path):
    """Links are checked where each body is rendered (in the pool's workers): the warnings, their order,
    files and lines are those of a build in one process."""
    files = generated(80)
    for i in range(0, 80, 9):
        files[f"content/posts/{i:04d}.md"] += f"\n\nSee [the old mix](/no-such-page-{i}/) and [a track](/2020/01/01/nowhere/).\n"
    warnings = {}
    for jobs in ("1", "2"):
        root = make_site(tmp_path / f"site{jobs}", files)
        result = run_cli("build", "--root", str(root), "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        warnings[jobs] = [line for line in result.stderr.splitlines() if "which the build does not write" in line]
    assert warnings["1"] == warnings["2"] and len(warnings["2"]) == 2 * 9
    assert any("content/posts/0009.md:" in w and "/no-such-page-9/" in w for w in warnings["2"])


def test_the_parents_own_work_runs_while_the_pool_renders_and_stops_it_when_it_fails(tmp_path, monkeypatch):
    """iter_bodies' `meanwhile` (the build plans its pages there): called once, after every batch is handed
    to the workers and before the first body comes back; what it raises reaches the caller and the pool stops."""
    import functools
    import time
    import pytest
    from generator.pipeline import _read
    from generator.errors import Reporter
    root = make_site(tmp_path / "site", generated(40))
    entries = _read(root.resolve(), Reporter()).entries
    monkeypatch.setattr(markdown, "PARALLEL_THRESHOLD", 4)
    seen = []
    marks = tmp_path / "marks"
    marks.mkdir()

    def meanwhile():
        deadline = time.monotonic() + 30
        while not any(marks.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)                              # the workers are rendering while this runs
        seen.append(len(list(marks.iterdir())))

    bodies = dict(markdown.iter_bodies(entries, 55, jobs=2, keep=functools.partial(_note_worker, marks), kept={},
                                       meanwhile=meanwhile))
    assert len(seen) == 1 and seen[0] >= 1 and bodies == render_bodies(entries, 55, jobs=1)
    serial_seen = []
    dict(markdown.iter_bodies(entries[:3], 55, jobs=1, meanwhile=lambda: serial_seen.append(1)))
    assert serial_seen == [1]

    def fails():
        raise RuntimeError("the plan failed")

    with pytest.raises(RuntimeError, match="the plan failed"):
        dict(markdown.iter_bodies(entries, 55, jobs=2, meanwhile=fails))


def _note_worker(marks: Path, entry, body) -> None:
    """A `keep` that runs in the workers (picklable): a file for each body rendered."""
    import os
    (marks / f"{os.getpid()}-{entry.source.replace('/', '_')}").touch()
