"""read_sources: odd things under content/ are skipped or reported, never a hang or a traceback."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator import ledger, sources
from generator.errors import Reporter
from generator.sources import read_sources

POST = "---\ntitle: A\ndate: 2024-05-01\n---\nBody.\n"


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content/posts").mkdir(parents=True, exist_ok=True)
    return root


def read(root: Path):
    """read_sources in a thread with a deadline, so a hang fails the test instead of freezing it."""
    reporter = Reporter()
    box: list = []
    worker = threading.Thread(target=lambda: box.append(read_sources(root, reporter)), daemon=True)
    worker.start()
    worker.join(10)
    assert box, "read_sources hung"
    found, problems = box[0]
    return [f.path for f in found], [str(p) for p in problems], [str(w) for w in reporter.sorted()]


def test_posts_and_pages_in_sorted_order_hidden_and_leftovers_skipped(tmp_path):
    root = site(tmp_path, {
        "content/posts/b.md": POST, "content/posts/a/x.md": POST, "content/posts/a.md": POST,
        "content/posts/.hidden.md": POST, "content/posts/_draft.md": POST, "content/posts/x.md~": POST,
        "content/posts/.git/y.md": POST, "content/posts/_old/z.md": POST, "content/posts/notes.txt": "x",
        "content/pages/about.md": POST,
    })
    found, problems, warnings = read(root)
    assert found == ["content/posts/a/x.md", "content/posts/a.md", "content/posts/b.md", "content/pages/about.md"]
    assert problems == warnings == []


def test_no_content_folder_is_no_problem(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    assert read(root) == ([], [], [])


def test_reporter_may_be_none(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": POST})
    os.symlink("nowhere", root / "content/posts/gone")
    found, problems = read_sources(root, None)
    assert [f.path for f in found] == ["content/posts/a.md"] and problems == ()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_never_opened_and_is_reported(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": POST})
    os.mkfifo(root / "content/posts/pipe.md")
    os.mkfifo(root / "content/posts/pipe.txt")      # not an entry: left alone
    found, problems, _ = read(root)
    assert found == ["content/posts/a.md"]
    assert problems == ["content/posts/pipe.md: is a named pipe (FIFO), not a file; it was not read — "
                        "replace it with a regular Markdown file, or remove it from content/"]


def test_a_folder_named_like_a_post_is_walked_as_a_folder(tmp_path):
    root = site(tmp_path, {"content/posts/2024.md/inside.md": POST})
    found, problems, _ = read(root)
    assert found == ["content/posts/2024.md/inside.md"] and problems == []


def test_dangling_link_named_md_is_an_error_other_names_a_warning(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": POST})
    os.symlink("missing.md", root / "content/posts/gone.md")
    os.symlink("missing-folder", root / "content/posts/gone-folder")
    found, problems, warnings = read(root)
    assert found == ["content/posts/a.md"]
    assert problems == ["content/posts/gone.md: is a broken link: 'missing.md' does not exist — "
                        "point the link at an existing file or folder, or remove it"]
    assert warnings == ["content/posts/gone-folder: is a broken link: 'missing-folder' does not exist; skipped — "
                        "point the link at an existing file or folder, or remove it"]


def test_looping_links_are_reported(tmp_path):
    root = site(tmp_path, {})
    os.symlink("loop2.md", root / "content/posts/loop1.md")
    os.symlink("loop1.md", root / "content/posts/loop2.md")
    os.symlink(".", root / "content/posts/self")            # a folder link back to where it is
    found, problems, warnings = read(root)
    assert found == []
    assert problems == [
        "content/posts/loop1.md: is a link that loops ('loop2.md' leads back to itself) — "
        "point the link at an existing file or folder, or remove it",
        "content/posts/loop2.md: is a link that loops ('loop1.md' leads back to itself) — "
        "point the link at an existing file or folder, or remove it",
    ]
    assert warnings == ["content/posts/self: links to a folder that was already read (a loop or a second way in); "
                        "skipped — remove the link, or make it point somewhere else"]


def test_links_inside_the_site_are_followed(tmp_path):
    root = site(tmp_path, {"drafts/b.md": POST, "shared/c.md": POST})
    os.symlink("../../drafts/b.md", root / "content/posts/b.md")
    os.symlink("../../shared", root / "content/posts/shared")
    found, problems, _ = read(root)
    assert found == ["content/posts/b.md", "content/posts/shared/c.md"] and problems == []


def test_links_leaving_the_site_are_refused_naming_the_link(tmp_path):
    root = site(tmp_path, {})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(POST, encoding="utf-8")
    (outside / "notes.txt").write_text("x", encoding="utf-8")
    os.symlink(outside / "secret.md", root / "content/posts/secret.md")
    os.symlink(outside, root / "content/posts/folder")
    os.symlink(outside / "notes.txt", root / "content/posts/notes.txt")   # never read: no problem
    found, problems, _ = read(root)
    assert found == []
    assert problems == [
        f"content/posts/folder: is a link to {outside.resolve()}, outside the site folder; links must stay inside "
        "the site — copy the file or folder into the site instead of linking to it",
        f"content/posts/secret.md: is a link to {outside.resolve() / 'secret.md'}, outside the site folder; links "
        "must stay inside the site — copy the file or folder into the site instead of linking to it",
    ]


def test_content_folder_linked_from_outside_is_refused(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    outside = tmp_path / "elsewhere"
    (outside / "posts").mkdir(parents=True)
    (outside / "posts/a.md").write_text(POST, encoding="utf-8")
    os.symlink(outside, root / "content")
    found, problems, _ = read(root)
    assert found == []
    assert [p.split(":", 1)[0] for p in problems] == ["content/posts"]
    assert "outside the site folder" in problems[0]


def test_unreadable_file_is_reported(tmp_path):
    root = site(tmp_path, {"content/posts/a.md": POST, "content/posts/locked.md": POST})
    locked = root / "content/posts/locked.md"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        found, problems, _ = read(root)
    finally:
        locked.chmod(0o644)
    assert found == ["content/posts/a.md"]
    assert problems == ["content/posts/locked.md: cannot be read (permission denied) — "
                        "make it readable (chmod u+r), or move it out of content/"]


def test_permission_error_on_open_is_reported_even_as_root(tmp_path, monkeypatch):
    root = site(tmp_path, {"content/posts/a.md": POST, "content/posts/locked.md": POST})
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(sources.os, "open", fake_open)
    found, problems, _ = read(root)
    assert found == ["content/posts/a.md"]
    assert problems == ["content/posts/locked.md: cannot be read (permission denied) — "
                        "make it readable (chmod u+r), or move it out of content/"]


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    root = site(tmp_path, {"content/posts/a.md": POST, "content/posts/locked/b.md": POST})
    real_listdir = os.listdir

    def fake_listdir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(sources.os, "listdir", fake_listdir)
    found, problems, _ = read(root)
    assert found == ["content/posts/a.md"]
    assert problems == ["content/posts/locked: the folder cannot be read (permission denied) — "
                        "give yourself read permission on it (chmod u+rx), or move it out of content/"]


def test_not_utf8_reports_the_line_and_other_files_still_read(tmp_path):
    root = site(tmp_path, {"content/posts/b.md": POST})
    (root / "content/posts/a.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    found, problems, _ = read(root)
    assert found == ["content/posts/b.md"]
    assert problems == ["content/posts/a.md:2: is not UTF-8 text — save the file as UTF-8 in your editor"]


def test_bom_and_crlf(tmp_path):
    root = site(tmp_path, {})
    (root / "content/posts/a.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n")
    found, _ = read_sources(root)
    assert found[0].text == "---\ntitle: A\n---\n"


def test_posts_folder_that_is_a_file(tmp_path):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content/posts").write_text("oops", encoding="utf-8")
    _, problems, _ = read(root)
    assert problems == ["content/posts: is not a folder — content/posts/ must be a folder of .md files"]


# --- a long-lived process's memory of the last walk (trackpress serve) ------------------------------

def test_remembered_files_are_read_again_whenever_they_may_have_changed(tmp_path, monkeypatch):
    root = site(tmp_path, {"content/posts/a.md": POST, "content/posts/b.md": POST.replace("Body", "Other")})
    remembered: dict = {}
    first, _ = read_sources(root, None, remembered)
    assert not any(settled for _, settled, _ in remembered.values())   # just written: too fresh to trust
    again, _ = read_sources(root, None, remembered)
    assert [s.text for s in again] == [s.text for s in first]
    assert all(a is not b for a, b in zip(first, again))                # read again, not taken from memory

    monkeypatch.setattr(ledger, "RACY_SECONDS", 0.0)                     # now every file has settled
    settled, _ = read_sources(root, None, remembered)
    kept, _ = read_sources(root, None, remembered)
    assert all(a is b for a, b in zip(settled, kept))                    # unchanged: taken from memory

    # same size, modification time put back: the change time still tells
    path = root / "content/posts/a.md"
    info = path.stat()
    path.write_text(POST.replace("Body", "Bodx"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    changed, _ = read_sources(root, None, remembered)
    assert "Bodx" in changed[0].text and changed[1] is kept[1]

    (root / "content/posts/b.md").unlink()
    gone, _ = read_sources(root, None, remembered)
    assert [s.path for s in gone] == ["content/posts/a.md"] and list(remembered) == [("content/posts/a.md", "post")]
