"""The Pagefind search index, built for real: its files are in output/ after a build
(staged with the rest of the site), only posts and pages are indexed, a site in a folder
gets its folder in every result URL, `search = false` turns it all off, and a missing
Pagefind is a clear error that leaves the previous output as it was."""
from __future__ import annotations

import os

import json
import sys

import pytest

from tests.conftest import BASE_CONFIG, build, make_site, post, read, run_cli

FILES = {
    "content/posts/a.md": post("Sub Bass Tuning", "2024-05-01 10:00", "Tune the 808 to the song's key.", tags=["bass"]),
    "content/posts/b.md": post("Chopping Soul Samples", "2024-05-02 10:00", "Chop on the transients."),
    "content/posts/locked.md": post("Members Only", "2024-05-03 10:00", "Secret stems.", protected=True),
    "content/pages/about.md": post("About", "2024-01-01", "Who we are."),
}


def page_count(output) -> int:
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_the_index_is_in_the_output_after_a_build(tmp_path):
    root = make_site(tmp_path, FILES)
    build(root)
    bundle = root / "output" / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "fragment").iterdir()) and list((bundle / "index").iterdir())
    assert page_count(root / "output") == 3                     # two posts and the page; not the protected post
    search = read(root, "search/index.html")
    assert 'src="/pagefind/pagefind-ui.js"' in search and "<noscript>" in search
    manifest = read(root, ".trackpress-output")
    assert "  pagefind/pagefind.js\n" in manifest              # staged and swapped with the rest of the build
    post_page = read(root, "2024/05/01/sub-bass-tuning/index.html")
    assert "data-pagefind-body" in post_page
    assert 'action="/search/"' in post_page and 'action="/search/"' in read(root, "404.html")


def test_index_is_deterministic(tmp_path):
    first, second = (make_site(tmp_path / n, FILES) for n in ("one", "two"))
    build(first)
    build(second)
    files = sorted(p.relative_to(first / "output") for p in (first / "output" / "pagefind").rglob("*") if p.is_file())
    assert files
    for name in files:
        assert (first / "output" / name).read_bytes() == (second / "output" / name).read_bytes(), name


def test_a_site_in_a_folder_searches_its_folder(tmp_path):
    config = BASE_CONFIG.replace('base_url = "https://beats.example"', 'base_url = "https://example.org/blog"')
    root = make_site(tmp_path, FILES, config)
    build(root)
    search = read(root, "search/index.html")
    assert 'src="/blog/pagefind/pagefind-ui.js"' in search and 'data-search-base="/blog/"' in search
    assert 'action="/blog/search/"' in read(root, "index.html")


def test_search_false_writes_no_index_page_or_form(tmp_path):
    root = make_site(tmp_path, FILES, BASE_CONFIG + "search = false\n")
    build(root)
    assert not (root / "output" / "pagefind").exists()
    assert not (root / "output" / "search").exists()
    assert "search-form" not in read(root, "index.html")


def test_a_static_file_in_the_index_folder_is_an_error(tmp_path):
    root = make_site(tmp_path, {**FILES, "static/pagefind/pagefind.js": "// mine\n"})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "static/pagefind/pagefind.js" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_binary_is_a_clear_error_and_keeps_the_old_output(tmp_path, monkeypatch):
    root = make_site(tmp_path, FILES)
    build(root)
    before = read(root, "index.html")
    (root / "content/posts/c.md").write_text(post("New One", "2024-05-04 10:00", "Fresh."), encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "site.toml: search: search is on, but Pagefind cannot run: its binary was not found" in result.stderr
    assert "pip install 'pagefind[extended]'" in result.stderr and "search = false" in result.stderr
    assert "Traceback" not in result.stderr
    assert read(root, "index.html") == before


def test_a_missing_package_is_a_clear_error(tmp_path, monkeypatch):
    from generator.errors import BuildError

    root = make_site(tmp_path, FILES)
    monkeypatch.setitem(sys.modules, "pagefind.service", None)   # `import pagefind.service` fails
    with pytest.raises(BuildError) as caught:
        build(root)
    assert "the Python package pagefind is not installed" in str(caught.value.diagnostics[0])


def test_a_site_with_nothing_to_index_still_gets_a_working_bundle(tmp_path):
    root = make_site(tmp_path, {"content/posts/locked.md": FILES["content/posts/locked.md"]})
    build(root)
    assert (root / "output" / "pagefind" / "pagefind-ui.js").is_file()
    assert page_count(root / "output") == 1                    # a placeholder: Pagefind will not index nothing


def test_an_unchanged_site_reuses_the_cached_index(tmp_path, monkeypatch):
    root = make_site(tmp_path, FILES)
    build(root)
    bundle = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output" / "pagefind").rglob("*") if p.is_file()}
    assert len(list((root / ".trackpress-cache" / "pagefind").iterdir())) == 1
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))      # Pagefind cannot run now
    build(root)                                                                         # …and is not needed
    again = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output" / "pagefind").rglob("*") if p.is_file()}
    assert again == bundle
    # a damaged cached file is not used: Pagefind would have to run (and cannot here)
    cached = next(p for p in (root / ".trackpress-cache" / "pagefind").rglob("pagefind.js"))
    cached.write_bytes(b"tampered")
    info = (root / "site.toml").stat()                  # an input changes (with none, the build has nothing to do)
    os.utime(root / "site.toml", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1 and "Pagefind cannot run" in result.stderr
    # a changed post is indexed again; --no-cache indexes whatever the cache holds
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    (root / "content/posts/b.md").write_text(post("Chopping Soul Samples", "2024-05-02 10:00", "Chop on the kicks."),
                                             encoding="utf-8")
    build(root)
    assert (root / "output" / "pagefind" / "pagefind.js").read_bytes() != b"tampered"
    assert len(list((root / ".trackpress-cache" / "pagefind").iterdir())) == 1          # only the latest is kept
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    assert run_cli("build", "--root", str(root), "--no-cache").returncode == 1


def test_a_preview_build_keeps_the_last_index_while_pages_change(tmp_path, monkeypatch):
    """`trackpress serve` builds with preview=True: Pagefind (seconds a run, no incremental mode) runs once,
    not on every save; the pages themselves are always the new ones."""
    from generator.errors import BuildError
    from generator.build import BuildOptions, build_site
    from conftest import NOW
    root = make_site(tmp_path, FILES)
    build_site(BuildOptions(root=root, now=NOW, preview=True))
    bundle = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output" / "pagefind").rglob("*") if p.is_file()}
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))      # Pagefind cannot run now
    (root / "content/posts/b.md").write_text(post("Chopping Soul Samples", "2024-05-02 10:00", "Chop the hats."),
                                             encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW, preview=True))                         # …and is not asked to
    assert "Chop the hats." in (root / "output/2024/05/02/chopping-soul-samples/index.html").read_text(encoding="utf-8")
    again = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output" / "pagefind").rglob("*") if p.is_file()}
    assert again == bundle
    with pytest.raises(BuildError, match="Pagefind cannot run"):                      # a real build indexes anew
        build_site(BuildOptions(root=root, now=NOW, output=tmp_path / "real"))
