"""Browser tests of the default theme on the demo site (headless Chromium via Playwright).

This folder is a package on purpose: its conftest is then imported as
``browser.conftest`` and does not replace the top-level ``conftest`` module that
``tests/e2e`` imports helpers from (``from conftest import post``).
"""
