"""Every imported item its own post ID and feed GUID.

Feed readers key on the GUID: two items sharing one would show as one. An
export can hold duplicates (copied posts, hand-edited exports): the oldest item
(post_date_gmt, then ID) keeps what it had, the others get their own, and the
report says so.
"""
from __future__ import annotations

from dataclasses import replace

from .records import Record

_ZERO_DATE = "0000-00-00 00:00:00"


def unique_ids(records: list[Record], notes: list[str]) -> list[Record]:
    """Items sharing a post ID (a hand-edited export): the oldest keeps it, the others go without
    (their `?p=` link cannot lead to two posts)."""
    groups: dict[int, list[int]] = {}
    for index, record in enumerate(records):
        if record.id is not None:
            groups.setdefault(record.id, []).append(index)
    out = list(records)
    for post_id, indexes in groups.items():
        if len(indexes) < 2:
            continue
        indexes.sort(key=lambda i: (_gmt_key(records[i]), i))
        for index in indexes[1:]:
            out[index] = replace(records[index], id=None)
            notes.append(f"{records[index].label}: shares the ID {post_id} with {records[indexes[0]].label} "
                         "(older, keeps it); written without `id:`")
    return out


def unique_guids(records: list[Record], base_url: str, notes: list[str]) -> list[Record]:
    """Posts sharing a GUID: the oldest (post_date_gmt, then ID) keeps it; each other gets
    `{base}/?p=ID` when that is no one's, else its permalink URL."""
    base = base_url.rstrip("/")
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        if record.guid:
            groups.setdefault(record.guid, []).append(index)
    used = {r.guid for r in records if r.guid} | {f"{base}/?p={r.id}" for r in records if not r.guid and r.id}
    out = list(records)
    for guid, indexes in groups.items():
        if len(indexes) < 2:
            continue
        indexes.sort(key=lambda i: (_gmt_key(records[i]), records[i].id or 0))
        for index in indexes[1:]:
            record = records[index]
            options = ([f"{base}/?p={record.id}"] if record.id else []) + \
                      ([base + record.permalink] if record.permalink else [])
            new = next((o for o in options if o not in used),
                       next(f"{guid}#{n}" for n in range(2, len(records) + 3) if f"{guid}#{n}" not in used))
            used.add(new)
            out[index] = replace(record, guid=new)
            notes.append(f"{record.label}: shared the GUID {guid} with {records[indexes[0]].label} (older, keeps it); "
                         f"given {new}")
    return out


def _gmt_key(record: Record) -> str:
    gmt = str(record.wordpress.get("post_date_gmt", ""))
    return gmt if gmt and gmt != _ZERO_DATE else "9999" + str(record.wordpress.get("post_date", ""))
