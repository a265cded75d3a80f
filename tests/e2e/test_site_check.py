"""`trackpress check` without --against, on a real build: a broken internal link, a
missing #anchor, a missing image and a feed that links nowhere are each one
`file: problem` line and exit code 1; a whole site passes with exit code 0;
external links are not fetched."""
from __future__ import annotations

import shutil

from tests.conftest import BASE_CONFIG, REPO, build, make_site, post, run_cli

GOOD = {
    "content/posts/a.md": post("First Beat", "2024-05-01 10:00",
                               "## Drums\n\nSee [the second](/2024/05/02/second-beat/#mixing), "
                               "[drums](#drums), [elsewhere](https://elsewhere.example/nope/) and "
                               "[mail](mailto:me@example.com).\n\n![kick](/static/kick.png)"),
    "content/posts/b.md": post("Second Beat", "2024-05-02 10:00", "## Mixing\n\nBack to [the first](/2024/05/01/first-beat/)."),
    "static/static/kick.png": "png",
    "static/static/icon.png": "png",            # BASE_CONFIG's site_icon
}


def test_a_whole_site_has_no_problems(tmp_path):
    root = make_site(tmp_path, GOOD)
    build(root)
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith("no problems")


def test_broken_link_missing_anchor_and_missing_image(tmp_path):
    files = {**GOOD, "content/posts/c.md": post("Third Beat", "2024-05-03 10:00",
                                                "[gone](/2024/01/01/never-was/) and [no such part](/2024/05/01/first-beat/#chorus)"
                                                " and [nor here](#outro)\n\n![snare](/static/snare.png)")}
    root = make_site(tmp_path, files)
    build(root)
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    page = "2024/05/03/third-beat/index.html"
    assert any(l.startswith(f"{page}: line ") and "broken link /2024/01/01/never-was/" in l for l in lines), lines
    assert any(l.startswith(f"{page}: ") and "missing anchor #chorus in /2024/05/01/first-beat/#chorus" in l for l in lines)
    assert any(l.startswith(f"{page}: ") and "missing anchor #outro" in l for l in lines)
    assert any(l.startswith(f"{page}: ") and "broken image /static/snare.png" in l for l in lines)
    assert "elsewhere.example" not in result.stdout                  # external: not fetched, not reported
    assert "problems" in lines[-1]


def test_a_feed_or_sitemap_pointing_nowhere_is_reported(tmp_path):
    root = make_site(tmp_path, GOOD)
    build(root)
    shutil.rmtree(root / "output" / "2024" / "05" / "02")            # a post gone after the build
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1
    assert any(l.startswith("feed/index.html: broken feed link https://beats.example/2024/05/02/second-beat/")
               for l in result.stdout.splitlines()), result.stdout
    assert any(l.startswith("sitemap.xml: broken sitemap URL") for l in result.stdout.splitlines())


def test_an_alias_link_answers_through_the_redirect_rules(tmp_path):
    files = {**GOOD, "content/posts/b.md": post("Second Beat", "2024-05-02 10:00", "## Mixing\n\nHi.", aliases=["/old-second/"]),
             "content/pages/links.md": post("Links", "2024-01-01", "[old link](/old-second/)")}
    root = make_site(tmp_path, files)
    build(root)
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 0, result.stdout


def test_the_demo_site_passes(tmp_path):
    output = tmp_path / "out"
    result = run_cli("build", "--root", str(REPO), "--output", str(output), "--no-cache")
    assert result.returncode == 0, result.stderr
    checked = run_cli("check", "--root", str(REPO), "--output", str(output))
    assert checked.returncode == 0, checked.stdout


def test_no_build_is_a_clear_error(tmp_path):
    root = make_site(tmp_path, GOOD)
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1
    assert "no built site here — run `trackpress build` first" in result.stderr
