"""The progress bar: drawn on a terminal for a long build, never in a pipe, a log or CI."""
from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from conftest import REPO, make_site, post


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    files = {f"content/posts/p{i}.md": post(f"Take {i}", f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"Notes {i}.",
                                            tags=[f"t{i % 20}"])
             for i in range(120)}
    return make_site(tmp_path_factory.mktemp("progress") / "site", files)


def build_on_terminal(root, env_extra: dict[str, str]) -> tuple[int, str]:
    """`trackpress build` with standard error on a pseudo-terminal 100 columns wide; what it drew there."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**{k: v for k, v in os.environ.items() if k != "CI"}, "PYTHONPATH": str(REPO), "TERM": "xterm", **env_extra}
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(root), "--no-cache"],
                               stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:                      # the terminal closed: the build ended
            break
        if not chunk:
            break
        drawn += chunk
    process.wait(timeout=120)
    os.close(controller)
    return process.returncode, drawn.decode("utf-8", "replace")


def test_a_long_build_on_a_terminal_draws_a_bar(long_site):
    code, drawn = build_on_terminal(long_site, {})
    assert code == 0
    assert "pages:" in drawn and "%|" in drawn and " files/s" in drawn


def test_ci_gets_no_bar(long_site):
    code, drawn = build_on_terminal(long_site, {"CI": "true"})
    assert code == 0 and "%|" not in drawn


def test_a_pipe_gets_only_the_summary(long_site):
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(long_site), "--no-cache"],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert result.returncode == 0
    assert result.stderr == "" and result.stdout.startswith("Built 120 posts")
