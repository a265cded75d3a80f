"""The plan: every output known before anything renders, and one collision
check over all of them. Each test builds the smallest site that shows one
class of clash and reads what the user is told."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, NOW, make_site, post, run_cli
from generator.assemble import assemble_site
from generator.assets import list_static
from generator.config import load_config
from generator.content import parse_entries
from generator.errors import BuildError
from generator.plan import plan_site
from generator.sources import read_sources
from generator.theme import Theme, find_theme


def failed(root: Path) -> list[str]:
    """Build on the command line; it must fail cleanly. The problems printed."""
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line.removeprefix("error: ") for line in result.stderr.splitlines() if line.startswith("error: ")]


def planned(root: Path):
    config = load_config(root)
    sources, problems = read_sources(root)
    assert not problems
    site = assemble_site(parse_entries(sources, config), config, NOW)
    theme = Theme(find_theme(root, config.theme), root)
    theme_files = tuple(f for folder in theme.static_dirs() for f in list_static(folder, folder.parent, "theme")[0])
    return site, plan_site(site, theme_files), theme_files


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- what the plan holds --------------------------------------------------------------------

def test_every_output_knows_its_url_file_template_entries_and_sources(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("Tape Warmth", "2024-05-01", tags=["Tape"], categories=["Mixing"]),
        "content/posts/b.md": post("Drum Bus", "2024-06-02", tags=["Tape", "Drums"]),
        "content/pages/about.md": post("About", "2024-01-01"),
    }, config=BASE_CONFIG + "posts_per_page = 1\n")
    site, plan, _ = planned(root)
    by_url = {o.url: o for o in plan.outputs}

    first = by_url["/2024/05/01/tape-warmth/"]
    assert (first.kind, first.path, first.template, first.entries, first.sources) == (
        "post", "2024/05/01/tape-warmth/index.html", "single.html", ("content/posts/a.md",), ("content/posts/a.md",))
    assert by_url["/about/"].kind == "page"

    tape2 = by_url["/tag/tape/page/2/"]
    assert (tape2.kind, tape2.number, tape2.total, tape2.entries) == ("tag", 2, 2, ("content/posts/a.md",))
    assert set(tape2.sources) == {"site.toml", "content/posts/a.md", "content/posts/b.md"}
    assert by_url["/tag/tape/feed/"].entries == ("content/posts/b.md", "content/posts/a.md")
    assert by_url["/page/2/"].entries == ("content/posts/a.md",)
    assert by_url["/2024/06/"].kind == "month"
    for name in ("/_redirects", "/_headers", "/.htaccess", "/nginx-redirects.conf", "/wp-redirects.js",
                 "/404.html", "/static/pygments.css", "/static/style.css"):
        assert name in by_url, name
    assert [o.path for o in plan.outputs] == sorted(o.path for o in plan.outputs)


def test_the_summary_counts_what_the_plan_holds(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("One", "2024-05-01", tags=["x"]),
        "content/posts/b.md": post("Two", "2024-05-02", draft=True),
        "content/posts/c.md": post("Three", "2030-05-02"),
        "content/pages/about.md": post("About", "2024-01-01"),
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    # home, tag x, author, 2024, 2024/05, 2024/05/01 = 6 listings; feeds: site, tag, author
    assert result.stdout.startswith("Built 1 posts, 1 pages, 6 archive pages, 3 feeds (")
    assert "(skipped 1 draft and 1 future post)" in result.stdout
    manifest = (root / "output/.trackpress-output").read_text(encoding="utf-8").splitlines()[1:]
    files = [line.split("  ", 1)[1] for line in manifest]
    assert sorted(files) == sorted(p for p in snapshot(root / "output") if p != ".trackpress-output")


# --- collisions -----------------------------------------------------------------------------

@pytest.mark.parametrize("permalink, clash", [
    ("/static/style.css", "the theme file"),
    ("/2024/", "the year archive 2024"),
    ("/page/2/", "the home page, page 2"),
    ("/", "the home page"),
    ("/.htaccess", "Apache's rewrite rules"),
    ("/_redirects", "redirect rules for Netlify"),
    ("/feed/", "the site's feed"),
    ("/404.html", "the 404 page"),
    ("/tag/beats/", "the tag archive 'beats'"),
])
def test_a_permalink_on_a_path_the_build_writes_is_one_error_naming_both(tmp_path, permalink, clash):
    files = {f"content/posts/p{i}.md": post(f"Post {i}", f"2024-05-{i + 1:02d}", tags=["beats"]) for i in range(11)}
    files["content/posts/thief.md"] = post("Thief", "2023-01-01", permalink=permalink)
    root = make_site(tmp_path, files)
    problems = failed(root)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith("content/posts/thief.md: permalink: ")
    assert "the post content/posts/thief.md" in problem and clash in problem
    assert problem.endswith("— give one of them another slug: or permalink:")


def test_a_page_called_2024_beside_the_year_archive(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01"),
        "content/pages/2024.md": post("Our year", "2024-01-01", slug="2024"),
    })
    assert failed(root) == [
        "content/pages/2024.md: permalink: the URL /2024/ is claimed by the page content/pages/2024.md and the "
        "year archive 2024 — give one of them another slug: or permalink:"]


def test_tag_base_equal_to_category_base_collides_where_names_meet(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", tags=["Mixing"], categories=["Mixing"])},
                     config=BASE_CONFIG + 'tag_base = "topic"\ncategory_base = "topic"\n')
    problems = failed(root)
    assert any(p.startswith("site.toml: category_base: the URL /topic/mixing/ is claimed by the category archive "
                            "'Mixing' and the tag archive 'Mixing'") and p.endswith("— change category_base in site.toml")
               for p in problems), problems


def test_a_users_static_redirects_file_beside_the_generated_one(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"), "static/_redirects": "/a /b 301\n"})
    assert failed(root) == [
        "static/_redirects: the URL /_redirects is claimed by your static file static/_redirects and the redirect "
        "rules for Netlify and Cloudflare Pages — rename or remove the file in static/ (the build writes that path itself)"]


def test_a_users_static_file_may_replace_a_theme_file(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"),
                                "static/static/style.css": "body { color: hotpink }\n"})
    assert run_cli("build", "--root", str(root)).returncode == 0
    assert (root / "output/static/style.css").read_text() == "body { color: hotpink }\n"


def test_outputs_differing_only_in_letter_case_collide(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("Mix One", "2024-05-01", permalink="/Mix/"),
        "content/posts/b.md": post("Mix Two", "2024-05-02", permalink="/mix/"),
    })
    problems = failed(root)
    assert len(problems) == 1
    assert "the URLs /Mix/ and /mix/ are claimed by the post content/posts/a.md and the post content/posts/b.md: " \
           "one file on macOS and Windows" in problems[0]


def test_a_file_where_a_page_needs_a_folder(tmp_path):
    root = make_site(tmp_path, {"content/pages/about.md": post("About", "2024-01-01"), "static/about": "plain file\n"})
    problems = failed(root)
    assert problems == ["content/pages/about.md: permalink: the page content/pages/about.md (about/index.html) and "
                        "your static file static/about (about) need one name as both a file and a folder — give one "
                        "of them another slug: or permalink:"]


def test_an_alias_on_a_written_url_or_on_two_entries(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01", aliases=["/about/", "/old/"]),
        "content/posts/b.md": post("B", "2024-05-02", aliases=["/old/"]),
        "content/pages/about.md": post("About", "2024-01-01"),
    })
    problems = failed(root)
    assert "content/posts/a.md: aliases: the old URL /about/ is where the build writes the page content/pages/about.md " \
           "— remove that alias: the page there would be hidden by the redirect" in problems
    assert "content/posts/b.md: aliases: the old URL /old/ is also an alias of content/posts/a.md " \
           "— keep the alias on one of the two entries" in problems


def test_a_failed_plan_leaves_the_previous_output_untouched(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01")})
    assert run_cli("build", "--root", str(root)).returncode == 0
    before = snapshot(root / "output")
    (root / "content/posts/b.md").write_text(post("B", "2024-05-02", permalink="/2024/05/01/a/"), encoding="utf-8")
    failed(root)
    assert snapshot(root / "output") == before
    assert sorted(os.listdir(root)) == [".trackpress-cache", "content", "output", "site.toml"]


# --- URLs that would leave the site ---------------------------------------------------------

@pytest.mark.parametrize("permalink", ["/%2F%2Fevil.example/", "//evil.example/", "/a/%2e%2e/%2e%2e/x/",
                                       "/x%00y/", "/back\\slash/", "/%ff/"])
def test_permalinks_that_would_leave_the_site_are_refused_at_their_line(tmp_path, permalink):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01", permalink=permalink)})
    problems = failed(root)
    assert len(problems) == 1
    assert problems[0].startswith("content/posts/a.md:4: permalink: ")
    assert not (root / "output").exists()


# --- static copies --------------------------------------------------------------------------

def test_static_copies_skip_dot_folders_but_keep_well_known(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01"),
        "static/.git/config": "[core]\n", "static/img/.DS_Store": "x", "static/img/cover.jpg": "jpg",
        "static/.well-known/security.txt": "Contact: mailto:me@example.com\n",
    })
    assert run_cli("build", "--root", str(root)).returncode == 0
    out = snapshot(root / "output")
    assert "img/cover.jpg" in out and ".well-known/security.txt" in out
    assert not any(p.startswith(".git/") or p.endswith(".DS_Store") for p in out)


def test_a_symlink_out_of_the_site_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n")
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("A", "2024-05-01")})
    (root / "static").mkdir()
    (root / "static/leak.txt").symlink_to(secret)
    (root / "static/inside.md").symlink_to(root / "content/posts/a.md")
    (root / "static/loop").symlink_to(root / "static/loop")
    problems = failed(root)
    assert f"static/leak.txt: is a symlink to {secret}, outside the site folder — copy the file into the site " \
           "instead; links may only point inside it" in problems
    assert "static/loop: is a symlink that points nowhere (or loops) — fix or remove the link" in problems
    assert len(problems) == 2


def test_a_folder_symlink_inside_the_site_is_copied_once_and_cannot_loop(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"), "static/img/a.png": "png"})
    (root / "static/img/again").symlink_to(root / "static/img")
    assert run_cli("build", "--root", str(root)).returncode == 0
    assert (root / "output/img/a.png").is_file()


def test_a_pipe_in_static_is_not_opened(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01"), "static/ok.txt": "ok"})
    os.mkfifo(root / "static/pipe")
    result = run_cli("build", "--root", str(root))      # would hang if the pipe were read
    assert result.returncode == 0, result.stderr
    assert "warning: static/pipe: is not a regular file (a pipe, socket or device); not copied" in result.stderr
    assert (root / "output/ok.txt").is_file() and not (root / "output/pipe").exists()


# --- warnings -------------------------------------------------------------------------------

def test_links_to_files_the_build_does_not_write_are_warnings_with_their_line(tmp_path):
    body = "Intro.\n\n![cover](/img/cover.jpg) and [about](/about/) and [gone](/nowhere/)\n\n[old](/old-url/)"
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01", body=body, image="/img/missing.jpg"),
        "content/posts/b.md": post("B", "2024-05-02", aliases=["/old-url/"]),
        "content/pages/about.md": post("About", "2024-01-01"),
        "static/img/cover.jpg": "jpg",
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    line = (root / "content/posts/a.md").read_text().splitlines().index("![cover](/img/cover.jpg) and [about](/about/) and [gone](/nowhere/)") + 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: content/posts/a.md: image: links to /img/missing.jpg, which the build does not write "
        "— fix the link, or put the file in static/",
        f"warning: content/posts/a.md:{line}: body: links to /nowhere/, which the build does not write "
        "— fix the link, or put the file in static/",
    ]
    assert "2 warnings" in result.stdout    # (a missing local enclosure is an error: tests/e2e/test_enclosures.py)


def test_a_build_error_is_reported_with_every_other_problem(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-01"),
        "content/posts/b.md": post("B", "2024-05-01", permalink="/2024/05/01/a/"),
        "static/_headers": "/x\n  X: y\n",
    })
    problems = failed(root)
    assert len(problems) == 2 and problems[0].startswith("content/posts/a.md") and problems[1].startswith("static/_headers")


def test_the_plan_is_a_pure_function_and_its_url_gate_holds_for_entries_made_in_code(tmp_path):
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-01")})
    site, first, theme_files = planned(root)
    assert plan_site(site, theme_files) == first
    # an Entry built in code (a plugin, an importer bug) bypasses front-matter checks: the plan still refuses
    bad = replace(site.posts[0], url="/%2F%2Fevil.example/")
    with pytest.raises(BuildError) as caught:
        plan_site(replace(site, posts=(bad,)))
    assert "starts with // (a link to another host)" in str(caught.value)
    # a URL whose file would answer at another address (links and file must agree)
    odd = replace(site.posts[0], url="/a%2Fb/")
    with pytest.raises(BuildError) as caught:
        plan_site(replace(site, posts=(odd,)))
    assert str(caught.value) == ("content/posts/a.md: permalink: the URL /a%2Fb/ would be served at /a/b/ "
                                 "— write the permalink as /a/b/")


def test_a_template_syntax_error_is_reported_with_front_matter_errors(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-13-01\n---\nx\n",
        "themes/broken/theme.toml": 'parent = "default"\n',
        "themes/broken/templates/single.html": "{% if %}\n",
    }, config=BASE_CONFIG + 'theme = "broken"\n')
    problems = failed(root)
    assert [p.split(":", 1)[0] for p in problems] == ["content/posts/a.md", "themes/broken/templates/single.html"]


def test_one_run_reports_bad_front_matter_an_unreadable_file_and_a_collision_together(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-13-01\n---\nx\n",
        "content/posts/b.md": post("B", "2024-05-01", permalink="/same/"),
        "content/posts/c.md": post("C", "2024-05-02", permalink="/same/"),
    })
    (root / "content/posts/latin1.md").write_bytes("---\ntitle: Caf\xe9\ndate: 2024-05-03\n---\n".encode("latin-1"))
    problems = failed(root)
    assert [p.split(":", 1)[0] for p in problems] == [
        "content/posts/a.md", "content/posts/b.md", "content/posts/latin1.md"], problems
    assert "the URL /same/ is claimed by the post content/posts/b.md and the post content/posts/c.md" in problems[1]


# --- a post named like an archive base (issue 8, item 7) -------------------------------------

def test_posts_named_like_archive_bases_live_beside_the_archives_as_on_wordpress(tmp_path):
    """Under /%postname%/ WordPress serves a post called `author`, `tag`, `category` or `page`
    at /author/ … beside /author/<name>/, /tag/<slug>/, /page/2/: only real collisions are errors."""
    files = {f"content/posts/{slug}.md": post(slug.title(), f"2024-05-{i + 1:02d}", slug=slug, tags=["beats"],
                                              categories=["News"])
             for i, slug in enumerate(("author", "tag", "category", "page"))}
    files.update({f"content/posts/p{i}.md": post(f"P{i}", f"2024-04-{i + 1:02d}") for i in range(8)})
    root = make_site(tmp_path, files, config=BASE_CONFIG + 'permalink = "/%postname%/"\nposts_per_page = 5\n')
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    out = root / "output"
    for path in ("author/index.html", "author/rowan-vale/index.html", "tag/index.html", "tag/beats/index.html",
                 "category/index.html", "category/news/index.html", "page/index.html", "page/2/index.html"):
        assert (out / path).is_file(), path
    assert "<h1 class=\"entry__title\">Author</h1>" in (out / "author/index.html").read_text(encoding="utf-8")


def test_a_new_post_titled_feed_gets_the_slug_wordpress_gives_it(tmp_path):
    """WordPress never names a post `feed` (or rss, atom, embed …) itself: it makes it `feed-2`.
    A slug written by hand that lands on the site's feed stays a collision."""
    root = make_site(tmp_path, {"content/posts/feed.md": post("Feed", "2024-05-01"),
                                "content/pages/two.md": post("2", "2024-05-01")},
                     config=BASE_CONFIG + 'permalink = "/%postname%/"\n')
    assert run_cli("build", "--root", str(root)).returncode == 0
    assert (root / "output/feed-2/index.html").is_file() and (root / "output/2-2/index.html").is_file()
    (root / "content/posts/feed.md").write_text(post("Feed", "2024-05-01", slug="feed"), encoding="utf-8")
    assert failed(root) == ["content/posts/feed.md: permalink: the URL /feed/ is claimed by the post "
                            "content/posts/feed.md and the site's feed — give one of them another slug: or permalink:"]
