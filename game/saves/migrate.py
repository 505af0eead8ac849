"""Bringing a checked save up to date: an older save format to this one, and the saved game to
the story as it is now, by ids, saying what had to change.

Format 1 saves had no game id: one is derived from what identified a game then (its story,
start time and player), so both slots of one old game still agree. Scenes, choices, facts and
questions are looked up by id (answers also by their text), so a story that gained or
reordered content resumes the save exactly; what is gone is left out with a note, and a
missing scene falls back to its chapter's start or the nearest historical scene.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from game.engine.engine import AnswerEntry, GameState
from game.errors import SaveError
from game.saves.record import FORMAT, SavedAnswer, SaveRecord
from game.story.conditions import Value
from game.story.frozen import Frozen
from game.story.history import historical_path
from game.story.model import Choice, Story


def upgrade(record: dict[str, Any], version: int) -> dict[str, Any]:
    """A save's JSON (checksum already verified) in the current format, fields not yet checked."""
    if version < 2:
        record = {**record, "format": FORMAT, "game": derived_game_id(record)}
    return record


def derived_game_id(record: Mapping[str, Any]) -> str:
    """The id of a format 1 game: a hash of its story id, start time and player."""
    story = record.get("story")
    parts = [
        story.get("id") if isinstance(story, dict) else None,
        record.get("started_at"),
        record.get("player"),
    ]
    canonical = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, eq=False, repr=False)
class SaveData(Frozen):
    """One save file's content, checked and migrated to the current story."""

    slot: str
    game_id: str
    """The game's identity (see SaveRecord.game_id)."""
    story_id: str
    story_version: int
    player: str | None
    started_at: str
    """ISO 8601 UTC, when the game began."""
    saved_at: str
    """ISO 8601 UTC."""
    played_seconds: float
    state: GameState
    """Rebuilt by ids against the current story."""
    notes: tuple[str, ...]
    """Sentences about what changed since the save (story updated, scene gone...)."""


def fitted(slot: str, record: SaveRecord, story: Story, shown: str) -> SaveData:
    """A checked record migrated to `story`, as the SaveData of `slot`."""
    state, notes = migrate(record, story, shown)
    return SaveData(
        slot=slot,
        game_id=record.game_id,
        story_id=record.story_id,
        story_version=record.story_version,
        player=record.player,
        started_at=record.started_at,
        saved_at=record.saved_at,
        played_seconds=record.played_seconds,
        state=state,
        notes=tuple(notes),
    )


def migrate(record: SaveRecord, story: Story, shown: str) -> tuple[GameState, list[str]]:
    """The saved game rebuilt by ids against `story`, and sentences saying what changed."""
    if record.story_id != story.id:
        raise SaveError(
            f"'{shown}' is a save of the story '{record.story_title}' ({record.story_id}), "
            f"not of '{story.title}' ({story.id}); play it with --story and that story's folder"
        )
    notes: list[str] = []
    if record.story_version < story.version:
        notes.append(
            f"The story was updated from version {record.story_version} to {story.version} "
            "since this save."
        )
    elif record.story_version > story.version:
        notes.append(
            f"This save was made with version {record.story_version} of the story, newer than "
            f"this copy (version {story.version}); anything this copy lacks is left out."
        )
    variables = _variables(record.variables, story, notes)
    questions = {q.id: q for q in story.questions}
    reflections = {r.id for r in story.reflections}
    lost: dict[str, int] = {}

    def keep(kind: str, ok: bool) -> bool:
        if not ok:
            lost[kind] = lost.get(kind, 0) + 1
        return ok

    log = []
    for entry in record.log:
        choice = _choice(story, entry.scene, entry.choice)
        if keep("decision", choice is not None):
            assert choice is not None
            # The story is the authority on what happened: re-mark by the current text.
            log.append(replace(entry, historical=choice.history))
    answers = []
    for a in record.answers:
        question = questions.get(a.question)
        index = _option(question.options, a) if question is not None else None
        if keep("answer", question is not None and index is not None):
            assert question is not None and index is not None
            answers.append(AnswerEntry(a.question, index, index == question.answer))
    state = GameState(
        scene=record.scene,
        variables=variables,
        path=tuple(s for s in record.path if keep("visited scene", s in story.scenes)),
        facts=tuple(f for f in record.facts if keep("fact note", f in story.facts)),
        log=tuple(log),
        answers=tuple(answers),
        reflections=tuple(
            r for r in record.reflections if keep("reflection", r.reflection in reflections)
        ),
        due=tuple(
            d
            for d in record.due
            if (d[1] in questions if d[0] == "question" else d[1] in reflections)
        ),
        going_to=record.going_to,
        ended=record.ended,
        seed=record.seed,
        pending_reality=tuple(s for s in record.pending_reality if s in story.scenes),
        documents=tuple(x for x in record.documents if x in story.exhibits),
    )
    if lost:
        parts = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in lost.items()]
        notes.append(
            "Some of what this save recorded is no longer in the story and was left out: "
            + ", ".join(parts)
            + "."
        )
    return _place(state, record, story, notes), notes


def _variables(saved: Mapping[str, Value], story: Story, notes: list[str]) -> dict[str, Value]:
    values = dict(story.variables)
    reset = []
    for name, value in saved.items():
        if name not in values:
            continue
        if type(value) is type(values[name]):
            values[name] = value
        else:
            reset.append(name)
    gone = sorted(n for n in saved if n not in story.variables)
    if gone:
        notes.append(f"Story variables no longer used were dropped: {', '.join(gone)}.")
    if reset:
        notes.append(f"Story variables whose kind changed start afresh: {', '.join(reset)}.")
    return values


def _choice(story: Story, scene_id: str, choice_id: str) -> Choice | None:
    scene = story.scenes.get(scene_id)
    if scene is None:
        return None
    return next((c for c in scene.choices if c.id == choice_id), None)


def _option(options: tuple[str, ...], answer: SavedAnswer) -> int | None:
    """The answer's option index now: by its text when the options were reordered."""
    if answer.given < len(options) and options[answer.given] == answer.text:
        return answer.given
    return options.index(answer.text) if answer.text in options else None


def _place(state: GameState, record: SaveRecord, story: Story, notes: list[str]) -> GameState:
    """Put the state at a scene that exists, entering a new one if the saved one is gone."""
    if state.scene not in story.scenes:
        target, how = _fallback(record, story)
        notes.append(
            f"The scene '{record.scene}' where this save stopped is no longer in the story, "
            f"so you resume at {how}."
        )
        if state.ended:
            return replace(state, scene=target, due=(), going_to=None)
        return _enter(replace(state, due=()), target, story)
    if state.going_to is not None and state.going_to not in story.scenes:
        target, how = _fallback(record, story)
        notes.append(
            f"The scene '{state.going_to}' you were heading to is no longer in the story, "
            f"so you go on to {how}."
        )
        state = replace(state, going_to=target)
    if not state.due and state.going_to is not None:
        # The questions still due were removed from the story: move on as the engine would.
        return _enter(state, state.going_to, story)
    return state


def _fallback(record: SaveRecord, story: Story) -> tuple[str, str]:
    chapter = next((c for c in story.chapters if c.id == record.chapter_id and c.scenes), None)
    if chapter is not None:
        return chapter.scenes[0], f"the start of its chapter, '{chapter.title}'"
    historical = historical_path(story)
    for scene_id in reversed(record.path):
        if scene_id in historical:
            title = story.scenes[scene_id].title or scene_id
            return scene_id, f"'{title}', the last scene on the historical path you reached"
    return story.start, "the start of the story"


def _enter(state: GameState, scene_id: str, story: Story) -> GameState:
    """Enter a scene as the engine does, without events: path, new facts, nothing pending."""
    facts = dict.fromkeys(story.scenes[scene_id].facts)
    fresh = tuple(f for f in facts if f in story.facts and f not in state.seen)
    return replace(
        state,
        scene=scene_id,
        path=(*state.path, scene_id),
        facts=(*state.facts, *fresh),
        going_to=None,
        ended=False,
    )
