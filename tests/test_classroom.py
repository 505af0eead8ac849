"""The debrief and lesson-sized play: pure rows and figures, then through the real CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

from game.classroom.debrief import debrief, debrief_lines, duration, ratio
from game.engine.engine import Engine
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.plain import PlainGame
from game.ui.screens import toolbar_text
from tests.conftest import STORIES, run_cli

MINI = STORIES / "mini"


def played(*numbers: int) -> Session:
    """A mini-story session after answering each prompt with `numbers` (0 = Continue)."""
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    session = Session(engine, state)
    for n in numbers:
        prompt = type(engine.prompt(session.state)).__name__
        if prompt == "QuestionPrompt":
            session.answer(n)
        elif n == 0:
            session.advance()
        else:
            session.choose(n)
    return session


def test_debrief_sets_each_decision_beside_the_record() -> None:
    session = played(3, 1, 0, 2)  # ask the guard, a wrong answer, continue, show the guard
    d = debrief(session.story, session.state, 754.0, session.engine.historical)
    first, second = d.rows
    assert (first.scene_title, first.date, first.choice_text) == (
        "At the desk",
        "1940-08-20",
        "Ask the guard first.",
    )
    assert (first.historical, first.history_choice) == (False, "Open the letter.")
    assert (first.what_if, first.reality) == ("guard", "Nobody asked the guard.")
    assert first.sources == ("diary",)
    # Off the record, but into a historical scene: no what-if, no reality text.
    assert (second.historical, second.what_if, second.reality) == (False, None, None)
    assert second.sources == ("diary", "paper")
    assert (d.matched, d.decisions, d.right, d.answered, d.facts_found, d.facts_total) == (
        0,
        2,
        0,
        1,
        2,
        2,
    )
    assert d.completion == "75%, chapter 2 of 2"  # desk, letter, later of 4 on the record


def test_debrief_lines_read_as_a_numbered_list_then_the_figures() -> None:
    session = played(1, 2)
    d = debrief(session.story, session.state, 3725.0)
    assert debrief_lines(session.story, d) == [
        "Debrief: your decisions against the record.",
        "",
        "1. At the desk · 20 August 1940",
        "   Your choice: Open the letter. (This is what happened.)",
        "   Source: A. Writer, Diary, 1940.",
        "",
        "Your choices followed the record at 1 of 1 decisions.",
        "Fact notes found: 2 of 2.",
        "Questions answered correctly: 1 of 1.",
        "Time played: 1 h 02 min.",
    ]


def test_a_fresh_game_has_an_empty_debrief() -> None:
    session = played()
    lines = debrief_lines(session.story, debrief(session.story, session.state, 5.0))
    assert lines[:3] == [
        "Debrief: your decisions against the record.",
        "",
        "You have not made a decision yet.",
    ]
    assert lines[-1] == "Time played: less than a minute."


def test_ratio_and_duration_are_written_for_people() -> None:
    assert [ratio(1, 3), ratio(0, 0), ratio(2, 2)] == ["1 of 3 (33%)", "0 of 0", "2 of 2 (100%)"]
    assert [duration(59.9), duration(60), duration(3599), duration(7260)] == [
        "less than a minute",
        "1 min",
        "59 min",
        "2 h 01 min",
    ]


def test_debrief_command_at_a_choice_shows_the_decisions_so_far() -> None:
    result = run_cli("--story", str(MINI), input="2\n2\n\ndebrief\nquit\n")
    assert result.returncode == 0, result.stderr
    assert (
        "> debrief\n\nDebrief: your decisions against the record.\n\n"
        "1. At the desk · 20 August 1940\n"
        "   Your choice: Burn it unread.\n"
        "   The historical choice: Open the letter.\n"
        "   What really happened: The letter was opened and read aloud.\n"
        "   Source: A. Writer, Diary, 1940.\n\n"
        "Your choices followed the record at 0 of 1 decisions.\n"
    ) in result.stdout


def test_chapter_starts_a_new_game_at_its_first_scene(tmp_path: Path) -> None:
    result = run_cli("--story", str(MINI), "--chapter", "afternoon", "--saves", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "== Chapter 2 of 2: Afternoon ==\n\nLater\n\nThe afternoon passes.\n" in result.stdout
    assert "At the desk" not in result.stdout


def test_an_unknown_chapter_lists_the_chapters() -> None:
    result = run_cli("--story", str(MINI), "--chapter", "evening")
    assert result.returncode == 2
    assert result.stderr == (
        "Error: the story 'The Letter' has no chapter 'evening' (chapters: morning, afternoon)\n"
    )


def test_chapter_cannot_be_combined_with_load() -> None:
    result = run_cli("--story", str(MINI), "--chapter", "afternoon", "--load", "autosave")
    assert result.returncode == 2
    assert result.stderr == "Error: --chapter starts a new game, so it cannot be used with --load\n"


def test_bad_minutes_and_names_are_refused_with_the_reason() -> None:
    for args, reason in [
        (["--minutes", "0"], "the lesson length must be more than 0 and at most 1440"),
        (["--minutes", "ten"], "'ten' is not a number of minutes"),
        (["--minutes", "nan"], "the lesson length must be more than 0 and at most 1440"),
        (["--name", "  "], "a name is 1 to 60 printable characters"),
        (["--name", "Ana\x1b[2J"], "a name is 1 to 60 printable characters"),
    ]:
        result = run_cli("--story", str(MINI), *args)
        assert result.returncode == 2, args
        assert reason in result.stderr, args
        assert "Traceback" not in result.stderr


class ThinkingPlayer(io.StringIO):
    """Input lines that each take the player some minutes to type, on an injected clock."""

    def __init__(self, lines: list[tuple[str, float]]) -> None:
        super().__init__()
        self.lines = list(lines)
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def readline(self, size: int | None = -1) -> str:
        if not self.lines:
            return ""
        line, minutes = self.lines.pop(0)
        self.now += minutes * 60
        return line + "\n"


def test_minutes_stop_at_the_next_scene_of_the_record_with_a_warning_before(
    tmp_path: Path,
) -> None:
    # 28.5 minutes at the first choice (a what-if: burning the letter): two minutes are left,
    # which the player is told once. Time runs out in the what-if scene, which plays to its
    # end; the lesson stops as the record's next scene ('open', still chapter 1) would begin.
    player = ThinkingPlayer([("2", 28.5), ("2", 0.5), ("", 2), ("1", 0), ("", 0)])
    engine = Engine(load_story(MINI))
    state, intro = engine.new_game()
    session = Session(engine, state, player="Dee", limit_seconds=30 * 60, clock=player.clock)
    out = io.StringIO()
    game = PlainGame(engine, SaveStore(tmp_path), player, out)
    game.controller.begin(session)
    assert game.run(intro) == 0
    text = out.getvalue()
    warning = "Two minutes of the lesson are left: the game saves and stops at the next scene."
    assert text.count(warning) == 1
    assert text.index(warning) < text.index("Question: What lay on the desk?")
    assert "What really happened:\n  The letter was opened and read aloud." in text
    assert text.index("Time is up") > text.index("What really happened")
    assert "It is a list of names." not in text and "Chapter 2 of 2" not in text
    assert player.lines == [("1", 0), ("", 0)]  # nothing was read after time was up
    saved = json.loads((tmp_path / "autosave.json").read_text(encoding="utf-8"))
    assert saved["state"]["scene"] == "open"


def test_the_status_bar_warns_in_the_lessons_last_two_minutes() -> None:
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    args = (engine.story, state, engine.historical, "autosave", 100)
    plain_bar = toolbar_text(*args)
    assert toolbar_text(*args, None) == plain_bar
    assert toolbar_text(*args, 121.0) == plain_bar
    warned = toolbar_text(*args, 90.0)
    assert warned.startswith(" Lesson ends at the next scene (2 min) · Chapter 1 of 2")
    assert len(warned) <= 100
    assert toolbar_text(*args, 0.0).startswith(" Lesson ends at the next scene (1 min)")


def test_minutes_stop_at_the_next_chapter_then_the_game_resumes_there(tmp_path: Path) -> None:
    # A 30-minute lesson: the player takes 29 minutes over chapter 1's first choices, so
    # time runs out during chapter 1 and the game stops as chapter 2 would begin.
    player = ThinkingPlayer([("2", 10), ("2", 10), ("", 9.5), ("1", 1), ("", 0), ("", 0)])
    engine = Engine(load_story(MINI))
    state, intro = engine.new_game()
    session = Session(engine, state, player="Dee", limit_seconds=30 * 60, clock=player.clock)
    store = SaveStore(tmp_path)
    out = io.StringIO()
    game = PlainGame(engine, store, player, out)
    game.controller.begin(session)
    assert game.run(intro) == 0
    text = out.getvalue()
    assert "Chapter 2 of 2" not in text
    tail = text[text.index("Time is up") :]
    assert tail.startswith(
        "Time is up: this lesson was set to 30 minutes. The game stops here and resumes at the "
        "next scene.\n\n"
        "Debrief: your decisions against the record.\n"
    )
    assert "Your choices followed the record at 1 of 2 decisions.\n" in tail
    assert "Time played: 30 min.\n" in tail
    assert tail.endswith(
        f"Your progress is saved in the slot 'autosave'; resume with: --load autosave --saves "
        f"{tmp_path}\nGoodbye.\n"
    )
    assert player.lines == [("", 0), ("", 0)]  # nothing was read after time was up
    saved = json.loads((tmp_path / "autosave.json").read_text(encoding="utf-8"))
    assert (saved["player"], saved["state"]["scene"]) == ("Dee", "afternoon")
    assert saved["played_seconds"] == 30.5 * 60
    # Through the real command line, the next lesson resumes at chapter 2.
    resumed = run_cli(
        "--story", str(MINI), "--load", "autosave", env={"SPECIAL_TASKS_SAVES": str(tmp_path)}
    )
    assert "== Chapter 2 of 2: Afternoon ==\n\nLater\n" in resumed.stdout
