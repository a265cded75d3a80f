"""Trackpress: a static site generator that keeps a WordPress blog's URLs and feeds.

    from generator import build_site
    summary = build_site(Path("mysite"))
"""
from .build import BuildOptions, BuildSummary, build_site
from .errors import BuildError, Diagnostic, TrackpressError

from .version import VERSION as __version__
__all__ = ["BuildOptions", "BuildSummary", "build_site", "BuildError", "Diagnostic", "TrackpressError", "__version__"]
