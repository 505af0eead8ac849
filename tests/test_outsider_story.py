"""A story written from SCENE_FORMAT.md alone, by someone who never saw the engine's code.

It must check clean with --strict, play to its ending through the plain protocol, and have
every scene and ending provably reachable: the format contract is enough to write a story.
"""

from __future__ import annotations

from pathlib import Path

from game.checker import load_story
from game.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    QuestionPrompt,
    ReflectionPrompt,
)
from tests.conftest import STORIES, run_cli

OUTSIDER = STORIES / "outsider"


def historical_answers(folder: Path) -> tuple[list[str], str]:
    """The input lines that play the historical path, and the ending scene's title."""
    engine = Engine(load_story(folder))
    state, _ = engine.new_game()
    lines: list[str] = []
    for _ in range(1000):
        prompt = engine.prompt(state)
        if isinstance(prompt, EndedPrompt):
            scene = engine.scene(state)
            return lines, scene.title or scene.id
        if isinstance(prompt, ChoicePrompt):
            number = next(i for i, c in enumerate(prompt.choices, 1) if c.history)
            lines.append(str(number))
            state, _ = engine.choose(state, prompt.choices[number - 1].id)
        elif isinstance(prompt, ContinuePrompt):
            lines.append("")
            state, _ = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            lines.append(str(prompt.question.answer + 1))
            state, _ = engine.answer(state, prompt.question.answer)
        elif isinstance(prompt, ReflectionPrompt):
            lines.append("It was a close thing.")
            state, _ = engine.reflect(state, lines[-1])
    raise AssertionError("the historical path did not end")


def test_outsider_story_checks_clean_in_strict_mode() -> None:
    result = run_cli("check", "--strict", str(OUTSIDER))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_outsider_story_plays_to_its_ending_in_the_plain_protocol() -> None:
    lines, ending = historical_answers(OUTSIDER)
    result = run_cli("play", "--plain", "--story", str(OUTSIDER), input="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert ending in result.stdout
    # Markdown is shown as plain text, square brackets literally.
    assert "[a sudden drop in electrical power]" in result.stdout


def test_every_outsider_scene_is_provably_reachable() -> None:
    result = run_cli("playtest", str(OUTSIDER), "--exhaustive")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every scene and every ending can be reached" in result.stdout
