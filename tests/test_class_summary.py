"""`special-tasks class`: hand-ins in any folder layout, summarised one row per student."""

from __future__ import annotations

import csv
import io
import json
import shutil
from functools import cache
from pathlib import Path

from tests.classroom_games import MINI, moved_story_save, played, save_file, student_folder
from tests.conftest import run_cli


@cache
def report_json(slot: str, *extra: str) -> str:
    """A student's JSON report, made with `special-tasks report`."""
    result = run_cli(
        "report", str(save_file(slot)), "--story", str(MINI), "--format", "json", *extra
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def hand_in(folder: Path, *slots: str) -> Path:
    """A folder of the students' JSON reports, as a teacher collects them."""
    folder.mkdir(exist_ok=True)
    for slot in slots:
        (folder / f"{slot}-report.json").write_text(report_json(slot), encoding="utf-8")
    return folder


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@cache
def chapter_game(name: str) -> Path:
    """A save of a `--chapter afternoon` game, played to its end by `name`."""
    saves = played() / f"{name.lower()}-chapter"
    result = run_cli(
        "--story", str(MINI), "--name", name, "--chapter", "afternoon", "--saves", str(saves),
        input="\n\n\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = sorted(p for p in saves.rglob("*.json") if not p.name.endswith(".bak.json"))
    return found[0]


STUDENTS_TABLE = """\
Students
student  finished, or where they stopped  followed the record  score          time
Ana      finished                         1 of 2 (50%)         1 of 1 (100%)  less than a minute
Bea      finished                         2 of 2 (100%)        1 of 1 (100%)  less than a minute
Cy       ch. 2: Later                     0 of 2 (0%)          0 of 1 (0%)    less than a minute
"""

REST = """\
Questions, most missed first
question               answered right  the fact notes that teach it
What lay on the desk?  2 of 3 (67%)    The letter

Decisions
decision point  took the historical choice  what-ifs taken (how many)
At the desk     1 of 3 (33%)                Burn it unread. (1); Ask the guard first. (1)
The letter      2 of 3 (67%)                Show it to the careful guard. (1)

Reflections
prompt                     student  wrote
What would you have done?  Ana      I would <b>read</b> it & tell.
What would you have done?  Bea      (skipped)
"""


def test_three_reports_and_a_stray_file_give_the_class_table(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "cy", "ana", "bea")
    (folder / "shopping.txt").write_text("milk\n", encoding="utf-8")
    result = run_cli("class", str(folder))
    assert result.returncode == 0
    assert result.stderr == (
        "Note: 4 files read, 3 students; "
        "skipped 1 file (not a report or a save file: shopping.txt).\n"
    )
    assert result.stdout == (
        "Class summary: The Letter (mini), 3 students, 2 finished\n\n"
        + STUDENTS_TABLE
        + "\n"
        + REST
    )


def test_a_folder_tree_with_copies_reuploads_saves_and_strays_gives_one_row_each(
    tmp_path: Path,
) -> None:
    root = tmp_path / "download"
    # A learning platform's "download all": one folder per student.
    ana = root / "Ana_1001_assignsubmission_file_"
    write(ana / "ana-report.json", report_json("ana"))
    shutil.copy(save_file("ana"), ana / "autosave.json")  # the same game, as a save
    # Bea handed in early, then again: the browser named the second upload "bea (1).json".
    bea = str(student_folder("bea"))
    early = run_cli("report", "autosave.bak", "--saves", bea, "--story", str(MINI),
                    "--format", "json")  # fmt: skip
    assert early.returncode == 0, early.stderr
    assert json.loads(early.stdout)["finished"] is False
    write(root / "bea.json", early.stdout)
    write(root / "bea (1).json", report_json("bea"))
    # Cy's save three folders down, beside its backup, and a finished --chapter game of Cy's.
    deep = root / "late" / "usb" / "cy"
    deep.mkdir(parents=True)
    shutil.copy(save_file("cy"), deep / "cy.json")
    shutil.copy(student_folder("cy") / "autosave.bak.json", deep / "cy.bak.json")
    shutil.copy(chapter_game("Cy"), deep / "chapter-afternoon.json")
    # Strays: a note, a hidden file, an archiver's folder.
    write(root / "notes.txt", "bring pens\n")
    write(root / ".DS_Store", "\x00\x01")
    write(root / "__MACOSX" / "._bea.json", "junk")

    result = run_cli("class", str(root), "--story", str(MINI), "--format", "csv",
                     "--table", "students")  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["student", "file", "finished"]
    by_name = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert sorted(by_name) == ["Ana", "Bea", "Cy"]
    assert by_name["Ana"]["decisions"] == "2" and by_name["Ana"]["followed_record"] == "1"
    assert by_name["Bea"]["file"] == "bea (1).json"  # the newer, finished copy
    assert (by_name["Bea"]["finished"], by_name["Bea"]["questions_right"]) == ("yes", "1")
    # Cy's main game stands for Cy, not the finished chapter game.
    assert by_name["Cy"]["file"] == "late/usb/cy/cy.json"
    assert (by_name["Cy"]["finished"], by_name["Cy"]["stopped_at"]) == (
        "no",
        "ch. 2: Later",
    )
    note = result.stderr
    assert note.count("\n") == 1 and note.startswith("Note: 8 files read, 3 students; ")
    assert "Ana_1001_assignsubmission_file_/autosave.json = " in note
    assert "bea.json = bea (1).json" in note
    assert "left out 1 less advanced game of students counted once " in note
    assert "(late/usb/cy/chapter-afternoon.json < late/usb/cy/cy.json)" in note
    assert "a backup copy of a save: late/usb/cy/cy.bak.json" in note
    assert "not a report or a save file: notes.txt" in note
    assert "DS_Store" not in note and "MACOSX" not in note


def test_a_corrected_name_and_the_nameless_save_are_one_game(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    nameless = json.loads(report_json("cy"))
    nameless["player"] = None
    write(folder / "cy" / "autosave.json", json.dumps(nameless))
    write(folder / "cy" / "report.json", report_json("cy", "--name", "Cy Lee"))
    result = run_cli("class", str(folder), "--format", "csv", "--table", "students")
    assert result.returncode == 0, result.stderr
    assert [r[0] for r in csv.reader(io.StringIO(result.stdout))] == ["student", "Cy Lee"]
    assert "folded 1 copy of a game already counted" in result.stderr


def test_reading_stops_at_the_depth_limit_with_a_note(tmp_path: Path) -> None:
    hand_in(tmp_path / "class", "ana")
    deep = tmp_path / "class" / "a" / "b" / "c" / "d" / "e" / "f" / "g"
    write(deep / "bea.json", report_json("bea"))
    result = run_cli("class", str(tmp_path / "class"))
    assert result.returncode == 0, result.stderr
    assert "1 student, 1 finished" in result.stdout
    assert "stopped reading at 2000 files or 6 folder levels deep" in result.stderr


def test_csv_has_the_raw_numbers_for_a_spreadsheet(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea", "cy")
    result = run_cli("class", str(folder), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "student,file,finished,chapter,chapters,stopped_at,decisions,followed_record,"
        "questions_answered,questions_right,minutes_played\n"
        "Ana,ana-report.json,yes,2,2,,2,1,1,1,0\n"
        "Bea,bea-report.json,yes,2,2,,2,2,1,1,0\n"
        "Cy,cy-report.json,no,2,2,ch. 2: Later,2,0,1,0,0\n"
        "\n"
        "question_id,question,answered,right,percent_right,teaches\n"
        "q-letter,What lay on the desk?,3,2,67,The letter\n"
        "\n"
        "scene_id,decision_point,reached,historical,what_ifs\n"
        "desk,At the desk,3,1,Burn it unread. (1); Ask the guard first. (1)\n"
        "open,The letter,3,2,Show it to the careful guard. (1)\n"
        "\n"
        "prompt_id,prompt,student,text\n"
        "r-day,What would you have done?,Ana,I would <b>read</b> it & tell.\n"
        "r-day,What would you have done?,Bea,\n"
    )


def test_csv_one_file_per_table_and_formula_cells_neutralised(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "bea")
    hostile = json.loads(report_json("ana"))
    hostile["player"] = '=HYPERLINK("http://x")'
    hostile["reflections"][0]["text"] = "@SUM(A1)"
    write(folder / "hostile.json", json.dumps(hostile))
    for i, start in enumerate(("+1", "-1", "\t", "\r", "\u202e")):
        other = json.loads(report_json("cy"))
        other["player"] = "An\u202ea" if start == "\u202e" else f"{start}name"
        other["started_at"] = f"2020-01-0{i + 1}T00:00:00+00:00"  # five games, not one
        write(folder / f"p{i}.json", json.dumps(other))
    result = run_cli("class", str(folder), "--format", "csv", "-o", str(tmp_path / "class.csv"))
    assert result.returncode == 0, result.stderr
    names = ["students", "questions", "decisions", "reflections"]
    assert result.stdout == "".join(f"Written to {tmp_path / f'class-{n}.csv'}\n" for n in names)
    with (tmp_path / "class-students.csv").open(encoding="utf-8", newline="") as f:
        students = list(csv.reader(f))
    firsts = sorted(r[0] for r in students[1:])
    # A carriage return or a direction override never gets this far: each becomes "?".
    assert firsts == [
        "'\tname",
        "'+1name",
        "'-1name",
        '\'=HYPERLINK("http://x")',
        "?name",
        "An?a",
        "Bea",
    ]
    reflections = (tmp_path / "class-reflections.csv").read_text(encoding="utf-8")
    assert ",'@SUM(A1)\n" in reflections
    assert all(not c.startswith(("=", "+", "-", "@")) for r in students for c in r)


def test_the_terminal_table_fits_100_columns_with_long_text(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "bea", "cy")
    wordy = json.loads(report_json("ana"))
    wordy["player"] = "Maria-Fernanda de los Ángeles Rodríguez-Villanueva y Ortega"
    wordy["reflections"][0]["text"] = "I would read it first. " * 20
    wordy["debrief"][0]["choice_text"] = "Burn the letter unread in the stove, " * 5
    write(folder / "wordy.json", json.dumps(wordy))
    result = run_cli("class", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "Maria-Fernanda" in result.stdout and "Ortega" in result.stdout
    # The wrapped reflection is all there, a column's width at a time.
    assert result.stdout.count("it first.") == 20


def test_markdown_tables(tmp_path: Path) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea")
    result = run_cli("class", str(folder), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "# Class summary: The Letter (mini), 2 students, 2 finished\n\n## Students\n"
    )
    assert "| Ana | finished | 1 of 2 (50%) | 1 of 1 (100%) | less than a minute |" in result.stdout
    assert "| At the desk | 1 of 2 (50%) | Burn it unread. (1) |\n" in result.stdout
    assert "| What would you have done? | Ana | I would \\<b\\>read\\</b\\> it & tell. |" in (
        result.stdout
    )


def test_damaged_foreign_and_newer_files_are_skipped_in_one_note(tmp_path: Path) -> None:
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
    (folder / "page.html").write_text("<!DOCTYPE html><p>hello</p>", encoding="utf-8")
    # A save of mini whose story folder has moved: not the shipped story, and not found.
    (folder / "mine.json").write_text(moved_story_save("cy"), "utf-8")
    result = run_cli("class", str(folder))
    assert result.returncode == 0, result.stderr
    note = result.stderr
    assert note.count("\n") == 1
    assert note.startswith("Note: 9 files read, 2 students; skipped 7 files (")
    assert "not a report or a save file: binary.json, list.json;" in note
    assert "a damaged report ('debrief[1].historical' is missing): broken.json;" in note
    assert f"a save that cannot be used: '{folder / 'mine.json'}' is a save of the story" in note
    assert "a report in format 2, from a newer version of Special Tasks: newer.json;" in note
    assert "a web page without a report in it (an older HTML report?): page.html" in note
    assert "a game of another story, 'Other' (other): other.json" in note
    assert result.stdout.startswith("Class summary: The Letter (mini), 2 students, 2 finished\n")


def test_a_folder_without_reports_is_an_error_after_its_note(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    result = run_cli("class", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "Note: 1 file read, 0 students; skipped 1 file (not a report or a save file: "
        "readme.txt).\n"
        f"Error: there are no reports or saves to summarise in '{tmp_path}'\n"
    )
    assert result.stdout == ""


def test_a_missing_folder_and_a_table_without_csv_are_usage_errors(tmp_path: Path) -> None:
    result = run_cli("class", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr == f"Error: cannot summarise '{tmp_path / 'nope'}': no such folder\n"
    result = run_cli("class", str(tmp_path), "--table", "students")
    assert result.returncode == 2
    assert result.stderr == "Error: --table picks one table of the csv format: add --format csv\n"
