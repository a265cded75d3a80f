"""Incremental builds (issue 10): a rebuild produces only what its inputs changed, a build with nothing
changed does nothing at all, and whatever a build reuses, its output is the clean build's, byte for byte.

The ledger (generator/ledger.py) remembers what the last build wrote and from what; page keys
(generator/reuse.py) say what each output is made from; the parse cache (generator/parsecache.py)
keeps parsed entries. Each test changes one input and checks both what was redone and the bytes."""
from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import NOW, build, make_site, post, run_cli
from generator import build as build_module
from generator import buildenv, ledger, mdsettings, pipeline
from generator.build import BuildOptions, build_site
from generator.errors import Reporter

CACHE = ".trackpress-cache"


@pytest.fixture
def quiet(monkeypatch):
    """Files written by a test are "racy" for two seconds (ledger.RACY_SECONDS): their next change
    could keep their times, so a build does not trust them to be unchanged. Tests that need the
    nothing-changed shortcut at once turn the window off; test_racy_* keep it."""
    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def blog(tmp_path: Path, **extra: str) -> Path:
    files = {f"content/posts/p{i}.md": post(f"Track {i}", f"2024-05-{i + 1:02d}", f"Notes on track {i}.\n\nMore.",
                                            tags=["beats" if i % 2 else "synths"])
             for i in range(12)}
    files["content/pages/about.md"] = post("About", "2024-01-01", "Who I am.")
    files["static/img/cover.txt"] = "a static file, copied\n"
    files.update(extra)
    return make_site(tmp_path / "site", files)


def same_as_clean(root: Path, tmp_path: Path, name: str = "clean", **options) -> None:
    clean = tmp_path / name
    if clean.exists():
        shutil.rmtree(clean)
    build(root, output=clean, cache=False, **options)
    assert snapshot(root / "output") == snapshot(clean)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- nothing changed ---------------------------------------------------------------------------

def test_a_build_with_nothing_changed_does_nothing_and_says_so(tmp_path, quiet):
    root = blog(tmp_path)
    first = build(root)
    before = stamps(root / "output")
    second = build(root)
    assert second.nothing_changed and second.written == 0 and second.produced == 0 and second.bodies_rendered == 0
    assert (second.posts, second.pages, second.files) == (first.posts, first.pages, first.files)
    assert stamps(root / "output") == before
    assert second.line().startswith("Nothing changed since the last build of 12 posts, 1 pages")
    same_as_clean(root, tmp_path)


@pytest.mark.parametrize("change", [
    "edit a post, same size and times", "add a post", "remove a post", "touch site.toml", "edit a template",
    "edit a static file", "edit an output file by hand", "remove an output file", "add a stray output file",
    "drafts option", "version", "code",
])
def test_any_change_means_the_build_runs(tmp_path, quiet, monkeypatch, change):
    root = blog(tmp_path, **{"themes/mine/theme.toml": 'name = "Mine"\nparent = "default"\n',
                             "themes/mine/templates/404.html": "{% extends 'base.html' %}{% block content %}gone{% endblock %}\n"})
    rewrite(root / "site.toml", 'title = "Test Beats"', 'theme = "mine"\ntitle = "Test Beats"')
    build(root)
    options = {}
    target = root / "content/posts/p3.md"
    if change == "edit a post, same size and times":
        info = target.stat()
        rewrite(target, "Notes on track 3.", "Notes on track X.")
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))      # only the change time tells
    elif change == "add a post":
        (root / "content/posts/new.md").write_text(post("New one", "2024-06-01", "Fresh."), encoding="utf-8")
    elif change == "remove a post":
        target.unlink()
    elif change == "touch site.toml":
        os.utime(root / "site.toml")
    elif change == "edit a template":
        rewrite(root / "themes/mine/templates/404.html", "gone", "gone away")
    elif change == "edit a static file":
        (root / "static/img/cover.txt").write_text("a static file, edited\n", encoding="utf-8")
    elif change == "edit an output file by hand":
        (root / "output/about/index.html").write_text("defaced", encoding="utf-8")
    elif change == "remove an output file":
        (root / "output/about/index.html").unlink()
    elif change == "add a stray output file":
        (root / "output/stray.html").write_text("not ours", encoding="utf-8")
    elif change == "drafts option":
        options = {"drafts": True}
    elif change == "version":
        monkeypatch.setattr(build_module, "VERSION", "99.0.0")
    else:
        monkeypatch.setattr(buildenv, "code_digest", lambda: "0" * 64)
    again = build(root, **options)
    assert not again.nothing_changed
    same_as_clean(root, tmp_path, **options)
    assert not (root / "output/stray.html").exists()


def test_a_future_post_coming_due_is_a_change(tmp_path, quiet):
    root = blog(tmp_path, **{"content/posts/soon.md": post("Soon", "2026-01-02", "Not yet.")})
    first = build(root)
    assert first.skipped_future == 1 and build(root).nothing_changed
    later = build(root, now=NOW + timedelta(days=2))
    assert not later.nothing_changed and later.posts == first.posts + 1
    assert (root / "output/2026/01/02/soon/index.html").is_file()


def test_a_killed_builds_leftovers_mean_the_build_runs_and_removes_them(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    (root / ".output.staging-k1ll3d").mkdir()
    assert not build(root).nothing_changed
    assert not (root / ".output.staging-k1ll3d").exists()


def test_racy_files_are_compared_by_their_bytes(tmp_path):
    """Without the quiet fixture: a file written just before the build (as editors save while a
    preview runs) is racy, so a same-size edit that keeps its times is still seen."""
    root = blog(tmp_path)
    build(root)
    target = root / "content/posts/p3.md"
    info = target.stat()
    rewrite(target, "Notes on track 3.", "Notes on track Y.")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not build(root).nothing_changed
    assert "Notes on track Y." in (root / "output/2024/05/04/track-3/index.html").read_text(encoding="utf-8")


def test_a_damaged_ledger_is_ignored(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    for path in (root / CACHE).glob("ledger-*.json"):
        path.write_bytes(b'{"version": 2, "output": 1')
    again = build(root)
    assert not again.nothing_changed and again.reused == 0
    same_as_clean(root, tmp_path)


def test_a_damaged_parse_cache_is_ignored(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    (root / CACHE / "entries.json").write_text('{"version": 1, "entries": {"x": {"entry": 5}}}', encoding="utf-8")
    os.utime(root / "site.toml")
    build(root)
    same_as_clean(root, tmp_path)


# --- what a rebuild produces -------------------------------------------------------------------

def test_editing_one_posts_text_produces_only_the_pages_that_show_it(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    rewrite(root / "content/posts/p3.md", "More.", "More, and a new line about the snare.")
    summary = build(root)
    # the post, and the listings and feeds it is on; never the other posts' pages
    assert 0 < summary.produced < 16, summary
    assert summary.bodies_rendered == 1 and summary.reused > 30
    assert "the snare" in (root / "output/2024/05/04/track-3/index.html").read_text(encoding="utf-8")
    same_as_clean(root, tmp_path)


def test_related_posts_are_scored_again_only_when_a_post_outline_changed(tmp_path, quiet, monkeypatch):
    calls = []
    real = pipeline.related_posts
    monkeypatch.setattr(pipeline, "related_posts", lambda site, *a, **k: calls.append(1) or real(site, *a, **k))
    root = blog(tmp_path)
    build(root)
    assert len(calls) == 1
    rewrite(root / "content/posts/p3.md", "More.", "More, about the hi-hats.")      # text only: the ledger's
    build(root)
    assert len(calls) == 1
    same_as_clean(root, tmp_path)
    rewrite(root / "content/posts/p3.md", "tags:\n", "tags:\n- hats\n")             # a new tag: scored again
    build(root, output=root / "output")
    assert len(calls) == 3                          # this build, and same_as_clean's build before it
    same_as_clean(root, tmp_path, "clean-2")


def test_the_plan_is_read_back_while_what_it_reads_is_unchanged(tmp_path, quiet, monkeypatch):
    """A command-line build keeps its plan (plancache.py) for the next build: an edit of a post's text
    plans nothing, a new tag plans again, and a damaged or foreign plan file is planned around."""
    calls = []
    real = pipeline.plan_site
    monkeypatch.setattr(pipeline, "plan_site", lambda *a, **k: calls.append(1) or real(*a, **k))
    root = blog(tmp_path)
    build(root)
    assert len(calls) == 1 and (root / CACHE / "plan.json").is_file()
    rewrite(root / "content/posts/p3.md", "More.", "More, about the rides.")        # text only: the same plan
    build(root)
    assert len(calls) == 1
    same_as_clean(root, tmp_path)                                                  # (--no-cache: it plans)
    assert len(calls) == 2
    rewrite(root / "content/posts/p3.md", "tags:\n", "tags:\n- rides\n")          # a new archive: planned again
    build(root)
    assert len(calls) == 3 and (root / "output/tag/rides/index.html").is_file()
    same_as_clean(root, tmp_path, "clean-2")
    plan_file = root / CACHE / "plan.json"
    stored = json.loads(plan_file.read_text(encoding="ascii"))
    for damaged in (b"{not json", json.dumps({**stored, "outputs": [[1, 2, 3]]}).encode(),
                    json.dumps({**stored, "outputs": stored["outputs"][:-1] + [stored["outputs"][-1][:-1]]}).encode(),
                    json.dumps({**stored, "tuples": stored["tuples"][:1]}).encode(),         # a place beyond it
                    json.dumps({**stored, "tuples": [[1]] + stored["tuples"][1:]}).encode(),
                    json.dumps({**stored, "key": "0" * 64}).encode()):
        plan_file.write_bytes(damaged)
        rewrite(root / "content/posts/p3.md", "about the", "about all the")         # text only: work to do
        before = len(calls)
        build(root)
        assert len(calls) == before + 1                                            # planned, not read
        same_as_clean(root, tmp_path, "clean-3")
        rewrite(root / "content/posts/p3.md", "about all the", "about the")
        build(root)
        assert len(calls) == before + 2                                            # the plan stored anew: read


@pytest.mark.parametrize("change", ["title", "template", "site.toml", "extension setting", "terms.yaml"])
def test_a_change_every_page_can_show_produces_every_page(tmp_path, quiet, monkeypatch, change):
    root = blog(tmp_path, **{"themes/mine/theme.toml": 'name = "Mine"\nparent = "default"\n',
                             "themes/mine/templates/partials/post-meta.html": "<p class=meta>{{ post.date_display }}</p>\n"})
    rewrite(root / "site.toml", 'title = "Test Beats"', 'theme = "mine"\ntitle = "Test Beats"')
    first = build(root)
    if change == "title":
        rewrite(root / "content/posts/p3.md", "title: Track 3", "title: Track Three")
    elif change == "template":
        rewrite(root / "themes/mine/templates/partials/post-meta.html", "class=meta", "class=meta-new")
    elif change == "site.toml":
        rewrite(root / "site.toml", 'tagline = "Loops & notes"', 'tagline = "Loops & more notes"')
    elif change == "extension setting":
        monkeypatch.setattr(mdsettings, "EXTENSION_CONFIGS", {**mdsettings.EXTENSION_CONFIGS, "toc": {"permalink": True}})
    else:
        (root / "content/terms.yaml").write_text("tags:\n  - name: Beats\n    slug: beats\n    description: Drums first.\n",
                                                 encoding="utf-8")
    summary = build(root)
    pages = first.posts + first.pages + first.archives + first.feeds    # every page and feed, at least
    assert summary.produced >= pages, (summary.produced, pages)
    same_as_clean(root, tmp_path)


def test_a_warning_is_said_again_by_every_build_that_reuses_its_page(tmp_path, quiet):
    root = blog(tmp_path, **{"content/posts/broken.md": post("Broken", "2024-07-01", "See [this](/no-such-page/).")})
    for step in range(3):
        reporter = Reporter()
        build_site(BuildOptions(root=root, now=NOW), reporter)
        assert any("links to /no-such-page/" in str(w) for w in reporter.warnings), step
        if step == 1:
            rewrite(root / "content/posts/p3.md", "More.", "More again.")     # an incremental build next


def test_a_deleted_post_leaves_no_file_and_no_empty_folder(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    (root / "content/posts/p3.md").unlink()
    build(root)
    assert not (root / "output/2024/05/04").exists()                  # its day archive folder went with it
    same_as_clean(root, tmp_path)


def test_a_file_that_must_become_a_folder_is_handled(tmp_path, quiet):
    root = blog(tmp_path, **{"static/notes": "a file\n"})
    build(root)
    (root / "static/notes").unlink()
    (root / "static/notes").mkdir()
    (root / "static/notes/a.txt").write_text("now a folder\n", encoding="utf-8")
    build(root)
    assert (root / "output/notes/a.txt").read_text(encoding="utf-8") == "now a folder\n"
    same_as_clean(root, tmp_path)


def test_an_update_that_fails_half_way_leaves_the_previous_output(tmp_path, quiet, monkeypatch):
    from generator import writer
    from generator.errors import BuildError
    root = blog(tmp_path)
    build(root)
    before = snapshot(root / "output")
    rewrite(root / "site.toml", 'title = "Test Beats"', 'title = "Test Beats II"')
    real = writer._write
    count = [0]

    def full(target, file):
        count[0] += 1
        if count[0] == 6:
            raise OSError(28, "No space left on device", str(target))
        return real(target, file)

    monkeypatch.setattr(writer, "_write", full)
    with pytest.raises(BuildError, match="No space left on device"):
        build(root)
    assert snapshot(root / "output") == before                         # no temporary file, nothing replaced
    monkeypatch.undo()
    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)
    build(root)
    same_as_clean(root, tmp_path)


def test_the_command_line_summary_counts_pages_produced_and_reused(tmp_path):
    root = blog(tmp_path)
    assert run_cli("build", "--root", str(root)).returncode == 0
    rewrite(root / "content/posts/p3.md", "More.", "More again.")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "; pages: " in result.stdout and " produced, " in result.stdout and "; bodies: 1 rendered, 12 reused" in result.stdout


def test_no_cache_keeps_no_ledger(tmp_path):
    root = blog(tmp_path)
    build(root, cache=False)
    assert not (root / CACHE).exists()
    assert not build(root, cache=False).nothing_changed


def test_the_ledger_is_json_naming_its_output_folder(tmp_path, quiet):
    root = blog(tmp_path)
    build(root)
    (found,) = (root / CACHE).glob("ledger-*.json")
    data = json.loads(found.read_text(encoding="ascii"))
    assert data["output"] == str((root / "output").resolve()) and "about/index.html" in data["files"]


def test_the_first_build_stores_the_parsed_entries_for_the_next(tmp_path, monkeypatch):
    from generator import content
    root = blog(tmp_path)
    assert not (root / CACHE).exists()
    build(root)                                        # the very first build: no cache folder before it
    assert (root / CACHE / "entries.json").is_file()
    parsed = []
    real = content._parse
    monkeypatch.setattr(content, "_parse", lambda source, *a, **k: parsed.append(source.path) or real(source, *a, **k))
    rewrite(root / "content/posts/p3.md", "More.", "More again.")
    build(root)
    assert parsed == ["content/posts/p3.md"]           # only the edited file was parsed


def test_a_page_with_a_dynamic_block_follows_the_text_of_the_posts_it_shows(tmp_path, quiet):
    """A latest-posts block showing post content reads other entries' bodies: editing one of them
    must produce the page with the block again (reuse.py: every body's key goes into such a page's key)."""
    block = '<!-- wp:latest-posts {"postsToShow":3,"displayPostContent":true,"displayPostContentRadio":"full_post"} /-->'
    root = blog(tmp_path, **{"content/pages/recent.md": post("Recent", "2024-01-02", block, format="html")})
    build(root)
    rewrite(root / "content/posts/p11.md", "More.", "More, with a brand-new bridge.")
    build(root)
    assert "brand-new bridge" in (root / "output/recent/index.html").read_text(encoding="utf-8")
    same_as_clean(root, tmp_path)
