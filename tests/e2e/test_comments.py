"""Imported comments (<post>.comments.yaml) on their posts: approved only,
threaded by parent, counted, dated, with every value from the export made safe."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import NOW, make_site, post, read
from generator.build import BuildOptions, build_site
from generator.errors import Reporter

COMMENTS = """\
- id: 10
  parent: 0
  author: "Ann <script>alert(1)</script>"
  author_url: "https://ann.example/"
  date: "2024-05-20 19:50:20+02:00"
  date_gmt: "2024-05-20 17:50:20"
  content: "First! <strong>Loved</strong> it <img src=x onerror=alert(2)> <a href=\\"javascript:alert(3)\\">me</a> <a href=\\"https://ok.example\\" onclick=\\"x()\\">ok</a>"
  status: approved
- id: 11
  parent: 10
  author: Bo
  author_url: "javascript:alert(4)"
  date: "2024-05-21 08:05:00+02:00"
  date_gmt: "2024-05-21 06:05:00"
  content: "A reply"
  status: approved
- id: 12
  parent: 11
  author: Cy
  author_url: "http://cy.example"
  date: "2024-05-22 12:00:00+02:00"
  date_gmt: ""
  content: "A reply to the reply"
  status: approved
- id: 13
  parent: 0
  author: Spammer
  author_url: ""
  date: "2024-05-22 12:00:00+02:00"
  date_gmt: ""
  content: "Buy now"
  status: spam
- id: 14
  parent: 13
  author: Orphan
  author_url: ""
  date: "2024-05-23 12:00:00+02:00"
  date_gmt: ""
  content: "My parent is not shown"
  status: approved
- id: 15
  parent: 0
  author: Other Blog
  author_url: "https://other.example/post/"
  date: "2024-05-24 12:00:00+02:00"
  date_gmt: ""
  content: "[…] a pingback excerpt […]"
  status: approved
  type: pingback
"""


def built(root: Path) -> list[str]:
    reporter = Reporter()
    build_site(BuildOptions(root=root, now=NOW), reporter)
    return [str(w) for w in reporter.warnings]


@pytest.fixture
def page(tmp_path: Path) -> str:
    root = make_site(tmp_path, {"content/posts/2024/track.md": post("Track", "2024-05-20"),
                                "content/posts/2024/track.comments.yaml": COMMENTS})
    assert built(root) == []
    return read(root, "2024/05/20/track/index.html")


def comment(page: str, number: int) -> str:
    start = page.index(f'id="comment-{number}"')
    return page[start:page.index("</article>", start)]


def test_approved_comments_with_their_count_and_dates(page):
    assert '<h2 class="comments__title" id="comments-title">5 comments</h2>' in page
    assert "Buy now" not in page and "Spammer" not in page
    assert '<time class="comment__date" datetime="2024-05-20T19:50:20+02:00">May 20, 2024 at 7:50 pm</time>' in page
    assert "Comments are closed." in page


def test_comments_are_threaded_by_parent(page):
    ids = re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"|(<ol class="comment-list comment-list--children">)|(</ol>)', page)
    shape = "".join(a or ("(" if b else ")") for a, b, c in ids)
    # 10 holds 11, which holds 12; 14's parent is not shown, so it stands at the top, like the pingback
    assert shape.startswith("10(11(12))1415)")


def test_every_value_from_the_export_is_made_safe(page):
    ann = comment(page, 10)
    assert "Ann &lt;script&gt;alert(1)&lt;/script&gt;" in ann
    assert '<a href="https://ann.example/" rel="external nofollow ugc">' in ann
    assert "<strong>Loved</strong>" in ann
    assert "<img" not in ann and "onerror" not in ann and "javascript:" not in ann and "onclick" not in ann
    assert '<a href="https://ok.example" rel="nofollow ugc">ok</a>' in ann
    bo = comment(page, 11)
    assert "javascript:" not in bo and '<span class="comment__author">Bo</span>' in bo
    ping = comment(page, 15)
    assert "Pingback:" in ping and "a pingback excerpt" not in ping


def test_a_broken_comments_file_is_a_warning_and_the_post_still_builds(tmp_path):
    root = make_site(tmp_path, {
        "content/posts/a.md": post("A", "2024-05-20"),
        "content/posts/a.comments.yaml": "- id: 1\n  content: [unclosed\n",
        "content/posts/b.md": post("B", "2024-05-21"),
        "content/posts/b.comments.yaml": "- id: 1\n  author: X\n  date: never\n  content: hi\n  status: approved\n"
                                         "- id: 2\n  author: Y\n  date: 2024-05-22 10:00\n  content: fine\n  status: approved\n",
    })
    warnings = built(root)
    assert len(warnings) == 2
    assert warnings[0].startswith("content/posts/a.comments.yaml:3: is not valid YAML")   # wording: PyYAML's or libyaml's
    assert warnings[1].split(" — ")[0] == "content/posts/b.comments.yaml:1: comment 1: the date 'never' is not a date; not shown"
    assert "1 comment</h2>" in read(root, "2024/05/21/b/index.html")


def test_deep_threads_stop_nesting_at_wordpress_depth_and_loops_do_not_hang(tmp_path):
    chain = "".join(f"- {{id: {i}, parent: {i - 1}, author: A{i}, date: '2024-05-20 10:{i:02d}', content: c{i}, status: approved}}\n"
                    for i in range(1, 31))
    loop = ("- {id: 100, parent: 101, author: L1, date: '2024-05-21', content: l, status: approved}\n"
            "- {id: 101, parent: 100, author: L2, date: '2024-05-21', content: l, status: approved}\n")
    root = make_site(tmp_path, {"content/posts/a.md": post("A", "2024-05-20"),
                                "content/posts/a.comments.yaml": chain + loop})
    built(root)
    page = read(root, "2024/05/20/a/index.html")
    assert "32 comments" in page and all(f'id="comment-{i}"' in page for i in (1, 30, 100, 101))
    assert page.count('<ol class="comment-list comment-list--children">') == 4      # five levels at most
