"""A story written from SCENE_FORMAT.md alone, by someone who never saw the engine's code.

It must check clean with --strict, play to its ending through the plain protocol, and have
every scene and ending provably reachable: the format contract is enough to write a story.
"""

from __future__ import annotations

from game.story.checker import load_story
from tests.conftest import STORIES, historical_inputs, run_cli

OUTSIDER = STORIES / "outsider"


def test_outsider_story_checks_clean_in_strict_mode() -> None:
    result = run_cli("check", "--strict", str(OUTSIDER))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_outsider_story_plays_to_its_ending_in_the_plain_protocol() -> None:
    story = load_story(OUTSIDER)
    (ending,) = [s.title or s.id for s in story.scenes.values() if s.end]
    result = run_cli("play", "--plain", "--story", str(OUTSIDER), input=historical_inputs(story))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert ending in result.stdout
    # Markdown is shown as plain text, square brackets literally.
    assert "[a sudden drop in electrical power]" in result.stdout


def test_every_outsider_scene_is_provably_reachable() -> None:
    result = run_cli("playtest", str(OUTSIDER), "--exhaustive")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every scene and every ending can be reached" in result.stdout
