"""The build's work, once build.py found there is some: read → model → plan → produce → write.

Each step is a pure function of what the previous steps returned; only the first (reading files) and
the last (publishing) touch the disk. This module imports the whole pipeline (Markdown, Jinja,
Pygments, YAML…); build.py imports it only when a build has work to do, so a build with nothing
to do starts without it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from typing import Any, Mapping
from datetime import datetime, timezone
from pathlib import Path

from .assemble import assemble_site
from .assets import list_static
from .attachments import read_attachments
from .audio import Media, read_media
from .buildinfo import BuildOptions, BuildSummary
from . import buildenv
from .cache import CACHE_DIR, cached_bodies, prune_bodies, ready_folder, store_bodies, write_atomic
from .comments import load_comments
from .config import load_config
from .content import read_entries
from .errors import BuildError, Reporter, raise_if_any
from .ledger import Ledger, Written, forget_ledger, intact, scan_output, store_ledger
from .images import featured_images, read_images, served_files
from .links import LinkTargets, check_links
from .parsecache import ParseCache, outline_digest
from .plancache import load_plan, plan_key, store_plan
from .plan import LISTINGS, plan_site
from .progress import Progress
from .render import TEMPLATES, produce
from .related import Related, related_posts
from .reuse import page_keys
from .search import index_site, store_index
from .sources import read_sources
from .spool import Spool
from .terms import load_terms
from .model import SiteConfig
from .theme import Theme, find_theme
from .warm import Warm
from .writer import MARKER, publish


def run(options: BuildOptions, reporter: Reporter, bar: Progress, started: float, root: Path, output: Path,
        now: datetime, ledger: Ledger | None, inputs: str, racy: tuple, warm: Warm | None,
        trusted: bool = False, spool: Spool | None = None, version: str = "") -> BuildSummary:
    """The build with work to do (build.py found some): `version` is Trackpress's, as build.py read it."""
    cache_folder = root / CACHE_DIR
    read = _read(root, reporter, options.drafts, remember=options.cache, warm=warm, jobs=_jobs(options.jobs))
    problems, config, theme, entries = read.problems, read.config, read.theme, read.entries
    if config is None or theme is None:
        raise_if_any(problems)
    site = assemble_site(entries, config, now, options.drafts, options.future, read.vocabulary, read.comments,
                         outlines=(lambda posts: _outline_digests(posts, read.memo)) if warm is not None else None,
                         remembered=warm.archives if warm is not None else None)
    # resized images: in the build cache, or with --no-cache in a folder of their own, removed after publishing
    image_dir = root / CACHE_DIR if options.cache else Path(tempfile.mkdtemp(prefix="trackpress-images-"))
    images = read_images(featured_images(site), served_files(read.theme_files, read.user_files), image_dir, reporter,
                         size_only=[config.share_image] if config.share_image else [])
    outlines = _outline_digests(site.posts + site.pages, read.memo) if options.cache else ()
    subscribe = theme.has("subscribe.html")
    planned = ((outlines, repr(config), repr(read.vocabulary), repr(read.theme_files), repr(read.user_files),
                repr(images), subscribe) if options.cache or warm is not None else None)   # all that the plan reads
    # the last command-line build's plan (plancache.py), when it was made from the same inputs by the same code
    plan_file_key = plan_key(buildenv.code_digest(), planned) if planned is not None and warm is None else ""
    # (plan, whether plancache should store it, related posts, their key): made while the bodies render
    planned_here: list = []

    def make_plan() -> None:
        plan = warm.recall("plan", planned) if warm is not None and not problems else None
        if plan_file_key and not problems:                      # (no plan_file_key with `warm`)
            plan = load_plan(cache_folder, plan_file_key)
        anew = bool(plan_file_key) and plan is None
        if plan is None:
            plan = _pooled(problems, plan_site, site, read.theme_files, read.user_files, images, subscribe)
            if warm is not None and plan is not None and not problems:
                warm.keep("plan", planned, plan)
        raise_if_any(problems)                                                      # good entries' collisions too
        planned_here.extend((plan, anew, *_related(site, outlines, ledger, warm)))

    if problems:                                     # the read phase's problems, and the plan's: no body is rendered
        make_plan()
    pending = _pending_folder(spool) if options.cache else None     # the workers' cache records wait there
    rendered = cached_bodies(root, site.posts + site.pages, config.excerpt_words, version=version,
                             attachments=read.attachments, media_info=read.media.info, jobs=_jobs(options.jobs),
                             enabled=options.cache, reporter=reporter, progress=bar,
                             remembered=warm.bodies if warm is not None else None, pending=pending,
                             also=LinkTargets(),           # the workers find the bodies' links too
                             meanwhile=make_plan)          # planned in this process while the workers render
    bodies = rendered.bodies
    plan, plan_anew, related, related_key = planned_here          # (cached_bodies called make_plan)
    links = check_links(plan, site, bodies, reporter, rendered.keys, ledger.links if ledger is not None else None,
                        found=rendered.also)
    keys: dict[str, str] = {}
    keep: dict[str, str] = {}
    same: dict[str, str] = {}                       # intact files of the last build: not spooled if produced alike
    on_disk = None
    if rendered.cached:
        shows = {o.path: related.get(o.entries[0]) for o in plan.outputs if o.kind == "post"}   # their excerpts
        keys = page_keys(plan, site, rendered.with_blocks(), rendered.keys, read.template_files, rendered.settings,
                         extra=(read.attachments, read.media.info, images), shows=shows, outlines=outlines)
        if ledger is not None:
            on_disk = None if trusted else scan_output(output)
            good = set(ledger.files) - {MARKER} if trusted else intact(ledger, on_disk, MARKER)
            keep = {path: ledger.files[path].digest for path, key in keys.items()
                    if path in good and ledger.files[path].key == key}
            same = {path: ledger.files[path].digest for path in good}
            for path in keep:
                for warning in ledger.page_warnings.get(path, ()):
                    reporter.warn(warning)
    files = produce(plan, site, bodies, theme, version, reporter, images, keep=keep, related=related,
                    done=bar.phase("pages", len(plan.outputs) - len(keep)), jobs=_jobs(options.jobs), spool=spool,
                    unchanged=same)
    bar.close()
    rendered.report(reporter)
    if keep and ledger.page_warnings:               # a kept file's warnings stay with it for the next ledger
        files = tuple(replace(f, warnings=ledger.page_warnings[f.path]) if f.keep and f.path in ledger.page_warnings
                      else f for f in files)
    if warm is not None:                            # a build that dies while publishing leaves no stale ledger
        warm.ledger = None                          # (given back by _remember once it has published)
    elif options.cache:
        forget_ledger(cache_folder, output)
    search = index_site(plan, site, files, root / CACHE_DIR if options.cache else None, output,   # Pagefind
                        stale_ok=options.preview, remembered=warm.search if warm is not None else None)
    known = ({p: w.digest for p, w in ledger.files.items() if p != MARKER}, set(ledger.files)) if trusted else None
    published = publish(output, files + search.files, reporter, known, spool.tree if spool is not None else None)  # the index is written with the site
    if not options.cache:
        shutil.rmtree(image_dir, ignore_errors=True)
    store_bodies(root, rendered, reporter)          # only now: a failed build writes nothing beside output/
    if plan_anew and ready_folder(root, reporter) is not None:
        store_plan(cache_folder, plan_file_key, plan, write_atomic)
    store_index(search)
    if warm is None:                                # a long-lived process prunes at the next command-line build
        prune_bodies(root, rendered)
    if read.memo is not None and ready_folder(root, reporter) is not None:
        read.memo.save(write_atomic)

    shown = {e.source for e in site.posts + site.pages}
    hidden = [e for e in entries if e.source not in shown]
    future = [e for e in hidden if e.date > now and not options.future and not (e.draft and not options.drafts)]
    summary = BuildSummary(
        posts=plan.count("post"), pages=plan.count("page"), archives=plan.count(*LISTINGS),
        feeds=plan.count("feed"), files=published.files, written=published.written, seconds=time.perf_counter() - started, output=output,
        bodies_rendered=rendered.rendered, bodies_reused=rendered.reused, cached=rendered.cached,
        produced=sum(1 for f in files if not f.keep), reused=len(keep), changed=published.changed,
        skipped_drafts=sum(1 for e in hidden if e.draft and not options.drafts),
        skipped_future=len(future),
        warnings=len(reporter.warnings))
    if rendered.cached:
        _remember(cache_folder, root, output, published, files, keys, on_disk, inputs, racy, future, summary,
                  reporter, links, warm, ledger.files if trusted else None, (related_key, related.posts))
    return summary


def _related(site, outlines: tuple[str, ...], ledger: Ledger | None, warm: Warm | None) -> tuple[Related, str]:
    """Every post's related posts, and the key they go by: computed once a build from an inverted
    index (related.py), unless the last build (in memory, or its ledger) computed them from posts
    with the same outlines, by the same code."""
    if not outlines:
        return related_posts(site), ""
    key = hashlib.sha256("\0".join((buildenv.code_digest(),) + outlines[:len(site.posts)]).encode("ascii")).hexdigest()
    related = warm.recall("related", key) if warm is not None else None
    if related is None and ledger is not None and ledger.related[0] == key:
        related = Related(ledger.related[1])
    if related is None:
        related = related_posts(site)
    if warm is not None:
        warm.keep("related", key, related)
    return related, key


def _outline_digests(entries: tuple, memo: ParseCache | None) -> tuple[str, ...]:
    """The entries' outline digests (parsecache.outline_digest): everything of them but their bodies,
    which is all the archives, the plan, the related posts and the page keys' common part read. The
    parse cache made most of them already, for these very entry objects (assembling replaces a
    protected entry: its digest is made here)."""
    known = memo.outlines if memo is not None else {}
    found = []
    for entry in entries:
        kept = known.get(entry.source)
        found.append(kept[1] if kept is not None and kept[0] is entry else outline_digest(entry))
    return tuple(found)


def _remember(cache_folder: Path, root: Path, output: Path, published, files, keys: dict[str, str], on_disk,
              inputs: str, racy: tuple, future: list, summary: BuildSummary, reporter: Reporter, links: dict,
              warm: Warm | None = None, trusted: Mapping[str, Written] | None = None,
              related: tuple = ("", {})) -> None:
    """Write the ledger of this build (ledger.py), or give it to `warm`. Files the update did not touch
    keep the times the scan before it read; the rest are read again. A ledger that cannot be written
    only costs speed."""
    if warm is None and ready_folder(root, reporter) is None:
        return
    changed = set(published.changed) | {MARKER}
    written: dict[str, Written] = {}
    for path, digest in published.digests.items():
        if published.in_place and trusted is not None and path not in changed and path in trusted:
            old = trusted[path]                     # untouched in a folder nothing else writes
            key = keys.get(path, "")
            written[path] = old if old.key == key and old.digest == digest else \
                Written(key, digest, old.size, old.mtime_ns, old.inode, old.ctime_ns)
            continue
        info = on_disk.get(path) if (published.in_place and on_disk is not None and path not in changed) else None
        if info is None:
            try:
                info = os.lstat(output / path)
            except OSError:
                return
        written[path] = Written(keys.get(path, ""), digest, info.st_size, info.st_mtime_ns, info.st_ino,
                                info.st_ctime_ns)
    counts = {name: getattr(summary, name) for name in ("posts", "pages", "archives", "feeds", "files",
                                                        "skipped_drafts", "skipped_future", "warnings", "cached")}
    ledger = Ledger(
        output=str(output), inputs=inputs, racy=racy,
        valid_until=min(e.date for e in future).astimezone(timezone.utc).isoformat() if future else "",
        summary=counts, files=written,
        warnings=tuple(w for w in reporter.warnings if not w.path.startswith(CACHE_DIR)),   # about this build's cache use
        page_warnings={f.path: tuple(f.warnings) for f in files if f.warnings},
        links=links, related=related)
    if warm is not None:
        warm.ledger = ledger
    else:
        store_ledger(cache_folder, ledger, write_atomic)


@dataclass(frozen=True)
class _Reading:
    """What the read phase found, and every problem with it."""
    problems: list
    config: SiteConfig | None
    theme: Theme | None
    entries: tuple
    vocabulary: Any
    comments: Any
    attachments: Any
    theme_files: tuple
    user_files: tuple
    media: Media = Media()
    memo: ParseCache | None = None
    template_files: Mapping[str, bytes] = field(default_factory=dict)     # Theme.template_files(), as read


def _read(root: Path, reporter: Reporter, drafts: bool = False, remember: bool = False,
          warm: Warm | None = None, jobs: int = 1) -> _Reading:
    """The read phase: site.toml, the theme, content/terms.yaml, content/media.yaml,
    every entry, its comments and every static file, and all their problems
    (pooled, not raised: the plan still checks what read well). A draft's
    problems are warnings unless `drafts` (then it must be valid)."""
    problems: list = []
    config = _pooled(problems, load_config, root)
    theme = _pooled(problems, lambda: Theme(find_theme(root, config.theme if config else SiteConfig.theme), root))
    template_files = theme.template_files() if theme is not None else {}     # read once: page keys use them too
    if theme is not None:
        templates = (theme.info, tuple(template_files.items())) if warm is not None else None
        known = warm.recall("theme", templates) if warm is not None else None
        if known is not None:
            theme = known                                # the same files: its templates are compiled already
        else:
            before = len(problems)
            _pooled(problems, theme.check, TEMPLATES)    # template syntax, beside every other problem
            if warm is not None and len(problems) == before:
                warm.keep("theme", templates, theme)
    sources, unreadable = read_sources(root, reporter, warm.sources if warm is not None else None)
    problems += unreadable
    vocabulary, bad_terms = load_terms(root, reporter)
    problems += bad_terms
    theme_files: tuple = ()
    if theme is not None:
        for folder in theme.static_dirs():
            found, bad = list_static(folder, folder.parent, _shown(folder, root), reporter)
            theme_files += found
            problems += bad
    user_files, bad = list_static(root / "static", root, "static", reporter)
    problems += bad
    # audio and video the site serves, probed (headers only): enclosures' lengths, types, durations
    media = read_media([("/static/" + f.relative, f.absolute) for f in theme_files] +
                       [("/" + f.relative, f.absolute) for f in user_files])
    # front matter is checked even when site.toml is broken (with the defaults), so one run shows everything
    memo = (ParseCache(root / CACHE_DIR, [buildenv.code_digest(), repr(config), repr(vocabulary), repr(media)],
                       remembered=warm.parsed if warm is not None else None)
            if remember and config is not None else None)
    entries, bad_entries = read_entries(sources, config or _fallback_config(root), reporter, drafts, vocabulary, media,
                                        memo=memo, jobs=jobs)
    problems += bad_entries
    comments = load_comments(root, entries, config or _fallback_config(root), reporter)
    attachments, bad_media = read_attachments(root)
    problems += bad_media
    return _Reading(problems, config, theme, entries, vocabulary, comments, attachments, theme_files, user_files,
                    media, memo, template_files)


def _pending_folder(spool: Spool | None) -> Path | None:
    """A folder in the build's spool (removed when the build ends, whatever happens) for the body cache
    records the workers write as they render; None where it cannot be made (store_bodies then writes)."""
    if spool is None:
        return None
    try:
        spool.open()
        folder = spool.folder / "bodies"
        folder.mkdir(exist_ok=True)
        return folder
    except (OSError, BuildError):
        return None


def _jobs(jobs: int | None) -> int:
    return max(1, jobs if jobs is not None else (os.cpu_count() or 1))


def _pooled(problems: list, step, *args):
    try:
        return step(*args)
    except BuildError as exc:
        problems += exc.diagnostics
        return None


def _fallback_config(root: Path) -> SiteConfig:
    """Defaults to check front matter with while site.toml itself is broken."""
    return SiteConfig(root=str(root), title="", base_url="https://example.invalid")


def _shown(folder: Path, root: Path) -> str:
    """A theme's static folder as messages name it."""
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return f"themes/{folder.parent.name}/static (bundled)"
