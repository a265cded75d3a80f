"""Property-based: hostile titles, slugs, tags, aliases, permalinks and bodies
(Hypothesis), built for real, and the promises that must hold whatever they are:

- no traceback: the command ends with exit 0 or 1;
- on 1, every message names a file, and the previous output is untouched;
- on 0, every entry has its own page, every feed is a well-formed feed, the
  manifest matches the disk, no plain-text field turned into markup;
- either way nothing is written outside the output folder, and real nginx and
  Apache accept the redirect files (where installed).
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import BASE_CONFIG, make_site, post
from generator.cli import main

TOKENS = ["..", "%2e%2e", "%2E", "//", "/", "\\", '"', "'", "<script>alert(1)</script>", '"><svg onload=1>',
          "]]>", "&lt;b&gt;", "&amp;", "&", "\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "{", "}",
          ";", "$", "?", "#", "%", "%00", "%0a", " ", "夜のローファイ", "é", "---", ": ", "- ", "*", "`", "=",
          "mix", "beat", "Mix", "A" * 60, "٣", "\u202e", "ﬁ", "CON", "."]
MARKERS = ("<script>alert(1)", "<svg onload")      # never unescaped in a page: they only enter as plain text

text = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=8).map("".join)
words = st.lists(st.sampled_from(["mix", "beat", "808", "tape", "夜", "Mix"]), min_size=1, max_size=4).map(" ".join)


@st.composite
def hostile_post(draw) -> dict:
    """Any field may hold anything: most such posts are refused, with a message."""
    fields: dict = {"title": draw(st.one_of(text, words)), "date": draw(st.sampled_from(
        ["2024-05-01", "2024-05-01 23:59:59+14:00", "2024-12-31 00:00:00-12:00", "0001-01-01", "9999-12-31", "2025-13-01"]))}
    for key, strategy in (("slug", text), ("tags", st.lists(text, max_size=3)), ("categories", st.lists(words, max_size=2)),
                          ("aliases", st.lists(text.map(lambda t: "/" + t), max_size=2)),
                          ("permalink", text.map(lambda t: "/" + t + "/")), ("excerpt", text), ("author", words),
                          ("image", st.sampled_from(["/img/x.jpg", "javascript:alert(1)", " JaVa\tScRiPt:1", "https://cdn.example/a.jpg"])),
                          ("id", st.integers(min_value=-1, max_value=5))):
        if draw(st.booleans()):
            fields[key] = draw(strategy)
    fields["body"] = draw(body)
    return fields


@st.composite
def plain_text_post(draw) -> dict:
    """Hostile text only where the user writes plain text (title, excerpt, names):
    such a post must always build, and its text must stay text."""
    fields: dict = {"title": draw(words) + draw(text), "date": draw(st.sampled_from(
        ["2024-05-01", "2024-05-01 23:59:59+14:00", "2024-12-31 00:00:00-12:00", "2025-02-03 04:05"]))}
    name = st.builds(lambda w, t: w + t, words, text)      # a name always has a letter in it
    for key, strategy in (("tags", st.lists(name, max_size=3)), ("categories", st.lists(name, max_size=2)),
                          ("excerpt", text), ("author", name)):
        if draw(st.booleans()):
            fields[key] = draw(strategy)
    fields["body"] = draw(body)
    fields["_plain"] = True
    return fields


body = st.lists(st.sampled_from(["Words.", "\n\n", "# Heading", "[link](/about/)", "`code`", "%2e%2e/", "\\", "---",
                                 "夜", "<b>ok</b>"]), max_size=6).map("".join)


def write_post(fields: dict) -> str:
    fields = dict(fields)
    body = fields.pop("body")
    fields.pop("_plain", None)
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--root", str(root)])    # any exception but a handled one fails the test
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=int(os.environ.get("TRACKPRESS_PROPERTY_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(posts=st.one_of(st.lists(hostile_post(), min_size=1, max_size=3), st.lists(plain_text_post(), min_size=1, max_size=3)))
def test_hostile_entries_build_cleanly_or_fail_cleanly(posts):
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp) / "site", {"content/posts/base.md": post("Base", "2024-01-01"),
                                              "content/pages/about.md": post("About", "2024-01-01")})
        code, _, err = run(root)
        assert code == 0, err
        before = snapshot(root / "output")
        for i, fields in enumerate(posts):
            if fields.get("_plain"):                   # two posts of one title and day share a URL: an error
                fields = {**fields, "title": f"Take {i} {fields['title']}"}
            (root / f"content/posts/h{i}.md").write_text(write_post(fields), encoding="utf-8")

        code, out, err = run(root)
        assert code in (0, 1)
        event(f"exit {code}")
        if all(p.get("_plain") for p in posts):       # only plain text was hostile: this must build
            assert code == 0, err
        assert "Traceback" not in err
        assert sorted(os.listdir(root)) == [".trackpress-cache", "content", "output", "site.toml"], "nothing beside the output folder"
        if code == 1:
            errors = [line for line in err.splitlines() if line.startswith("error: ")]
            assert errors, err
            assert all(line.startswith(("error: content/", "error: site.toml")) for line in errors), errors
            assert snapshot(root / "output") == before
            return

        after = snapshot(root / "output")
        posts_built = int(out.split()[1])
        assert posts_built == 1 + len(posts) - sum(1 for p in posts if p["date"] > "2026")
        manifest = after[".trackpress-output"].decode().splitlines()[1:]
        assert sorted(line.split("  ", 1)[1] for line in manifest) == sorted(p for p in after if p != ".trackpress-output")
        for path, data in after.items():
            if path.endswith(".html") and not path.endswith("feed/index.html"):
                page = data.decode("utf-8")
                for marker in MARKERS:
                    assert marker not in page, (path, marker)
            if path == "feed/index.html" or path.endswith("/feed/index.html"):
                ET.fromstring(data)                            # well-formed XML
                parsed = feedparser.parse(data)
                assert not parsed.bozo, (path, parsed.bozo_exception)
                for entry in parsed.entries:
                    for marker in MARKERS:
                        assert marker not in entry.get("title_detail", {}).get("value", "") or \
                            entry.title_detail.type == "text/plain", path
        check_servers(root / "output", Path(tmp))


def check_servers(output: Path, scratch: Path) -> None:
    from servers import apache_binary, apache_check, nginx_binary, nginx_check
    if nginx_binary():
        result = nginx_check(output, scratch / "nginx")
        assert result.returncode == 0, result.stderr
    if apache_binary():
        result = apache_check(output, scratch / "apache")
        assert result.returncode == 0, result.stderr

