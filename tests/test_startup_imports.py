"""What a warm plain start does not import: the start-up benchmark's gains, pinned without
timing anything (each of these modules was once imported before the first scene)."""

from __future__ import annotations

from tests.conftest import ROOT, run_cli

SHIPPED = ROOT / "scenes"

NOT_TO_PLAY = {
    # The YAML parser, the loader, the checks and the codes' table: the story cache has the
    # checked story (tests/test_story_cache.py).
    "yaml",
    "game.story.loader",
    "game.story.yamlnodes",
    "game.story.check_graph",
    "game.story.check_refs",
    "game.story.check_usage",
    "game.story.diagnostics",
    "game.story.codes",
    # argparse, and the other commands' code: the usual `play` line is read without it
    # (tests/test_cli_quick.py), and only the command given declares its options.
    "argparse",
    "gettext",
    "game.cli_parser",
    "game.authoring.cli",
    "game.classroom.cli",
    "game.server.command",
    # The interpreter of typed lines, the debrief, folding text: at the first line typed, at
    # the end, with a width.
    "game.engine.commands",
    "game.classroom.debrief",
    "textwrap",
    # The full-screen front end, and what argparse's help formatter would bring (shutil).
    "rich",
    "prompt_toolkit",
    "game.ui.terminal",
    "shutil",
    "difflib",
    # What `inspect` and `copy` import: dataclasses imports both, and uses them only for a
    # class without a docstring and for asdict(); game.lazy_stdlib runs them at a first use.
    "ast",
    "dis",
    "tokenize",
    "linecache",
    "weakref",
}


def imported(stderr: str) -> set[str]:
    """The modules named in `python -X importtime` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_a_warm_plain_start_imports_none_of_what_the_first_scene_does_not_need() -> None:
    first = run_cli("play", "--plain", "--story", str(SHIPPED))  # fills the story cache
    assert first.returncode == 0, first.stderr
    # Coverage off in this one child (CI measures every process): coverage imports modules of
    # its own (textwrap among them), and this test is about the game's.
    quiet = {"PYTHONPROFILEIMPORTTIME": "1", "COVERAGE_PROCESS_START": ""}
    warm = run_cli("play", "--plain", "--story", str(SHIPPED), env=quiet)
    assert warm.returncode == 0
    assert "Chapter 1 of" in warm.stdout and warm.stdout.rstrip().endswith("End of input.")
    names = imported(warm.stderr)
    assert "game.ui.plain" in names and "game.story.cache" in names  # the output is read right
    assert sorted(NOT_TO_PLAY & names) == []


def test_a_cold_start_does_read_and_check_the_story() -> None:
    cold = run_cli(
        "play",
        "--plain",
        "--story",
        str(SHIPPED),
        env={"PYTHONPROFILEIMPORTTIME": "1", "SPECIAL_TASKS_NO_CACHE": "1"},
    )
    assert cold.returncode == 0
    names = imported(cold.stderr)
    assert {"yaml", "game.story.loader", "game.story.check_graph"} <= names
