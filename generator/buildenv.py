"""What every output depends on beside the site's own files: Trackpress's version and code, Python,
the libraries' versions and the Markdown settings; and where the build keeps its cache and finds
its bundled themes.

Light on purpose (no Markdown, Jinja or YAML imported): a build with nothing to do checks these
before it imports the pipeline (build.py).
"""
from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from . import mdsettings

CACHE_DIR = ".trackpress-cache"
BUNDLED_THEMES = Path(__file__).resolve().parent / "themes"
_LIBRARIES = ("markdown", "pygments", "nh3", "jinja2", "markupsafe", "pyyaml", "python-frontmatter", "regex")


def environment(version: str) -> dict[str, Any]:
    """What every output depends on beside the site's own files (read now, not at import: the Markdown
    settings can change)."""
    return {
        "code": code_digest(),
        "python": list(sys.version_info[:2]),
        "libraries": {name: _installed(name) for name in _LIBRARIES},
        "trackpress": version,
        "extensions": mdsettings.EXTENSIONS,
        "extension_configs": mdsettings.EXTENSION_CONFIGS,
    }


@functools.cache
def code_digest() -> str:
    """A digest of every `.py` file of this package (names and bytes), once a process."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
