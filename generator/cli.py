"""`trackpress` on the command line: build, serve, new, init, import, check.

Errors about the user's files print as `path:line: field: problem — fix`
with exit code 1; tracebacks only with --debug.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .build import BuildOptions, build_site
from .errors import BuildError, Reporter, TrackpressError
from .progress import wanted
from .version import VERSION


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trackpress", description="Build a blog that keeps every WordPress URL and feed.")
    parser.add_argument("--version", action="version", version=f"trackpress {VERSION}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/",
                                description="Build the site in --root into --output. The previous output is "
                                            "replaced only when the whole build succeeds.")
    build.add_argument("--root", type=Path, default=Path("."), help="site folder holding site.toml (default: .)")
    build.add_argument("--output", type=Path, default=None, help="where to write the site (default: ROOT/output)")
    build.add_argument("--drafts", action="store_true", help="include posts with draft: true")
    build.add_argument("--future", action="store_true", help="include posts dated in the future")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="processes rendering Markdown bodies (default: every core; 1: all in this process)")
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help="a clean build: render every body, neither reading nor writing ROOT/.trackpress-cache/")
    build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")

    serve = commands.add_parser("serve", help="preview the site on 127.0.0.1, rebuilt and reloaded as you save",
                                description="Build the site into a private folder and serve it on 127.0.0.1 the way a "
                                            "static host would (folder URLs, 404.html, feed content types, the redirect "
                                            "rules). Every save under content/, themes/, static/ or in site.toml "
                                            "rebuilds it and reloads the open pages; problems show in the terminal and "
                                            "over the page. output/ is not touched. Ctrl-C stops it.")
    serve.add_argument("--root", type=Path, default=Path("."), help="site folder holding site.toml (default: .)")
    serve.add_argument("--port", type=_port, default=8000, metavar="N",
                       help="port (default: 8000; a busy one: the next free one, said aloud; 0: any free port)")
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                       help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: every interface)")
    serve.add_argument("--drafts", action="store_true", help="include posts with draft: true")
    serve.add_argument("--future", action="store_true", help="include posts dated in the future")
    serve.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")

    new = commands.add_parser("new", help="start a draft post (or --page) in content/",
                              description="Write content/posts/YYYY/slug.md (or content/pages/slug.md with --page) with "
                                          "the title, the date now in the site's time zone, the author and draft: true, "
                                          "and print its path. An existing file is never overwritten.")
    new.add_argument("title", help='the title, e.g. "Sodium Lights: the stems"')
    new.add_argument("--page", action="store_true", help="a page (About, Contact) instead of a post")
    new.add_argument("--root", type=Path, default=Path("."), help="site folder holding site.toml (default: .)")
    new.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")

    init = commands.add_parser("init", help="start a new site that builds at once",
                               description="Write site.toml (every key explained), an example post with a release and "
                                           "players, an About page and a .gitignore into DIR. A folder that already "
                                           "has a site.toml or content/ is refused.")
    init.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="DIR", help="where (default: .)")
    init.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")

    imp = commands.add_parser("import", help="import posts from WordPress into content/",
                              description="Write WordPress posts and pages into content/ as Markdown files. "
                                          "Existing files are never overwritten without --force.")
    sources = imp.add_subparsers(dest="source", required=True, metavar="SOURCE")
    for name, what in (("wordpress", "a WordPress export file (WXR) from Tools → Export"),
                       ("feed", "a WordPress RSS2 feed file")):
        sub = sources.add_parser(name, help=f"import {what}", description=f"Import {what}.")
        sub.add_argument("file", type=Path, help="the file to import")
        sub.add_argument("--root", type=Path, default=Path("."), help="site folder (default: .)")
        sub.add_argument("--force", action="store_true", help="overwrite files that already exist")
        sub.add_argument("--markdown", action="store_true", help="convert bodies from HTML to Markdown (embeds kept)")
        sub.add_argument("--uploads", type=Path, default=None,
                         help="local copy of wp-content/uploads: media are copied into static/ and linked locally")
        sub.add_argument("--base-url", default=None, help="the old site's address (default: read from the file)")
        if name == "feed":
            sub.add_argument("--categories", default=None,
                             help="comma-separated names that are categories (default: [import] categories in "
                                  "site.toml); the other terms become tags")
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")
    check = commands.add_parser("check", help="after a build: broken links and anchors; with --against, old WordPress URLs",
                                description="Without --against: check the built site's internal links, images, feeds "
                                            "and #anchors (external links are not fetched), printing `file: problem` "
                                            "lines. With --against: check that the built site in --root answers every "
                                            "published post, page, custom post type item, category and tag archive, feed "
                                            "and old query URL of a WordPress export: a file in output/ or a redirect "
                                            "rule leading to one. Exit code 1 if anything is broken or missing.")
    check.add_argument("--against", type=Path, default=None, metavar="EXPORT.xml",
                       help="the WordPress export (WXR) whose URLs must answer")
    check.add_argument("--output", type=Path, default=None, help="the built site to check (default: ROOT/output)")
    check.add_argument("--root", type=Path, default=Path("."), help="site folder holding site.toml and output/ (default: .)")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks on errors")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "new":
            return _new(args)
        if args.command == "init":
            return _init(args)
        return _import(args)
    except BuildError as exc:
        if args.debug:
            traceback.print_exc()
        count = len(exc.diagnostics)
        for diagnostic in exc.diagnostics:
            print(f"error: {diagnostic}", file=sys.stderr)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
        return 1
    except TrackpressError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    reporter = Reporter()
    try:
        summary = build_site(BuildOptions(root=args.root, output=args.output, drafts=args.drafts, future=args.future,
                                          jobs=args.jobs, cache=args.cache,
                                          progress=wanted(sys.stderr, os.environ)),
                             reporter)
    finally:
        for warning in reporter.sorted():
            print(f"warning: {warning}", file=sys.stderr)
    print(summary.line())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import ServeOptions, serve_site

    return serve_site(ServeOptions(root=args.root, port=args.port, bind=args.bind, drafts=args.drafts,
                                   future=args.future))


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_entry

    path = new_entry(args.root, args.title, page=args.page)
    print(path)
    return 0


def _init(args: argparse.Namespace) -> int:
    from .scaffold import init_site

    written = init_site(args.folder)
    for path in written:
        print(f"wrote {path}")
    where = "" if args.folder == Path(".") else f"cd {args.folder} && "
    print(f"Next: {where}trackpress serve   (then trackpress new \"Post title\" for a draft)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import check_site

    if args.against is None:
        from .sitecheck import check_output

        built = check_output(args.root, args.output)
        sys.stdout.write(built.text())
        return 1 if built.problems else 0
    report = check_site(args.against, args.root)
    sys.stdout.write(report.text())
    return 1 if report.missing else 0


def _import(args: argparse.Namespace) -> int:
    from .config import load_config
    from .importers import import_feed, import_wordpress

    options = dict(force=args.force, to_markdown=args.markdown, uploads=args.uploads, base_url=args.base_url)
    if args.source == "wordpress":
        report = import_wordpress(args.file, args.root, **options)
    else:
        if args.categories is not None:
            categories = tuple(c.strip() for c in args.categories.split(",") if c.strip())
        elif (args.root / "site.toml").is_file():
            categories = load_config(args.root).import_categories
        else:
            categories = ()
        report = import_feed(args.file, args.root, categories=categories, **options)
    print(report.summary())
    return 0
