"""plancache.py: a plan reads back as itself, shared tuples are written once, and only its own key reads it."""
from __future__ import annotations

from pathlib import Path

from generator.model import Plan, PlannedOutput
from generator.plancache import FILE_NAME, load_plan, plan_key, store_plan


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def test_a_plan_reads_back_equal_with_its_shared_tuples_shared_and_written_once(tmp_path):
    everyone = tuple(f"content/posts/p{i:05d}.md" for i in range(2000))      # an author archive's sources
    outputs = tuple(PlannedOutput("author", f"/author/a/page/{n}/", f"author/a/page/{n}/index.html", f"page {n}",
                                  everyone, "author", "archive.html", everyone[n * 10:n * 10 + 10], "author/a", n, 200)
                    for n in range(1, 201))
    outputs += (PlannedOutput("static", "/x.css", "x.css", "a copy", ("static/x.css",), copy_from="/site/static/x.css"),)
    plan = Plan(outputs)
    key = plan_key("code", ("outlines",))
    assert store_plan(tmp_path, key, plan, write)
    assert (tmp_path / FILE_NAME).stat().st_size < 200_000       # not 200 copies of 2,000 paths (~8 MB)
    again = load_plan(tmp_path, key)
    assert again == plan
    assert all(o.sources is again.outputs[0].sources for o in again.outputs[:200])
    assert load_plan(tmp_path, plan_key("other code", ("outlines",))) is None
    assert load_plan(tmp_path / "nowhere", key) is None
