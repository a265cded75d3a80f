"""theme: every error a template or theme.toml can cause is a Diagnostic naming the file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.theme import Theme, find_theme

HINT = "fix the template (see the Jinja docs) and build again"


def theme(tmp_path: Path, templates: dict[str, str], toml: str | bytes | None = None, name: str = "mine") -> Theme:
    folder = tmp_path / "themes" / name
    for file, text in templates.items():
        (folder / "templates" / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / "templates" / file).write_text(text, encoding="utf-8")
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    if isinstance(toml, bytes):
        (folder / "theme.toml").write_bytes(toml)
    elif toml is not None:
        (folder / "theme.toml").write_text(toml, encoding="utf-8")
    return Theme(find_theme(tmp_path, name), tmp_path)


def render_error(t: Theme, name: str = "page.html", context: dict | None = None) -> str:
    with pytest.raises(BuildError) as caught:
        t.render(name, context or {}, "content/posts/a.md")
    [problem] = caught.value.diagnostics
    return str(problem)


@pytest.mark.parametrize("body, message", [
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ('{{ 3 | round(precision="x") }}', "TypeError: 'str' object cannot be interpreted as an integer"),
    ("{{ [1] | slice(0) | list }}", "ZeroDivisionError: integer division or modulo by zero"),
    ('{{ "%d" % "x" }}', "TypeError: %d format: a real number is required, not str"),
    ("{{ x.y() }}", "TypeError: 'int' object is not callable"),
])
def test_python_errors_inside_a_template(tmp_path, body, message):
    t = theme(tmp_path, {"page.html": "line one\n" + body + "\n"})
    problem = render_error(t, context={"x": {"y": 1}})
    assert problem.startswith("themes/mine/templates/page.html:2: " + message)
    assert problem.endswith(" (while rendering content/posts/a.md) — " + HINT)


def test_error_in_a_partial_names_the_partial(tmp_path):
    t = theme(tmp_path, {"page.html": "a\nb\n{% include 'partials/p.html' %}\n", "partials/p.html": "\n\n{{ 1/0 }}\n"})
    assert render_error(t) == ("themes/mine/templates/partials/p.html:3: ZeroDivisionError: division by zero "
                               "(while rendering content/posts/a.md) — " + HINT)


def test_a_partial_including_itself(tmp_path):
    t = theme(tmp_path, {"page.html": "{% include 'partials/loop.html' %}\n",
                         "partials/loop.html": "x\n{% include 'partials/loop.html' %}\n"})
    problem = render_error(t)
    assert problem.startswith("themes/mine/templates/partials/loop.html:2: templates include or extend each other "
                              "without end (while rendering content/posts/a.md) — remove the include or extends")


def test_a_template_extending_itself(tmp_path):
    t = theme(tmp_path, {"page.html": "{% extends 'page.html' %}\n"})
    assert "templates include or extend each other without end" in render_error(t)


def test_jinja_errors_still_reported(tmp_path):
    t = theme(tmp_path, {"page.html": "\n{{ nope }}\n"})
    assert render_error(t) == ("themes/mine/templates/page.html:2: UndefinedError: 'nope' is undefined "
                               "(while rendering content/posts/a.md) — " + HINT)


def test_template_not_utf8_is_reported_by_check(tmp_path):
    t = theme(tmp_path, {})
    (tmp_path / "themes/mine/templates/page.html").write_bytes(b"caf\xe9\n")
    with pytest.raises(BuildError) as caught:
        t.check(("page.html",))
    assert [str(d) for d in caught.value.diagnostics] == [
        "themes/mine/templates/page.html: is not UTF-8 text — save the template as UTF-8 in your editor"]


def test_theme_toml_not_utf8(tmp_path):
    with pytest.raises(BuildError) as caught:
        theme(tmp_path, {}, b'# caf\xe9\nparent = "default"\n')
    assert [str(d) for d in caught.value.diagnostics] == [
        "themes/mine/theme.toml:1: is not UTF-8 text — save the file as UTF-8 in your editor"]


@pytest.mark.parametrize("toml, message", [
    ("parent = 3\n", "themes/mine/theme.toml:1: parent: parent 3 is not a theme name — write it as parent = \"default\""),
    ('name = "x"\nparent = ["default"]\n', "themes/mine/theme.toml:2: parent: parent ['default'] is not a theme name"),
    ('parent = "../../elsewhere"\n', "themes/mine/theme.toml:1: parent: parent '../../elsewhere' is not a theme folder name"),
    ("parent = \n", "themes/mine/theme.toml:1: not valid TOML: "),
])
def test_bad_theme_toml(tmp_path, toml, message):
    with pytest.raises(BuildError) as caught:
        theme(tmp_path, {}, toml)
    [problem] = caught.value.diagnostics
    assert str(problem).startswith(message)


def test_theme_toml_that_is_a_folder(tmp_path):
    (tmp_path / "themes/mine/theme.toml").mkdir(parents=True)
    with pytest.raises(BuildError) as caught:
        theme(tmp_path, {})
    assert [str(d) for d in caught.value.diagnostics] == [
        "themes/mine/theme.toml: is not a regular file — make theme.toml a text file, or remove it"]


def test_child_of_the_bundled_theme(tmp_path):
    t = theme(tmp_path, {}, 'parent = "default"\n')
    assert [p.name for p in t.info.chain] == ["mine", "default"]
