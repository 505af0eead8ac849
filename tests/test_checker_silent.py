"""Nothing silent: a value the story cannot mean, a chapter file by an unusual name, a
variable nothing changes, a choice no one can be offered. Each is said, with exact output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_CHAPTER, BASE_MANIFEST, run_cli, write_story

CLEAN = "0 errors, 0 warnings (4 scenes, 1 fact, 1 question)\n"


def _header(line: str) -> str:
    """The base manifest with one more line in its story header."""
    return BASE_MANIFEST.replace("  start: one\n", f"  start: one\n  {line}\n", 1)


def _check(folder: Path) -> tuple[int, str]:
    done = run_cli("check", str(folder))
    assert done.stderr == ""
    return done.returncode, done.stdout


@pytest.mark.parametrize(("value", "carets"), [("0", "^"), ("-5", "^^")])
def test_minutes_of_zero_or_less_is_an_error(
    make_story: Callable[..., Path], value: str, carets: str
) -> None:
    folder = make_story(manifest=_header(f"minutes: {value}"))
    assert _check(folder) == (
        1,
        f"{folder}/story.yaml:6:12: error[E121]: 'minutes' in the story header must be more "
        f"than 0, not {value}\n"
        "  |\n"
        f"6 |   minutes: {value}\n"
        f"  |            {carets}\n"
        "  = help: give the expected playing time in whole minutes, e.g. minutes: 45\n"
        "\n"
        f"{folder}: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n",
    )


@pytest.mark.parametrize("tag", ["en", "es", "es-MX"])
def test_a_bcp_47_language_tag_is_accepted(make_story: Callable[..., Path], tag: str) -> None:
    folder = make_story(manifest=_header(f"language: {tag}"))
    assert _check(folder) == (0, f"{folder}: {CLEAN}")


@pytest.mark.parametrize("tag", ["english", "e_s"])
def test_a_language_that_is_no_bcp_47_tag_is_an_error(
    make_story: Callable[..., Path], tag: str
) -> None:
    folder = make_story(manifest=_header(f"language: {tag}"))
    assert _check(folder) == (
        1,
        f"{folder}/story.yaml:6:13: error[E121]: 'language' in the story header is not a "
        f"known language tag: '{tag}'\n"
        "  |\n"
        f"6 |   language: {tag}\n"
        f"  |             {'^' * len(tag)}\n"
        "  = help: use a BCP 47 tag: a language code such as en, es or de, and a region if you "
        "need one, as in es-MX\n"
        "\n"
        f"{folder}: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n",
    )


@pytest.mark.parametrize("name", ["01-main.YAML", "01-main.Yml", "01-main.yml"])
def test_a_chapter_file_ending_in_any_case_of_yaml_or_yml_is_read(
    tmp_path: Path, name: str
) -> None:
    folder = write_story(tmp_path / "story", {"story.yaml": BASE_MANIFEST, name: BASE_CHAPTER})
    # Its four scenes are counted: the chapter was read, not skipped.
    assert _check(folder) == (0, f"{folder}: {CLEAN}")


def test_a_variable_read_in_a_condition_but_never_changed_is_a_warning(
    make_story: Callable[..., Path],
) -> None:
    manifest = BASE_MANIFEST.replace("  count: 0\n", "  count: 0\n  ghost: false\n", 1)
    chapter = BASE_CHAPTER.replace('count >= 1"', 'count >= 1 and not ghost"', 1)
    folder = make_story(chapter=chapter, manifest=manifest)
    assert _check(folder) == (
        0,
        f"{folder}/story.yaml:10:3: warning[W208]: variable 'ghost' is read in a condition but "
        "no choice sets it or adds to it, so it is always false\n"
        "   |\n"
        "10 |   ghost: false\n"
        "   |   ^^^^^\n"
        "   = help: change it with set: or add: on a choice, or remove the condition\n"
        "\n"
        f"{folder}: 0 errors, 1 warning (4 scenes, 1 fact, 1 question)\n",
    )


def test_exhaustive_playtest_reports_a_choice_never_offered_when_every_scene_is_reached(
    make_story: Callable[..., Path],
) -> None:
    # Every scene can be reached (the record passes them all), but 'bold' needs count >= 2
    # and the only 'add' gives 1: the search must not call the story sound.
    folder = make_story(chapter=BASE_CHAPTER.replace("count >= 1", "count >= 2", 1))
    done = run_cli("playtest", str(folder), "--exhaustive")
    assert done.returncode == 1
    assert done.stdout == (
        f"Exhaustive search of 'Base' ({folder}): 6 states, search complete\n"
        "Scenes reachable: 4 of 4; endings reachable: 1 of 1\n"
        "Shortest witness path to each scene:\n"
        "  one: one\n"
        "  side: one --side--> side\n"
        "  two: one --two--> two\n"
        "  three: one --two--> two --three--> three\n"
        "Choices that no playthrough can be offered: 1\n"
        f"  choice 'bold' in scene 'two' (if flag and count >= 2) at {folder}/01-main.yaml:27:9\n"
        "FAILED: 1 choice never offered.\n"
    )
    assert "every scene" not in done.stdout
