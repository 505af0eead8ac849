"""The terminal game driven through real prompt_toolkit sessions over a pipe."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from game.engine.engine import Engine
from game.saves.savefile import checksum
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.options import PlayOptions
from game.ui.terminal import TerminalGame

ESC_ENTER = "\x1b\r"
CTRL_C = "\x03"
CTRL_D = "\x04"


@dataclass
class Played:
    code: int
    text: str
    game: TerminalGame


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def play(
    story: Path,
    saves: Path,
    keys: str,
    *,
    feed: Callable[[TerminalGame, Callable[[str], None]], None] | None = None,
    **options: object,
) -> Played:
    """Run a sitting on `keys` (then end of input); what the screen showed, as plain text."""
    engine = Engine(load_story(story))
    console = Console(record=True, width=200, color_system=None, file=io.StringIO())
    with create_pipe_input() as pipe:
        game = TerminalGame(
            engine,
            PlayOptions(story=story, saves=saves, **{"shuffle": False, **options}),  # type: ignore[arg-type]
            SaveStore(saves),
            console,
            input=pipe,
            output=DummyOutput(),
        )
        pipe.send_text(keys)
        if feed is None:
            pipe.close()
            code = game.run()
        else:
            # Keys that must wait for the game (e.g. Enter after a Tab completion).
            worker = threading.Thread(target=feed, args=(game, pipe.send_text))
            worker.start()
            code = game.run()
            worker.join()
    text = "\n".join(line.rstrip() for line in console.export_text().splitlines())
    return Played(code, text, game)


NEW_GAME = "1\r\r"
"""Title menu: New game, then no name."""


def test_new_game_choice_journal_back_save_and_quit(mini_story: Path, saves: Path) -> None:
    keys = "1\rAda\r2\r2\r\rjournal\rback\rsave mine\rquit\r"
    played = play(mini_story, saves, keys)
    assert played.code == 0
    assert (
        "Right. (Answers are final: your first answer is the one that counts.)\n"
        "It was an unsigned letter." in played.text
    )
    assert "What really happened" in played.text
    assert "Journal: 2 of 2 fact notes found." in played.text
    assert "Went back one step, to: burn." in played.text
    # The name typed at New game gives Ada her own save folder.
    assert f"Saved in the slot 'mine' ({saves / 'ada' / 'mine.json'})." in played.text
    assert played.text.endswith(
        f"Your progress is saved in the slot 'autosave'; resume with: --load autosave --saves "
        f"{saves} --name Ada\nGoodbye."
    )
    saved = SaveStore(saves / "ada").load("mine", played.game.engine)
    assert (saved.player, saved.state.scene) == ("Ada", "burn")


def test_bad_input_gets_one_line_hint_and_no_redraw(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "dance\r9\r\rquit\r\r")
    hints = played.text.split("3. Ask the guard first.\n", 1)[1].splitlines()[:3]
    assert hints == [
        "Type a number from 1 to 3, or a command (help lists them).",
        "There is no 9 here: type a number from 1 to 3.",
        "Type a number from 1 to 3, or a command (help lists them).",
    ]
    assert played.text.count("What do you do?") == 1


def test_a_misspelt_command_suggests_the_nearest(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "jurnal\rquit\r\r")
    assert (
        "Did you mean journal? Type a number from 1 to 3, or a command (help lists them)."
        in played.text
    )


def test_tab_completes_a_command_word(mini_story: Path, saves: Path) -> None:
    def feed(game: TerminalGame, send: Callable[[str], None]) -> None:
        # Completion runs as a background task, so Enter must wait until it has landed.
        send("jou\t")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            keyboard = game._keyboard
            if keyboard is not None and keyboard.commands.text == "journal":
                break
            time.sleep(0.01)
        send("\rquit\r\r")

    played = play(mini_story, saves, NEW_GAME, feed=feed)
    assert "Journal: 1 of 2 fact notes found." in played.text


def test_ctrl_c_asks_first_and_n_plays_on(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + CTRL_C + "n\r" + CTRL_C + "y\r")
    assert played.code == 0
    assert "Playing on." in played.text
    assert played.text.endswith("resume with: --load autosave --saves " + f"{saves}\nGoodbye.")
    assert "Traceback" not in played.text
    assert (saves / "autosave.json").is_file()


def test_ctrl_d_saves_and_quits(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "1\r" + CTRL_D)
    assert played.code == 0
    assert "Your progress is saved in the slot 'autosave'" in played.text
    resumed = SaveStore(saves).load("autosave", played.game.engine)
    assert resumed.state.due == (("question", "q-letter"),)


@pytest.mark.parametrize("finish", ["\r\r", ESC_ENTER], ids=["blank-line", "esc-enter"])
def test_reflection_takes_several_lines(mini_story: Path, saves: Path, finish: str) -> None:
    keys = NEW_GAME + "1\r2\r1\r\r\r" + "I would\rhave waited." + finish + "\r"
    played = play(mini_story, saves, keys)
    assert "To finish, press Enter on an empty line (or Esc then Enter)." in played.text
    assert "Noted for your report." in played.text
    assert "Debrief: your decisions against the record." in played.text
    entry = played.game.session.state.reflections[0]
    assert entry.text == "I would\nhave waited."


def test_enter_alone_skips_a_reflection(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "1\r2\r1\r\r\r\r\r")
    assert "Skipped." in played.text
    assert played.game.session.state.reflections[0].text is None
    assert played.text.endswith("Goodbye.")


def test_back_undoes_step_after_step(mini_story: Path, saves: Path) -> None:
    # Open the letter (a question follows), answer it wrongly, then back, back, back.
    played = play(mini_story, saves, NEW_GAME + "1\r1\rback\rback\rback\rquit\r\r")
    assert played.text.count("Went back one step, to: The letter.") == 0
    # The answer is final, so one back undoes the choice that led to the question.
    assert played.text.count("Went back one step, to: At the desk.") == 1
    assert played.text.count("There is nothing to undo yet.") == 2
    answers = played.game.session.state.answers
    assert [(a.question, a.given, a.correct) for a in answers] == [("q-letter", 0, False)]
    assert played.game.session.state.path == ("desk",)


def test_continue_on_the_title_screen_resumes_the_newest_save(
    mini_story: Path, saves: Path
) -> None:
    play(mini_story, saves, NEW_GAME + "2\r2\rsave mine\rquit\r")
    played = play(mini_story, saves, "2\rquit\r")
    # The quit autosaved too, in the same second: either slot holds this game.
    assert "\n2. Continue the game without a name: " in played.text
    assert "Resuming the save slot '" in played.text
    assert played.game.session.state.scene == "burn"


def test_enter_on_the_title_screen_continues_or_starts_a_new_game(
    mini_story: Path, saves: Path
) -> None:
    first = play(mini_story, saves, "\r\r2\r2\rquit\r")  # no saves yet: Enter is New game
    assert first.game.session.state.scene == "burn"
    again = play(mini_story, saves, "\rquit\r")  # now Enter is Continue
    assert "Resuming the save slot 'autosave'" in again.text
    assert again.game.session.state.scene == "burn"


def test_a_damaged_save_is_explained_and_the_menu_stays(mini_story: Path, saves: Path) -> None:
    saves.mkdir()
    (saves / "bad.json").write_text('{"format": 1, "story"', encoding="utf-8")
    played = play(mini_story, saves, "2\r1\r3\r")
    assert played.code == 0
    assert "Not loaded: the save slot 'bad' is damaged" in played.text
    assert played.text.count("1. New game") == 2
    assert played.text.endswith("Goodbye.")


def test_load_command_switches_to_a_saved_game(mini_story: Path, saves: Path) -> None:
    play(mini_story, saves, NEW_GAME + "3\rsave guard\rquit\r")
    played = play(mini_story, saves, NEW_GAME + "load\rguard\rquit\r")
    assert ". guard · Morning · " in played.text
    assert "Resuming the save slot 'guard'" in played.text
    assert played.game.session.state.variables["careful"] is True


def test_quit_offers_a_named_save_and_asks_again_after_a_bad_name(
    mini_story: Path, saves: Path
) -> None:
    played = play(mini_story, saves, NEW_GAME + "quit\rmy game\rkeep\r")
    assert "Not saved: 'my game' cannot name a save slot" in played.text
    assert "Saved in the slot 'keep'" in played.text
    assert (saves / "keep.json").is_file()


def test_debrief_and_help_commands(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "2\r2\r\rdebrief\rhelp\rquit\r\r")
    assert "Historical choice: Open the letter." in played.text  # the debrief table
    assert "(a what-if)" in played.text
    assert "debrief    your decisions so far against the record" in played.text
    assert "save NAME  keep a checkpoint of this moment in the slot NAME" in played.text


def test_lesson_time_up_stops_at_the_next_scene(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "1\r2\r1\r", minutes=1e-9)
    assert "Time is up: this lesson was set to" in played.text
    assert "It is a list of names." not in played.text
    assert played.text.endswith("Goodbye.")
    assert SaveStore(saves).load("autosave", played.game.engine).state.scene == "open"


def test_end_of_input_saves_and_leaves_quietly(mini_story: Path, saves: Path) -> None:
    played = play(mini_story, saves, NEW_GAME + "2\r")
    assert played.code == 0
    assert played.text.endswith("Goodbye.")
    assert (saves / "autosave.json").is_file()


def test_an_unusable_save_folder_turns_saving_off_and_play_goes_on(
    mini_story: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("", encoding="utf-8")
    played = play(mini_story, folder, NEW_GAME + "1\r2\rquit\r")
    assert "The saves cannot be listed: the save folder" in played.text
    assert "Saving is off: the save folder" in played.text
    assert "Right." in played.text
    assert played.text.endswith("Saving was off, so the last steps were not saved.\nGoodbye.")


def test_enter_on_the_title_screen_after_a_finished_game_starts_a_new_one(
    mini_story: Path, saves: Path
) -> None:
    finished = play(mini_story, saves, NEW_GAME + "1\r2\r1\r\r\r\r\r")
    assert finished.game.session.state.ended
    again = play(mini_story, saves, "\r\rquit\r\r")
    assert "Resuming the save slot" not in again.text
    assert not again.game.session.state.ended
    assert again.game.session.state.path == ("desk",)


def test_back_after_resuming_undoes_the_steps_taken_before_the_save(
    mini_story: Path, saves: Path
) -> None:
    play(mini_story, saves, NEW_GAME + "2\r1\r\rquit\r\r")  # burn, a wrong answer, on
    resumed = play(mini_story, saves, "back\rback\rback\rquit\r\r", load="autosave")
    assert "Went back one step, to: At the desk." in resumed.text
    assert resumed.text.count("Went back one step") == 2
    assert "There is nothing to undo yet." in resumed.text  # at the first scene
    state = resumed.game.session.state
    assert state.path == ("desk",)
    assert [(a.question, a.correct) for a in state.answers] == [("q-letter", False)]  # final


def test_back_after_resuming_a_game_that_cannot_be_replayed_says_why(
    mini_story: Path, saves: Path
) -> None:
    play(mini_story, saves, NEW_GAME + "2\r2\rquit\r\r")
    record = json.loads((saves / "autosave.json").read_text(encoding="utf-8"))
    record["state"]["variables"]["careful"] = True  # not what its decisions lead to
    del record["checksum"]
    record["checksum"] = checksum(record)
    (saves / "autosave.json").write_text(json.dumps(record), encoding="utf-8")
    resumed = play(mini_story, saves, "back\rquit\r\r", load="autosave")
    assert "Resuming the save slot 'autosave'" in resumed.text
    assert (
        "There is nothing to undo yet: a resumed game keeps its steps from here on, "
        "so back cannot go before the point where you resumed." in resumed.text
    )


def test_a_named_player_is_autosaved_in_their_own_folder_only(
    mini_story: Path, saves: Path
) -> None:
    played = play(mini_story, saves, "1\rAda\r1\r")  # a new game for Ada, one decision
    assert played.code == 0
    assert not (saves / "autosave.json").exists()  # never in the folder of no player
    state = SaveStore(saves / "ada").load("autosave", played.game.engine).state
    assert state.path == ("desk",) and len(state.log) == 1
