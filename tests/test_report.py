"""`special-tasks report`: saves played through the CLI, reported as JSON, HTML and Markdown."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jsonschema

from tests.classroom_games import MINI, moved_story_save, played, save_file
from tests.conftest import ROOT, run_cli

SCHEMA = json.loads(
    (ROOT / "game" / "classroom" / "report_schema.json").read_text(encoding="utf-8")
)


def report(*args: str) -> str:
    result = run_cli("report", "--story", str(MINI), *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json_report_validates_against_its_schema_and_holds_the_debrief() -> None:
    data = json.loads(report(str(save_file("ana")), "--format", "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["report_format"] == 1
    assert data["player"] == "Ana"
    assert data["story"] == {
        "id": "mini",
        "title": "The Letter",
        "subtitle": "A test story, 1940",
        "version": 2,
    }
    assert data["finished"] is True
    assert data["summary"] == {
        "decisions": 2,
        "matched": 1,
        "facts_found": 2,
        "facts_total": 2,
        "questions_answered": 1,
        "questions_right": 1,
        "questions_total": 1,
        "reflections_written": 1,
        "reflections_total": 1,
        "progress": 100,
    }
    assert data["debrief"][0] == {
        "scene": "desk",
        "scene_title": "At the desk",
        "chapter": "Morning",
        "date": "1940-08-20",
        "choice": "burn",
        "choice_text": "Burn it unread.",
        "historical": False,
        "history_choice": "Open the letter.",
        "what_if": "burn",
        "reality": "The letter was opened and read aloud.",
        "sources": ["diary"],
    }
    assert [p["scene"] for p in data["path"]] == ["desk", "burn", "open", "afternoon", "end"]
    assert [p["historical"] for p in data["path"]] == [True, False, True, True, True]
    assert data["questions"][0]["given_text"] == data["questions"][0]["answer_text"] == "A letter"
    assert data["reflections"] == [
        {
            "id": "r-day",
            "ask": "What would you have done?",
            "text": "I would <b>read</b> it & tell.",
        }
    ]
    assert [s["id"] for s in data["sources"]] == ["diary", "paper"]


def test_every_game_gives_a_schema_valid_report_finished_or_not() -> None:
    for slot in ("bea", "cy"):
        name = slot.capitalize()
        data = json.loads(
            report("--saves", str(played() / slot), "--name", name, "--format", "json")
        )
        jsonschema.validate(data, SCHEMA)
    assert data["finished"] is False
    assert data["chapter"] == {"id": "afternoon", "title": "Afternoon", "number": 2, "of": 2}
    assert data["reflections"] == []
    assert data["questions"][0]["correct"] is False


def test_a_report_that_breaks_the_schema_is_caught_by_it() -> None:
    data = json.loads(report(str(save_file("bea")), "--format", "json"))
    data["debrief"][0]["historical"] = "yes"
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        assert list(exc.absolute_path) == ["debrief", 0, "historical"]
    else:
        raise AssertionError("the schema accepted a text where true/false belongs")


class Page(HTMLParser):
    """Collects tags, table rows as cell texts, and the body's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def test_html_report_is_one_self_contained_page_with_the_debrief_rows(tmp_path: Path) -> None:
    out = tmp_path / "ana.html"
    result = run_cli(
        "report", "--story", str(MINI), str(save_file("ana")), "--format", "html", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Report written to {out}\n"
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    page.close()
    assert page.rows[:3] == [
        ["#", "Date", "Scene", "Your choice", "What actually happened", "Sources"],
        [
            "1",
            "20 August 1940",
            "At the desk",
            "Burn it unread.",
            "Open the letter.The letter was opened and read aloud.",
            "[1]",
        ],
        [
            "2",
            "August 1940",
            "The letter",
            "File it.",
            "The same: this is what happened.",
            "[1], [2]",
        ],
    ]
    assert "style" in page.tags
    assert not {"link", "img", "iframe", "object"} & set(page.tags)
    # One script element, and an inert one: the JSON report as data (see test_handin.py).
    assert page.tags.count("script") == 1 and ("type", "application/json") in page.attrs
    assert not [v for k, v in page.attrs if k in ("src", "href")]
    assert not [k for k, _ in page.attrs if k.startswith("on")]
    text = "".join(page.text)
    # The student's own text arrives as text, never as markup.
    assert "I would <b>read</b> it & tell." in text
    assert "b" not in page.tags
    assert "A. Writer, Diary, 1940." in text


def test_markdown_is_the_default_and_the_newest_save_is_the_default_game() -> None:
    text = report("--saves", str(played() / "bea"), "--name", "Bea")
    assert text.startswith("# Report: The Letter\n\n- **Player:** Bea\n")
    assert "- **Followed the record:** 2 of 2 decisions (100%)\n" in text
    assert (
        "| 1 | 20 August 1940 | At the desk | Open the letter. | The same: this is what happened. "
        "| [1] |\n"
    ) in text
    assert "- **What would you have done?**\n  *(skipped)*\n" in text
    assert "1. A. Writer, Diary, 1940. *Memoir.* Written the same evening.\n" in text


def test_markdown_shows_the_right_answer_to_a_wrong_one() -> None:
    text = report("autosave", "--saves", str(played() / "cy"), "--name", "Cy")
    assert "  - Your answer: A gun (wrong)\n  - The right answer: A letter\n" in text
    assert "- **Progress:** 75%, chapter 2 of 2 (Afternoon)\n" in text


def test_no_saves_to_report_on_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("report", "--story", str(MINI), "--saves", str(tmp_path / "none"))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: there are no saves in '{tmp_path / 'none'}' to report on: play first, "
        "or name a save file or slot (see: special-tasks saves)\n"
    )


def test_unknown_slot_and_missing_file_are_named(tmp_path: Path) -> None:
    result = run_cli("report", "nobody", "--story", str(MINI), "--saves", str(played() / "ana"))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: there is no save slot 'nobody' in '{played() / 'ana'}'"
    )
    result = run_cli("report", str(tmp_path / "gone.json"), "--story", str(MINI))
    assert result.stderr == f"Error: there is no save file '{tmp_path / 'gone.json'}'\n"


def test_a_damaged_save_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "ana.json"
    bad.write_text(save_file("ana").read_text(encoding="utf-8")[:200], encoding="utf-8")
    result = run_cli("report", str(bad), "--story", str(MINI))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: the save file '{bad}' is damaged: it is not valid JSON"
    )


def test_a_save_of_another_story_says_which_story_it_needs(tmp_path: Path) -> None:
    moved = tmp_path / "ana.json"  # a save of mini, whose story folder has moved since
    moved.write_text(moved_story_save("ana"), encoding="utf-8")
    result = run_cli("report", str(moved))
    assert result.returncode == 1
    assert "is a save of the story 'The Letter' (mini)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_report_never_overwrites_its_save(tmp_path: Path) -> None:
    save = tmp_path / "ana.json"
    shutil.copy(save_file("ana"), save)
    before = save.read_bytes()
    result = run_cli("report", str(save), "--story", str(MINI), "-o", str(save))
    assert result.returncode == 2
    assert result.stderr == f"Error: '{save}' is the save file itself: choose another name for -o\n"
    assert save.read_bytes() == before


def test_an_unknown_format_is_a_usage_error() -> None:
    result = run_cli("report", "--format", "pdf")
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in result.stderr
