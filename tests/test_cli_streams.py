"""Closed or full standard streams: one line on standard error and the documented exit code."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, STORIES, run_cli

MINI = str(STORIES / "mini")
OUTPUT_FAILED = 74
pytestmark = pytest.mark.skipif(os.name == "nt", reason="closes descriptors with a POSIX shell")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A save folder with one game in it, and a class folder with its JSON report."""
    root = tmp_path_factory.mktemp("streams")
    played = run_cli("--story", MINI, "--saves", str(root / "saves"), "--name", "Ana", input="1\n")
    assert played.returncode == 0, played.stderr
    saves = ["--saves", str(root / "saves"), "--name", "Ana"]  # Ana's games are in saves/ana/
    report = run_cli("report", *saves, "--story", MINI, "--format", "json")
    assert report.returncode == 0, report.stderr
    (root / "class").mkdir()
    (root / "class" / "ana.json").write_text(report.stdout, encoding="utf-8")
    return root


_NEW = itertools.count()


def commands(root: Path) -> dict[str, list[str]]:
    """Every subcommand's arguments (`new` a folder of its own each time it is asked for)."""
    saves = ["--saves", str(root / "saves")]
    served = ["--class", str(root / "served")]
    return {
        "new": ["new", str(root / f"new-{next(_NEW)}")],
        "stats": ["stats", MINI],
        "check json": ["check", MINI, "--format", "json"],
        "explain": ["check", "--explain", "E104"],
        "play": ["--story", MINI, "--plain", *saves],
        "check": ["check", MINI],
        "saves": ["saves", *saves],
        "report": ["report", *saves, "--name", "Ana", "--story", MINI],
        "class": ["class", str(root / "class"), "--story", MINI],
        "graph": ["graph", MINI],
        "playtest": ["playtest", MINI, "--runs", "5"],
        "schema": ["schema"],
        "serve help": ["serve", "--help"],
        "help": ["--help"],
        "version": ["--version"],
        "serve": ["serve", "--host", "127.0.0.1", "--port", "0", "--story", MINI, *served],
    }


NAMES = list(commands(Path(".")))
READERS = [name for name in NAMES if name != "serve"]
"""The commands that end by themselves (a server runs until stopped, whatever its input)."""


def shell(args: list[str], redirect: str) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGS` with a shell redirection such as '>&-' or '>/dev/full'."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    script = f'exec "$0" -m game "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "redirect, says",
    [
        (">&-", "Error: the standard output is closed\n"),
        (">/dev/full", "Error: cannot write to the standard output: No space left on device\n"),
    ],
    ids=["stdout closed", "stdout full"],
)
def test_output_that_cannot_be_written_is_one_line_and_exit_74(
    folder: Path, name: str, redirect: str, says: str
) -> None:
    if "full" in redirect and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = shell(commands(folder)[name], redirect)
    assert result.stderr == says
    assert result.returncode == OUTPUT_FAILED


@pytest.mark.parametrize("name", NAMES)
def test_with_standard_error_closed_too_the_exit_code_still_tells(folder: Path, name: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = shell(commands(folder)[name], ">/dev/full 2>&-")
    assert result.returncode == OUTPUT_FAILED


@pytest.mark.parametrize("name", READERS)
def test_closed_standard_input_reads_as_empty_input(folder: Path, name: str) -> None:
    closed = shell(commands(folder)[name], "<&-")
    empty = shell(commands(folder)[name], "</dev/null")
    assert "Traceback" not in closed.stderr
    assert (closed.returncode, closed.stderr) == (empty.returncode, empty.stderr)
    assert closed.returncode == 0


def test_every_subcommand_is_tried_with_closed_and_full_streams() -> None:
    from game.cli import COMMANDS

    tried = {args[0] for args in commands(Path(".")).values()}
    assert {spec.name for spec in COMMANDS} - {"play"} <= tried
    assert "--plain" in commands(Path("."))["play"]  # play is the default command
