"""Bad input, end to end: every problem is reported as
`path:line: field: what is wrong — how to fix it`, all of them in one run,
exit code 1, and nothing is written.

Line numbers count from the top of the file: the opening `---` is line 1.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BASE_CONFIG, build, make_site, post, run_cli
from generator.errors import BuildError

DATE_HINT = "use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ"
YAML_HINT = 'check indentation and quote values containing ": " or starting with a quote'
TEMPLATE_HINT = "fix the template (see the Jinja docs) and build again"


def failed_build(root: Path, *args: str) -> list[str]:
    """Run `build` on the command line, check it failed the documented way,
    and return the problems it printed (without the `error: ` prefix)."""
    had_output = (root / "output").exists()
    result = run_cli("build", "--root", str(root), *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == "", "a failed build must not print a success line"
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    count = len(errors)
    assert count >= 1
    assert lines == errors + [f"{count} problem{'s' if count != 1 else ''} found; nothing was written."]
    if not had_output:
        assert not (root / "output").exists()
    return [line.removeprefix("error: ") for line in errors]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".output.staging-", ".output.old-")))


# --- front matter --------------------------------------------------------------------------

def test_missing_title(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/untitled.md": "---\ndate: 2024-05-01\n---\nNo title here.\n",
    })
    assert failed_build(root) == [
        'content/posts/untitled.md:1: title: missing — add a line like title: "My new track"',
    ]


def test_missing_date(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/undated.md": "---\ntitle: Undated\n---\nNo date here.\n",
    })
    assert failed_build(root) == [f"content/posts/undated.md:1: date: missing — {DATE_HINT}"]


def test_unparseable_date_names_file_line_and_fix(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/first-beat.md": "---\ntitle: First beat\ndate: 2024-13-01\n---\nHello.\n",
    })
    assert failed_build(root) == [
        'content/posts/first-beat.md:3: date: "2024-13-01" is not a date — '
        "use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ",
    ]

    with pytest.raises(BuildError) as caught:
        build(root)
    [problem] = caught.value.diagnostics
    assert (problem.path, problem.line, problem.field) == ("content/posts/first-beat.md", 3, "date")
    assert problem.message == '"2024-13-01" is not a date'
    assert problem.hint == DATE_HINT


def test_badly_indented_yaml_points_at_the_bad_line(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/indent.md": (
            "---\n"                 # 1
            "title: Indented\n"     # 2
            "date: 2024-05-01\n"    # 3
            "tags:\n"               # 4
            "  - Mixing\n"          # 5
            " draft: false\n"       # 6  one space: not in the list, not a top-level key
            "---\n"
            "Body.\n"
        ),
    })
    [problem] = failed_build(root)
    assert problem.startswith("content/posts/indent.md:6: front matter is not valid YAML: ")
    assert problem.endswith(" — " + YAML_HINT)


def test_unclosed_quote_points_at_the_opening_quote(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/quote.md": (
            "---\n"                         # 1
            'title: "Half a quotation\n'    # 2  the quote is never closed
            "date: 2024-05-01\n"            # 3
            "---\n"                         # 4
            "Body.\n"
        ),
    })
    [problem] = failed_build(root)
    assert problem.startswith("content/posts/quote.md:2: front matter is not valid YAML: ")
    assert problem.endswith(" — " + YAML_HINT)


def test_values_of_the_wrong_type(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/typed.md": (
            "---\n"                 # 1
            "title: Typed\n"        # 2
            "date: 2024-05-01\n"    # 3
            'draft: "yes"\n'        # 4
            "tags: {a: 1}\n"        # 5
            "id: abc\n"             # 6
            "---\n"
            "Body.\n"
        ),
    })
    draft, tags, wp_id = failed_build(root)
    assert draft == 'content/posts/typed.md:4: draft: "yes" is not true or false — write draft: true or draft: false'
    assert tags.startswith("content/posts/typed.md:5: tags: ")
    assert tags.endswith(' is not a list — write a list like tags: ["Mixing", "Gear"]')
    assert wp_id == ('content/posts/typed.md:6: id: "abc" is not a post ID — '
                     "use the WordPress post ID, a whole number like 8343")


def test_front_matter_never_closed(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/open.md": "---\ntitle: Open\ndate: 2024-05-01\nThe body starts here.\n",
    })
    assert failed_build(root) == [
        "content/posts/open.md:1: front matter is not closed — end the front matter with a line of three dashes: ---",
    ]


def test_file_without_front_matter(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/bare.md": "Just some words, no header.\n",
    })
    assert failed_build(root) == [
        "content/posts/bare.md:1: no front matter — start the file with a --- line, then title: and date:, then ---",
    ]


# --- URLs ----------------------------------------------------------------------------------

def test_two_posts_claiming_one_url_name_both_files(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("Same title", "2024-05-01"),
        "content/posts/b.md": post("Same title", "2024-05-01 18:00:00"),
    })
    problems = failed_build(root)
    assert problems == [  # one error naming both sources and the field to change
        "content/posts/a.md: permalink: the URL /2024/05/01/same-title/ is claimed by the post content/posts/a.md "
        "and the post content/posts/b.md — give one of them another slug: or permalink:"]


def test_page_slug_colliding_with_a_post_permalink(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/about.md": post("About", "2024-05-01"),
        "content/pages/about.md": post("About", "2024-05-01"),
    }, config=BASE_CONFIG + 'permalink = "/%postname%/"\n')
    problems = failed_build(root)
    assert problems == [
        "content/pages/about.md: permalink: the URL /about/ is claimed by the page content/pages/about.md "
        "and the post content/posts/about.md — give one of them another slug: or permalink:"]


def test_permalink_leaving_the_output_folder_names_the_post_and_writes_nothing(tmp_path):
    root = make_site(tmp_path, {"content/posts/first-beat.md": post("First beat", "2024-05-01")})
    assert run_cli("build", "--root", str(root)).returncode == 0
    before = snapshot(root / "output")

    (root / "content/posts/escape.md").write_text(
        "---\ntitle: Escape\ndate: 2024-05-02\npermalink: /../../escape/\n---\nOut.\n", encoding="utf-8")
    [problem] = failed_build(root)
    assert snapshot(root / "output") == before
    assert leftovers(root) == []
    assert not (tmp_path.parent / "escape").exists()
    # The user must learn which of their files is at fault, not an output path.
    assert problem.startswith("content/posts/escape.md")
    assert "permalink" in problem


# --- themes --------------------------------------------------------------------------------

def test_unknown_theme_lists_the_known_themes(tmp_path):
    root = make_site(tmp_path, {"content/posts/first-beat.md": post("First beat", "2024-05-01")},
                     config=BASE_CONFIG + 'theme = "nope"\n')
    [problem] = failed_build(root)
    assert problem.startswith("site.toml")
    assert "theme: no theme named 'nope' — use one of: default, or add themes/nope/templates/" in problem


def test_template_syntax_error_in_a_child_theme(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/first-beat.md": post("First beat", "2024-05-01"),
        "themes/broken/theme.toml": 'parent = "default"\n',
        "themes/broken/templates/single.html": (
            '{% extends "base.html" %}\n'   # 1
            "{% block content %}\n"         # 2
            "{% if post %}\n"               # 3  never closed
            "<h1>{{ post.title }}</h1>\n"   # 4
            "{% endblock %}\n"              # 5  where Jinja notices
        ),
    }, config=BASE_CONFIG + 'theme = "broken"\n')
    [problem] = failed_build(root)
    assert problem.startswith("themes/broken/templates/single.html:5: Encountered unknown tag 'endblock'.")
    assert "The innermost block that needs to be closed is 'if'." in problem
    assert problem.endswith(" — " + TEMPLATE_HINT)


def test_template_runtime_error_in_a_child_theme(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/first-beat.md": post("First beat", "2024-05-01"),
        "themes/broken/theme.toml": 'parent = "default"\n',
        "themes/broken/templates/single.html": (
            '{% extends "base.html" %}\n'
            "{% block content %}\n"
            "<h1>{{ post.title }}</h1>\n"
            "<p>{{ no_such_thing }}</p>\n"  # 4
            "{% endblock %}\n"
        ),
    }, config=BASE_CONFIG + 'theme = "broken"\n')
    assert failed_build(root) == [
        "themes/broken/templates/single.html:4: UndefinedError: 'no_such_thing' is undefined "
        "(while rendering the post content/posts/first-beat.md) — " + TEMPLATE_HINT,
    ]


# --- site.toml -----------------------------------------------------------------------------

@pytest.mark.parametrize("config, expected", [
    pytest.param(
        'titel = "Test Beats"\ntagline = "Loops"\nbase_url = "https://beats.example"\n',
        ["site.toml:1: titel: unknown key — did you mean 'title'?",
         'site.toml: title: missing — add a line like title = "…"'],
        id="unknown-key-typo"),
    pytest.param(
        BASE_CONFIG + 'posts_per_page = "ten"\n',
        ["site.toml:7: posts_per_page: 'ten' is not a whole number — write it as a bare number like 10"],
        id="wrong-type"),
    pytest.param(
        BASE_CONFIG.replace("America/Los_Angeles", "America/Los_Angelos"),
        ["site.toml:4: timezone: 'America/Los_Angelos' is not an IANA time zone — "
         "use a name like 'America/Los_Angeles'"],
        id="bad-timezone"),
    pytest.param(
        BASE_CONFIG.replace('"https://beats.example"', '"beats.example"'),
        ["site.toml:3: base_url: 'beats.example' is not an absolute http(s) URL — "
         'write it like "https://example.com"'],
        id="bad-base-url"),
    pytest.param(
        BASE_CONFIG.replace('title = "Test Beats"\n', ""),
        ['site.toml: title: missing — add a line like title = "…"'],
        id="missing-title"),
    pytest.param(
        BASE_CONFIG.replace("America/Los_Angeles", "America"),
        ["site.toml:4: timezone: 'America' is a region, not a time zone — add the city, like 'America/Adak'"],
        id="region-as-timezone"),
    pytest.param(
        BASE_CONFIG + '[[nav]]\ntitle = "Hi"\nurl = "javascript:alert(1)"\n',
        ["site.toml:7: nav: url 'javascript:alert(1)' is a javascript: URL, which runs code or hides content in "
         'the page; it is not allowed — write an http(s) URL, a site path like "/about/", or mailto:you@example.com'],
        id="script-url-in-nav"),
])
def test_site_toml_problems(tmp_path, config, expected):
    root = make_site(tmp_path, {"content/posts/first-beat.md": post("First beat", "2024-05-01")}, config=config)
    assert sorted(failed_build(root)) == sorted(expected)


def test_site_toml_with_only_the_required_keys_builds(tmp_path):
    """tagline, timezone, author … are optional (README); leaving them out is no error."""
    root = make_site(tmp_path, {"content/posts/first-beat.md": post("First beat", "2024-05-01")},
                     config='title = "Test Beats"\nbase_url = "https://beats.example"\n')
    result = run_cli("build", "--root", str(root))
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 posts, 0 pages, ")
    assert (root / "output/2024/05/01/first-beat/index.html").is_file()


# --- the run as a whole --------------------------------------------------------------------

def test_every_bad_file_is_reported_in_one_run(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/good.md": post("Good", "2024-05-01"),
        "content/posts/first-beat.md": "---\ntitle: First beat\ndate: 2024-13-01\n---\nHello.\n",
        "content/posts/untitled.md": "---\ndate: 2024-05-01\n---\nNo title.\n",
        "content/posts/bare.md": "No front matter at all.\n",
        "content/pages/typed.md": "---\ntitle: Typed\ndate: 2024-05-01\ndraft: maybe\n---\nBody.\n",
    }, config=BASE_CONFIG + 'theme = "nope"\n')
    problems = failed_build(root)
    assert len(problems) == 5
    assert sorted(p.split(":", 1)[0] for p in problems) == [
        "content/pages/typed.md", "content/posts/bare.md", "content/posts/first-beat.md",
        "content/posts/untitled.md", "site.toml",
    ]
    assert 'content/posts/first-beat.md:3: date: "2024-13-01" is not a date — ' + DATE_HINT in problems
    assert 'content/pages/typed.md:4: draft: "maybe" is not true or false — write draft: true or draft: false' in problems

    with pytest.raises(BuildError) as caught:
        build(root)
    assert len(caught.value.diagnostics) == 5


def test_failed_build_leaves_the_previous_output_exactly_as_it_was(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/first-beat.md": post("First beat", "2024-05-01", tags=["Mixing"]),
        "content/posts/second-beat.md": post("Second beat", "2024-05-02", categories=["Releases"]),
        "content/pages/about.md": post("About", "2024-01-01"),
    })
    good = run_cli("build", "--root", str(root))
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("Built 2 posts, 1 pages, ")
    before = snapshot(root / "output")
    assert "2024/05/01/first-beat/index.html" in before and "feed/index.html" in before

    (root / "content/posts/second-beat.md").write_text(
        "---\ntitle: Second beat\ndate: 2024-13-01\n---\nBroken now.\n", encoding="utf-8")
    (root / "content/posts/third-beat.md").write_text(post("Third beat", "2024-05-03"), encoding="utf-8")
    assert failed_build(root) == [f'content/posts/second-beat.md:3: date: "2024-13-01" is not a date — {DATE_HINT}']

    assert snapshot(root / "output") == before
    assert leftovers(root) == []
    assert sorted(p.name for p in root.iterdir()) == [".trackpress-cache", "content", "output", "site.toml"]


def test_debug_shows_the_traceback(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/first-beat.md": "---\ntitle: First beat\ndate: 2024-13-01\n---\nHello.\n",
    })
    plain = run_cli("build", "--root", str(root))
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr

    for args in (("--debug", "build", "--root", str(root)), ("build", "--debug", "--root", str(root))):
        debug = run_cli(*args)
        assert debug.returncode == 1
        assert debug.stdout == ""
        assert "Traceback (most recent call last)" in debug.stderr
        assert "BuildError" in debug.stderr
        assert 'error: content/posts/first-beat.md:3: date: "2024-13-01" is not a date' in debug.stderr
        assert debug.stderr.rstrip().endswith("1 problem found; nothing was written.")


# --- the writer ----------------------------------------------------------------------------

def test_writer_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    root = make_site(tmp_path / "site", {"content/posts/first-beat.md": post("First beat", "2024-05-01")})
    mine = tmp_path / "my-stuff"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes\n", encoding="utf-8")

    assert failed_build(root, "--output", str(mine)) == [
        f"{mine.resolve()}: the output folder has files that an earlier build did not write — "
        "choose an empty or new folder with --output; Trackpress never replaces folders it did not make",
    ]
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-stuff", "site"]

    with pytest.raises(BuildError):
        build(root, output=mine)
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_writer_refuses_an_output_path_that_is_a_file(tmp_path):
    root = make_site(tmp_path / "site", {"content/posts/first-beat.md": post("First beat", "2024-05-01")})
    target = tmp_path / "output.txt"
    target.write_text("keep me\n", encoding="utf-8")
    assert failed_build(root, "--output", str(target)) == [
        f"{target.resolve()}: the output path is a file — pass --output a folder (default: output/)",
    ]
    assert target.read_text(encoding="utf-8") == "keep me\n"
