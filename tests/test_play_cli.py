"""The plain line protocol and `check`, through the real CLI in a subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

TRANSCRIPTS = Path(__file__).resolve().parent / "transcripts"


def test_mini_story_plays_to_its_ending_through_stdin(mini_story: Path) -> None:
    answers = "2\n9\n2\n\ndance\n1\n\n\nRead it [twice].\n"
    result = run_cli("play", "--story", str(mini_story), input=answers)
    assert result.stderr == ""
    assert result.returncode == 0
    assert result.stdout == (TRANSCRIPTS / "mini-walkthrough.txt").read_text(encoding="utf-8")


def test_end_of_input_exits_cleanly(mini_story: Path) -> None:
    result = run_cli("--story", str(mini_story), input="1\n")
    assert result.returncode == 0
    assert result.stdout.endswith("End of input.\n")
    assert "Traceback" not in result.stderr


def test_journal_and_help_at_a_choice_then_quit(mini_story: Path) -> None:
    result = run_cli("--plain", "--story", str(mini_story), input="help\njournal\nquit\n")
    assert result.returncode == 0
    assert "Commands (at any prompt but a reflection):" in result.stdout
    timeline_help = "  timeline   the dated scenes you have visited and facts you have found\n"
    assert timeline_help in result.stdout
    assert "Journal: 1 of 2 fact notes found." in result.stdout
    assert result.stdout.endswith("Goodbye.\n")


def test_back_undoes_the_last_step(mini_story: Path) -> None:
    result = run_cli("--story", str(mini_story), input="2\n2\n\nback\nquit\n")
    assert "Went back one step, to: The letter." not in result.stdout
    assert "Went back one step, to: burn." in result.stdout
    assert "There is nothing to undo yet." not in result.stdout


def test_back_past_a_wrong_answer_keeps_it_wrong_and_does_not_ask_again(
    mini_story: Path,
) -> None:
    # Burn the letter, answer "A gun" (wrong), go back to the desk, take the same choice again.
    typed = "2\n1\nback\n2\n\n1\n\n\n\n"
    result = run_cli("--story", str(mini_story), input=typed)
    assert result.returncode == 0, result.stderr
    assert "Not quite. The answer is 2: A letter. (Answers are final" in result.stdout
    assert "Went back one step, to: At the desk." in result.stdout
    assert result.stdout.count("Question: What lay on the desk?") == 1
    assert "Questions answered correctly: 0 of 1." in result.stdout


def test_check_reports_the_clean_mini_story(mini_story: Path) -> None:
    result = run_cli("check", "--strict", str(mini_story))
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("0 errors, 0 warnings (6 scenes, 2 facts, 1 question)\n")


def test_check_exit_codes(tmp_path: Path, mini_story: Path) -> None:
    assert run_cli("check", str(tmp_path / "nope")).returncode == 2
    assert run_cli("check", str(tmp_path)).returncode == 2
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in mini_story.iterdir():
        (bad / f.name).write_text(f.read_text().replace("goto: open", "goto: opne"))
    result = run_cli("check", str(bad))
    assert result.returncode == 1
    assert "error[E104]: goto names no scene 'opne' (did you mean 'open'?)" in result.stdout


def test_missing_story_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli("--story", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr == f"Error: no story folder at '{tmp_path / 'missing'}'\n"


def test_broken_story_refuses_to_play_with_its_location(tmp_path: Path, mini_story: Path) -> None:
    for f in mini_story.iterdir():
        (tmp_path / f.name).write_text(f.read_text().replace("next: end", "next: ned"))
    result = run_cli("--story", str(tmp_path))
    assert result.returncode == 1
    assert "02-afternoon.yaml:" in result.stderr and "E104" in result.stderr
    assert "Traceback" not in result.stderr
