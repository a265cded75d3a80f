"""Shortcodes in imported posts, built end to end: pages get players and figures, feeds the
rendered HTML with absolute URLs, descriptions stay shortcode-free."""
from __future__ import annotations


from conftest import build, make_site, post, read

BODY = ('[caption id="attachment_4" align="aligncenter" width="300"]<img src="/wp-content/uploads/a.jpg" alt=""> '
        'Studio "A"[/caption]\n\nListen to it:\n\n[audio src="/wp-content/uploads/t.mp3"]\n\n'
        '[sourcecode lang="python"]\nprint("hi")\n[/sourcecode]\n\n[youtube https://youtu.be/dQw4w9WgXcQ]\n\n'
        '[unknown-thing id=1] and [[caption]] and [audio src="javascript:alert(1)"]')


def test_shortcodes_render_on_pages_and_in_feeds(tmp_path):
    root = make_site(tmp_path / "s", {"content/posts/a.md": post("Mix", "2024-06-01 10:00", BODY, format="wordpress")})
    build(root)
    page = read(root, "2024/06/01/mix/index.html")
    assert '<figure id="attachment_4" aria-describedby="caption-attachment-4" style="width: 300px" class="wp-caption aligncenter">' in page
    assert '<figcaption id="caption-attachment-4" class="wp-caption-text">Studio &#8220;A&#8221;</figcaption>' in page
    assert 'preload="none"' in page and '<a href="/wp-content/uploads/t.mp3">' in page
    assert '<div class="highlight"><pre>' in page and "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page
    assert "[unknown-thing id=1]" in page and "[caption]" in page
    assert 'href="javascript' not in page and 'src="javascript' not in page
    feed = read(root, "feed/index.html")
    assert 'src="https://beats.example/wp-content/uploads/a.jpg"' in feed      # absolute in feeds
    assert '<audio controls preload="none" src="https://beats.example/wp-content/uploads/t.mp3"' in feed
    description = feed.split("<description><![CDATA[", 1)[1].split("]]></description>")[0]
    assert "[" not in description.replace("[caption]", "").replace("[&#8230;]", "") and "Listen to it" in description
    assert "print" not in description and "Studio" not in description
    assert 'src="/wp-content/uploads/a.jpg"' in page                        # pages keep site paths


def test_gallery_from_media_yaml(tmp_path):
    media = ("- {id: 21, url: /wp-content/uploads/one.jpg, title: One, caption: First, alt: one, mime: image/jpeg, parent: 7, menu_order: 0}\n"
             "- {id: 22, url: /wp-content/uploads/two.jpg, title: Two, alt: two, mime: image/jpeg, parent: 7, menu_order: 1}\n")
    root = make_site(tmp_path / "s", {"content/media.yaml": media,
                                      "content/posts/a.md": post("G", "2024-06-01", "[gallery columns=2]", format="html", id=7)})
    build(root)
    page = read(root, "2024/06/01/g/index.html")
    assert "gallery-columns-2" in page and page.index("one.jpg") < page.index("two.jpg")
