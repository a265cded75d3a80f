"""`trackpress check` without --against: is the built site whole?

Every page of the built output/ is read (html.parser) for the internal links,
images and other resources it points at, and the anchors (`#id`) it links to;
every feed and sitemap (the XML files) is parsed, and its links, enclosures
and sitemap locations that point into the site are followed the same way.
A link answers when the output has the file (a folder's index.html), or when
the built `_redirects` forwards it to one; an anchor answers when the target
page has an element with that `id` (or an `<a name>`). External links are not
fetched: a check that depends on other people's servers is not repeatable.
Like Nikola's `check -l` and Zola's `check`, problems are printed one a line
as `file: problem`; the exit code is 1 when there is any.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from defusedxml import ElementTree as SafeXML

from .check import read_rules
from .config import load_config
from .errors import TrackpressError
from .urls import base_path

# (tag, attribute) pairs that point at something the page needs or offers
_LINK_ATTRS = {("a", "href"): "link", ("area", "href"): "link", ("link", "href"): "resource",
               ("img", "src"): "image", ("source", "src"): "media", ("audio", "src"): "media",
               ("video", "src"): "media", ("video", "poster"): "image", ("track", "src"): "media",
               ("script", "src"): "script", ("iframe", "src"): "frame", ("embed", "src"): "media",
               ("object", "data"): "media", ("form", "action"): "form", ("input", "src"): "image"}
_SRCSET = {"img", "source"}
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "geo:", "blob:", "about:")
_SKIP_REL = {"preconnect", "dns-prefetch", "preload-external"}
_FEED_LINKS = ("link", "url", "loc", "{http://www.w3.org/2005/Atom}link")


@dataclass(frozen=True)
class Problem:
    file: str              # relative to the output folder, POSIX
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


@dataclass
class SiteReport:
    files: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)

    def text(self) -> str:
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"checked {self.links} internal links in {self.files} files: "
                     + (f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"))
        return "\n".join(lines) + "\n"


@dataclass
class _Page:
    links: list[tuple[str, str, int]] = field(default_factory=list)     # (kind, url, line)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self.base_href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        line = self.getpos()[0]
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag == "base" and values.get("href"):
            self.base_href = values["href"]
        rel = set(values.get("rel", "").lower().split())
        if tag == "link" and rel & _SKIP_REL:
            return                                   # hints to other hosts, not links
        if tag == "link" and "alternate" in rel and values.get("href"):
            self.page.links.append(("feed", values["href"], line))
            return
        for attr in ("href", "src", "poster", "data", "action"):
            kind = _LINK_ATTRS.get((tag, attr))
            if kind and values.get(attr):
                self.page.links.append((kind, values[attr], line))
        if tag in _SRCSET and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.page.links.append(("image", url, line))

    handle_startendtag = handle_starttag


def check_output(root: Path, output: Path | None = None) -> SiteReport:
    """Check the built site in `output` (default root/output) against itself."""
    config = load_config(root)
    output = (output or root / "output").resolve()
    if not (output / "index.html").is_file():
        raise TrackpressError(f"{output}: no built site here — run `trackpress build` first")
    site = _Site(output, config.base_url)
    report = SiteReport()
    for path in sorted(p for p in output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")):
        relative = path.relative_to(output).as_posix()
        page_url = "/" + (relative[:-len("index.html")] if relative.endswith("index.html") else relative)
        report.files += 1
        try:
            links = site.links_of(relative)
        except ValueError as why:
            report.problems.append(Problem(relative, str(why)))
            continue
        for kind, url, line in links:
            problem = site.follow(page_url, kind, url)
            if problem is None:
                continue
            if problem:
                report.problems.append(Problem(relative, f"line {line}: {problem}" if line else problem))
            report.links += 1
    return report


class _Site:
    """The built output, read lazily: each file parsed once, its ids kept."""

    def __init__(self, output: Path, base_url: str) -> None:
        self.output = output
        self.base = base_path(base_url)
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.rules, _ = read_rules(output, self.base)
        self.parsed: dict[str, _Page] = {}

    def page(self, relative: str) -> _Page:
        if relative not in self.parsed:
            data = (self.output / relative).read_bytes()
            if data.lstrip().startswith(b"<?xml"):
                self.parsed[relative] = self._xml(data)
            else:
                parser = _Parser()
                parser.feed(data.decode("utf-8", errors="replace"))
                parser.close()
                self.parsed[relative] = parser.page
        return self.parsed[relative]

    def links_of(self, relative: str) -> list[tuple[str, str, int]]:
        return self.page(relative).links

    @staticmethod
    def _xml(data: bytes) -> _Page:
        try:
            tree = SafeXML.fromstring(data)
        except SafeXML.ParseError as why:
            raise ValueError(f"not well-formed XML ({why})") from None
        page = _Page()
        for element in tree.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if element.tag in _FEED_LINKS or name in ("link", "loc"):     # not guids: identifiers, not links
                url = element.get("href") or (element.text or "").strip()
                if url:
                    page.links.append(("feed link" if name != "loc" else "sitemap URL", url, 0))
            if name == "enclosure" and element.get("url"):
                page.links.append(("enclosure", element.get("url"), 0))
        return page

    def follow(self, page_url: str, kind: str, url: str) -> str | None:
        """"" when the internal `url` answers, a problem when not, None when it is not ours to check."""
        url = url.strip()
        if not url or url.lower().startswith(_SKIP_SCHEMES):
            return None
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc:
            if f"{parts.scheme or 'https'}://{parts.netloc}".lower() != self.origin and not url.startswith("//"):
                return None                                  # another site: not fetched
            if url.startswith("//") and parts.netloc.lower() != self.origin.split("://", 1)[1]:
                return None
        absolute = urljoin(self.base + page_url, url)
        target = urlsplit(absolute)
        path = unquote(target.path)
        if self.base:
            if path != self.base and not path.startswith(self.base + "/"):
                return f"{kind} {url} points outside the site's folder {self.base}/"
            path = path[len(self.base):] or "/"
        if path == page_url and target.fragment and not parts.path and not parts.netloc:
            file = self._file(path)
        else:
            file = self._file(path)
            if file is None:
                forwarded = self.rules.get(path) or self.rules.get(path.rstrip("/") + "/")
                if forwarded is not None:
                    file = self._file(unquote(urlsplit(forwarded).path))
                    if file is None:
                        return f"{kind} {url} is forwarded to {forwarded}, which is not in the output"
                elif target.query and path == "/":
                    return None                              # an old query URL: the forwarding script's to answer
                else:
                    return f"broken {kind} {url} (no {path.lstrip('/') or 'index.html'} in the output)"
        if target.fragment and file.endswith(".html") and kind in ("link", "form"):
            anchor = unquote(target.fragment)
            if anchor not in self.page(file).ids and anchor != "top":
                return f"missing anchor #{anchor} in {url}"
        return ""

    def _file(self, path: str) -> str | None:
        """The output file answering site path `path`, relative to the output folder, or None."""
        relative = PurePosixPath(path.lstrip("/"))
        if ".." in relative.parts:
            return None
        text = relative.as_posix() if relative.parts else ""
        candidates = [text + "/index.html" if text else "index.html"] if path.endswith("/") or not text else \
            [text, text + "/index.html"]
        for candidate in candidates:
            candidate = candidate.lstrip("/")
            if (self.output / candidate).is_file():
                return candidate
        return None
