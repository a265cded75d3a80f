"""A seeded synthetic blog, written in Trackpress's, Hugo's and Pelican's formats.

    python bench/corpus.py --posts 1000 --out /tmp/corpus        # writes trackpress/ hugo/ pelican/

The same posts (titles, slugs, dates, bodies, one category, 2–5 tags, one author) go to each tool,
configured for the same URLs, archives, pagination and feeds as far as each tool allows:

| what | Trackpress | Hugo | Pelican |
|---|---|---|---|
| post | /YYYY/MM/DD/slug/ | same (permalinks) | same (ARTICLE_URL/SAVE_AS) |
| tag, category, author archive | /tag/s/, /category/s/, /author/s/ | same (term permalinks) | same (*_URL/*_SAVE_AS) |
| pagination, 10 a page | /…/page/2/ | same (pagination.path) | same (PAGINATION_PATTERNS) |
| year, month, day archives | /YYYY/, /YYYY/MM/, /YYYY/MM/DD/, paginated | taxonomies year/month/day, each term's url set in its _index.md: same URLs, paginated | *_ARCHIVE_SAVE_AS: same URLs, paginated |
| site feed, per-term feeds | /feed/, /tag/s/feed/ … (10 items, full text) | /index.xml, /tag/s/index.xml (RSS per term, 10 items, full text; Hugo cannot write a feed into a folder of its own) | /feed/, /tag/s/feed/ … (RSS, 10 items) |
| date archive feeds | none (WordPress has none) | none (`outputs: [html]` in each date term's _index.md) | none |
| extras | redirect files, 404, theme assets | 404; a redirect page at each …/page/1/ | tags/categories/authors/archives index pages; the notmyidea theme's assets |

The generator is deterministic for a given (posts, seed): the N=1000 corpus is not a prefix of
the N=10000 one (dates spread over the same ten years whatever N is).
"""
from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

WORDS = ("mix bass kick snare tape warm vocal chain compressor limiter loudness synth pad pluck groove "
         "swing tempo sample license royalty stream master reverb delay sidechain drum bus headroom "
         "transient saturation stereo width mono low end high shelf filter envelope attack release "
         "arrangement hook verse chorus bridge drop session studio monitor room treatment mic preamp "
         "converter plugin analog digital oscillator wavetable chord melody rhythm bounce stem vinyl "
         "cassette label distributor playlist pitch demo feedback deadline client budget invoice").split()
JAPANESE = ("夜のスタジオでミックスを仕上げる。低音の処理がいちばん難しい。"
            "テープの温かさとデジタルの正確さを両立させたい。サンプルのライセンスは必ず確認すること。"
            "東京のクラブで新曲をかけたら、反応はとても良かった。")
CATEGORIES = ("Beats", "Mixing", "Mastering", "Gear", "Releases", "Business", "Sound Design",
              "Live", "Tutorials", "Radio")
JAPANESE_TAGS = ("夜", "東京", "ミックス", "シンセ", "ライブ")
AUTHOR = "Rowan Vale"
START = datetime(2015, 1, 1, tzinfo=timezone.utc)
SPAN = timedelta(days=3650)
CODE = '''```python
def bpm_to_ms(bpm: float, division: int = 4) -> float:
    """Delay time for a note division at a tempo."""
    return 60_000 / bpm * 4 / division

for bpm in (90, 120, 140):
    print(bpm, round(bpm_to_ms(bpm, 8), 1))
```'''


@dataclass(frozen=True)
class Post:
    n: int
    title: str
    slug: str
    date: datetime
    category: str
    tags: tuple[str, ...]
    body: str          # Markdown, identical for every tool


def tag_names() -> list[str]:
    english = sorted({f"{a} {b}" for a in WORDS[:40] for b in WORDS[40:]})
    rng = random.Random(190)
    return sorted(rng.sample(english, 185)) + list(JAPANESE_TAGS)       # 190 tags


def make_posts(count: int, seed: int = 7) -> list[Post]:
    rng = random.Random(seed)
    tags = tag_names()
    weights = [1 / (i + 1) ** 0.6 for i in range(len(tags))]           # a long tail, like a real blog
    step = SPAN / count
    posts = []
    for n in range(count):
        date = (START + step * n + timedelta(minutes=rng.randrange(0, 60))).replace(second=0, microsecond=0)
        words = [rng.choice(WORDS) for _ in range(4)]
        title = f"{words[0].title()} {words[1]} and the {words[2]} {words[3]} ({n})"
        slug = f"{words[0]}-{words[1]}-and-the-{words[2]}-{words[3]}-{n}"
        chosen = tuple(dict.fromkeys(rng.choices(tags, weights, k=rng.randint(2, 5))))
        posts.append(Post(n, title, slug, date, CATEGORIES[rng.randrange(10)], chosen, _body(rng, n, count)))
    return posts


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, n: int, count: int) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
    if rng.random() < 0.4:
        text += f" See [an earlier note]({_link(rng, n, count)}) or [the manual](https://example.org/manual/{rng.choice(WORDS)})."
    if rng.random() < 0.3:
        text += f" It is **{rng.choice(WORDS)}** and *{rng.choice(WORDS)}*, not `{rng.choice(WORDS)}`."
    return text


def _link(rng: random.Random, n: int, count: int) -> str:
    other = rng.randrange(count)
    return f"https://bench.example/tag/{rng.choice(WORDS)}/" if other == n else f"https://bench.example/?p={other + 1}"


def _body(rng: random.Random, n: int, count: int) -> str:
    target = rng.randint(600, 1500)
    parts: list[str] = []
    words = 0
    while words < target:
        roll = rng.random()
        if roll < 0.15:
            block = f"## {rng.choice(WORDS).title()} {rng.choice(WORDS)}"
        elif roll < 0.22:
            block = f"### {rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(WORDS)}"
        elif roll < 0.34:
            block = "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(3, 6)))
        elif roll < 0.38:
            block = "\n".join(f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 5)))
        else:
            block = _paragraph(rng, n, count)
        parts.append(block)
        words += len(block.split())
    if n % 3 == 0:
        parts.insert(len(parts) // 2, CODE)
    if n % 7 == 0:
        parts.insert(1, JAPANESE)
    return "\n\n".join(parts) + "\n"


# --- Trackpress -------------------------------------------------------------------------------

def write_trackpress(root: Path, posts: list[Post]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(
        'title = "Bench Beats"\ntagline = "A synthetic producer blog"\nbase_url = "https://bench.example"\n'
        f'timezone = "UTC"\nauthor = "{AUTHOR}"\ntheme = "bench"\n'
        'permalink = "/%year%/%monthnum%/%day%/%postname%/"\nposts_per_page = 10\nfeed_items = 10\n'
        # Hugo and Pelican build no search index here: like for like, so Pagefind is off (its own cost
        # is measured by bench/discovery.py)
        'search = false\n',
        encoding="utf-8")
    # a child theme holding a copy of the bundled single.html: the template-edit scenario edits it
    from generator.theme import BUNDLED_THEMES
    templates = root / "themes" / "bench" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (root / "themes" / "bench" / "theme.toml").write_text('name = "Bench"\nparent = "default"\n')
    shutil.copyfile(BUNDLED_THEMES / "default" / "templates" / "single.html", templates / "single.html")
    for post in posts:
        path = root / "content" / "posts" / f"{post.date.year}" / f"{post.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tags = ", ".join(f'"{t}"' for t in post.tags)
        path.write_text(f'---\ntitle: "{post.title}"\ndate: {post.date:%Y-%m-%d %H:%M:%S}+00:00\n'
                        f'slug: {post.slug}\nid: {post.n + 1}\ncategories: ["{post.category}"]\ntags: [{tags}]\n'
                        f'---\n{post.body}', encoding="utf-8")


def trackpress_post(root: Path, post: Post) -> Path:
    return root / "content" / "posts" / f"{post.date.year}" / f"{post.slug}.md"


# --- Hugo ------------------------------------------------------------------------------------

HUGO_CONFIG = '''baseURL = "https://bench.example/"
title = "Bench Beats"
languageCode = "en-us"
disableKinds = ["section", "taxonomy", "sitemap", "robotsTXT"]

[pagination]
pagerSize = 10
path = "page"

[permalinks.page]
posts = "/:year/:month/:day/:slug/"

[permalinks.term]
tags = "/tag/:slug/"
categories = "/category/:slug/"
authors = "/author/:slug/"

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"
year = "years"
month = "months"
day = "days"

[outputs]
home = ["html", "rss"]
term = ["html", "rss"]

[services.rss]
limit = 10

[markup.highlight]
noClasses = false
'''

HUGO_LAYOUTS = {
    "baseof.html": '''<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer></body></html>
''',
    "single.html": '''{{ define "main" }}
<article><h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
by {{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
in {{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<p class="tags">{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ end }}
''',
    "list.html": '''{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
<p>{{ .Summary | plainify | truncate 300 }}</p></article>
{{ end }}
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
{{ end }}
''',
    # full text in feeds, like Trackpress's and Pelican's
    "rss.xml": '''{{- $pages := .Pages -}}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>{{ .Title }} – {{ site.Title }}</title><link>{{ .Permalink }}</link><description>{{ site.Title }}</description>
{{ with .OutputFormats.Get "RSS" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
{{- range first 10 $pages }}
<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
<guid>{{ .Permalink }}</guid><description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{- end }}
</channel></rss>
''',
    "404.html": '''{{ define "main" }}<h1>Not found</h1>{{ end }}
''',
}


def write_hugo(root: Path, posts: list[Post]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    dates: set[tuple[str, str]] = set()
    for post in posts:
        d = post.date
        year, month, day = f"{d:%Y}", f"{d:%Y-%m}", f"{d:%Y-%m-%d}"
        dates |= {("years", year), ("months", month), ("days", day)}
        tags = ", ".join(f'"{t}"' for t in post.tags)
        hugo_post(root, post).write_text(
            f'---\ntitle: "{post.title}"\ndate: {d:%Y-%m-%dT%H:%M:%S}Z\nslug: {post.slug}\n'
            f'categories: ["{post.category}"]\ntags: [{tags}]\nauthors: ["{AUTHOR}"]\n'
            f'years: ["{year}"]\nmonths: ["{month}"]\ndays: ["{day}"]\n---\n{post.body}', encoding="utf-8")
    # date archives at WordPress's URLs: each date term's page gets its url
    for kind, term in sorted(dates):
        folder = root / "content" / kind / term
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f'---\ntitle: "{term}"\nurl: /{term.replace("-", "/")}/\n'
                                          'outputs: [html]\n---\n')


def hugo_post(root: Path, post: Post) -> Path:
    return root / "content" / "posts" / f"{post.slug}.md"


# --- Pelican ---------------------------------------------------------------------------------

PELICAN_CONFIG = '''AUTHOR = "{author}"
SITENAME = "Bench Beats"
SITEURL = "https://bench.example"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
SLUGIFY_USE_UNICODE = True
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None, "author": None, "period_archives": None}}
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/index.html"
TAG_URL = "tag/{{slug}}/"
TAG_SAVE_AS = "tag/{{slug}}/index.html"
CATEGORY_URL = "category/{{slug}}/"
CATEGORY_SAVE_AS = "category/{{slug}}/index.html"
AUTHOR_URL = "author/{{slug}}/"
AUTHOR_SAVE_AS = "author/{{slug}}/index.html"
YEAR_ARCHIVE_URL = "{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_URL = "{{date:%Y}}/{{date:%m}}/"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
DAY_ARCHIVE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/"
DAY_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/index.html"
FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = 10
RSS_FEED_SUMMARY_ONLY = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
FEED_RSS = "feed/index.html"
CATEGORY_FEED_RSS = "category/{{slug}}/feed/index.html"
TAG_FEED_RSS = "tag/{{slug}}/feed/index.html"
AUTHOR_FEED_RSS = "author/{{slug}}/feed/index.html"
AUTHOR_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
'''


def write_pelican(root: Path, posts: list[Post], theme: Path | None = None) -> None:
    """`theme`: a Pelican theme folder to copy into root/theme (run.py passes the installed
    notmyidea theme); the template-edit scenario edits its templates/article.html."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG.format(author=AUTHOR), encoding="utf-8")
    if theme is not None:
        shutil.copytree(theme, root / "theme", dirs_exist_ok=True)
    (root / "content").mkdir(parents=True, exist_ok=True)
    for post in posts:
        pelican_post(root, post).write_text(
            f"Title: {post.title}\nDate: {post.date:%Y-%m-%d %H:%M}\nSlug: {post.slug}\n"
            f"Category: {post.category}\nTags: {', '.join(post.tags)}\nAuthor: {AUTHOR}\n\n{post.body}",
            encoding="utf-8")


def pelican_post(root: Path, post: Post) -> Path:
    return root / "content" / f"{post.slug}.md"


def write_all(out: Path, count: int, seed: int = 7, pelican_theme: Path | None = None) -> list[Post]:
    posts = make_posts(count, seed)
    write_trackpress(out / "trackpress", posts)
    write_hugo(out / "hugo", posts)
    write_pelican(out / "pelican", posts, pelican_theme)
    return posts


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the benchmark blog for Trackpress, Hugo and Pelican.")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pelican-theme", type=Path, default=None, help="a Pelican theme folder to copy in")
    args = parser.parse_args()
    posts = write_all(args.out, args.posts, args.seed, args.pelican_theme)
    words = sum(len(p.body.split()) for p in posts)
    print(f"{len(posts)} posts, {words} words, {len({t for p in posts for t in p.tags})} tags into {args.out}")


if __name__ == "__main__":
    main()
