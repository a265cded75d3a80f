"""The body cache (`.trackpress-cache/`): a rebuild renders only bodies it has not rendered before, and a
warm build writes exactly the site a clean `--no-cache` build writes — after any edit, whatever is in the cache."""
from __future__ import annotations

import os
import random
import subprocess
import shutil
import wave
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, build, make_site, post, read, run_cli
from generator import build as build_module
from generator import buildenv, cache, mdsettings
from generator.build import BuildOptions, build_site
from generator.errors import Reporter
from generator.warm import Warm
from conftest import NOW

CACHE = ".trackpress-cache"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def body_files(root: Path) -> list[Path]:
    return sorted((root / CACHE / "bodies").rglob("*.json"))


def blog(tmp_path: Path, **extra: str) -> Path:
    files = {f"content/posts/p{i}.md": post(f"Track {i}", f"2024-05-{i + 1:02d}",
                                            f"## Notes\n\nNotes on *track* {i} -- with \"quotes\".\n\n"
                                            f"```python\nprint({i})\n```\n", tags=["beats"])
             for i in range(6)}
    files["content/pages/about.md"] = post("About", "2024-01-01", "Who I am[^1].\n\n[^1]: A producer.")
    files.update(extra)
    return make_site(tmp_path / "site", files)


def warm_equals_clean(root: Path, clean: Path, reporter: Reporter | None = None, memory: Warm | None = None):
    """A build with the cache into root/output (with `memory`, in one process's memory too, as
    trackpress serve builds), then one without into `clean`: the same bytes, file for file."""
    warm = build_site(BuildOptions(root=root, now=NOW), reporter, memory)
    if clean.exists():
        shutil.rmtree(clean)
    cold = build(root, output=clean, cache=False)
    assert cold.bodies_reused == 0 and not cold.cached
    assert snapshot(root / "output") == snapshot(clean)
    return warm


def touch(path: Path) -> None:
    """A new modification time, the same bytes: an input that may have changed."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- reuse ------------------------------------------------------------------------------------

def test_a_warm_build_reuses_every_body_and_writes_the_clean_builds_bytes(tmp_path):
    root = blog(tmp_path)
    first = build(root)
    assert (first.bodies_rendered, first.bodies_reused) == (7, 0)
    assert len(body_files(root)) == 7
    second = warm_equals_clean(root, tmp_path / "clean")
    assert (second.bodies_rendered, second.bodies_reused) == (0, 7)
    assert "; bodies: 0 rendered, 7 reused" in second.line()


def test_the_cache_folder_is_tagged_and_ignored_by_git(tmp_path):
    root = blog(tmp_path)
    build(root)
    folder = root / CACHE
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert "*" in (folder / ".gitignore").read_text().splitlines()
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        assert "content/posts/p0.md" in status and CACHE not in status


def test_no_cache_neither_reads_nor_writes_the_folder(tmp_path):
    root = blog(tmp_path)
    result = run_cli("build", "--root", str(root), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "; bodies: 7 rendered, no cache" in result.stdout
    assert not (root / CACHE).exists()
    build(root)
    for path in body_files(root):                          # a poisoned cache is not read with --no-cache
        path.write_text('{"html":"X","page_html":"X","excerpt":"X","toc":"","summary":"X","reading_minutes":0}',
                            encoding="utf-8")
    before = {p: p.read_bytes() for p in body_files(root)}
    again = run_cli("build", "--root", str(root), "--no-cache")
    assert again.returncode == 0 and "warning" not in again.stderr
    assert "Notes on <em>track</em> 3" in read(root, "2024/05/04/track-3/index.html")
    assert {p: p.read_bytes() for p in body_files(root)} == before       # nor written
    assert "; bodies: 0 rendered, 7 reused" in run_cli("build", "--root", str(root)).stdout


def test_deleting_the_cache_folder_is_safe(tmp_path):
    root = blog(tmp_path)
    build(root)
    shutil.rmtree(root / CACHE)
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert summary.bodies_rendered == 7 and (root / CACHE / "CACHEDIR.TAG").is_file()


# --- invalidation, input by input -------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, shows", [
    ("Notes on *track* 2", "Fresh notes on *track* 2", "2024/05/03/track-2/index.html", "Fresh notes on <em>track</em> 2"),
    ("tags:", "format: html\ntags:", "2024/05/03/track-2/index.html", "## Notes"),      # the Markdown stays as text
    ("tags:", "excerpt: A hand-written summary\ntags:", "feed/index.html", "A hand-written summary"),
    ("title: Track 2", "title: Track Two", "2024/05/03/track-two/index.html", "Track Two"),
])
def test_an_edited_entry_is_rendered_again_and_only_it(tmp_path, old, new, where, shows):
    root = blog(tmp_path)
    build(root)
    edit(root, "content/posts/p2.md", old, new)
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert (summary.bodies_rendered, summary.bodies_reused) == (1, 6)
    assert shows in read(root, where)


def test_site_toml_excerpt_words_renders_every_body_again(tmp_path):
    root = blog(tmp_path)
    build(root)
    (root / "site.toml").write_text(BASE_CONFIG + "excerpt_words = 3\n", encoding="utf-8")
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert (summary.bodies_rendered, summary.bodies_reused) == (7, 0)
    assert "<description><![CDATA[<p>Notes Notes on [&#8230;]</p>" in read(root, "feed/index.html")
    assert build(root).bodies_reused == 7


def test_a_markdown_extension_setting_renders_every_body_again(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    configs = {**mdsettings.EXTENSION_CONFIGS, "toc": {"permalink": True}}
    monkeypatch.setattr(mdsettings, "EXTENSION_CONFIGS", configs)
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert (summary.bodies_rendered, summary.bodies_reused) == (7, 0)
    assert 'class="headerlink"' in read(root, "2024/05/01/track-0/index.html")


def test_the_trackpress_version_renders_every_body_again(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    monkeypatch.setattr(build_module, "VERSION", "99.0.0")
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert (summary.bodies_rendered, summary.bodies_reused) == (7, 0)


def test_a_change_to_trackpress_code_renders_every_body_again(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    assert len(buildenv.code_digest()) == 64
    monkeypatch.setattr(buildenv, "code_digest", lambda: "0" * 64)
    assert build(root).bodies_rendered == 7


def test_media_yaml_renders_every_body_again(tmp_path):
    gallery = post("Gallery", "2024-06-01", "[gallery columns=2]", format="html", id=7)
    root = blog(tmp_path, **{"content/posts/g.md": gallery, "content/media.yaml":
                             "- {id: 21, url: /wp-content/uploads/one.jpg, title: One, mime: image/jpeg, parent: 7}\n"})
    build(root)
    with open(root / "content/media.yaml", "a", encoding="utf-8") as media:
        media.write("- {id: 22, url: /wp-content/uploads/two.jpg, title: Two, mime: image/jpeg, parent: 7, menu_order: 1}\n")
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert (summary.bodies_rendered, summary.bodies_reused) == (8, 0)
    assert "two.jpg" in read(root, "2024/06/01/gallery/index.html")


def write_wav(path: Path, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(1), w.setframerate(8000)
        w.writeframes(b"\x80" * int(8000 * seconds))


def test_a_media_files_duration_renders_the_bodies_again(tmp_path):
    root = blog(tmp_path, **{"content/posts/a.md": post("Listen", "2024-06-02", "/audio/take.wav")})
    write_wav(root / "static/audio/take.wav", 2)
    build(root)
    assert "0:02" in read(root, "2024/06/02/listen/index.html")
    write_wav(root / "static/audio/take.wav", 5)
    summary = warm_equals_clean(root, tmp_path / "clean")
    assert summary.bodies_rendered == 8
    assert "0:05" in read(root, "2024/06/02/listen/index.html")


# --- a damaged or unusable cache ----------------------------------------------------------------

def test_damaged_cache_files_are_rendered_again_with_one_warning(tmp_path):
    root = blog(tmp_path)
    build(root)
    files = body_files(root)
    files[0].write_bytes(files[0].read_bytes()[:20])                    # truncated
    files[1].write_bytes(b"\xff\xfe not json at all")                   # garbage
    files[2].write_text('{"html": 1, "page_html": "", "excerpt": ""}')   # JSON of the wrong shape
    files[3].unlink()
    files[3].mkdir()                                                     # unreadable: a folder in its place
    edit(root, "site.toml", 'tagline = "Loops & notes"', 'tagline = "Loops & more notes"')   # every page again:
    reporter = Reporter()                  # the build reads every body (a build that keeps its pages reads none)
    summary = warm_equals_clean(root, tmp_path / "clean", reporter)
    assert (summary.bodies_rendered, summary.bodies_reused) == (4, 3)
    messages = [str(w) for w in reporter.warnings]
    assert messages == [f"{CACHE}/: 4 cached bodies could not be read and were rendered again "
                        f"— nothing to do; delete {CACHE}/ to start the cache afresh",
                        f"{CACHE}/: 1 body could not be stored in the cache — the site is built all the same; "
                        "make the folder writable, or build with --no-cache"]
    edit(root, "site.toml", 'tagline = "Loops & more notes"', 'tagline = "Loops & notes"')
    assert build(root).bodies_reused == 6                                # the three files were written anew


def test_a_cache_folder_that_cannot_be_made_means_a_build_without_it(tmp_path):
    root = blog(tmp_path)
    (root / CACHE).write_text("a file in the way")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert f"warning: {CACHE}/: cannot be used as the body cache (it is not a folder), so every build renders " \
           "every body — make .trackpress-cache/ a writable folder (or remove what is in its way), or build with " \
           "--no-cache" in result.stderr
    assert "; bodies: 7 rendered, no cache" in result.stdout
    assert "Notes on <em>track</em> 1" in read(root, "2024/05/02/track-1/index.html")


def test_a_build_that_fails_after_rendering_stores_nothing(tmp_path, monkeypatch):
    from generator import writer
    from generator.errors import BuildError
    root = blog(tmp_path)

    def full_disk(target, file):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(writer, "_write", full_disk)
    with pytest.raises(BuildError):
        build(root)
    assert not (root / CACHE).exists()


def test_a_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    root = blog(tmp_path)
    build(root)
    shutil.rmtree(root / CACHE / "bodies")

    real = cache.os.replace

    def fail(source, target):
        if CACHE in str(target):
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(cache.os, "replace", fail)
    touch(root / "site.toml")
    reporter = Reporter()
    build_site(BuildOptions(root=root, now=NOW), reporter)
    assert "7 bodies could not be stored in the cache" in str(reporter.warnings[-1])
    monkeypatch.undo()
    assert [p for p in (root / CACHE).rglob("*") if p.is_file() and p.name.startswith(".tmp-")] == []
    assert build(root).bodies_rendered == 7


# --- cold = warm after a random sequence of edits ---------------------------------------------

CHILD_THEME = {
    "themes/mine/theme.toml": 'name = "Mine"\nparent = "default"\n',
}
WORDS = "kick snare bass synth pad chord loop mix master reverb delay tape 夜 音楽 \"quoted\" it's -- ...".split()


def random_body(rng: random.Random) -> str:
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30))) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.4:
        paragraphs.append("```python\nprint(%d)\n```" % rng.randint(0, 99))
    if rng.random() < 0.3:
        paragraphs.insert(0, "## Part %d" % rng.randint(0, 9))
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("memory", [None, "serve"], ids=["command line", "one process"])
def test_warm_builds_equal_clean_builds_after_a_random_sequence_of_edits(tmp_path, monkeypatch, memory):
    """After each random edit, a cached build equals a clean one: from the caches on disk (a
    command-line build), or also from the last build's results in memory (trackpress serve's)."""
    from generator import ledger
    # so steps that change nothing take the do-nothing path, and unchanged files are taken from memory at once
    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)
    memory = Warm(private_output=True) if memory else None
    rng = random.Random(20240610)
    template = (Path(build_module.__file__).parent / "themes/default/templates/single.html").read_text(encoding="utf-8")
    files = {**CHILD_THEME, "themes/mine/templates/single.html": template}
    for i in range(8):
        files[f"content/posts/p{i}.md"] = post(f"Take {i}", f"2024-03-{i + 1:02d}", random_body(rng), tags=[f"t{i % 3}"])
    config = BASE_CONFIG + 'theme = "mine"\n'
    files["static/notes.txt"] = "liner notes\n"
    root = make_site(tmp_path / "site", files, config)
    warm_equals_clean(root, tmp_path / "clean", memory=memory)
    kinds = ["create", "edit", "rename", "delete", "template", "config", "retag", "static", "nothing"] * 2
    rng.shuffle(kinds)
    made = 8
    reused = 0
    for step, kind in enumerate(kinds):
        posts = sorted((root / "content/posts").glob("*.md"))
        if kind == "create":
            (root / f"content/posts/new{made}.md").write_text(
                post(f"New {made}", f"2024-04-{made % 28 + 1:02d}", random_body(rng)), encoding="utf-8")
            made += 1
        elif kind == "edit":
            target = rng.choice(posts)
            front = target.read_text(encoding="utf-8").split("---\n", 2)[1]
            target.write_text(f"---\n{front}---\n{random_body(rng)}\n", encoding="utf-8")
        elif kind == "rename":
            target = rng.choice(posts)
            target.rename(target.with_name(f"renamed-{step}-{target.name}"))
        elif kind == "delete":
            rng.choice(posts).unlink()
        elif kind == "retag":
            target = rng.choice(posts)
            text = target.read_text(encoding="utf-8")
            target.write_text(text.replace("tags:\n", f"tags:\n- step{step}\n", 1) if "tags:\n" in text
                              else text.replace("---\n", f"---\ntags: [step{step}]\n", 1), encoding="utf-8")
        elif kind == "static":
            (root / "static/notes.txt").write_text(f"liner notes, take {step}\n", encoding="utf-8")
        elif kind == "nothing":
            pass
        elif kind == "template":
            edit(root, "themes/mine/templates/single.html", "{% block content %}",
                 "{% block content %}<p class=\"step\">step " + str(step) + "</p>")
        else:
            tagline = f'tagline = "Loops & notes, take {step}"'
            (root / "site.toml").write_text(f'{config}{tagline}\nexcerpt_words = {rng.randint(5, 60)}\n'
                                            .replace('tagline = "Loops & notes"\n', ""), encoding="utf-8")
        summary = warm_equals_clean(root, tmp_path / f"clean-{step}", memory=memory)
        reused += summary.bodies_reused
    assert reused > 0
    if memory is not None:               # what was kept in memory was used, not only carried along
        assert {"theme", "plan", "related"} <= set(memory.hits), memory.hits
        assert not list((root / CACHE).glob("ledger-*.json"))     # serve's ledger lives in memory only


def test_old_versions_are_kept_while_the_cache_is_small(tmp_path):
    root = blog(tmp_path)
    build(root)
    target = root / "content/posts/p0.md"
    for take in range(10):                           # ten versions of one post
        target.write_text(post("Track 0", "2024-05-01", f"Take {take} of the notes."), encoding="utf-8")
        build(root)
    assert len(body_files(root)) == 7 + 10
    target.write_text(post("Track 0", "2024-05-01", "Take 3 of the notes."), encoding="utf-8")   # an undo
    assert build(root).bodies_rendered == 0


def test_pruning_keeps_every_body_the_build_used(tmp_path):
    root = blog(tmp_path)
    build(root)
    folder = root / CACHE / "bodies" / "00"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(130):                             # stale bodies beyond the limit
        (folder / f"{i:062d}.json").write_text("{}", encoding="utf-8")
    edit(root, "site.toml", 'tagline = "Loops & notes"', 'tagline = "Loops & more notes"')
    build(root)
    assert not list(folder.glob("0*.json"))          # the stale ones went
    assert len(body_files(root)) == 7 and build(root).bodies_rendered == 0


def test_records_the_workers_write_are_the_bodies_and_a_failed_build_keeps_none(tmp_path, monkeypatch):
    """Bodies rendered in the pool have their cache records written by their workers (into the build's
    spool), and moved into the cache only once the build has published; a failed build leaves neither
    records nor a spool, and the next build renders every body again."""
    from generator import writer
    from generator.errors import BuildError
    files = {f"content/posts/p{i}.md": post(f"Take {i}", f"2024-0{1 + i % 9}-{1 + i % 28:02d}",
                                            f"## Take {i}\n\nA *loop* with \"tape\" hiss -- take {i}.")
             for i in range(70)}                        # more than markdown.PARALLEL_THRESHOLD: a pool
    root = make_site(tmp_path / "site", files)
    real_write = writer._write

    def full_disk(target, file):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(writer, "_write", full_disk)
    with pytest.raises(BuildError):
        build(root, jobs=2)
    assert not (root / CACHE).exists() and not [p for p in root.iterdir() if ".spool-" in p.name]
    monkeypatch.setattr(writer, "_write", real_write)
    first = build(root, jobs=2)
    assert first.bodies_rendered == 70 and not [p for p in root.iterdir() if ".spool-" in p.name]
    stored = body_files(root)
    assert len(stored) == 70
    from generator.markdown import render_bodies
    from generator.pipeline import _read
    read = _read(root.resolve(), Reporter())
    expected = render_bodies(read.entries, read.config.excerpt_words)     # rendered here, in this process
    assert sorted(p.read_bytes() for p in stored) == sorted(cache._record(b) for b in expected.values())
    again = build(root, jobs=2)
    assert again.bodies_rendered == 0
    warm_equals_clean(root, tmp_path / "clean")

