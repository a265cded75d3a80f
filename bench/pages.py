"""Per-page produce cost: CPU seconds `render.produce` spends on a whole site's pages, in one process.

    python bench/pages.py                          # 1,000 posts, median of 3 passes
    python bench/pages.py --posts 300 --passes 5
    python bench/pages.py --profile                # and cProfile one pass: the top functions
    python bench/pages.py --site /tmp/pg-c1k       # an existing site instead of a fresh corpus
    python bench/pages.py --checkout /work/main    # time another checkout's generator on the same corpus
    python bench/pages.py --jobs 2                 # produce's own pool of forked workers (their CPU counted)

The corpus is corpus.py's (seeded, so the same posts every run). Everything before produce (read,
assemble, plan, bodies, related posts) is done once, the way build.py does it with --no-cache;
then `produce` runs `--passes` times with `--jobs` (1 by default) and no spool (the files stay in
memory), so what is timed is the theme, the context building, feeds, sitemaps and redirect files: no
file writes. The time is CPU time (`time.process_time`, plus the reaped workers' user and system
time with --jobs > 1), so other load on a shared machine moves it less than wall time. Each pass
builds a fresh Theme (templates compiled again), as a cold build does.
With `--digest` the SHA-256 of all produced bytes is printed: two checkouts that produce the same
site print the same digest.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an existing site folder (site.toml, content/)")
    parser.add_argument("--checkout", type=Path, default=HERE.parent, help="the checkout whose generator is timed")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, help="produce's workers (forked, in chunks, as a build does)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    sys.path.insert(1, str(HERE))
    import corpus                                                   # bench/corpus.py (this checkout's)

    root = args.site
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="trackpress-pages-"))
        corpus.write_trackpress(root, corpus.make_posts(args.posts))
    inputs = _inputs(root.resolve())
    times = []
    for _ in range(args.passes):
        seconds, digest, count = _pass(inputs, args.jobs)
        times.append(seconds)
    print(f"{args.checkout}: {count} outputs, jobs {args.jobs}, produce CPU median {statistics.median(times):.3f} s "
          f"(passes: {', '.join(f'{t:.3f}' for t in times)}); {1000 * statistics.median(times) / count:.3f} ms/output")
    if args.digest:
        print(f"digest {digest}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        _pass(inputs)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue())


def _inputs(root: Path):
    """Everything produce is given, made once as a --no-cache build makes it."""
    import generator
    from generator import build
    if (Path(generator.__file__).parent / "pipeline.py").exists():   # the read phase's home since c82d0b1
        from generator import pipeline as phases
    else:
        phases = build
    from generator.assemble import assemble_site
    from generator.cache import cached_bodies
    from generator.errors import Reporter, raise_if_any
    from generator.images import featured_images, read_images, served_files
    from generator.plan import plan_site
    from generator.related import related_posts

    reporter = Reporter()
    read = phases._read(root, reporter)
    raise_if_any(read.problems)
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    site = assemble_site(read.entries, read.config, now, False, False, read.vocabulary, read.comments)
    images = read_images(featured_images(site), served_files(read.theme_files, read.user_files),
                         Path(tempfile.mkdtemp(prefix="trackpress-pages-img-")), reporter)
    plan = plan_site(site, read.theme_files, read.user_files, images, read.theme.has("subscribe.html"))
    rendered = cached_bodies(root, site.posts + site.pages, read.config.excerpt_words, version=build.VERSION,
                             attachments=read.attachments, media_info=read.media.info, jobs=1, enabled=False)
    bodies = dict(rendered.bodies)
    return root, read.theme.info, plan, site, bodies, images, related_posts(site), build.VERSION


def _pass(inputs, jobs: int = 1) -> tuple[float, str, int]:
    from generator.render import produce
    from generator.theme import Theme

    root, info, plan, site, bodies, images, related, version = inputs
    started, children = time.process_time(), _children()
    theme = Theme(info, root)
    files = produce(plan, site, bodies, theme, version, None, images, related=related, jobs=jobs)
    seconds = time.process_time() - started + _children() - children
    digest = hashlib.sha256()
    for f in files:
        copied = Path(f.copy_from).read_bytes() if f.copy_from else b""      # where it is differs by checkout
        digest.update(f.path.encode() + b"\0" + (f.data or b"") + b"\0" + copied + b"\0")
    return seconds, digest.hexdigest(), len(files)


def _children() -> float:
    """CPU seconds of this process's reaped children (produce's pool, after it shut down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
