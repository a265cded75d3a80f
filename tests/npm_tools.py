"""npm packages the tests use (axe-core, vnu-jar), installed on first use into .cache/node/ in the
checkout (git-ignored), so a fresh clone in CI gets them from the registry by itself."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PREFIX = REPO / ".cache" / "node"
VERSIONS = {"axe-core": "4.14.1", "vnu-jar": "26.9.27"}     # pinned: a new rule set must not fail CI by itself


def npm_package(name: str) -> Path:
    """The installed package's folder, installing it with npm when missing; a skip (with why)
    only when npm itself is absent or the registry cannot be reached."""
    prefix = PREFIX / f"{name}-{VERSIONS[name]}"   # one prefix each: npm prunes packages another install put there
    folder = prefix / "node_modules" / name
    if (folder / "package.json").is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"needs the npm package {name}, and npm is not installed (apt-get install npm)")
    prefix.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--no-save",
                             f"{name}@{VERSIONS[name]}"], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not (folder / "package.json").is_file():
        pytest.skip(f"npm could not install {name}@{VERSIONS[name]}: {result.stderr.strip()[-400:]}")
    return folder
