"""Property tests: whatever bytes, JSON or story edits come in, only GameErrors come out."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.engine.engine import Engine, GameState
from game.engine.session import Session
from game.errors import GameError, SaveError
from game.saves.savefile import checksum, parse
from game.saves.store import SaveStore, read_save_file
from game.story.checker import load_story
from game.story.model import Story
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, STORIES

MINI = load_story(STORIES / "mini")


def _saved_record() -> dict[str, Any]:
    engine = Engine(MINI)
    state, _ = engine.new_game()
    session = Session(engine, state, player="Ana")
    session.choose(3)  # ask the guard: sets a variable
    session.answer(2)
    with tempfile.TemporaryDirectory() as tmp:
        path = SaveStore(Path(tmp)).save("one", session)
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


RECORD = _saved_record()
# Story ids (and ones the story lacks) make many mutations well-typed, reaching the migration.
IDS = st.sampled_from(
    sorted({*MINI.scenes, *MINI.facts, *(q.id for q in MINI.questions), "gone", "q-gone"})
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 5)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | IDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def _assert_consistent(state: GameState, story: Story) -> None:
    """A loaded state refers only to what the story has, so the engine can run it."""
    assert state.scene in story.scenes
    assert set(state.path) <= set(story.scenes)
    assert set(state.facts) <= set(story.facts)
    assert set(state.variables) == set(story.variables)
    for entry in state.log:
        assert entry.choice in {c.id for c in story.scenes[entry.scene].choices}
    questions = {q.id: q for q in story.questions}
    for answer in state.answers:
        assert 0 <= answer.given < len(questions[answer.question].options)
    reflections = {r.id for r in story.reflections}
    for kind, ident in state.due:
        assert ident in (questions if kind == "question" else reflections)
    assert state.going_to is None or state.going_to in story.scenes
    assert state.ended or state.due or state.going_to is None


def _mutate(record: Any, data: st.DataObject) -> Any:
    """Replace, delete or retype one value somewhere inside the JSON (mostly deep inside)."""
    roll = data.draw(st.integers(0, 9))
    if isinstance(record, dict) and record and roll > 0:
        key = data.draw(st.sampled_from(sorted(record)))
        copy = dict(record)
        if roll == 1:
            del copy[key]
        elif roll == 2:
            copy[key] = data.draw(JSON_VALUES)
        else:
            copy[key] = _mutate(record[key], data)
        return copy
    if isinstance(record, list) and record and roll > 0:
        i = data.draw(st.integers(0, len(record) - 1))
        copy_list = list(record)
        if roll == 1:
            del copy_list[i]
        else:
            copy_list[i] = _mutate(record[i], data)
        return copy_list
    return data.draw(JSON_VALUES)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_as_damaged(data: bytes) -> None:
    try:
        parse(data, "slot.json")
    except SaveError:
        return
    raise AssertionError("random bytes were accepted as a save")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.booleans())
def test_mutated_save_json_loads_cleanly_or_is_refused(data: st.DataObject, sign: bool) -> None:
    mutated = RECORD
    for _ in range(data.draw(st.integers(1, 3))):
        mutated = _mutate(mutated, data)
    if sign and isinstance(mutated, dict):
        # Re-signed: the checksum passes, so the field checks are what must hold.
        mutated = {**mutated, "checksum": checksum(mutated)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.json"
        path.write_text(json.dumps(mutated), encoding="utf-8")
        try:
            loaded = read_save_file(path, MINI)
        except SaveError:
            event("refused")
            return
    event("loaded")
    _assert_consistent(loaded.state, MINI)


def _without(story: Story, data: st.DataObject) -> Story:
    """The story with some scenes, facts, questions, chapters or variables removed."""
    keep_scene = data.draw(st.sets(st.sampled_from(sorted(story.scenes)), min_size=1))
    start = story.start if story.start in keep_scene else sorted(keep_scene)[0]
    chapters = tuple(
        dataclasses.replace(c, scenes=tuple(s for s in c.scenes if s in keep_scene))
        for c in story.chapters
        if any(s in keep_scene for s in c.scenes)
    )
    scenes = {k: v for k, v in story.scenes.items() if k in keep_scene}
    facts = {k: v for k, v in story.facts.items() if data.draw(st.booleans())}
    variables = {k: v for k, v in story.variables.items() if data.draw(st.booleans())}
    questions = tuple(
        dataclasses.replace(q, options=tuple(reversed(q.options)))
        if data.draw(st.booleans())
        else q
        for q in story.questions
        if data.draw(st.booleans())
    )
    reflections = tuple(r for r in story.reflections if data.draw(st.booleans()))
    version = story.version + data.draw(st.integers(-1, 2))
    return dataclasses.replace(
        story,
        start=start,
        chapters=chapters,
        scenes=scenes,
        facts=facts,
        variables=variables,
        questions=questions,
        reflections=reflections,
        version=version,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.lists(st.integers(1, 3), max_size=6))
def test_saves_fit_any_shrunken_story_by_ids(data: st.DataObject, moves: list[int]) -> None:
    engine = Engine(MINI)
    state, _ = engine.new_game()
    session = Session(engine, state)
    for move in moves:  # play a random way in: choose, answer, continue, reflect
        prompt = type(engine.prompt(session.state)).__name__
        if prompt == "ChoicePrompt":
            session.choose(min(move, len(engine.available(session.state))))
        elif prompt == "QuestionPrompt":
            session.answer(move)
        elif prompt == "ReflectionPrompt":
            session.reflect("text")
        elif prompt == "ContinuePrompt":
            session.advance()
    changed = _without(MINI, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = SaveStore(Path(tmp)).save("one", session)
        loaded = read_save_file(path, changed)
    _assert_consistent(loaded.state, changed)
    if changed.version > MINI.version:
        assert loaded.notes[0] == (
            f"The story was updated from version {MINI.version} to {changed.version} since "
            "this save."
        )


def _corrupt_bytes(text: str, data: st.DataObject) -> bytes:
    raw = bytearray(text.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(raw)))
        junk = data.draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b"\x1b[2J", b"\xff\xfe", b"\x00", b"!!python/object ", b"*x"]),
            )
        )
        raw[i:i] = junk
    return bytes(raw)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["story.yaml", "01-main.yaml"]))
def test_byte_mutated_story_files_raise_only_game_errors(data: st.DataObject, name: str) -> None:
    files = {"story.yaml": BASE_MANIFEST, "01-main.yaml": BASE_CHAPTER}
    with tempfile.TemporaryDirectory() as tmp:
        for file, text in files.items():
            content = _corrupt_bytes(text, data) if file == name else text.encode("utf-8")
            (Path(tmp) / file).write_bytes(content)
        try:
            story = load_story(tmp)
        except GameError as exc:
            assert "\x1b" not in str(exc)
            return
    # What loads is a story the engine can play: every link names a scene, every chapter's
    # scenes exist, and a new game starts at the start.
    assert story.start in story.scenes
    assert all(t in story.scenes for s in story.scenes.values() for t in s.targets())
    assert [s for c in story.chapters for s in c.scenes] == list(story.scenes)
    assert Engine(story).new_game()[0].scene == story.start
