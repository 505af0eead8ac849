"""Report and class-summary figures on a story with three decisions and two questions.

Each test is named for a bug that once passed the whole suite (listed in docs/testing.md):
the followed-the-record percentage floored, questions sorted most-right first, the class
summary's per-file size limit gone, a player's name or a choice's text written into the
HTML report unescaped.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

from game.saves.players import player_folder
from tests.conftest import STORIES, run_cli

DOORS = STORIES / "doors"
LIMIT = 4_000_000
SCRIPT = "<script>alert(1)</script>"

# name -> plain-protocol input: a choice at each door, the two questions in between.
# Every student takes the record at doors 1 and 2 and answers the easy question right.
STUDENTS = {
    # Sits down at door 3 (2 of 3 decisions matched), misses the hard question.
    "ann": ("Ann", "1\n1\n1\n1\n2\n\n\n"),
    # Knocks at door 1 ("<b>Knock</b> & \"wait\"", a what-if), misses the hard question.
    "bob": (SCRIPT, "2\n1\n\n1\n1\n1\n\n"),
    # Takes the record everywhere and answers both questions right.
    "cat": ("Cat", "1\n1\n1\n2\n1\n\n"),
}


@cache
def played() -> Path:
    """One autosave per student, as `class` collects them: ann.json, bob.json, cat.json."""
    folder = Path(tempfile.mkdtemp(prefix="special-tasks-doors-"))
    for slot, (name, keys) in STUDENTS.items():
        saves = folder / f"{slot}-saves"
        result = run_cli("--story", str(DOORS), "--name", name, "--saves", str(saves), input=keys)
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip().endswith("Time played: less than a minute.")
        shutil.copy(saves / player_folder(name) / "autosave.json", folder / f"{slot}.json")
        shutil.rmtree(saves)
    return folder


def report(slot: str, fmt: str) -> str:
    result = run_cli(
        "report", str(played() / f"{slot}.json"), "--story", str(DOORS), "--format", fmt
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def test_the_followed_the_record_percentage_is_rounded_not_floored() -> None:
    # 2 of 3 is 66.7%: the report says 67%.
    assert "- **Followed the record:** 2 of 3 decisions (67%)\n" in report("ann", "md")
    assert "<dt>Followed the record</dt><dd>2 of 3 decisions (67%)</dd>" in report("ann", "html")


def test_the_players_name_is_escaped_in_the_html_report() -> None:
    page = report("bob", "html")
    block = '<script type="application/json" id="special-tasks-report">'
    assert page.count("<script") == 1 and page.count(block) == 1  # the embedded report only
    assert "\\u003cscript\\u003ealert(1)" in page  # the name inside it, escaped
    assert "<dt>Player</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
    assert "<title>Report: Three Doors (&lt;script&gt;alert(1)&lt;/script&gt;)</title>" in page


def test_a_choices_text_is_escaped_in_the_html_report() -> None:
    page = report("bob", "html")
    assert "<b>Knock" not in page
    assert '<td class="choice">&lt;b&gt;Knock&lt;/b&gt; &amp; &quot;wait&quot;</td>' in page


def _class(folder: Path, fmt: str = "table") -> tuple[str, str]:
    result = run_cli("class", str(folder), "--story", str(DOORS), "--format", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_the_class_summary_lists_the_most_missed_question_first() -> None:
    out, _ = _class(played())
    assert (
        "Questions, most missed first\n"
        "question                    answered right  the fact notes that teach it\n"
        "Who kept the log?           1 of 3 (33%)    The doors\n"
        "How many doors were there?  3 of 3 (100%)   The doors\n"
    ) in out
    csv, _ = _class(played(), "csv")
    assert (
        "question_id,question,answered,right,percent_right,teaches\n"
        "hard,Who kept the log?,3,1,33,The doors\n"
        "easy,How many doors were there?,3,3,100,The doors\n"
    ) in csv


def test_a_file_over_the_size_limit_is_skipped_even_when_it_is_a_valid_report(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    text = report("cat", "json")
    (folder / "cat.json").write_text(text, encoding="utf-8")
    # Valid JSON, and its first LIMIT bytes alone would parse: only the size is wrong.
    (folder / "big.json").write_text(
        text.replace('"Cat"', '"Big"') + " " * (LIMIT + 1 - len(text)), encoding="utf-8"
    )
    assert (folder / "big.json").stat().st_size == LIMIT + 1
    out, err = _class(folder)
    assert err == (
        "Note: 2 files read, 1 student; "
        "skipped 1 file (too large to be a report or a save: big.json).\n"
    )
    assert out.startswith("Class summary: Three Doors (doors), 1 student, 1 finished\n")
    # One byte less is a report like any other.
    (folder / "big.json").write_text(
        text.replace('"Cat"', '"Big"') + " " * (LIMIT - len(text)), encoding="utf-8"
    )
    out, err = _class(folder)
    assert err == "" and "2 students" in out.splitlines()[0]
    assert json.loads((folder / "big.json").read_text(encoding="utf-8"))["player"] == "Big"
