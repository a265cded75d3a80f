"""Full-build benchmark: a synthetic blog of N posts, built from scratch.

    python bench/build_bench.py --posts 1000 --runs 3

Prints the best wall time, posts per second, files written and peak memory
(max RSS). Targets live here, not in timed unit tests.
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from generator.build import BuildOptions, build_site

WORDS = ("mix bass kick snare 808 tape warm vocal chain compressor limiter loudness synth pad pluck "
         "groove swing tempo sample license royalty stream master reverb delay sidechain").split()


def make_blog(root: Path, posts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "site.toml").write_text('title = "Bench"\nbase_url = "https://bench.example"\ntimezone = "UTC"\n')
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    tags = [f"tag {n}" for n in range(60)]
    cats = [f"Category {n}" for n in range(8)]
    for n in range(posts):
        date = start + timedelta(hours=7 * n)
        paragraphs = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(6))
        code = "```python\ndef bpm_to_ms(bpm):\n    return 60000 / bpm\n```\n" if n % 5 == 0 else ""
        text = (f"---\ntitle: \"Post {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
                f"date: {date.isoformat()}\nid: {n + 1}\ncategories: [\"{rng.choice(cats)}\"]\n"
                f"tags: [\"{rng.choice(tags)}\", \"{rng.choice(tags)}\"]\n---\n"
                f"## Notes\n\n{paragraphs}\n\n{code}")
        path = root / "content" / "posts" / str(date.year) / f"post-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="trackpress-bench-"))
    try:
        make_blog(work, args.posts)
        times, summary = [], None
        for _ in range(args.runs):
            started = time.perf_counter()
            summary = build_site(BuildOptions(root=work, now=datetime(2030, 1, 1, tzinfo=timezone.utc)))
            times.append(time.perf_counter() - started)
        best = min(times)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"posts={args.posts} best={best:.2f}s runs={[round(t, 2) for t in times]} "
              f"posts/s={args.posts / best:.0f} files={summary.files} peak_rss={peak:.0f}MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
