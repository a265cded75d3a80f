"""The shelf gives back exactly the body it was given, in the process that made it and in forked ones."""
from __future__ import annotations

import os

from hypothesis import given, settings, strategies as st

from generator.model import Body
from generator.shelf import Shelf

# any text, lone surrogates included (JSON's \ud800 escapes can put them in a cached body)
texts = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(texts, st.one_of(st.none(), texts), texts, texts, texts, st.integers(0, 10**6)), max_size=6))
def test_every_body_reads_back_as_itself(fields):
    shelf = Shelf()
    bodies = [Body(html, html if page is None else page, excerpt, toc, summary, minutes)
              for html, page, excerpt, toc, summary, minutes in fields]
    places = [shelf.put(body) for body in bodies]
    assert None not in places
    for body, where in reversed(list(zip(bodies, places))):       # any order
        back = shelf.get(where)
        assert back == body and repr(back) == repr(body)
        if body.page_html == body.html:
            assert back.page_html is back.html                    # one string for both, as render_body makes it
    shelf.close()


def test_a_forked_worker_reads_the_shelf_but_never_writes_to_it():
    shelf = Shelf()
    first = Body("<p>Kick and “bass” — 夜</p>", "<p>Kick and “bass” — 夜</p><audio></audio>", "Kick", "", "Kick and bass", 1)
    where = shelf.put(first)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:                                                   # the worker
        ok = shelf.get(where) == first and shelf.put(Body("x", "x", "x")) is None
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    later = Body("<p>Snare</p>", "<p>Snare</p>", "Snare")
    assert shelf.get(shelf.put(later)) == later and shelf.get(where) == first     # the parent's file is intact
