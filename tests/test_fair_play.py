"""A fair game: order drawn from the seed, final answers, reality when the record resumes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from game.engine.engine import (
    ChoicePrompt,
    Engine,
    QuestionPrompt,
    RealityShown,
    progress_percent,
    shuffled,
)
from game.engine.session import Session
from game.story.checker import load_story
from tests.conftest import BASE_MANIFEST, run_cli

SIX = """\
chapter:
  id: main
  title: Main

scenes:
  - id: one
    text: First.
    choices:
      - {text: Alpha., goto: two, history: true}
      - {text: Bravo., goto: detour-a, id: b}
      - {text: Charlie., goto: two, id: c}
      - {text: Delta., goto: two, id: d}
      - {text: Echo., goto: two, id: e}
      - {text: Foxtrot., goto: two, id: f}
  - id: detour-a
    text: A first detour.
    reality: Nobody took the first detour.
    next: detour-b
  - id: detour-b
    text: A second detour.
    reality: Nobody took the second detour either.
    next: two
  - id: two
    text: Second.
    shuffle: false
    choices:
      - {text: Pinned one., goto: three, history: true}
      - {text: Pinned two., goto: three, id: p2}
      - {text: Pinned three., goto: three, id: p3}
      - {text: Pinned four., goto: three, id: p4}
  - id: three
    text: The end.
    end: true

questions:
  - id: q1
    after: one
    ask: Which?
    options: [o1, o2, o3, o4, o5, o6]
    answer: 3
    explain: Because.
  - id: q2
    after: two
    ask: In order?
    shuffle: false
    options: [first, second, third, none of these]
    answer: 0
    explain: Because.
"""


def _story(make_story: Callable[..., Path]) -> Path:
    return make_story(chapter=SIX, manifest=BASE_MANIFEST)


def _order(engine: Engine, seed: int | None) -> tuple[str, ...]:
    state, _ = engine.new_game(seed=seed)
    prompt = engine.prompt(state)
    assert isinstance(prompt, ChoicePrompt)
    return tuple(c.text for c in prompt.choices)


def test_two_seeds_give_different_orders_and_no_seed_gives_story_order(
    make_story: Callable[..., Path],
) -> None:
    engine = Engine(load_story(_story(make_story)))
    story_order = ("Alpha.", "Bravo.", "Charlie.", "Delta.", "Echo.", "Foxtrot.")
    assert _order(engine, None) == story_order
    orders = {_order(engine, seed) for seed in range(20)}
    assert len(orders) > 10  # 720 possible orders: twenty seeds do not agree
    assert _order(engine, 7) == _order(engine, 7)
    # Where the historical choice stands is spread, not always first.
    assert len({_order(engine, seed).index("Alpha.") for seed in range(40)}) == 6


def test_the_permutation_is_a_fixed_function_of_seed_and_id() -> None:
    order = shuffled(6, 1, "scene", "one")
    assert sorted(order) == [0, 1, 2, 3, 4, 5]
    assert shuffled(6, 1, "scene", "one") == order  # the same draw every time
    # The seed and the id both take part in the draw.
    assert len({shuffled(6, seed, "scene", "one") for seed in range(20)}) > 10
    assert len({shuffled(6, 1, "scene", f"s{n}") for n in range(20)}) > 10
    # A scene and a question with the same id draw independently.
    assert any(
        shuffled(6, seed, "scene", "x") != shuffled(6, seed, "question", "x") for seed in range(5)
    )


def test_shuffle_false_pins_a_decision_and_a_question(make_story: Callable[..., Path]) -> None:
    engine = Engine(load_story(_story(make_story)))
    for seed in range(10):
        session = Session(engine, engine.new_game(seed=seed)[0])
        chosen = next(i for i, c in enumerate(engine.offered(session.state)) if c.id == "c")
        session.choose(chosen + 1)
        question = engine.prompt(session.state)
        assert isinstance(question, QuestionPrompt) and question.question.id == "q1"
        session.answer(1)
        pinned = engine.prompt(session.state)
        assert isinstance(pinned, ChoicePrompt)
        assert [c.text for c in pinned.choices] == [
            "Pinned one.",
            "Pinned two.",
            "Pinned three.",
            "Pinned four.",
        ]
        session.choose(1)
        q2 = engine.prompt(session.state)
        assert isinstance(q2, QuestionPrompt)
        assert q2.options == ("first", "second", "third", "none of these")


def test_a_shuffled_question_scores_by_the_option_not_its_position(
    make_story: Callable[..., Path],
) -> None:
    engine = Engine(load_story(_story(make_story)))
    for seed in range(12):
        session = Session(engine, engine.new_game(seed=seed)[0])
        session.choose(
            next(i for i, c in enumerate(engine.offered(session.state)) if c.history) + 1
        )
        prompt = engine.prompt(session.state)
        assert isinstance(prompt, QuestionPrompt)
        number = prompt.options.index("o4") + 1  # "o4" is the right answer (index 3)
        events = session.answer(number)
        assert session.state.answers[-1].correct
        assert session.state.answers[-1].given == 3
        assert events[0].shown_answer == number  # type: ignore[union-attr]


def test_back_keeps_a_wrong_answer_and_never_asks_again(make_story: Callable[..., Path]) -> None:
    engine = Engine(load_story(_story(make_story)))
    session = Session(engine, engine.new_game(seed=None)[0])
    session.choose(1)  # Alpha.
    session.answer(1)  # o1: wrong
    assert engine.scene(session.state).id == "two"
    assert session.back()
    assert engine.scene(session.state).id == "one"
    assert isinstance(engine.prompt(session.state), ChoicePrompt)
    session.choose(1)
    assert engine.scene(session.state).id == "two"  # not asked again
    assert [(a.question, a.correct) for a in session.state.answers] == [("q1", False)]


def test_reality_of_a_long_what_if_waits_until_the_record_resumes(
    make_story: Callable[..., Path],
) -> None:
    engine = Engine(load_story(_story(make_story)))
    session = Session(engine, engine.new_game(seed=None)[0])
    session.choose(2)  # Bravo. -> detour-a
    session.answer(4)
    assert engine.scene(session.state).id == "detour-a"
    into_b = session.advance()
    assert engine.scene(session.state).id == "detour-b"
    assert not any(isinstance(e, RealityShown) for e in into_b)  # the what-if goes on
    back_on_record = session.advance()
    realities = [e.scene.id for e in back_on_record if isinstance(e, RealityShown)]
    assert realities == ["detour-a", "detour-b"]
    assert engine.scene(session.state).id == "two"


def test_progress_is_the_share_of_the_historical_path_visited(
    make_story: Callable[..., Path],
) -> None:
    engine = Engine(load_story(_story(make_story)))
    state, _ = engine.new_game()
    assert engine.historical == {"one", "two", "three"}
    assert progress_percent(engine.historical, state) == 33
    state, _ = engine.choose(state, "b")
    state, _ = engine.answer(state, 0)
    assert progress_percent(engine.historical, state) == 33  # a what-if is not progress


def _choices(stdout: str) -> list[list[str]]:
    """Each 'What do you do?' list of choice texts in a plain transcript."""
    blocks = stdout.split("What do you do?\n")[1:]
    return [re.findall(r"^  \d+\. (.*)$", b.split("\n>")[0], re.M) for b in blocks]


def test_one_seed_gives_the_same_order_after_back(make_story: Callable[..., Path]) -> None:
    engine = Engine(load_story(_story(make_story)))
    session = Session(engine, engine.new_game(seed=5)[0])
    before = engine.offered(session.state)
    session.choose(1)
    session.answer(1)
    assert session.back()
    assert engine.offered(session.state) == before


def test_one_seed_gives_the_same_order_after_save_and_load(
    make_story: Callable[..., Path], tmp_path: Path
) -> None:
    story = str(_story(make_story))
    saves = str(tmp_path / "saves")
    first = run_cli("--story", story, "--saves", saves, "--seed", "42", input="save here\n")
    assert first.returncode == 0, first.stderr
    shown = _choices(first.stdout)
    assert shown[0] == shown[-1]  # shown again after the save, in the same order
    again = run_cli("--story", story, "--saves", saves, "--load", "here", input="")
    assert _choices(again.stdout) == [shown[0]]
    saved = json.loads((tmp_path / "saves" / "here.json").read_text(encoding="utf-8"))
    assert saved["state"]["seed"] == 42
    other = run_cli("--story", story, "--saves", str(tmp_path / "o"), "--seed", "43", input="")
    assert _choices(other.stdout)[0] != shown[0]
    plain = run_cli("--story", story, "--saves", str(tmp_path / "p"), "--no-shuffle", input="")
    assert _choices(plain.stdout)[0] == [
        "Alpha.",
        "Bravo.",
        "Charlie.",
        "Delta.",
        "Echo.",
        "Foxtrot.",
    ]


def test_bad_seeds_are_refused_with_a_sentence(make_story: Callable[..., Path]) -> None:
    for bad in ("-1", "x", "9" * 40, "²"):
        result = run_cli("--story", str(_story(make_story)), "--seed", bad)
        assert result.returncode == 2
        assert "is not a whole number from 0 up" in result.stderr
        assert "Traceback" not in result.stderr
