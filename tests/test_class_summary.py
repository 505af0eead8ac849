"""`special-tasks class`: reports or saves summarised per student, question and decision."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

from tests.classroom_games import MINI, played, save_file
from tests.conftest import run_cli


@cache
def report_json(slot: str) -> str:
    """A student's JSON report, made with `special-tasks report`."""
    result = run_cli("report", str(save_file(slot)), "--story", str(MINI), "--format", "json")
    assert result.returncode == 0, result.stderr
    return result.stdout


def hand_in(folder: Path, *slots: str) -> Path:
    """A folder of the students' JSON reports, as a teacher collects them."""
    folder.mkdir(exist_ok=True)
    for slot in slots:
        (folder / f"{slot}-report.json").write_text(report_json(slot), encoding="utf-8")
    return folder


STUDENTS_TABLE = """\
Students
student  completion      matched the record  questions right  time                file
Ana      finished        1 of 2 (50%)        1 of 1 (100%)    less than a minute  ana-report.json
Bea      finished        2 of 2 (100%)       1 of 1 (100%)    less than a minute  bea-report.json
Cy       chapter 2 of 2  0 of 2 (0%)         0 of 1 (0%)      less than a minute  cy-report.json
"""

REST = """\
Questions, most missed first
question               answered right  the fact notes that teach it
What lay on the desk?  2 of 3 (67%)    The letter

Decisions
decision point  took the historical choice  what-ifs taken (how many)
At the desk     1 of 3 (33%)                Burn it unread. (1); Ask the guard first. (1)
The letter      2 of 3 (67%)                Show it to the careful guard. (1)
"""


def test_three_reports_and_a_stray_file_give_the_class_table(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "cy", "ana", "bea")
    (folder / "shopping.txt").write_text("milk\n", encoding="utf-8")
    result = run_cli("class", str(folder))
    assert result.returncode == 0
    assert result.stderr == "Skipped shopping.txt: not a report or a save file.\n"
    assert result.stdout == (
        "Class summary: The Letter (mini), 3 games\n\n" + STUDENTS_TABLE + "\n" + REST
    )


def test_csv_has_the_raw_numbers_for_a_spreadsheet(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea", "cy")
    result = run_cli("class", str(folder), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "student,file,finished,chapter,chapters,decisions,matched,questions_answered,"
        "questions_right,minutes_played\n"
        "Ana,ana-report.json,yes,2,2,2,1,1,1,0\n"
        "Bea,bea-report.json,yes,2,2,2,2,1,1,0\n"
        "Cy,cy-report.json,no,2,2,2,0,1,0,0\n"
        "\n"
        "question_id,question,answered,right,percent_right,teaches\n"
        "q-letter,What lay on the desk?,3,2,67,The letter\n"
        "\n"
        "scene_id,decision_point,reached,historical,what_ifs\n"
        "desk,At the desk,3,1,Burn it unread. (1); Ask the guard first. (1)\n"
        "open,The letter,3,2,Show it to the careful guard. (1)\n"
    )


def test_markdown_tables(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea")
    result = run_cli("class", str(folder), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Class summary: The Letter (mini), 2 games\n\n## Students\n")
    assert "| Ana | finished | 1 of 2 (50%) | 1 of 1 (100%) | less than a minute |" in result.stdout
    assert "| At the desk | 1 of 2 (50%) | Burn it unread. (1) |\n" in result.stdout


def test_save_files_count_like_reports_and_backups_are_skipped(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana")
    shutil.copy(save_file("bea"), folder / "bea.json")
    shutil.copy(save_file("cy"), folder / "cy.json")
    shutil.copy(save_file("cy"), folder / "cy.bak.json")
    result = run_cli("class", str(folder), "--story", str(MINI))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Skipped cy.bak.json: a backup copy of a save.\n"
    assert result.stdout.startswith("Class summary: The Letter (mini), 3 games\n")
    assert "Bea      finished        2 of 2 (100%)" in result.stdout
    assert "What lay on the desk?  2 of 3 (67%)" in result.stdout


def test_damaged_foreign_and_newer_files_are_skipped_with_a_note_each(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea")
    broken = json.loads(report_json("cy"))
    del broken["debrief"][1]["historical"]
    (folder / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    other = json.loads(report_json("cy"))
    other["story"] = {"id": "other", "title": "Other", "subtitle": None, "version": 1}
    (folder / "other.json").write_text(json.dumps(other), encoding="utf-8")
    newer = dict(other, report_format=2)
    (folder / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00junk")
    (folder / "sub").mkdir()
    (folder / "mine.json").write_text(save_file("cy").read_text(encoding="utf-8"), "utf-8")
    result = run_cli("class", str(folder))  # the save is of mini, not of the shipped story
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "Skipped binary.json: not a report or a save file.",
        "Skipped broken.json: a damaged report ('debrief[1].historical' is missing).",
        "Skipped list.json: not a report or a save file.",
    ]
    assert lines[3].startswith(
        "Skipped mine.json: a save that cannot be used: "
        f"'{folder / 'mine.json'}' is a save of the story 'The Letter' (mini), not of "
    )
    assert lines[4:] == [
        "Skipped newer.json: a report in format 2, from a newer version of Special Tasks.",
        "Skipped other.json: a game of another story, 'Other' (other).",
        "Skipped sub: a folder.",
    ]
    assert result.stdout.startswith("Class summary: The Letter (mini), 2 games\n")


def test_a_folder_without_reports_is_an_error_after_its_notes(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    result = run_cli("class", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "Skipped readme.txt: not a report or a save file.\n"
        f"Error: there are no reports or saves to summarise in '{tmp_path}'\n"
    )
    assert result.stdout == ""


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("class", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr == f"Error: cannot summarise '{tmp_path / 'nope'}': no such folder\n"


def test_the_students_own_folders_are_not_read_recursively() -> None:
    result = run_cli("class", str(played()), "--story", str(MINI))
    assert result.returncode == 1
    assert "Skipped ana: a folder.\n" in result.stderr
