"""`trackpress new` and `trackpress init`: hostile titles stay inside content/ and
read back as written; a new site builds at once; nothing is ever overwritten."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.build import BuildOptions, build_site
from generator.errors import TrackpressError
from generator.scaffold import clean_title, init_site, new_entry, yaml_string
from tests.conftest import make_site, run_cli

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
CONFIG = 'title = "T"\nbase_url = "https://t.example"\ntimezone = "Asia/Tokyo"\nauthor = "Rowan \\"DJ\\" Vale"\n'


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


HOSTILE = [
    "..", "../../etc/passwd", "/etc/passwd", "a/b\\c", "x" * 300, "é" * 300, "夜" * 120,
    "Line one\nLine two", "tab\there", "bell\x07and\x1bescape\x00nul", 'say "hi"', "it's", "'single'",
    "--- not a fence", "---", "key: value", "# comment", "[list]", "{map: 1}", "&anchor *alias", "!tag",
    "yes", "null", "~", "0x1F", "1e3", "@at", "`tick`", "%percent", "trailing\\", "\u2028sep\u2029", "\ufeffbom",
    "emoji 🎛️ and \U0001F3B9", "\udcff lone surrogate", "<script>alert(1)</script>", "CON", "feed", "page",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_stay_inside_and_round_trip(tmp_path, title):
    root = make_site(tmp_path / "site", {}, CONFIG)
    path = new_entry(root, title, now=NOW)
    assert path.resolve().parent == (root / "content/posts/2026").resolve()
    assert len(path.name.encode("utf-8")) <= 255
    meta = front_matter(path)
    assert meta["title"] == clean_title(title) and meta["draft"] is True
    assert meta["author"] == 'Rowan "DJ" Vale'
    assert str(meta["date"]) == "2026-03-04 14:06:07+09:00"          # now, in the site's time zone
    summary = build_site(BuildOptions(root=root, drafts=True, now=datetime(2027, 1, 1, tzinfo=timezone.utc)))
    assert summary.posts == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_title_round_trips_through_yaml(title):
    assert yaml.safe_load("title: " + yaml_string(title))["title"] == title


def test_new_post_and_page_and_no_overwrite(tmp_path):
    root = make_site(tmp_path / "site", {}, CONFIG)
    result = run_cli("new", "Sodium Lights: the Stems", "--root", str(root))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    year = datetime.now(timezone.utc).astimezone().year
    assert path.name == "sodium-lights-the-stems.md" and path.parent.name in (str(year), str(year + 1), str(year - 1))
    before = path.read_bytes()
    again = run_cli("new", "Sodium Lights: the Stems", "--root", str(root))
    assert again.returncode == 1 and "already exists" in again.stderr and "sodium-lights-the-stems.md" in again.stderr
    assert "Traceback" not in again.stderr and path.read_bytes() == before
    page = run_cli("new", "Contact", "--page", "--root", str(root))
    assert page.returncode == 0 and Path(page.stdout.strip()) == root / "content/pages/contact.md"
    assert "categories" not in front_matter(root / "content/pages/contact.md")
    built = run_cli("build", "--root", str(root), "--drafts")
    assert built.returncode == 0, built.stderr
    assert (root / "output/contact/index.html").is_file()
    assert list((root / "output").glob("*/*/*/sodium-lights-the-stems/index.html"))
    hidden = run_cli("build", "--root", str(root))
    assert hidden.returncode == 0 and "skipped 2 drafts" in hidden.stdout   # the post and the page


def test_new_refuses_an_empty_title_and_a_missing_site(tmp_path):
    root = make_site(tmp_path / "site", {}, CONFIG)
    result = run_cli("new", " \n\t ", "--root", str(root))
    assert result.returncode == 1 and "the title is empty" in result.stderr
    result = run_cli("new", "A title", "--root", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "no site.toml" in result.stderr and "Traceback" not in result.stderr


def test_init_makes_a_site_that_builds_at_once(tmp_path):
    folder = tmp_path / "my-blog"
    result = run_cli("init", str(folder))
    assert result.returncode == 0, result.stderr
    assert "trackpress serve" in result.stdout
    assert (folder / ".gitignore").read_text().splitlines()[1:] == ["output/", ".trackpress-cache/"]
    built = run_cli("build", "--root", str(folder))
    assert built.returncode == 0 and "warning" not in built.stderr, built.stderr
    assert "Built 1 posts, 1 pages" in built.stdout
    post = next((folder / "output").glob("*/*/*/first-light-the-making-of-a-loop/index.html")).read_text()
    assert "first-light-sketch.wav" in post and "youtube" in post.lower()
    assert (folder / "output/about/index.html").is_file()
    feed = feedparser.parse((folder / "output/feed/index.html").read_bytes())
    assert feed.entries[0].enclosures[0].href.endswith("/audio/first-light-sketch.wav")


def test_init_documents_every_config_key(tmp_path):
    from generator.config import _SCALARS, _LISTS, _TABLES
    init_site(tmp_path / "s", now=NOW)
    text = (tmp_path / "s/site.toml").read_text()
    for key in _SCALARS:
        assert f"{key} = " in text, key
    for table in _TABLES:
        assert f"[{table}]" in text, table
    for table in _LISTS:
        assert f"[[{table}]]" in text, table


@pytest.mark.parametrize("existing", ["site.toml", "content/posts/x.md"])
def test_init_refuses_a_folder_with_a_site(tmp_path, existing):
    folder = tmp_path / "s"
    (folder / existing).parent.mkdir(parents=True, exist_ok=True)
    (folder / existing).write_text("mine")
    result = run_cli("init", str(folder))
    assert result.returncode == 1 and "already has a site" in result.stderr and "Traceback" not in result.stderr
    assert (folder / existing).read_text() == "mine"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == \
        sorted({existing, *[p for p in ["content", "content/posts"] if existing.startswith(p + "/")]})


def test_init_refuses_to_replace_any_single_file(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / ".gitignore").write_text("my own rules\n")
    with pytest.raises(TrackpressError, match=r"\.gitignore already exists"):
        init_site(folder, now=NOW)
    assert (folder / ".gitignore").read_text() == "my own rules\n"
    assert [p.name for p in folder.iterdir()] == [".gitignore"]       # nothing else was written either
