"""Saves outlive story edits: they load by ids and say what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.engine.engine import Engine, LogEntry
from game.engine.session import Session
from game.saves.savefile import encode
from game.saves.store import SaveStore, read_save_file, session_from
from game.story.checker import load_story
from tests.conftest import STORIES, run_cli
from tests.test_saves import mini_session

MINI = STORIES / "mini"

# A new first scene, and a new first choice at the desk: both before the saved point.
NEW_START = """\
  - id: hall
    title: The hall
    text: A cold hall.
    next: desk
"""
OPEN_SCENE = (MINI / "01-morning.yaml").read_text(encoding="utf-8").split("  - id: open\n")[1]
OPEN_SCENE = "  - id: open\n" + OPEN_SCENE
NEW_CHOICE = """\
      - text: Read the postmark first.
        goto: guard
        id: postmark
"""


def edited_story(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the mini story with (old, new) text replacements per file."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    for name, pairs in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return folder


def grown_story(tmp_path: Path) -> Path:
    return edited_story(
        tmp_path,
        {
            "story.yaml": [("version: 2", "version: 3"), ("start: desk", "start: hall")],
            "01-morning.yaml": [
                ("scenes:\n", "scenes:\n" + NEW_START),
                (
                    "    choices:\n      - text: Open the letter.",
                    "    choices:\n" + NEW_CHOICE + "      - text: Open the letter.",
                ),
            ],
        },
    )


def saved_at_open(folder: Path) -> tuple[SaveStore, Session]:
    """Play the mini story to the scene 'open' (burning the letter) and save as 'mine'."""
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    session = Session(engine, state)
    session.choose(2)
    session.answer(2)
    session.advance()
    store = SaveStore(folder)
    store.save("mine", session)
    return store, session


def test_inserted_scene_and_choice_before_the_saved_point_resume_at_the_same_place(
    tmp_path: Path,
) -> None:
    store, before = saved_at_open(tmp_path / "saves")
    story = load_story(grown_story(tmp_path))
    assert story.start == "hall" and story.scenes["desk"].choices[0].id == "postmark"
    data = store.load("mine", Engine(story))
    assert data.state.scene == "open"
    assert data.state.log == before.state.log == (LogEntry("desk", "burn", False),)
    assert data.state == before.state
    assert data.notes == ("The story was updated from version 2 to 3 since this save.",)
    session = session_from(data, Engine(story))
    assert [c.id for c in session.engine.available(session.state)] == ["afternoon"]


def test_grown_story_resumes_through_the_command_line(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    run_cli("--story", str(MINI), "--saves", saves, input="2\n2\n\nsave mine\n")
    result = run_cli("--story", str(grown_story(tmp_path)), "--saves", saves, "--load", "mine")
    assert result.returncode == 0 and result.stderr == ""
    after_title = result.stdout.split("Type help at any choice for the commands.\n", 1)[1]
    lines = after_title.splitlines()
    assert lines[1].startswith("Resuming the save slot 'mine', saved ")
    assert lines[2:] == [
        "The story was updated from version 2 to 3 since this save.",
        "",
        "== Chapter 1 of 2: Morning ==",
        "",
        "The letter",
        "August 1940",
        "",
        "It is a list of names.",
        "",
        "What do you do?",
        "  1. File it.",
        "> ",
        "Your progress is saved in the slot 'mine'; resume with: --load mine --saves " + saves,
        "End of input.",
    ]


def test_removed_scene_resumes_at_the_start_of_its_chapter(tmp_path: Path) -> None:
    store, _ = saved_at_open(tmp_path / "saves")
    story = load_story(
        edited_story(
            tmp_path,
            {
                "01-morning.yaml": [
                    ("goto: open\n", "goto: afternoon\n"),
                    ("    next: open\n", "    next: afternoon\n"),
                    ("    next: open\n", "    next: afternoon\n"),
                    (OPEN_SCENE, ""),
                ],
            },
        )
    )
    data = store.load("mine", Engine(story))
    assert data.state.scene == "desk"
    assert data.state.path == ("desk", "burn", "desk")
    assert data.notes == (
        "Some of what this save recorded is no longer in the story and was left out: "
        "1 visited scene.",
        "The scene 'open' where this save stopped is no longer in the story, so you resume at "
        "the start of its chapter, 'Morning'.",
    )


def test_changed_variables_and_reordered_answers_are_fitted_by_name_and_text(
    tmp_path: Path,
) -> None:
    store, _ = saved_at_open(tmp_path / "saves")
    story = load_story(
        edited_story(
            tmp_path,
            {
                "story.yaml": [("doubts: 0", 'doubts: "none"\n  mood: 3')],
                "01-morning.yaml": [
                    ("add: {doubts: 1}", "set: {doubts: burned}"),
                    ('if: "careful and doubts == 0"', 'if: "careful and mood > 0"'),
                ],
                "02-afternoon.yaml": [
                    (
                        "options: [A gun, A letter, A map]\n    answer: 1",
                        "options: [A map, A gun, A letter]\n    answer: 2",
                    ),
                ],
            },
        )
    )
    data = store.load("mine", Engine(story))
    assert data.state.variables == {"careful": False, "doubts": "none", "mood": 3}
    (answer,) = data.state.answers
    assert (answer.given, answer.correct) == (2, True)
    assert data.notes == ("Story variables whose kind changed start afresh: doubts.",)


def test_a_save_of_another_story_is_refused_on_the_command_line(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    run_cli("--story", str(MINI), "--saves", saves, input="1\n2\n")
    other = edited_story(tmp_path, {"story.yaml": [("id: mini", "id: other")]})
    result = run_cli("--story", str(other), "--saves", saves, "--load", "autosave")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: '{Path(saves) / 'autosave.json'}' is a save of the story 'The Letter' (mini), "
        "not of 'The Letter' (other); play it with --story and that story's folder\n"
    )


def test_loading_into_a_story_without_its_chapter_goes_to_the_last_historical_scene(
    tmp_path: Path,
) -> None:
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    session = Session(engine, state)
    for step in (1, 2, 1):  # open the letter, answer, file it: now in the afternoon
        if engine.prompt(session.state).__class__.__name__ == "QuestionPrompt":
            session.answer(step)
        else:
            session.choose(step)
    assert session.state.scene == "afternoon"
    store = SaveStore(tmp_path / "saves")
    store.save("late", session)
    story = load_story(
        edited_story(
            tmp_path,
            {
                "02-afternoon.yaml": [
                    ("id: afternoon\n  title: Afternoon", "id: evening\n  title: Evening"),
                    (
                        "  - id: afternoon\n    title: Later\n    text: The afternoon passes.\n"
                        "    next: end\n",
                        "",
                    ),
                ],
                "01-morning.yaml": [
                    ("goto: afternoon", "goto: end"),
                    ("goto: afternoon", "goto: end"),
                ],
            },
        )
    )
    data = store.load("late", Engine(story))
    assert data.state.scene == "open"
    assert data.notes[-1] == (
        "The scene 'afternoon' where this save stopped is no longer in the story, so you resume "
        "at 'The letter', the last scene on the historical path you reached."
    )


def _hand_made(tmp_path: Path, state: dict[str, object]) -> Path:
    """A signed save of the mini story whose `state` fields are set by hand."""
    from tests.test_saves_trust import _sign  # (that module imports this one)

    record = json.loads(encode(mini_session(), "2026-01-05T10:00:00+00:00")[0])
    record["state"].update(log=[], answers=[], due=[], **state)
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(_sign(record)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("state", "path", "facts", "note"),
    [
        # Neither its chapter nor any historical scene is left: the story's start is entered.
        ({"scene": "gone", "chapter": "gone", "path": ["gone"], "facts": []},
         ("desk",), ("letter",), "The scene 'gone' where this save stopped is no longer in the "
         "story, so you resume at the start of the story."),
        # A fact already noted is not noted twice.
        ({"scene": "gone", "chapter": "gone", "path": ["gone"], "facts": ["letter"]},
         ("desk",), ("letter",), "The scene 'gone' where this save stopped is no longer in the "
         "story, so you resume at the start of the story."),
        # Heading on with nothing due: the next scene is entered, and its fact noted.
        ({"scene": "desk", "chapter": "morning", "path": ["desk"], "facts": ["letter"],
          "going_to": "open"}, ("desk", "open"), ("letter", "names"), None),
    ],
    ids=["story-start", "seen-fact", "heading-on"],
)  # fmt: skip
def test_a_save_placed_at_a_scene_it_never_reached_enters_it_as_the_engine_would(
    tmp_path: Path,
    state: dict[str, object],
    path: tuple[str, ...],
    facts: tuple[str, ...],
    note: str | None,
) -> None:
    data = read_save_file(_hand_made(tmp_path, state), load_story(MINI))
    assert (data.state.scene, data.state.path, data.state.facts) == (path[-1], path, facts)
    assert data.state.going_to is None and data.state.ended is False
    assert (data.notes[-1] if note else None) == note
