"""Stage the new build beside `output/`, then swap it in.

Nothing touches the previous output until the whole new build is on disk, so
a build that fails leaves the last good site exactly as it was. A folder is
only ever replaced if an earlier build made it (it carries a marker file), so
a mistyped --output can never wipe a user's own files.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import BuildError, Diagnostic
from .model import OutputFile

MARKER = ".trackpress-output"


def publish(output: Path, files: tuple[OutputFile, ...], copies: tuple[tuple[Path, str], ...] = ()) -> int:
    """Write `files` and copy each (source folder, destination prefix) into a
    staging folder, then swap it into `output`. Returns the number of files."""
    output = output.resolve()
    _check_target(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    try:
        count = 0
        for folder, prefix in copies:
            for source in sorted(folder.rglob("*")):
                if source.is_file() and not source.name.startswith("."):
                    target = staging / prefix / source.relative_to(folder)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    count += 1
        for file in sorted(files, key=lambda f: f.path):
            target = staging / file.path
            if not target.resolve().is_relative_to(staging.resolve()):
                raise BuildError([Diagnostic(file.path, 0, "", "would be written outside the output folder",
                                             "check the permalink or slug that produced it")])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
            count += 1
        (staging / MARKER).write_text("Built by Trackpress. This folder is replaced by every build.\n")
        _swap(staging, output)
        return count
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_target(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise BuildError([Diagnostic(str(output), 0, "", "the output path is a file",
                                     "pass --output a folder (default: output/)")])
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise BuildError([Diagnostic(str(output), 0, "", "the output folder has files that an earlier build did not write",
                                     "choose an empty or new folder with --output; Trackpress never replaces folders it did not make")])


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    os.replace(output, retired)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(retired, output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
