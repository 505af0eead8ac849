"""`special-tasks stats`: the words on the historical path, per chapter, run as a user would."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, STORIES, run_cli

STATS_STORY = STORIES / "stats"


def test_stats_counts_every_kind_of_text_on_the_historical_path_once() -> None:
    # By hand: hall 2+6+5 (the dash and the quote mark are not words) + choices 5 = 18, study 4;
    # the door note once (9) though two scenes unlock it; the note exhibit once (6) though a
    # scene and a question show it; q-knock 11, q-note 10; the street 5 and its reflection 5.
    # The garden what-if, its fact, its exhibit and its question count for nothing.
    result = run_cli("stats", str(STATS_STORY))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        f"{STATS_STORY}: the words a player reads on the historical path\n"
        "\n"
        "chapter  scenes  facts  exhibits  questions  words  minutes\n"
        "house       22      9         6         21     58      0.4\n"
        "street       5      0         0          5     10      0.1\n"
        "total       27      9         6         26     68      0.4\n"
        "\n"
        "Less than a minute of reading at 160 words a minute.\n"
    )


def test_stats_without_a_folder_counts_the_shipped_story() -> None:
    result = run_cli("stats")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{ROOT / 'scenes'}: the words a player reads on the historical path"
    assert [line.split()[0] for line in lines[3:13]] == [
        "prologue", "briefing", "plan", "raid", "infiltration", "attack", "arrest",
        "afterwards", "epilogue", "total",
    ]  # fmt: skip
    assert lines[-1].endswith("minutes of reading at 160 words a minute.")


def test_stats_of_a_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run_cli("stats", str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: no story folder at '{missing}'\n"


def test_stats_of_a_broken_story_names_the_problem_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("story: [unclosed\n", encoding="utf-8")
    result = run_cli("stats", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    # The diagnostic first, in the checker's format, then the one-line summary.
    assert result.stderr.startswith(
        f"{tmp_path / 'story.yaml'}:2:1: error[E100]: YAML syntax error"
    )
    assert result.stderr.endswith(f"Error: the story in '{tmp_path}' has an error (shown above)\n")
    assert "Traceback" not in result.stderr


def test_the_guides_show_the_shipped_storys_real_total() -> None:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    result = run_cli("stats")
    total = next(line for line in result.stdout.splitlines() if line.startswith("total "))
    assert total in guide
    assert result.stdout.splitlines()[-1] in guide
    words = total.split()[5]
    teachers = " ".join((ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8").split())
    assert f"One playthrough of the record is {words} words of reading" in teachers
