"""The Markdown extensions every body is converted with, and their settings.

In a module of their own, without Python-Markdown: the build's fingerprint of its environment
(buildenv.py) includes them, and a build with nothing to do reads them without importing the
converter. markdown.py reads them when it makes a converter.
"""
from __future__ import annotations

EXTENSIONS = ["extra", "toc", "codehilite", "sane_lists"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"permalink": False},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}
