"""The body cache's mapping gives the bodies render_bodies gives, whether they wait on its shelf or in files."""
from __future__ import annotations

from generator.cache import cached_bodies, store_bodies
from generator.content import read_entries
from generator.markdown import render_bodies
from generator.model import SiteConfig, SourceFile

CONFIG = SiteConfig(root="/site", title="T", base_url="https://beats.example")


def entries(count: int):
    sources = tuple(SourceFile(f"content/posts/p{i}.md", "post",
                               f'---\ntitle: "Beat {i}"\ndate: 2024-06-{i % 28 + 1:02d}\n---\n'
                               f"## Take {i}\n\nThe kick sits *under* the bass, ‘warm’ — テープ {i}.\n\n"
                               f"https://www.youtube.com/watch?v=abcdefghij{i % 10}\n")
                    for i in range(count))
    found, problems = read_entries(sources, CONFIG)
    assert not problems, problems
    return found


def test_bodies_read_back_from_the_shelf_and_the_cache_are_the_rendered_ones(tmp_path):
    posts = entries(70)                                   # more than PARALLEL_THRESHOLD: a pool of two
    expected = render_bodies(posts, 55)
    cold = cached_bodies(tmp_path, posts, 55, version="t", jobs=2)
    assert cold.rendered == 70 and cold.reused == 0
    assert all(cold.bodies[e.source] == expected[e.source] for e in reversed(posts))
    assert all(cold.bodies[e.source] == expected[e.source] for e in posts)     # read twice: the same
    assert len(cold.fresh) == 70 and all(path in cold.fresh for path in cold.bodies.paths.values())
    store_bodies(tmp_path, cold)
    warm = cached_bodies(tmp_path, posts, 55, version="t", jobs=2)
    assert warm.rendered == 0
    assert [warm.bodies[e.source] for e in posts] == [expected[e.source] for e in posts]
    import shutil
    shutil.rmtree(tmp_path / ".trackpress-cache" / "bodies")             # read once, each is on the shelf now
    assert [warm.bodies[e.source] for e in posts] == [expected[e.source] for e in posts]
    assert warm.reused == 70 and warm.rendered == 0


def test_a_card_is_read_from_memory_with_the_bodys_excerpt_summary_and_reading_time(tmp_path, monkeypatch):
    """Listing pages show cards: what a card shows of a body on the shelf is kept in memory, so listing
    chunks do not read every body back (the shelf is made unreadable here: the cards still come)."""
    from generator import shelf
    posts = entries(8)
    expected = render_bodies(posts, 55)
    cold = cached_bodies(tmp_path, posts, 55, version="t", jobs=1)
    monkeypatch.setattr(shelf.Shelf, "get", lambda self, where: (_ for _ in ()).throw(AssertionError("read")))
    for post in posts:
        card, body = cold.bodies.card(post.source), expected[post.source]
        assert (card.summary, card.excerpt, card.reading_minutes) == (body.summary, body.excerpt, body.reading_minutes)
        assert card.summary and card.html == ""
