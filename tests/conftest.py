"""Shared test helpers: a whole mini-site written from a dict, built for real."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildSummary, build_site

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE_FEED = SHARED / "reference" / "wordpress-tag-feed.xml"
# A WordPress-shaped tag feed written for the tests (invented posts, the real feed's structure):
# what runs in a lone clone where ../shared is absent.
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_FEED = FIXTURES / "wordpress-tag-feed.xml"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)

BASE_CONFIG = """\
title = "Test Beats"
tagline = "Loops & notes"
base_url = "https://beats.example"
timezone = "America/Los_Angeles"
author = "Rowan Vale"
site_icon = "/static/icon.png"
"""


def post(title: str, date: str, body: str = "Some words.", **fields) -> str:
    """A Markdown file with front matter; extra fields are written as YAML."""
    import yaml
    meta = {"title": title, "date": date, **fields}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"


def make_site(root: Path, files: dict[str, str], config: str = BASE_CONFIG) -> Path:
    """Write site.toml and every file (paths relative to the site root)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, **options) -> BuildSummary:
    options.setdefault("now", NOW)
    return build_site(BuildOptions(root=root, **options))


def read(root: Path, path: str) -> str:
    return (root / "output" / path).read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` with this checkout's package, whatever the cwd and whatever is installed."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": path})


@pytest.fixture(scope="session")
def reference_feed() -> Path:
    """The user's real WordPress tag feed, or a skip when this checkout has no ../shared.

    Only tests that compare against the real feed's text use it; CI has the file and runs
    them. Everything else in the suite uses fixtures the project writes itself.
    """
    if not REFERENCE_FEED.is_file():
        pytest.skip(f"the real WordPress feed {REFERENCE_FEED} is absent: the comparisons against "
                    "the user's real feed are skipped (they run where ../shared/reference exists, as in CI)")
    return REFERENCE_FEED


@pytest.fixture
def site(tmp_path: Path):
    """`site(files, config=...)` → a built site's root folder."""
    def make(files: dict[str, str], config: str = BASE_CONFIG, **options) -> Path:
        root = make_site(tmp_path / "site", files, config)
        build(root, **options)
        return root
    return make
