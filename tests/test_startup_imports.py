"""What a warm start does not import before its first scene (plain) or its title menu
(terminal): the start-up benchmark's gains, pinned without timing anything (each of these
modules was once imported before the first screen)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, run_cli
from tests.pty_terminal import ANSI, spawn_game

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


NOT_TO_THE_TITLE_MENU = {
    # A warm start reads the story cache: no YAML, no loader, no checks.
    "yaml",
    "game.story.loader",
    "game.story.check_graph",
    "game.story.diagnostics",
    # The other commands, and what the menu's first key brings (the interpreter of typed
    # lines), a scene (Markdown) or the end (the debrief) would need.
    "argparse",
    "game.cli_parser",
    "game.engine.commands",
    "game.classroom.debrief",
    "game.ui.debrief_view",
    "game.ui.markdown_view",
    "rich.markdown",
    "rich.syntax",
    "pygments",
    "markdown_it",
    # The save file's code waits for the first save, and the plain front end is not used.
    "game.saves.savefile",
    "game.saves.record",
    "game.saves.migrate",
    "game.ui.plain",
    "difflib",
    # The engine and the session: the title screen needs only the story and the saves'
    # list, and the engine is made at the first key (game.ui.options.LazyEngine).
    "game.engine.engine",
    "game.engine.events",
    "game.engine.state",
    "game.engine.scenes",
    "game.engine.session",
    # Rich itself: the title card and its menu draw their own rows (game/ui/cards.py), and
    # the console the game's last words go to is made when they are said.
    "rich",
    "rich.console",
    "rich.table",
    "rich.panel",
    "rich.text",
    "game.ui.screens",
    "game.ui.lists",
    # The scenes' renderer, and the plain text, dates and citations it brings: the title
    # screen and its menu are drawn by game.ui.cards alone.
    "game.ui.render_rich",
    "game.ui.render_plain",
    "game.story.text",
    "game.story.refs",
}


def test_the_terminal_game_imports_none_of_that_before_its_title_menu(tmp_path: Path) -> None:
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    # The cache is filled as it is read: for this folder, from the same working folder.
    filled = run_cli("play", "--plain", "--story", str(SHIPPED), env=cache, cwd=tmp_path)
    assert filled.returncode == 0
    quiet = {**cache, "PYTHONPROFILEIMPORTTIME": "1", "COVERAGE_PROCESS_START": ""}
    with spawn_game(SHIPPED, tmp_path / "saves", **quiet) as term:
        term.wait_for("Choose 1-")
        # What was imported before the prompt was drawn (what is imported after it may come
        # in the same read: the title screen starts importing as soon as it is drawn).
        drawn = term.raw[: term.raw.index("Choose 1-")]
        term.wait_for(" game.saves.savefile")  # the last of them, printed once imported
        waiting = term.raw
    names = drawn_imports(drawn)
    assert {"game.ui.fullscreen", "game.story.cache", "prompt_toolkit.application"} <= names
    assert sorted(NOT_TO_THE_TITLE_MENU & names) == []
    # ...and the first scene's Markdown and its save's code come while the menu waits.
    later = drawn_imports(waiting)
    assert {"rich.markdown", "game.saves.savefile", "game.engine.commands"} <= later
    assert {"rich.console", "rich.table"} <= later
    assert {"game.ui.render_rich", "game.engine.engine", "game.engine.session"} <= later


def drawn_imports(output: str) -> set[str]:
    """The modules named in `-X importtime` lines printed to the terminal, found anywhere:
    once the screen is drawn, a line starts wherever the cursor was."""
    return set(re.findall(r"import time: *\d+ \| *\d+ \| *([\w.]+)", ANSI.sub("", output)))
