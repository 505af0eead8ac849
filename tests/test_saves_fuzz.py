"""Fuzz: signed saves with hostile values meet every reader; a saved game comes back whole."""

from __future__ import annotations

import contextlib
import json
import math
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.classroom.class_entries import NotAReport
from game.classroom.class_folder import read_entry
from game.classroom.formats import render
from game.classroom.report_command import playthrough, report_source
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    Engine,
    QuestionPrompt,
    ReflectionPrompt,
)
from game.engine.session import Session
from game.errors import GameError
from game.saves.savefile import checksum
from game.saves.store import SaveStore, read_save_file, session_from
from game.story.checker import load_story
from game.story.model import Story
from tests.conftest import STORIES

MINI = load_story(STORIES / "mini")
HOSTILE_NUMBERS = (
    st.sampled_from([10**400, -(10**400), 10**16, -(10**16), 2**63, -1, 0, 1e300, -0.0, 1.5])
    | st.floats()
)  # NaN and the infinities included
HOSTILE_TEXT = st.sampled_from(
    [
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "2026-01-05T09:00:00",
        "2026-13-40T99:99:99",
        "\x1b]52;c;aGk=\x07",
        "",
        "ffffffffffffffffffffffffffffffff",
        "a" * 300,
    ]
) | st.text(max_size=10)
HOSTILE = st.recursive(
    st.none() | st.booleans() | HOSTILE_NUMBERS | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def _record() -> dict[str, Any]:
    engine = Engine(MINI)
    state, _ = engine.new_game()
    session = Session(engine, state, player="Ana")
    session.choose(3)
    session.answer(2)
    with tempfile.TemporaryDirectory() as tmp:
        path = SaveStore(Path(tmp)).save("one", session)
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


RECORD = _record()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the JSON a value sits (so any field can be replaced)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


PATHS = [p for p in _paths(RECORD) if p[0] != "checksum"]
# The numbers and dates, where a value in range matters most, are drawn half the time.
NUMERIC = [
    ("played_seconds",),
    ("saved_at",),
    ("started_at",),
    ("story", "version"),
    ("state", "variables", "doubts"),
    ("state", "answers", 0, "given"),
]
PLACES = st.sampled_from(NUMERIC) | st.sampled_from(PATHS)
VALUES = HOSTILE_NUMBERS | HOSTILE_TEXT | HOSTILE


def _replaced(record: Any, path: tuple[Any, ...], value: Any) -> Any:
    """`record` with the value at `path` replaced (unchanged if an earlier edit removed it)."""
    if not path:
        return value
    key = path[0]
    fits = isinstance(record, dict) and key in record
    fits = fits or (isinstance(record, list) and isinstance(key, int) and key < len(record))
    if not fits:
        return record
    copy = dict(record) if isinstance(record, dict) else list(record)
    copy[path[0]] = _replaced(record[path[0]], path[1:], value)
    return copy


def _signed_text(record: dict[str, Any]) -> str:
    # NaN or an infinity: no checksum can be made, and the file goes unsigned.
    with contextlib.suppress(ValueError):
        record = {**record, "checksum": checksum(record)}
    return json.dumps(record)


def _every_reader(folder: Path) -> None:
    """Read the slot 'one' every way the game does; only GameError may come out."""
    engine = Engine(MINI)
    store = SaveStore(folder)

    def mini(_record: object) -> Story:
        return MINI

    for action in (
        lambda: store.slots(),
        lambda: store.load("one", engine),
        lambda: read_save_file(folder / "one.json", MINI),
        lambda: render(playthrough(report_source("one", folder, None), mini), "md"),
        lambda: render(
            playthrough(report_source(str(folder / "one.json"), folder, None), mini), "html"
        ),
        lambda: render(playthrough(report_source(None, folder, None), mini), "json"),
    ):
        try:
            action()
        except GameError as exc:
            assert "\x1b" not in str(exc)
    try:
        read_entry(folder / "one.json", "one.json", lambda path: MINI)
    except NotAReport as exc:
        assert "\x1b" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PLACES, VALUES), min_size=1, max_size=3))
def test_signed_saves_with_hostile_values_raise_only_the_documented_error(
    edits: list[tuple[tuple[Any, ...], Any]],
) -> None:
    record: Any = RECORD
    for path, value in edits:
        record = _replaced(record, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            text = _signed_text(record)
        except ValueError:  # a number Python cannot even write back (over 4,300 digits)
            return
        (folder / "one.json").write_text(text, encoding="utf-8")
        _every_reader(folder)
        # Saving over it, as the autosave does, never raises and never loses it.
        (folder / "one.json").rename(folder / "autosave.json")
        engine = Engine(MINI)
        state, _ = engine.new_game()
        session = Session(engine, state)
        session.choose(1)
        message = SaveStore(folder).autosave(session)
        assert message is None or not message.startswith("Saving is off"), message
        assert SaveStore(folder).load("autosave", engine).state == session.state
        kept = sorted(p.name for p in folder.glob("autosave*.json"))
        assert len(kept) in (2, 3), kept  # the new save, and the old one as backup or aside


def _play(session: Session, moves: list[int], texts: list[str]) -> None:
    """Play a random way in: choose, answer, continue, reflect."""
    engine = session.engine
    for move in moves:
        prompt = engine.prompt(session.state)
        if isinstance(prompt, ChoicePrompt) and prompt.choices:
            session.choose(min(move, len(prompt.choices)))
        elif isinstance(prompt, QuestionPrompt):
            session.answer(min(move, len(prompt.question.options)))
        elif isinstance(prompt, ReflectionPrompt):
            session.reflect(texts[move % len(texts)] or None)
        elif isinstance(prompt, ContinuePrompt):
            session.advance()


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    moves=st.lists(st.integers(1, 3), max_size=12),
    player=st.none() | PRINTABLE.filter(bool),
    texts=st.lists(PRINTABLE, min_size=1, max_size=3),
    seconds=st.floats(0, 1e7),
)
def test_a_saved_game_round_trips(
    moves: list[int], player: str | None, texts: list[str], seconds: float
) -> None:
    engine = Engine(MINI)
    state, _ = engine.new_game()
    session = Session(engine, state, player=player, played_before=seconds, clock=lambda: 0.0)
    _play(session, moves, texts)
    with tempfile.TemporaryDirectory() as tmp:
        SaveStore(Path(tmp)).save("one", session)
        data = SaveStore(Path(tmp)).load("one", engine)
    assert data.state == session.state
    assert data.notes == ()
    assert (data.player, data.game_id, data.started_at) == (
        session.player,
        session.game_id,
        session.started_at,
    )
    assert math.isclose(data.played_seconds, seconds, abs_tol=0.001)
    resumed = session_from(data, engine)
    assert (resumed.state, resumed.game_id) == (session.state, session.game_id)
