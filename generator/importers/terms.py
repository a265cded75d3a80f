"""Categories and tags with their WordPress slugs → content/terms.yaml.

WordPress keeps a term's slug apart from its name (`-2` suffixes, Latin slugs
for non-Latin names, multilingual plugins' `-en`, hand edits), and nests
categories (`/category/parent/child/`). The export lists every term on the
channel (`<wp:category>`, `<wp:tag>`, and `<wp:term>` since WXR 1.2) and names
each post's terms with `<category domain nicename>`; both are read, the
channel first.

Posts keep naming their terms by name; only where two terms of one kind share a
name (one per language on a multilingual site) do posts name them by slug.

Each entry keeps the term's WordPress ID (`id:`, the `<wp:term_id>`), so
`/?cat=ID`, `/?tag_id=ID` and blocks that filter by term ID still work.

Into an existing site the file is merged, never rewritten: missing entries are
added as new lines, entries the user already has are left as they are (a
difference from the export is reported as a conflict), except that an entry
with the export's slug and no `id:` gets the export's ID as one new line — an
`id:` the user wrote is never changed, and an ID another of the user's entries
already has is not given twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import yaml

from ..urls import slugify
from .records import CONTROL

HEADER = ("# Categories and tags with their WordPress slugs and IDs (edit freely; posts name terms by name or slug;\n"
          "# id: is WordPress's term ID, for old /?cat=ID and /?tag_id=ID links)\n")
KINDS = {"category": "categories", "post_tag": "tags"}


@dataclass(frozen=True)
class Term:
    kind: str               # "categories" or "tags"
    name: str
    slug: str
    parent: str = ""        # the parent category's slug
    description: str = ""
    id: int | None = None   # WordPress term_id: written as `id:` (menus, `/?cat=ID` and block filters use it)

    def entry(self, with_id: bool = True) -> dict[str, str | int]:
        pairs = (("name", self.name), ("slug", self.slug), ("id", self.id if with_id else None),
                 ("parent", self.parent), ("description", self.description))
        return {key: value for key, value in pairs if value}


def read_terms(channel: Element, items: list[Element], wp: str) -> tuple[Term, ...]:
    """Every category and tag the export holds, channel lists first, then any only posts name."""
    def text(el: Element, tag: str) -> str:
        return (el.findtext(wp + tag) or "").strip()

    found: dict[tuple[str, str], Term] = {}

    def add(kind: str, name: str, slug: str, parent: str = "", description: str = "", term_id: str = "") -> None:
        name = name.strip()
        slug = _slug(slug, name)
        if not slug or (kind, slug) in found:
            return
        found[(kind, slug)] = Term(kind, name or slug, slug, _slug(parent, "") if parent else "",
                                   description.strip(), int(term_id) if term_id.isdigit() and int(term_id) > 0 else None)

    for el in channel.findall(wp + "category"):
        add("categories", text(el, "cat_name"), text(el, "category_nicename"), text(el, "category_parent"),
            text(el, "category_description"), text(el, "term_id"))
    for el in channel.findall(wp + "tag"):
        add("tags", text(el, "tag_name"), text(el, "tag_slug"), "", text(el, "tag_description"), text(el, "term_id"))
    for el in channel.findall(wp + "term"):
        kind = KINDS.get(text(el, "term_taxonomy"))
        if kind:
            add(kind, text(el, "term_name"), text(el, "term_slug"),
                text(el, "term_parent") if kind == "categories" else "", text(el, "term_description"),
                text(el, "term_id"))
    for item in items:
        for cat in item.findall("category"):
            kind = KINDS.get(cat.get("domain", "category"))
            if kind:
                add(kind, cat.text or "", cat.get("nicename", ""))
    slugs = {(t.kind, t.slug) for t in found.values()}
    return tuple(t if not t.parent or ("categories", t.parent) in slugs else Term(t.kind, t.name, t.slug, "", t.description, t.id)
                 for t in found.values())


def _slug(raw: str, name: str) -> str:
    """WordPress's stored slug, percent-decoded; one made from the name when the export has none
    or it could act as a path."""
    slug = unquote(raw.strip())
    if not slug or "/" in slug or "\\" in slug or slug in (".", "..") or CONTROL.search(slug):
        slug = slugify(slug or name)
    return slug


def post_terms(item: Element, terms: tuple[Term, ...]) -> dict[str, list[str]]:
    """{"categories": [...], "tags": [...]} as the post's front matter names them: by name,
    or by slug where two terms of the kind share the name."""
    ambiguous = _shared_names(terms)
    out: dict[str, list[str]] = {"categories": [], "tags": []}
    for cat in item.findall("category"):
        kind = KINDS.get(cat.get("domain", "category"))
        name = (cat.text or "").strip()
        if not kind or not name:
            continue
        value = _slug(cat.get("nicename", ""), name) if (kind, name) in ambiguous else name
        if value not in out[kind]:
            out[kind].append(value)
    return out


def _shared_names(terms: tuple[Term, ...]) -> set[tuple[str, str]]:
    seen: dict[tuple[str, str], int] = {}
    for term in terms:
        seen[(term.kind, term.name)] = seen.get((term.kind, term.name), 0) + 1
    return {key for key, count in seen.items() if count > 1}


def category_paths(terms: tuple[Term, ...]) -> dict[str, str]:
    """slug → "parent/child/slug" for every category (WordPress's nested archive path)."""
    parents = {t.slug: t.parent for t in terms if t.kind == "categories"}
    paths = {}
    for slug in parents:
        chain, seen = [slug], {slug}
        while parents.get(chain[0]) and parents[chain[0]] not in seen:
            seen.add(parents[chain[0]])
            chain.insert(0, parents[chain[0]])
        paths[slug] = "/".join(chain)
    return paths


# -- terms.yaml ------------------------------------------------------------------------------

def render(terms: tuple[Term, ...]) -> str:
    """A new terms.yaml."""
    text = HEADER
    for kind in ("categories", "tags"):
        entries = [t.entry() for t in terms if t.kind == kind]
        text += f"{kind}:\n" + _entries(entries) if entries else f"{kind}: []\n"
    return text


def _entries(entries: list[dict[str, str]]) -> str:
    from .write import dump_yaml
    return "".join("  " + line + "\n" for line in dump_yaml(entries).splitlines())


def merge(existing: str, terms: tuple[Term, ...]) -> tuple[str | None, list[str]]:
    """(the merged text, or None when nothing is to be added or it cannot be merged; notes).

    Adds the export's terms the file lacks as new lines at the end of their list, and the
    export's ID as an `id:` line to an entry with the same slug that has none; an entry the
    user has (same slug, or same name with another slug) is otherwise kept as written."""
    try:
        data = yaml.safe_load(existing) or {}
        tree = yaml.compose(existing, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return None, [f"content/terms.yaml is not valid YAML ({str(err).splitlines()[0]}); left as it is — "
                      f"fix it and import again to add the export's {len(terms)} terms"]
    if not isinstance(data, dict):
        return None, ["content/terms.yaml does not hold `categories:` and `tags:` lists; left as it is"]
    notes: list[str] = []
    additions: dict[str, list[dict]] = {"categories": [], "tags": []}
    ids: list[tuple[int, int, str]] = []              # (line to insert before, key column, id) — the new id: lines
    expected = {kind: [dict(e) if isinstance(e, dict) else e for e in (data.get(kind) or [])]
                for kind in ("categories", "tags")}
    shared = _shared_names(terms)
    for kind in ("categories", "tags"):
        have = data.get(kind) or []
        if not isinstance(have, list):
            return None, [f"content/terms.yaml: {kind}: is not a list; left as it is"]
        label = "tag" if kind == "tags" else "category"
        by_slug: dict[str, int] = {}
        for index, e in enumerate(have):
            if isinstance(e, dict) and e.get("slug"):
                by_slug.setdefault(str(e.get("slug")), index)
        by_name = {str(e.get("name")): e for e in have if isinstance(e, dict) and e.get("name")}
        used = {e.get("id") for e in have if isinstance(e, dict) and isinstance(e.get("id"), int)}
        nodes = _entry_nodes(tree, kind)
        for term in (t for t in terms if t.kind == kind):
            index = by_slug.get(term.slug)
            if index is not None:
                mine = have[index]
                differ = [k for k, v in term.entry().items()
                          if str(mine.get(k) or "") != str(v) and (k != "id" or "id" in mine)]
                if differ:
                    notes.append(f"terms.yaml: {label} {term.slug!r} "
                                 f"differs from the export in {', '.join(differ)}; your entry is kept")
                if term.id is None or "id" in mine:
                    continue
                if term.id in used:
                    notes.append(f"terms.yaml: {label} {term.slug!r} has no id:, and the export's id {term.id} "
                                 f"is taken by another of your {kind}; not added")
                    continue
                at = _id_line(nodes, index)
                if at is None:
                    notes.append(f"terms.yaml: {label} {term.slug!r} is not written as `name:`/`slug:` lines; "
                                 f"add `id: {term.id}` to it by hand")
                    continue
                ids.append((*at, str(term.id)))
                used.add(term.id)
                expected[kind][index]["id"] = term.id
            elif term.name in by_name and (kind, term.name) not in shared:
                notes.append(f"terms.yaml: {term.name!r} has the slug {by_name[term.name].get('slug')!r} in your file "
                             f"but {term.slug!r} in the export; your entry is kept (its archive URL differs from WordPress's)")
            else:
                taken = term.id is not None and term.id in used
                if taken:
                    notes.append(f"terms.yaml: the export's {label} {term.slug!r} is added without its id "
                                 f"({term.id}): another of your {kind} has it")
                additions[kind].append(term.entry(with_id=not taken))
                if term.id is not None:
                    used.add(term.id)
    if not any(additions.values()) and not ids:
        return None, notes
    lines = existing.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for before, column, value in sorted(ids, reverse=True):
        ending = "\r\n" if lines[before - 1].endswith("\r\n") else "\n"
        lines.insert(before, " " * column + f"id: {value}{ending}")
    for kind in ("categories", "tags"):
        if not additions[kind]:
            continue
        block = _entries(additions[kind])
        at = next((i for i, line in enumerate(lines) if re.match(rf"{kind}:", line)), None)
        if at is None:
            lines.append(f"{kind}:\n{block}")
            continue
        rest = re.sub(r"\s+#.*$", "", lines[at][len(kind) + 1:]).strip()
        if rest == "[]":
            lines[at] = f"{kind}:\n"
        elif rest:
            return None, notes + [f"content/terms.yaml: {kind}: is not written as a list of `- name:` lines; "
                                  f"left as it is — add the export's {len(additions[kind])} {kind} by hand"]
        end = next((i for i in range(at + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        lines.insert(end, block)
    merged = "".join(lines)
    try:
        check = yaml.safe_load(merged)
        assert all((check.get(k) or []) == expected[k] + additions[k] for k in additions)
    except (yaml.YAMLError, AssertionError, AttributeError):
        return None, notes + ["content/terms.yaml could not be merged without changing your entries; left as it is"]
    count = sum(len(v) for v in additions.values())
    if count:
        notes.append(f"terms.yaml: {count} terms of the export added to your file")
    if ids:
        notes.append(f"terms.yaml: the export's WordPress ID added as `id:` to {len(ids)} of your entries")
    return merged, notes


def _entry_nodes(tree: yaml.Node | None, kind: str) -> list[yaml.Node]:
    """The YAML nodes of the `kind:` list's entries, in order (for their line numbers)."""
    if not isinstance(tree, yaml.MappingNode):
        return []
    for key, value in tree.value:
        if isinstance(key, yaml.ScalarNode) and key.value == kind and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def _id_line(nodes: list[yaml.Node], index: int) -> tuple[int, int] | None:
    """(line to insert before, column) for a new `id:` key right after the entry's `slug:`;
    None when the entry is not a block mapping (`{name: …, slug: …}` on one line)."""
    node = nodes[index] if index < len(nodes) else None
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "slug":
            end = value.end_mark            # a block scalar ends at the start of the next line
            return (end.line if end.column == 0 else end.line + 1), key.start_mark.column
    return None
