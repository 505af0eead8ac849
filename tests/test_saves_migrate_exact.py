"""Migrating a save to the story as it is now, field by field, with the notes written out.

Each test builds a checked save record (or a signed save file) by hand and fits it to a test
story in-process, so that every field the save keeps and every sentence about what was left
out is pinned literally.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from game.engine.engine import AnswerEntry, LogEntry, ReflectionEntry
from game.saves.migrate import migrate
from game.saves.record import SavedAnswer, SaveRecord
from game.saves.savefile import encode
from game.saves.store import read_save_file
from game.story.checker import load_story
from game.story.conditions import Value
from tests.conftest import STORIES
from tests.test_saves import mini_session
from tests.test_saves_trust import _sign

MINI = load_story(STORIES / "mini")
STATS = load_story(STORIES / "stats")


def record(**changes: object) -> SaveRecord:
    """A checked save of the mini story (version 2) at the scene 'open', after burning the
    letter and answering its question right; `changes` replace fields."""
    base = SaveRecord(
        game_id="0123456789abcdef0123456789abcdef",
        checksum="sha256:" + "0" * 64,
        story_id="mini",
        story_version=2,
        story_title="The Letter",
        player="Ana",
        started_at="2026-01-05T09:00:00+00:00",
        saved_at="2026-01-05T10:00:00+00:00",
        played_seconds=60.0,
        chapter="Morning",
        progress="50%, 2 of 2 facts",
        scene="open",
        chapter_id="morning",
        variables={"careful": False, "doubts": 1},
        path=("desk", "burn", "open"),
        facts=("letter", "names"),
        log=(LogEntry("desk", "burn", False),),
        answers=(SavedAnswer("q-letter", 1, "A letter"),),
        reflections=(),
        due=(),
        going_to=None,
        ended=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_save_of_a_newer_story_version_says_what_this_copy_lacks_is_left_out() -> None:
    state, notes = migrate(record(story_version=5), MINI, "mine.json")
    assert state.scene == "open"
    assert notes == [
        "This save was made with version 5 of the story, newer than this copy (version 2); "
        "anything this copy lacks is left out."
    ]


def test_what_is_gone_is_left_out_and_counted_by_kind_in_one_sentence() -> None:
    saved = record(
        log=(
            LogEntry("desk", "burn", False),
            LogEntry("desk", "gone-choice", False),
            LogEntry("gone-scene", "burn", False),
        ),
        answers=(SavedAnswer("q-letter", 1, "A letter"), SavedAnswer("q-gone", 0, "A gun")),
        path=("desk", "gone-a", "burn", "gone-b", "open"),
        facts=("letter", "gone-fact", "names"),
        reflections=(
            ReflectionEntry("r-gone", "I would have run."),
            ReflectionEntry("r-day", "I would have read it."),
            ReflectionEntry("r-older", None),
        ),
    )
    state, notes = migrate(saved, MINI, "mine.json")
    assert state.log == (LogEntry("desk", "burn", False),)
    assert state.answers == (AnswerEntry("q-letter", 1, True),)
    assert state.path == ("desk", "burn", "open")
    assert state.facts == ("letter", "names")
    assert state.reflections == (ReflectionEntry("r-day", "I would have read it."),)
    assert notes == [
        "Some of what this save recorded is no longer in the story and was left out: "
        "2 decisions, 1 answer, 2 visited scenes, 1 fact note, 2 reflections."
    ]


def test_an_answer_whose_option_text_is_gone_is_left_out() -> None:
    state, notes = migrate(
        record(answers=(SavedAnswer("q-letter", 1, "A telegram"),)), MINI, "mine.json"
    )
    assert state.answers == ()
    assert notes == [
        "Some of what this save recorded is no longer in the story and was left out: 1 answer."
    ]


@pytest.mark.parametrize(
    ("given", "text", "now"),
    [
        # The save's option index is past the end of the options now: found by its text.
        (3, "A map", AnswerEntry("q-letter", 2, False)),
        (5, "A letter", AnswerEntry("q-letter", 1, True)),
        # Still at its index.
        (1, "A letter", AnswerEntry("q-letter", 1, True)),
    ],
    ids=["one-past-the-end", "far-past-the-end", "same-place"],
)
def test_an_answer_is_found_by_its_text_when_its_index_is_past_the_options(
    given: int, text: str, now: AnswerEntry
) -> None:
    state, notes = migrate(record(answers=(SavedAnswer("q-letter", given, text),)), MINI, "x")
    assert state.answers == (now,)
    assert notes == []


def test_seed_end_due_what_ifs_and_documents_are_kept_where_the_story_still_has_them() -> None:
    saved = record(
        seed=12345,
        due=(
            ("question", "q-letter"),
            ("question", "q-gone"),
            ("reflection", "r-day"),
            ("reflection", "r-gone"),
        ),
        going_to="afternoon",
        pending_reality=("burn", "gone-scene", "guard"),
        documents=("no-such-exhibit",),
    )
    state, notes = migrate(saved, MINI, "mine.json")
    assert state.seed == 12345
    assert state.due == (("question", "q-letter"), ("reflection", "r-day"))
    assert state.going_to == "afternoon"
    assert state.pending_reality == ("burn", "guard")
    assert state.documents == ()
    assert state.ended is False
    assert notes == []


def test_an_ended_save_stays_ended() -> None:
    saved = record(
        scene="end",
        chapter_id="afternoon",
        path=("desk", "burn", "open", "afternoon", "end"),
        reflections=(ReflectionEntry("r-day", None),),
        ended=True,
    )
    state, notes = migrate(saved, MINI, "mine.json")
    assert (state.scene, state.ended, state.due, state.going_to) == ("end", True, (), None)
    assert state.path == ("desk", "burn", "open", "afternoon", "end")
    assert notes == []


def test_examined_documents_the_story_still_has_are_kept() -> None:
    saved = replace(
        record(),
        story_id="stats",
        story_version=1,
        scene="study",
        chapter_id="house",
        variables={"bold": False},
        path=("hall", "study"),
        facts=(),
        log=(),
        answers=(),
        documents=("note", "gone-exhibit", "rose-letter"),
    )
    state, notes = migrate(saved, STATS, "mine.json")
    assert state.documents == ("note", "rose-letter")
    assert notes == []


@pytest.mark.parametrize(
    ("saved", "now", "note"),
    [
        # A variable the story dropped, before one it keeps: the rest are still read.
        ({"zeta": 1, "alpha": "x", "doubts": 4}, {"careful": False, "doubts": 4},
         "Story variables no longer used were dropped: alpha, zeta."),
        ({"careful": "yes", "doubts": True}, {"careful": False, "doubts": 0},
         "Story variables whose kind changed start afresh: careful, doubts."),
    ],
    ids=["dropped", "changed-kind"],
)  # fmt: skip
def test_saved_variables_are_fitted_by_name_and_kind_and_the_notes_name_them(
    saved: dict[str, Value], now: dict[str, Value], note: str
) -> None:
    state, notes = migrate(record(variables=saved), MINI, "mine.json")
    assert dict(state.variables) == now
    assert notes == [note]


def _hand_made(tmp_path: Path, state: dict[str, object]) -> Path:
    """A signed save of the mini story whose `state` fields are set by hand."""
    saved = json.loads(encode(mini_session(), "2026-01-05T10:00:00+00:00")[0])
    saved["state"].update(log=[], answers=[], **state)
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(_sign(saved)), encoding="utf-8")
    return path


GONE_AT_CHAPTER_START = (
    "The scene 'gone' where this save stopped is no longer in the story, so you resume at "
    "the start of its chapter, 'Morning'."
)


def test_a_save_stopped_at_a_removed_scene_with_a_question_due_enters_the_fallback_freshly() -> (
    None
):
    state, notes = migrate(
        record(
            scene="gone",
            path=("desk", "gone"),
            facts=("letter",),
            due=(("question", "q-letter"),),
            going_to="open",
        ),
        MINI,
        "mine.json",
    )
    assert (state.scene, state.due, state.going_to, state.ended) == ("desk", (), None, False)
    assert state.path == ("desk", "desk")
    assert notes == [
        "Some of what this save recorded is no longer in the story and was left out: "
        "1 visited scene.",
        GONE_AT_CHAPTER_START,
    ]


def test_a_save_heading_to_a_removed_scene_goes_on_to_the_fallback_once_answered() -> None:
    state, notes = migrate(
        record(
            scene="desk",
            path=("desk",),
            facts=("letter",),
            answers=(),
            due=(("question", "q-letter"),),
            going_to="gone",
        ),
        MINI,
        "mine.json",
    )
    assert (state.scene, state.due, state.going_to) == ("desk", (("question", "q-letter"),), "desk")
    assert state.path == ("desk",)
    assert notes == [
        "The scene 'gone' you were heading to is no longer in the story, so you go on to "
        "the start of its chapter, 'Morning'."
    ]


# Signed saves edited by hand that contradict themselves (ended, yet something due or a scene
# to go to): the reader admits them, and migrating settles the contradiction one way.
def test_an_ended_save_at_a_removed_scene_is_placed_with_nothing_pending(
    tmp_path: Path,
) -> None:
    path = _hand_made(
        tmp_path,
        {
            "scene": "gone",
            "chapter": "morning",
            "path": ["desk", "gone"],
            "facts": ["letter"],
            "due": [{"kind": "question", "id": "q-letter"}],
            "going_to": "open",
            "ended": True,
        },
    )
    data = read_save_file(path, MINI)
    state = data.state
    assert (state.scene, state.due, state.going_to, state.ended) == ("desk", (), None, True)
    assert state.path == ("desk",)
    assert data.notes[-1] == GONE_AT_CHAPTER_START


def test_an_ended_save_still_heading_to_a_scene_enters_it_and_plays_on(
    tmp_path: Path,
) -> None:
    path = _hand_made(
        tmp_path,
        {
            "scene": "desk",
            "chapter": "morning",
            "path": ["desk"],
            "facts": ["letter"],
            "going_to": "open",
            "ended": True,
        },
    )
    state = read_save_file(path, MINI).state
    assert (state.scene, state.going_to, state.ended) == ("open", None, False)
    assert (state.path, state.facts) == (("desk", "open"), ("letter", "names"))
