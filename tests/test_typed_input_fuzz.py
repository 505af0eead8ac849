"""Any line a player can type, at any kind of prompt, means something: an action or a hint,
never an exception; and a whole game fed random lines ends cleanly with every step saved."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.commands import COMMAND_NAMES, Action, Hint, Pick, Run, interpret
from game.engine.engine import Engine
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.controller import Quit
from game.ui.plain import PlainGame
from tests.conftest import STORIES

ENGINE = Engine(load_story(STORIES / "mini"))
STATE, _ = ENGINE.new_game(None, seed=None)
CHOICE = ENGINE.prompt(STATE)
WORDS = st.sampled_from([*COMMAND_NAMES, "1", "2", "3", "0", "99", "²", "١", "５", "9" * 5000])
LINES = st.one_of(
    st.text(max_size=60),
    WORDS,
    st.tuples(WORDS, st.text(max_size=20)).map(" ".join),
    st.text(alphabet="\x1b[]<;0123456789Mm~\x00\x7f\x9b\u202e\u200b ", max_size=30),
)


@settings(max_examples=400)
@given(LINES)
def test_a_typed_line_at_a_choice_is_an_action_or_a_hint(line: str) -> None:
    action: Action = interpret(CHOICE, line)
    if isinstance(action, Pick):
        assert 1 <= action.number <= len(CHOICE.choices)  # type: ignore[union-attr]
    elif isinstance(action, Run):
        assert action.name in COMMAND_NAMES
    elif isinstance(action, Hint):
        assert action.text and all(c.isprintable() for c in action.text), repr(action.text)


@settings(max_examples=40, deadline=None)
@given(st.lists(LINES, max_size=25))
def test_a_game_fed_random_lines_ends_cleanly_and_saves_every_step(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder))
        state, intro = ENGINE.new_game(None, seed=7)
        out = io.StringIO()
        text = "".join(line.replace("\n", " ").replace("\r", " ") + "\n" for line in lines)
        game = PlainGame(ENGINE, store, io.StringIO(text), out, echo=True, width=80)
        game.controller.begin(Session(ENGINE, state))
        try:
            code = game.run(intro)
        except Quit as exc:
            code = exc.code
        assert code in (0, 1), out.getvalue()[-500:]
        assert "Traceback" not in out.getvalue()
        saved = Path(folder) / "autosave.json"
        if game.controller.session.state.log:
            record = json.loads(saved.read_text(encoding="utf-8"))
            assert len(record["state"]["log"]) == len(game.controller.session.state.log)
