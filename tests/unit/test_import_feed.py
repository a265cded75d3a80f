"""Importing the real WordPress feed in ../shared/reference/."""
from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from generator.importers import import_feed

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "wordpress-tag-feed.xml"
POSTS = Path("content/posts/2024")
SLUGS = {
    8343: "elon-musks-productivity-process",
    8291: "does-elon-musk-have-a-simplified-system-to-optimize-your-workflow",
    7703: "key-points-from-the-elon-musk-vs-openai-lawsuit",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    report = import_feed(REFERENCE, root, categories=["insights"])
    return root, report


def _stored_bodies() -> list[str]:
    """content:encoded of each item, read straight from the feed text."""
    text = REFERENCE.read_text(encoding="utf-8")
    return re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", text, re.S)


def _file(root: Path, post_id: int) -> Path:
    return root / POSTS / f"{SLUGS[post_id]}.md"


def test_writes_one_markdown_file_per_item_under_its_url_year(imported):
    root, report = imported
    assert sorted(report.written) == sorted(f"content/posts/2024/{slug}.md" for slug in SLUGS.values())
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(report.written)
    assert report.skipped == ()


def test_front_matter_of_the_first_item(imported):
    root, _ = imported
    post = frontmatter.load(_file(root, 8343))
    assert list(post.metadata) == ["title", "date", "slug", "permalink", "author", "author_slug",
                                   "categories", "tags", "id", "guid", "format"]
    assert post["title"] == "Elon Musk's Productivity Process"   # straight again: the build texturizes it
    assert post["date"] == "2024-08-08 23:48:07+00:00"
    assert post["slug"] == "elon-musks-productivity-process"
    assert post["permalink"] == "/2024/08/08/elon-musks-productivity-process/"
    assert post["author"] == "TMacBiz"
    assert post["author_slug"] == "tmacbiz"
    assert post["categories"] == ["Insights"]
    assert post["tags"] == ["7steps", "elon musk", "productivity"]
    assert post["id"] == 8343
    assert post["guid"] == "https://mashene.com/?p=8343"
    assert post["format"] == "html"


def test_url_keeps_the_local_date_while_date_is_gmt(imported):
    root, _ = imported
    post = frontmatter.load(_file(root, 7703))
    assert post["permalink"] == "/2024/05/21/key-points-from-the-elon-musk-vs-openai-lawsuit/"
    assert post["date"] == "2024-05-20 17:50:20+00:00"
    assert post["categories"] == ["Insights"]
    assert post["tags"] == ["elon musk", "lawsuit", "Open.ai", "vs Sam Altman"]
    assert post["id"] == 7703 and post["guid"] == "https://mashene.com/?p=7703"


def test_only_the_hand_written_excerpt_is_kept(imported):
    root, _ = imported
    assert "excerpt" not in frontmatter.load(_file(root, 8343)).metadata
    assert "excerpt" not in frontmatter.load(_file(root, 8291)).metadata
    assert frontmatter.load(_file(root, 7703))["excerpt"] == (
        "These bullet points provide a comprehensive yet simplified understanding of the key issues in the "
        "Elon Musk vs. OpenAI lawsuit, focusing on the deviation from the original mission, "
        "commercialization, and ethical concerns surrounding AGI development")


@pytest.mark.parametrize("index, post_id", [(0, 8343), (1, 8291), (2, 7703)])
def test_body_is_content_encoded_minus_the_footer(imported, index, post_id):
    root, _ = imported
    stored = _stored_bodies()[index]
    footer_at = stored.rindex("<p>The post <a href=")
    assert stored[footer_at:].endswith("</a>.</p>\n")
    text = _file(root, post_id).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert "appeared first on" not in body
    assert body == stored[:footer_at]
    assert frontmatter.loads(text).content == stored[:footer_at].strip()


def test_terms_are_all_tags_when_no_category_is_named(tmp_path):
    report = import_feed(REFERENCE, tmp_path)
    post = frontmatter.load(_file(tmp_path, 8343))
    assert "categories" not in post.metadata
    assert post["tags"] == ["Insights", "7steps", "elon musk", "productivity"]
    assert any("every term was written as a tag" in note for note in report.notes)


def test_a_second_import_keeps_edited_files(tmp_path):
    import_feed(REFERENCE, tmp_path, categories=["Insights"])
    edited = _file(tmp_path, 8343)
    edited.write_text("my edit", encoding="utf-8")
    again = import_feed(REFERENCE, tmp_path, categories=["Insights"])
    assert again.written == ()
    assert ("content/posts/2024/elon-musks-productivity-process.md", "exists; use --force to overwrite") in again.skipped
    assert edited.read_text(encoding="utf-8") == "my edit"
