"""`pip install .` (not editable) gives a `trackpress` that builds a new site with the bundled theme.

The project is built into a wheel the way pip builds it for any user (in an isolated build
environment, from a copy of the sources so nothing is written into the repository), installed
without its dependencies into a fresh virtual environment that sees the system's site-packages
(jinja2, markdown, … come from there; `generator` must come from the wheel), and the
environment's own `trackpress` script builds a site folder outside the repository that holds
only `site.toml` and one post.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, make_site, post

THEME_FILES = {"templates/base.html", "templates/single.html", "templates/index.html", "templates/archive.html",
               "templates/page.html", "templates/404.html", "static/style.css", "theme.toml", "README.md"}
# pip could not get the build backend (setuptools>=77) because no package index is reachable:
# a fact about this machine, not about the package.
OFFLINE_SIGNS = ("No matching distribution found for setuptools", "Could not find a version that satisfies",
                 "NewConnectionError", "Temporary failure in name resolution", "Network is unreachable")


def _run(*args, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _clean_env() -> dict[str, str]:
    """The environment without anything that would put the repository on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env["PYTHONSAFEPATH"] = "1"          # a script's cwd is never put first on sys.path
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the project, built by pip from a copy of what packaging reads."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", *(p.name for p in REPO.glob("LICENSE*"))):
        shutil.copy2(REPO / name, src / name)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                 "-w", tmp / "dist", src, env=_clean_env())
    if built.returncode != 0 and any(sign in built.stdout + built.stderr for sign in OFFLINE_SIGNS):
        pytest.skip("pip could not fetch the build backend (setuptools>=77) from a package index: "
                    "the non-editable install test needs network access or a pip cache holding it")
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = (tmp / "dist").glob("trackpress-*.whl")
    return found


def test_the_wheel_ships_the_default_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("generator/themes/default/") for n in names if n.startswith("generator/themes/default/")}
    assert THEME_FILES <= shipped, sorted(THEME_FILES - shipped)
    assert not any("__pycache__" in n or n.startswith(("tests/", "content/", "themes/")) for n in names)


def test_a_non_editable_install_builds_a_new_site_with_the_default_theme(wheel, tmp_path):
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
                     "--ignore-installed", "--disable-pip-version-check", "-q", wheel, env=_clean_env())
    assert installed.returncode == 0, installed.stdout + installed.stderr

    site = make_site(tmp_path / "new-site", {"content/posts/x.md": post("First Loop", "2025-03-04 12:00:00+00:00",
                                                                         "A loop, *finally* finished.")})
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == \
        ["content/posts/x.md", "site.toml"]
    env = _clean_env()

    where = _run(python, "-c", "import generator; print(generator.__file__)", cwd=site, env=env)
    assert where.returncode == 0, where.stderr
    module = Path(where.stdout.strip()).resolve()
    assert module.is_relative_to(venv.resolve()), module
    assert not module.is_relative_to(REPO), module

    result = _run(venv / "bin" / "trackpress", "build", cwd=site, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = site / "output"
    page = (out / "2025/03/04/first-loop/index.html").read_text(encoding="utf-8")
    assert "First Loop" in page and "<em>finally</em>" in page
    assert (out / "index.html").is_file() and (out / "feed/index.html").is_file()
    bundled = (REPO / "generator/themes/default/static/style.css").read_bytes()
    assert (out / "static/style.css").read_bytes() == bundled
    assert "/static/style.css" in page
