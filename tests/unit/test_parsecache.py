"""The parse cache gives back the very entry a parse gives: field for field, repr for repr."""
from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.content import read_entries
from generator.model import SiteConfig, SourceFile
from generator.parsecache import ParseCache

CONFIG = SiteConfig(root="/site", title="T", base_url="https://beats.example", timezone="Asia/Tokyo")
FRONT = """---
title: "夜のローファイ — Tape & \\"Dust\\""
date: {date}
updated: 2024-06-02 08:00
tags: [lo-fi, 夜]
categories: [Beats]
aliases: ["/old/night/"]
lang: ja
excerpt: "A short one."
image: /static/cover.jpg
enclosures:
  - {{url: "https://cdn.example/a.mp3", length: 1234, type: audio/mpeg}}
release:
  title: Night Tapes
  type: ep
  date: 2024-06-01
  tracks:
    - {{title: One, duration: "3:21"}}
    - {{title: Two}}
  links: {{bandcamp: "https://x.bandcamp.com/album/night"}}
mood: {mood}
---
Body text with **bold**.
"""


def parsed_twice(tmp_path: Path, text: str):
    source = SourceFile("content/posts/night.md", "post", text)
    first = ParseCache(tmp_path, ["settings"])
    entries, problems = read_entries((source,), CONFIG, memo=first)
    assert not problems, problems
    first.save(lambda path, data: path.write_bytes(data))
    second = ParseCache(tmp_path, ["settings"])
    again, _ = read_entries((source,), CONFIG, memo=second)
    return entries[0], again[0], second


def test_an_entry_read_back_is_the_parsed_one(tmp_path):
    for date in ("2024-06-01 21:30", "2024-06-01T21:30:00+02:00", "2024-06-01"):
        entry, back, memo = parsed_twice(tmp_path, FRONT.format(date=date, mood="[calm, {bpm: 82, swing: 0.56, live: false, none: null}]"))
        assert memo.reused == 1
        assert back == entry and repr(back) == repr(entry)


def test_other_settings_parse_again(tmp_path):
    source = SourceFile("content/posts/night.md", "post", FRONT.format(date="2024-06-01", mood="calm"))
    memo = ParseCache(tmp_path, ["settings"])
    read_entries((source,), CONFIG, memo=memo)
    memo.save(lambda path, data: path.write_bytes(data))
    other = ParseCache(tmp_path, ["other settings"])
    read_entries((source,), CONFIG, memo=other)
    assert other.reused == 0


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)),
                      max_leaves=12)


def with_mood(mood):
    """A post whose front matter's `mood` is `mood` (as YAML flow), and its entry, or None when front
    matter does not accept the value."""
    text = FRONT.format(date="2024-06-01", mood=yaml.safe_dump(mood, default_flow_style=True, allow_unicode=True).strip()
                        .replace("\n", " ").removesuffix("..."))
    source = SourceFile("content/posts/night.md", "post", text)
    entries, problems = read_entries((source,), CONFIG)
    return source, (entries[0] if entries and not problems else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mood=values)
def test_any_front_matter_value_reads_back_as_itself(tmp_path, mood):
    source, entry = with_mood(mood)
    if entry is None:
        return                                       # not a value front matter accepts: nothing to cache
    entry, back, memo = parsed_twice(tmp_path, source.text)
    assert back == entry and repr(back) == repr(entry)


def test_the_file_is_one_json_document_of_fresh_and_reused_records(tmp_path):
    """Fresh records are kept as their JSON text (memory); the file is still exactly one json.dumps of
    {"version", "entries"}, whether its records were parsed now or read from the last file."""
    import json
    texts = {f"content/posts/{name}.md": FRONT.format(date=f"2024-06-0{i + 1}", mood=f'"{name} \\u00e9 \\" \\\\ </x>"')
             for i, name in enumerate(("one", "two", "three"))}
    sources = [SourceFile(path, "post", text) for path, text in texts.items()]
    first = ParseCache(tmp_path, ["settings"])
    read_entries(tuple(sources[:2]), CONFIG, memo=first)
    first.save(lambda path, data: path.write_bytes(data))
    second = ParseCache(tmp_path, ["settings"])
    read_entries(tuple(sources), CONFIG, memo=second)          # two reused, one parsed
    assert second.reused == 2
    second.save(lambda path, data: path.write_bytes(data))
    data = (tmp_path / "entries.json").read_bytes()
    stored = json.loads(data)
    assert data == json.dumps(stored, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    assert list(stored) == ["version", "entries"] and len(stored["entries"]) == 3
    third = ParseCache(tmp_path, ["settings"])
    again, _ = read_entries(tuple(sources), CONFIG, memo=third)
    assert third.reused == 3
    fresh, _ = read_entries(tuple(sources), CONFIG)
    assert [repr(e) for e in again] == [repr(e) for e in fresh]


def test_a_build_that_reuses_every_entry_does_not_write_the_file(tmp_path):
    source = SourceFile("content/posts/night.md", "post", FRONT.format(date="2024-06-01", mood="calm"))
    first = ParseCache(tmp_path, ["settings"])
    read_entries((source,), CONFIG, memo=first)
    first.save(lambda path, data: path.write_bytes(data))
    writes: list[bytes] = []
    second = ParseCache(tmp_path, ["settings"])
    read_entries((source,), CONFIG, memo=second)          # reading is done: its decoded records are dropped
    second.save(lambda path, data: writes.append(data))
    assert second.reused == 1 and writes == []


def _whole_entry_record(source: SourceFile, entry) -> tuple[str, str] | None:
    """What prepare made before it compared field by field: the whole entry encoded with an empty
    body, decoded, given the body back and compared by `repr`; the outline as repr of a tuple."""
    import hashlib
    import json
    from dataclasses import fields, replace
    from generator import parsecache
    try:
        encoded = parsecache._encode(replace(entry, body=""))
        if repr(replace(parsecache._decode(encoded), body=entry.body)) != repr(entry):
            return None
    except (parsecache._Unencodable, ValueError, TypeError, RecursionError):
        return None
    outline = hashlib.sha256(repr(tuple((f.name, getattr(entry, f.name)) for f in fields(entry) if f.name != "body"))
                             .encode("utf-8", "surrogatepass")).hexdigest()
    return outline, json.dumps(encoded, ensure_ascii=True, separators=(",", ":"))


@settings(max_examples=60, deadline=None)
@given(mood=values, extra=st.dictionaries(st.text(min_size=1, max_size=6), values, max_size=3))
def test_prepare_writes_what_the_whole_entry_check_would(mood, extra):
    """The field-by-field check and the outline made from its reprs give what the whole entry's repr gave."""
    import json
    from dataclasses import replace
    from generator.parsecache import outline_digest, prepare
    source, parsed = with_mood(mood)
    if parsed is None:
        return
    for entry in (parsed, replace(parsed, extra={**parsed.extra, **extra})):
        made, expected = prepare("settings", source, entry, {"title": 2}, "id", ()), _whole_entry_record(source, entry)
        assert (made is None) == (expected is None)
        if made is not None:
            assert made[1] == expected[0] == outline_digest(entry)
            assert json.dumps(json.loads(made[2])["entry"], ensure_ascii=True, separators=(",", ":")) == expected[1]


def test_a_record_that_would_not_read_back_is_not_written(monkeypatch):
    """Any field whose decoded value shows differently (here: a time moved by a second) means no record."""
    from datetime import timedelta
    from generator import parsecache
    source = SourceFile("content/posts/night.md", "post", FRONT.format(date="2024-06-01 21:30", mood="calm"))
    entry = read_entries((source,), CONFIG)[0][0]
    assert parsecache.prepare("settings", source, entry, {}, "id", ()) is not None
    decode = parsecache._decode

    def shifted(value):
        back = decode(value)
        return back + timedelta(seconds=1) if isinstance(value, dict) and "@dt" in value else back
    monkeypatch.setattr(parsecache, "_decode", shifted)
    assert parsecache.prepare("settings", source, entry, {}, "id", ()) is None


def test_a_body_found_anywhere_in_the_text_reads_back(tmp_path):
    """The body's place in the file is stored; one also written earlier in the file (in the front matter
    here) is cut from where the record says and is still the body."""
    text = FRONT.format(date="2024-06-01", mood='"Body text with **bold**."')
    entry, back, memo = parsed_twice(tmp_path, text)
    assert memo.reused == 1 and back.body == entry.body and repr(back) == repr(entry)
