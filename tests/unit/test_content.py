"""content: front matter → Entry, with the hostile and unusual values of issue 7."""
from __future__ import annotations

from datetime import timezone
from urllib.parse import quote

import pytest

from generator.content import parse_entries
from generator.urls import slugify as auto_slug
from generator.errors import BuildError, Reporter
from generator.model import SiteConfig, SourceFile

CONFIG = SiteConfig(root="/site", title="T", base_url="https://beats.example", timezone="America/Los_Angeles")


def src(text: str, path: str = "content/posts/a.md", kind: str = "post") -> SourceFile:
    return SourceFile(path, kind, text)


def fm(**fields: str) -> str:
    """Front matter from raw YAML values (written as given, so tests control quoting)."""
    fields = {"title": "A", "date": "2024-05-01", **fields}      # title on line 2, date on 3, the rest from 4
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\nBody.\n"


def entries(*sources: SourceFile, reporter: Reporter | None = None):
    return parse_entries(tuple(sources), CONFIG, reporter)


def errors(*sources: SourceFile) -> list[str]:
    with pytest.raises(BuildError) as caught:
        entries(*sources)
    return [str(d) for d in caught.value.diagnostics]


def one_error(**fields: str) -> str:
    [problem] = errors(src(fm(**fields)))
    return problem


# --- slugs ---------------------------------------------------------------------------------

def test_long_japanese_title_slug_is_capped_like_wordpress():
    title = "夜のローファイ" * 13            # 91 characters, 273 bytes
    [entry] = entries(src(fm(title=title)))
    assert len(quote(entry.slug)) <= 200
    assert entry.slug == title[:22]        # 22 × 9 = 198 encoded characters; a 23rd would make 207
    assert entry.url == "/2024/05/01/" + quote(title[:22]).lower() + "/"


def test_cap_never_cuts_a_character_and_counts_ascii_as_one():
    assert auto_slug("a" * 250) == "a" * 200
    assert auto_slug("a" * 198 + "é€") == "a" * 198 + "ee"   # accents go first, as in WordPress (€ → E)
    assert auto_slug("a" * 198 + "é夜") == "a" * 198 + "e"    # 夜 (9 encoded characters) does not fit
    assert auto_slug("ab " * 100) == "-".join(["ab"] * 67)     # cut at 200 before spaces become hyphens
    assert len(quote(auto_slug("🎹" * 100))) == 192            # 4-byte characters: 12 each


def test_short_titles_are_untouched():
    assert auto_slug("Rowan's Mix") == "rowans-mix"
    assert auto_slug("夜のローファイ") == "夜のローファイ"


def test_long_filename_fallback_slug_is_capped():
    [entry] = entries(src(fm(title='"!!!"'), path="content/posts/" + "x" * 240 + ".md"))
    assert entry.slug == "x" * 200


@pytest.mark.parametrize("slug, message", [
    ('"a/b"', 'slug: the slug "a/b" contains /'),
    ('"a\\\\b"', 'slug: the slug "a\\b" contains a backslash'),
    ('".."', 'slug: the slug ".." is a . or .. (it would climb out of its folder)'),
    ('"."', 'slug: the slug "." is a . or .. (it would climb out of its folder)'),
    ('"a\\x00b"', 'slug: the slug "a\x00b" contains a control character'),
    ('"a\\nb"', 'slug: the slug "a\nb" contains a control character'),
    ('"a?b"', 'slug: the slug "a?b" contains ? or # (they would end the URL\'s path)'),
    ('"%2e%2e"', 'slug: the slug "%2e%2e" is percent-encoded; write the characters themselves'),
    ('"' + "x" * 201 + '"', "slug: the slug is 201 bytes long; WordPress slugs are at most 200"),
    ('"' + "夜" * 67 + '"', "slug: the slug is 201 bytes long; WordPress slugs are at most 200"),
])
def test_bad_explicit_slugs(slug, message):
    problem = one_error(slug=slug)
    assert problem.startswith("content/posts/a.md:4: " + message)
    assert problem.endswith(' — write a slug like slug: "my-new-track" (letters, digits and hyphens; no / or \\)')


def test_explicit_slug_of_200_bytes_is_fine():
    [entry] = entries(src(fm(slug="x" * 200)))
    assert entry.slug == "x" * 200


# --- paths ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("/../x/", '"/../x/" has a . or .. segment'),
    ("/%2e%2e/x/", '"/%2e%2e/x/" has a percent-encoded . or .. segment (%2e)'),
    ("/%2E./x/", '"/%2E./x/" has a percent-encoded . or .. segment (%2e)'),
    ("//evil.example/", '"//evil.example/" starts with // (that is a link to another site, not a path on this one)'),
    ("/%2Fevil.example/", '"/%2Fevil.example/" starts with // (that is a link to another site, not a path on this one)'),
    ("/\\\\evil.example/", '"/\\evil.example/" starts with // (that is a link to another site, not a path on this one)'),
    ("/a\\\\b/", '"/a\\b/" contains a backslash (browsers read it as /)'),
    ("/a%5cb/", '"/a%5cb/" contains a backslash (browsers read it as /)'),
    ("/a%2fb/", '"/a%2fb/" contains %2F, an encoded / inside a segment'),
    ("/a\\x00b/", '"/a\x00b/" contains a control character (like NUL or a line break)'),
    ("/a%00b/", '"/a%00b/" contains a control character (like NUL or a line break)'),
    ("/a?p=1", '"/a?p=1" contains ? or #; a site path has no query or fragment'),
    ("/a/#top", '"/a/#top" contains ? or #; a site path has no query or fragment'),
])
@pytest.mark.parametrize("key", ["permalink", "aliases"])
def test_bad_site_paths(key, value, message):
    problem = one_error(**{key: f'"{value}"'})
    assert problem.startswith(f"content/posts/a.md:4: {key}: {message} — ")


@pytest.mark.parametrize("value, message", [
    ('"../../etc"', '"../../etc": the segment ".." is a . or .. (it would climb out of its folder)'),
    ('"a//b"', '"a//b" has an empty segment (//)'),
    ('"a\\\\b"', '"a\\b" contains a backslash'),
    ('"%2e%2e"', '"%2e%2e": the segment "%2e%2e" is percent-encoded'),
    ('"a\\x00"', '"a\x00": the segment "a\x00" contains a control character'),
])
def test_bad_parent(value, message):
    [problem] = errors(src(fm(parent=value), path="content/pages/a.md", kind="page"))
    assert problem.startswith("content/pages/a.md:4: parent: " + message)


def test_good_parent_nests_the_page():
    [entry] = entries(src(fm(parent='"/music/gear/"'), path="content/pages/a.md", kind="page"))
    assert entry.url == "/music/gear/a/"


@pytest.mark.parametrize("value", ['"../x"', '"ja/../x"', '"ja\\x00"', '"%2e%2e"'])
def test_bad_lang(value):
    assert "lang: " in one_error(lang=value) and "is not a language tag" in one_error(lang=value)


@pytest.mark.parametrize("value", ['"../x"', '"a/b"', '"%2e%2e"'])
def test_bad_author_slug(value):
    assert one_error(author_slug=value).startswith("content/posts/a.md:4: author_slug: the slug ")


def test_long_author_name_makes_a_capped_author_slug():
    [entry] = entries(src(fm(author='"' + "ヴ" * 100 + '"')))
    assert len(quote(entry.author.slug)) <= 200


# --- dates ---------------------------------------------------------------------------------

RANGE = " — use a date in the years 1000 to 9998"


@pytest.mark.parametrize("value, message", [
    ("0001-01-01 00:00:00+14:00", '"0001-01-01 00:00:00+14:00" is out of range: the year must be 1000 to 9998'),
    ("0000-01-01", '"0000-01-01" is out of range: the year must be 1000 to 9998'),
    ("0999-12-31", '"0999-12-31" is out of range: the year must be 1000 to 9998'),
    ("9999-12-31 23:59:59-12:00", '"9999-12-31 23:59:59-12:00" is out of range: the year must be 1000 to 9998'),
    ("9999-01-01", '"9999-01-01" is out of range: the year must be 1000 to 9998'),
    ("1000-01-01 00:00:00+14:00", '"1000-01-01 00:00:00+14:00" is out of range: in GMT it falls outside the years 1000 to 9998'),
    ("9998-12-31 23:00:00-12:00", '"9998-12-31 23:00:00-12:00" is out of range: in GMT it falls outside the years 1000 to 9998'),
])
@pytest.mark.parametrize("key", ["date", "updated"])
def test_dates_at_the_edges(key, value, message):
    line = 3 if key == "date" else 4
    assert one_error(**{key: value}) == f"content/posts/a.md:{line}: {key}: {message}{RANGE}"


def test_dates_just_inside_the_range_convert_to_gmt():
    for value in ("1000-01-01 00:00:00-12:00", "9998-12-31 23:59:59+14:00", "1000-01-01", "9998-12-31"):
        [entry] = entries(src(fm(date=value)))
        entry.date.astimezone(timezone.utc)
        entry.updated.astimezone(timezone.utc)


def test_a_bad_date_is_still_not_a_date():
    assert one_error(date="2024-13-01") == ('content/posts/a.md:3: date: "2024-13-01" is not a date — '
                                            "use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+ZZ:ZZ")


# --- control characters in plain text -------------------------------------------------------

def test_control_characters_are_stripped_from_plain_text():
    [entry] = entries(src(fm(
        title='"Night\\x00 \\x1bDrive\\x7f\\x85\\u009f\\nPart\\t2"',
        excerpt='"One\\x07 line\\nnext line"',
        author='"Rowan\\x00 Vale"',
        categories='["Re\\x01leases"]',
        tags='["syn\\u0085ths"]',
    )))
    assert entry.title == "Night Drive Part 2"
    assert entry.excerpt == "One line\nnext line"
    assert entry.author.name == "Rowan Vale" and entry.author.slug == "rowan-vale"
    assert entry.categories == ("Releases",) and entry.tags == ("synths",)


def test_title_of_only_control_characters_is_empty():
    assert one_error(title='"\\x00\\x01\\x7f"') == 'content/posts/a.md:2: title: is empty — add a line like title: "My new track"'


def test_lone_surrogates_are_stripped():
    # libyaml refuses "\ud800" as invalid YAML; the pure-Python parser lets it through
    from generator.content import clean_text
    assert clean_text("a\ud800b\x85c\td\ne", multiline=True) == "abc\td\ne"
    assert clean_text("a\ud800b\x85c\td\ne") == "abc d e"


# --- URLs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)", "java\\tscript:alert(1)",
    "\\x01javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "//evil.example/x.png",
])
def test_script_urls_in_image_and_enclosures(url):
    assert one_error(image=f'"{url}"').startswith("content/posts/a.md:4: image: ")
    problem = one_error(enclosures=f'[{{url: "{url}", length: 1, type: audio/mpeg}}]')
    assert problem.startswith("content/posts/a.md:4: enclosures: url ")


def test_script_url_message():
    assert one_error(image='"javascript:alert(1)"') == (
        'content/posts/a.md:4: image: "javascript:alert(1)" is a javascript: URL, which runs code or hides content '
        'in the page; it is not allowed — write an http(s) URL or a site path like "/static/cover.jpg"')


@pytest.mark.parametrize("url", ["https://cdn.example/a.png", "/static/a.png", "images/a.png", "a.mp3"])
def test_good_urls(url):
    [entry] = entries(src(fm(image=f'"{url}"', enclosures=f'[{{url: "{url}", length: 1, type: audio/mpeg}}]')))
    assert entry.image == url and entry.enclosures[0].url == url


# --- duplicates ----------------------------------------------------------------------------

def test_two_entries_with_one_id_name_both():
    found = errors(src(fm(id="12"), "content/posts/a.md"), src(fm(title="B", id="12"), "content/posts/b.md"))
    assert found == [
        f"content/posts/{x}.md:4: id: 12 is the id of 2 files: content/posts/a.md, content/posts/b.md — each post "
        "has its own WordPress ID (feed readers and /?p= links would find only one); correct or remove the id in "
        "all but one" for x in "ab"]


def test_a_post_and_a_page_with_one_id():
    found = errors(src(fm(id="12")), src(fm(id="12"), "content/pages/a.md", "page"))
    assert [p.split(":")[0] for p in found] == ["content/pages/a.md", "content/posts/a.md"]


def test_two_entries_with_one_explicit_guid():
    found = errors(src(fm(guid='"tag:x"')), src(fm(title="B", guid='"tag:x"'), "content/posts/b.md"))
    assert found == [
        f"content/posts/{x}.md:4: guid: the feed GUID tag:x is shared by 2 files: content/posts/a.md (its guid:), "
        "content/posts/b.md (its guid:) — feed readers key on the GUID and would show only one; give each post its "
        "own guid: (keep the old one on the post that had it)" for x in "ab"]


def test_explicit_guid_equal_to_another_posts_derived_guids():
    found = errors(src(fm(guid='"https://beats.example/?p=5"')), src(fm(title="B", id="5"), "content/posts/b.md"),
                   src(fm(title="C", guid='"https://beats.example/2024/05/01/d/"'), "content/posts/c.md"),
                   src(fm(title="D"), "content/posts/d.md"))
    assert [p.split(": ", 2)[:2] for p in found] == [
        ["content/posts/a.md:4", "guid"], ["content/posts/b.md:4", "id"],
        ["content/posts/c.md:4", "guid"], ["content/posts/d.md:1", "guid"]]
    assert "content/posts/a.md (its guid:), content/posts/b.md (made from its id:)" in found[0]
    assert "content/posts/c.md (its guid:), content/posts/d.md (made from its URL)" in found[2]


def test_two_derived_guids_from_one_url_are_left_to_the_url_check():
    assert len(entries(src(fm()), src(fm(), "content/posts/b.md"))) == 2


# --- unknown keys --------------------------------------------------------------------------

def test_unknown_key_close_to_a_known_one_warns_with_its_line():
    reporter = Reporter()
    [entry] = entries(src(fm(catgories="[Releases]", Title="x", mood="dark", data="1")), reporter=reporter)
    assert [str(w) for w in reporter.sorted()] == [
        "content/posts/a.md:4: catgories: unknown key (kept for templates as post.extra.catgories) — did you mean categories?",
        "content/posts/a.md:5: Title: unknown key (kept for templates as post.extra.Title) — did you mean title?",
    ]
    assert entry.extra == {"catgories": ["Releases"], "Title": "x", "mood": "dark", "data": 1}


def test_no_reporter_is_fine():
    assert entries(src(fm(catgories="x")), reporter=None)[0].extra["catgories"] == "x"
