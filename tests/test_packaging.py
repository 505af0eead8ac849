"""The shipped story is found after a plain (non-editable) install, from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_non_editable_install_finds_the_shipped_story(tmp_path: Path) -> None:
    # Build from a clean copy: an in-tree build/ folder could hold stale files.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("game", "scenes"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    # A module only the copy has: finding it installed proves the copy was built.
    (source / "game" / "_built_from_the_copy.py").write_text('"""Test marker."""\n')
    target = tmp_path / "site"
    # Coverage measures the checkout's game/, not this installed copy, nor pip.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    assert build.returncode == 0, build.stderr
    assert (target / "game" / "_built_from_the_copy.py").is_file()
    assert (target / "game" / "scenes" / "story.yaml").is_file()
    env["PYTHONPATH"] = str(target)
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--strict"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(target / "game" / "scenes") in result.stdout
