"""site.toml: odd values and odd files are messages naming the key and line, never a traceback."""
from __future__ import annotations

import os

import pytest

from generator.config import load_config, url_problem
from generator.errors import BuildError

GOOD = 'title = "T"\nbase_url = "https://beats.example"\n'


def problems(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "site.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    return [str(d) for d in caught.value.diagnostics]


def test_good_config_loads(tmp_path):
    (tmp_path / "site.toml").write_text(GOOD + 'timezone = "Asia/Tokyo"\nsite_icon = "/icon.png"\n'
                                        '[[nav]]\ntitle = "Mail"\nurl = "mailto:me@beats.example"\n'
                                        '[social]\nemail = "mailto:me@beats.example"\nx = "https://x.com/me"\n'
                                        'mastodon = "https://mastodon.social/@me"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.timezone == "Asia/Tokyo" and config.nav[0].url == "mailto:me@beats.example"


@pytest.mark.parametrize("value, message", [
    ("America", "site.toml:3: timezone: 'America' is a region, not a time zone — add the city, like 'America/"),
    ("", "site.toml:3: timezone: '' is not an IANA time zone — use a name like "),
    ("../../etc/passwd", "site.toml:3: timezone: '../../etc/passwd' is not an IANA time zone — use a name like "),
    ("/etc/passwd", "site.toml:3: timezone: '/etc/passwd' is not an IANA time zone — use a name like "),
    ("UTC\\n", "site.toml:3: timezone: 'UTC\\n' is not an IANA time zone — use a name like 'UTC'"),
    ("zone.tab", "site.toml:3: timezone: 'zone.tab' is not an IANA time zone"),
    ("America/", "site.toml:3: timezone: 'America/' is not an IANA time zone"),
])
def test_odd_timezones(tmp_path, value, message):
    [problem] = problems(tmp_path, GOOD + f'timezone = "{value}"\n')
    assert problem.startswith(message)


def test_not_utf8(tmp_path):
    assert problems(tmp_path, GOOD.encode() + b'tagline = "caf\xe9"\n') == [
        "site.toml:3: is not UTF-8 text — save the file as UTF-8 in your editor"]


def test_site_toml_is_a_folder(tmp_path):
    (tmp_path / "site.toml").mkdir()
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert [str(d) for d in caught.value.diagnostics] == [
        "site.toml: is a folder, not a file — remove the folder and write the settings in a file named site.toml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_site_toml_is_a_fifo_and_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "site.toml")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert [str(d) for d in caught.value.diagnostics] == [
        "site.toml: is not a regular file — make site.toml a plain text file"]


def test_missing_site_toml(tmp_path):
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert str(caught.value.diagnostics[0]).startswith("site.toml: no site.toml in ")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\\tscript:alert(1)",
    "\\u0001javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "//evil.example/", "/\\\\evil.example/", "ftp://files.example/", "https://", "about:blank",
])
def test_script_and_off_site_urls_in_nav_social_and_icon(tmp_path, url):
    config = (GOOD + f'site_icon = "{url}"\n[[nav]]\ntitle = "Bad"\nurl = "{url}"\n'
              f'[social]\nx = "{url}"\nemail = "{url}"\n')
    found = problems(tmp_path, config)
    assert [p.split(" ")[0] for p in found] == ["site.toml:3:", "site.toml:4:", "site.toml:8:", "site.toml:9:"]
    assert found[0].startswith("site.toml:3: site_icon: ")
    assert found[1].startswith("site.toml:4: nav: url ")
    assert found[2].startswith("site.toml:8: x: ")
    assert all(" — write an" in p for p in found)


def test_script_url_message(tmp_path):
    [problem] = problems(tmp_path, GOOD + '[social]\nkofi = "javascript:alert(1)"\n')
    assert problem == ("site.toml:4: kofi: 'javascript:alert(1)' is a javascript: URL, which runs code or hides "
                       "content in the page; it is not allowed — write an http(s) URL like \"https://x.com/you\" "
                       "(or mailto:you@example.com)")


def test_site_icon_may_not_be_mailto(tmp_path):
    [problem] = problems(tmp_path, GOOD + 'site_icon = "mailto:me@x.example"\n')
    assert problem.startswith("site.toml:3: site_icon: 'mailto:me@x.example' uses the mailto: scheme; ")


def test_theme_name_cannot_leave_themes(tmp_path):
    [problem] = problems(tmp_path, GOOD + 'theme = "../../elsewhere"\n')
    assert problem == ("site.toml:3: theme: '../../elsewhere' is not a theme folder name — "
                       'write the name of a folder in themes/, like "default"')


@pytest.mark.parametrize("url, relative, expected", [
    ("https://beats.example/a.png", False, None),
    ("http://beats.example", False, None),
    ("/static/a.png", False, None),
    ("images/a.png", True, None),
    ("images/a.png", False, "is not an http(s) URL or a site path starting with /"),
    ("//evil.example/a.png", True, "starts with // (a link to another site, not a site path)"),
    ("\\\\evil.example/a.png", True, "contains a backslash (browsers read it as /)"),
    ("/a\x00.png", False, "contains a control character or surrounding spaces"),
    ("  javascript:x", True, "is a javascript: URL, which runs code or hides content in the page; it is not allowed"),
    ("\x01\x02 java\nscr\tipt:x", True, "is a javascript: URL, which runs code or hides content in the page; it is not allowed"),
    ("DATA:image/png;base64,AAAA", True, "is a data: URL, which runs code or hides content in the page; it is not allowed"),
    ("mailto:me@x.example", False, "uses the mailto: scheme; only http(s) URLs and site paths are allowed"),
])
def test_url_problem(url, relative, expected):
    assert url_problem(url, relative=relative) == expected


def test_control_characters_are_removed_from_plain_text_settings(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Test\\u0000 Beats\\u001b"\nbase_url = "https://beats.example"\n'
                                        'tagline = "Loops\\u0085 & notes\\u007f"\nauthor = "Rowan\\tVale"\n'
                                        '[[nav]]\ntitle = "Ab\\u0007out"\nurl = "/about/"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.title, config.tagline, config.author, config.nav[0].title) == (
        "Test Beats", "Loops & notes", "Rowan Vale", "About")


def test_base_url_with_a_control_character(tmp_path):
    [problem] = problems(tmp_path, 'title = "T"\nbase_url = "https://beats.example\\u0000/"\n')
    assert problem.startswith("site.toml:2: base_url: 'https://beats.example\\x00/' is not an absolute http(s) URL")
