"""The one URL gate: `canonical_path`, and the file names it leads to."""
from __future__ import annotations

import os
import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.urls import (MAX_SEGMENT_BYTES, UnsafePath, canonical_path, collision_key, encode_path, normalize_path,
                            output_path)


@pytest.mark.parametrize("raw, canonical", [
    ("/", "/"),
    ("/2024/05/01/slug/", "/2024/05/01/slug/"),
    ("/a/./b/../c/", "/a/c/"),
    ("/a/%2e%2e/b/", "/b/"),
    ("/a/%2E/b", "/a/b"),
    ("/%e5%a4%9c/", "/夜/"),
    ("/%E5%A4%9C/", "/夜/"),
    ("/a..b/", "/a..b/"),
    ("/a/..", "/"),
])
def test_canonical_forms(raw, canonical):
    assert canonical_path(raw) == canonical


@pytest.mark.parametrize("raw, why", [
    ("relative/", "does not start with /"),
    ("//evil.example/", "starts with //"),
    ("/%2F%2Fevil.example/", "starts with //"),
    ("/%2f/evil.example/", "starts with //"),
    ("/..", "climbs above the site root"),
    ("/%2e%2e/etc/passwd", "climbs above the site root"),
    ("/a/../../b/", "climbs above the site root"),
    ("/a\\b/", "'\\\\'"),
    ("/a%5cb/", "'\\\\'"),
    ("/x%00/", "control character"),
    ("/x\n/", "control character"),
    ("/x%0d%0aLocation:%20evil/", "control character"),
    ("/a?b/", "'?'"),
    ("/a%23b/", "'#'"),
    ("/a//b/", "empty segment"),
    ("/%ff/", "not UTF-8"),
    ("/" + "a" * (MAX_SEGMENT_BYTES + 1) + "/", "201 bytes"),
    ("/" + "夜" * 67 + "/", "201 bytes"),
    ("/trailing./", "ending in a dot or space"),
])
def test_unsafe_paths_are_refused_with_a_reason(raw, why):
    with pytest.raises(UnsafePath, match=why.replace("\\", "\\\\").replace("?", "\\?")):
        canonical_path(raw)


def test_a_segment_of_exactly_200_bytes_is_allowed():
    assert canonical_path("/" + "a" * 200 + "/") == "/" + "a" * 200 + "/"


def test_output_paths_are_files_inside_the_folder():
    assert output_path("/") == "index.html"
    assert output_path("/tag/x/") == "tag/x/index.html"
    assert output_path("/404.html") == "404.html"
    assert output_path("/%e5%a4%9c/") == "夜/index.html"
    with pytest.raises(UnsafePath):
        output_path("/../etc/passwd")


def test_normalize_path_adds_a_slash_to_folders_and_encodes():
    assert normalize_path("/old-url") == "/old-url/"
    assert normalize_path("old-url/") == "/old-url/"
    assert normalize_path("/feed.xml") == "/feed.xml"
    assert normalize_path("/夜/") == "/%e5%a4%9c/"
    with pytest.raises(ValueError):
        normalize_path("//evil.example")


def test_collision_keys_fold_case_and_unicode_normalisation():
    assert collision_key("Mix/index.html") == collision_key("mix/index.html")
    assert collision_key("cafe\u0301/index.html") == collision_key("caf\u00e9/index.html")
    assert collision_key("a/index.html") != collision_key("b/index.html")


hostile = st.lists(st.sampled_from(list("/.%2eEfF5cC0aA\\?#:\x00\n é夜") + ["%2e", "%2F", "%5C", "..", "//"]),
                   max_size=30).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.builds(lambda s: "/" + s, hostile) | hostile)
def test_whatever_the_text_the_gate_returns_a_path_inside_the_site_or_refuses(tmp_path_factory, text):
    try:
        canonical = canonical_path(text)
    except UnsafePath:
        return
    assert canonical.startswith("/") and not canonical.startswith("//")
    assert not any(c in canonical for c in "\\\x00\n?#")
    assert all(len(s.encode()) <= MAX_SEGMENT_BYTES for s in canonical.split("/"))
    assert ".." not in canonical.split("/") and "." not in canonical.split("/")
    # encoding and reading back gives the same path: one spelling per URL
    assert canonical_path(encode_path(canonical)) == canonical
    root = "/srv/site/output"
    file = posixpath.normpath(posixpath.join(root, output_path(text)))
    assert file == root or file.startswith(root + os.sep)
