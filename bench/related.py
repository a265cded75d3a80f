"""related_posts alone on a bench/corpus.py site (read and assembled as the build does), three runs,
with a CPU calibration line; usage: python bench/related.py /tmp/corpus-10k/trackpress"""
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from generator.pipeline import _read
from generator.assemble import assemble_site
from generator.errors import Reporter
from generator.related import related_posts
root = Path(sys.argv[1]).resolve()
r = _read(root, Reporter())
site = assemble_site(r.entries, r.config, datetime.now(timezone.utc), False, False, r.vocabulary, r.comments)
for run in range(3):
    t = time.perf_counter(); rel = related_posts(site); print(f"posts={len(site.posts)} related_posts {time.perf_counter()-t:.2f}s scored={rel.scored}")
t = time.perf_counter(); s = 0
for i in range(10_000_000): s += i
print(f"calibration: 10M Python additions {time.perf_counter()-t:.2f}s")
