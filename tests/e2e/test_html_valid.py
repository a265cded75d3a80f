"""Every page kind of the built demo site passes the Nu HTML Checker (vnu, the W3C's validator) with
no errors (issue 12). The checker starts once for all pages (a JVM start costs seconds)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, build
from tests.npm_tools import npm_package

# One or more pages of each kind: home and its second page, posts (code, release, Japanese, untitled…),
# pages, tag, category, author and date archives, the 404 and subscribe pages.
KINDS = ("index.html", "page/2/index.html", "about/index.html", "contact/index.html", "404.html",
         "subscribe/index.html", "tag/synths/index.html", "category/releases/index.html",
         "author/rowan-vale/index.html", "2024/index.html", "2024/04/index.html", "2024/04/12/index.html")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("valid") / "output"
    build(REPO, output=output, cache=False)
    return output


def test_every_page_of_the_demo_site_passes_the_nu_html_checker(demo):
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu HTML Checker needs Java 11+ (apt-get install default-jre-headless)")
    jar = npm_package("vnu-jar") / "build" / "dist" / "vnu.jar"
    # feeds are written as …/feed/index.html but are XML: everything else named .html is a page
    pages = sorted(p for p in demo.rglob("*.html") if not p.read_bytes().startswith(b"<?xml"))
    assert all((demo / kind).is_file() for kind in KINDS), [k for k in KINDS if not (demo / k).is_file()]
    posts = [p for p in pages if len(p.relative_to(demo).parts) == 5]    # /YYYY/MM/DD/slug/index.html
    assert len(posts) >= 10                                          # every post, not a sample
    canary = demo.parent / "canary.html"              # a page with one error: proves the checker's findings reach us
    canary.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>x</span></body></html>')
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", str(canary), *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            where = Path(m.get("url", "").removeprefix("file:")).relative_to(demo.parent).as_posix() if m.get("url") else "?"
            errors.setdefault(where, []).append(f"line {m.get('lastLine')}: {m.get('message')}")
    assert any("span" in e for e in errors.pop("canary.html", [])), "the checker did not report the canary's stray </span>"
    assert errors == {}, "\n".join(f"{file}:\n  " + "\n  ".join(found) for file, found in sorted(errors.items()))
