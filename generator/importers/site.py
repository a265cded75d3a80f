"""A new site's `site.toml`, inferred from the export.

What WordPress's Settings hold but the export does not say outright is read
from the posts: the permalink structure from their links against their dates,
slugs and IDs; the time zone from post_date against post_date_gmt. Only used
when the folder has no site.toml; an existing one is never touched.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

from ..urls import check_permalink
from .menus import toml_lines, toml_string

DEFAULT_PERMALINK = "/%year%/%monthnum%/%day%/%postname%/"
# Fixed offsets that are not whole hours have no Etc/ zone: a zone without DST that has kept it.
_FRACTIONAL = {330: "Asia/Kolkata", 345: "Asia/Kathmandu", 270: "Asia/Kabul", 390: "Asia/Yangon",
               570: "Australia/Darwin", 525: "Australia/Eucla", -570: "Pacific/Marquesas"}


@dataclass(frozen=True)
class Sample:
    """What one published post says about the site's settings."""
    path: str                  # its permalink path below the base ("" when not pretty)
    local: str                 # post_date "2024-05-21 03:50:20"
    gmt: str                   # post_date_gmt
    slug: str
    id: int | None
    author_slug: str
    categories: tuple[str, ...] = ()     # category paths "parent/child" of the post


@dataclass
class Settings:
    title: str = ""
    tagline: str = ""
    base_url: str = ""
    language: str = ""
    timezone: str = "UTC"
    author: str = ""
    permalink: str = DEFAULT_PERMALINK
    nav: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def toml(self) -> str:
        lines = ["# Made by `trackpress import wordpress` from the export; edit freely.",
                 f"title = {toml_string(self.title or 'My Site')}"]
        if self.tagline:
            lines.append(f"tagline = {toml_string(self.tagline)}")
        lines.append(f"base_url = {toml_string(self.base_url)}")
        if self.language:
            lines.append(f"language = {toml_string(self.language)}")
        lines.append(f"timezone = {toml_string(self.timezone)}")
        if self.author:
            lines.append(f"author = {toml_string(self.author)}")
        lines.append(f"permalink = {toml_string(self.permalink)}")
        return "\n".join(lines + [""] + toml_lines(self.nav))


def infer_permalink(samples: list[Sample]) -> tuple[str, str]:
    """(structure, how it was found): the WordPress structure most posts' links follow."""
    votes: Counter[str] = Counter()
    pretty = [s for s in samples if s.path]
    for sample in pretty:
        pattern = _pattern(sample)
        if pattern and check_permalink(pattern) is None:
            votes[pattern] += 1
    if not votes:
        why = ("the posts' links are not pretty permalinks (WordPress's “Plain” setting: /?p=ID, which still redirects)"
               if samples else "the export has no published posts")
        return DEFAULT_PERMALINK, f"permalink: {why}; the default {DEFAULT_PERMALINK} is used for new posts"
    best, count = votes.most_common(1)[0]
    note = f"permalink {best} inferred from {count} of {len(pretty)} posts' links"
    if count < len(pretty):
        note += " (the others keep their own `permalink:`)"
    return best, note


def _pattern(sample: Sample) -> str | None:
    """The structure one post's link follows, token by token; None when its date is unreadable."""
    try:
        when = datetime.strptime(sample.local, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    values = [("%year%", f"{when.year:04d}"), ("%monthnum%", f"{when.month:02d}"), ("%day%", f"{when.day:02d}"),
              ("%hour%", f"{when.hour:02d}"), ("%minute%", f"{when.minute:02d}"), ("%second%", f"{when.second:02d}")]
    segments = sample.path.strip("/").split("/")
    out: list[str] = []
    used: set[str] = set()
    index = 0
    while index < len(segments):
        seg = segments[index]
        category = next((c for c in sample.categories
                         if "/".join(segments[index:index + c.count("/") + 1]) == c), None)
        if sample.slug and seg == sample.slug and "%postname%" not in used:
            token = "%postname%"
        elif sample.slug and sample.slug in seg and "%postname%" not in used and seg.startswith(sample.slug):
            token = "%postname%" + seg[len(sample.slug):]       # /%postname%.html
        elif sample.id is not None and seg == str(sample.id) and "%post_id%" not in used:
            token = "%post_id%"
        elif category is not None and "%category%" not in used:
            token = "%category%"
            index += category.count("/")
        elif sample.author_slug and seg == sample.author_slug and "%author%" not in used:
            token = "%author%"
        else:
            token = next((t for t, v in values if v == seg and t not in used), seg)
        used.add("%postname%" if token.startswith("%postname%") else token)
        out.append(token)
        index += 1
    if "%postname%" not in used and "%post_id%" not in used:
        return None
    return "/" + "/".join(out) + ("/" if sample.path.endswith("/") else "")


def infer_timezone(samples: list[Sample]) -> tuple[str, str]:
    """(zone name the config accepts, how it was found)."""
    pairs = []
    for sample in samples:
        try:
            local = datetime.strptime(sample.local, "%Y-%m-%d %H:%M:%S")
            gmt = datetime.strptime(sample.gmt, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        minutes = round((local - gmt).total_seconds() / 60)
        if abs(minutes) <= 14 * 60 and 1900 <= gmt.year <= 2100:
            pairs.append((gmt.replace(tzinfo=timezone.utc), minutes))
    if not pairs:
        return "UTC", "timezone: no post has both a local and a GMT date; UTC is used — set `timezone` in site.toml"
    offsets = Counter(minutes for _, minutes in pairs)
    if len(offsets) == 1:
        minutes = next(iter(offsets))
        name = _fixed(minutes)
        return name, (f"timezone {name} (UTC{_show(minutes)} on all {len(pairs)} posts; the export names no zone — "
                      "if your region has summer time, set its IANA name, like \"Europe/Berlin\", in site.toml)")
    zone = _matching_zone(pairs)
    shown = ", ".join(f"UTC{_show(m)} ×{n}" for m, n in offsets.most_common())
    if zone:
        return zone, (f"timezone {zone}: the only kind of zone that fits every post's offset ({shown}); "
                      "zones with the same rules are equivalent — set yours in site.toml if it differs")
    minutes = offsets.most_common(1)[0][0]
    name = _fixed(minutes)
    return name, (f"timezone {name}: the posts' offsets vary ({shown}) and no IANA zone fits them all; the most "
                  "common one is used for dates written without an offset — set the right zone in site.toml")


def _fixed(minutes: int) -> str:
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        return f"Etc/GMT{-hours:+d}"            # POSIX sign: Etc/GMT-2 is UTC+02:00
    return _FRACTIONAL.get(minutes, "UTC")


def _show(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _matching_zone(pairs: list[tuple[datetime, int]]) -> str | None:
    """An IANA Region/City zone whose offset at every post's moment is the post's offset."""
    sample = pairs if len(pairs) <= 300 else pairs[:: len(pairs) // 300 + 1]
    distinct = sorted({(when, minutes) for when, minutes in sample})
    regions = ("Europe/", "America/", "Asia/", "Australia/", "Pacific/", "Africa/", "Atlantic/", "Indian/")
    names = [n for n in available_timezones() if n.startswith(regions)]
    for name in sorted(names, key=lambda n: (next(i for i, r in enumerate(regions) if n.startswith(r)), n)):
        zone = ZoneInfo(name)
        if all(when.astimezone(zone).utcoffset() == timedelta(minutes=minutes) for when, minutes in distinct):
            return name
    return None


def most_common_author(authors: list[str]) -> str:
    named = [a for a in authors if a]
    return Counter(named).most_common(1)[0][0] if named else ""
