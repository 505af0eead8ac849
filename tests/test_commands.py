"""The one command interpreter: what a typed line means at each kind of prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.commands import (
    COMMAND_NAMES,
    Advance,
    Hint,
    Leave,
    Pick,
    Reflect,
    Run,
    interpret,
)
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    Prompt,
    QuestionPrompt,
    ReflectionPrompt,
)
from game.story.checker import load_story


@pytest.fixture(scope="module")
def prompts(mini_story_path: Path) -> dict[str, Prompt]:
    """One prompt of each kind from the mini story (choice: 3 options; question: 3)."""
    engine = Engine(load_story(mini_story_path))
    state, _ = engine.new_game()
    choice = engine.prompt(state)
    state, _ = engine.choose(state, engine.available(state)[1].id)
    question = engine.prompt(state)
    state, _ = engine.answer(state, 1)
    cont = engine.prompt(state)
    assert isinstance(choice, ChoicePrompt) and isinstance(question, QuestionPrompt)
    assert isinstance(cont, ContinuePrompt)
    return {"choice": choice, "question": question, "continue": cont, "ended": EndedPrompt()}


@pytest.fixture(scope="module")
def mini_story_path() -> Path:
    return Path(__file__).resolve().parent / "stories" / "mini"


@pytest.mark.parametrize("kind", ["choice", "question"])
def test_a_number_in_range_picks_that_option(prompts: dict[str, Prompt], kind: str) -> None:
    assert interpret(prompts[kind], " 3 ") == Pick(3)
    assert interpret(prompts[kind], "1") == Pick(1)


@pytest.mark.parametrize("kind", ["choice", "question"])
def test_a_number_out_of_range_says_which_numbers_work(
    prompts: dict[str, Prompt], kind: str
) -> None:
    expected = Hint("There is no 4 here: type a number from 1 to 3.")
    assert interpret(prompts[kind], "4") == expected
    assert interpret(prompts[kind], "0") == Hint("There is no 0 here: type a number from 1 to 3.")


@pytest.mark.parametrize("line", ["²", "١", "3²", "9" * 5000])
def test_digits_that_are_not_plain_ascii_or_absurdly_long_are_only_a_hint(
    prompts: dict[str, Prompt], line: str
) -> None:
    action = interpret(prompts["choice"], line)
    assert isinstance(action, Hint)
    assert len(action.text) < 120


@pytest.mark.parametrize("kind", ["choice", "question", "continue", "ended"])
@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_works_at_every_prompt_but_a_reflection(
    prompts: dict[str, Prompt], kind: str, name: str
) -> None:
    assert interpret(prompts[kind], f"  {name.upper()}  some arg ") == Run(name, "some arg")


def test_at_a_reflection_every_line_is_the_answer(mini_story_path: Path) -> None:
    engine_prompt = ReflectionPrompt(load_story(mini_story_path).reflections[0])
    assert interpret(engine_prompt, "journal") == Reflect("journal")
    assert interpret(engine_prompt, "") == Reflect("")


def test_enter_goes_on_at_a_continue_step_and_leaves_at_the_end(
    prompts: dict[str, Prompt],
) -> None:
    assert interpret(prompts["continue"], "") == Advance()
    assert interpret(prompts["ended"], "  ") == Leave()
    assert interpret(prompts["choice"], "") == Hint(
        "Type a number from 1 to 3, or a command (help lists them)."
    )


def test_a_word_at_a_continue_step_does_not_continue(prompts: dict[str, Prompt]) -> None:
    assert interpret(prompts["continue"], "go") == Hint(
        "Press Enter to go on, or type a command (help lists them)."
    )
    assert interpret(prompts["continue"], "1") == Hint(
        "There is no 1 here. Press Enter to go on, or type a command (help lists them)."
    )


@pytest.mark.parametrize(
    ("kind", "line", "expected"),
    [
        ("choice", "jurnal", "Did you mean journal? Type a number from 1 to 3, or a command"),
        ("question", "timelin", "Did you mean timeline? Type a number from 1 to 3, or a command"),
        ("continue", "sorces", "Did you mean sources? Press Enter to go on, or type a command"),
        ("ended", "debief", "Did you mean debrief? Press Enter to leave, or type a command"),
        ("choice", "dance", "Type a number from 1 to 3, or a command"),
        ("choice", "x" * 5000, "Type a number from 1 to 3, or a command"),
    ],
)
def test_a_misspelt_command_gets_the_nearest_and_the_hint(
    prompts: dict[str, Prompt], kind: str, line: str, expected: str
) -> None:
    action = interpret(prompts[kind], line)
    assert action == Hint(expected + " (help lists them).")
