"""The `class` command's own decisions, called in this process on reports made here.

Which story a mixed folder is summarised for, the one note line (what was folded, left out,
skipped, cut off), where each format goes, and the two refusals. The CLI tests
(test_class_summary.py) prove the same through `special-tasks class`; these reach
game/classroom/class_summary.py directly, so every changed word or count fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.classroom import class_folder
from game.classroom.class_summary import (
    ClassRequest,
    class_command,
    note_line,
    render,
    summarise,
)
from game.classroom.class_tables import Summary
from game.classroom.formats import render as render_report
from game.classroom.report import Playthrough
from game.errors import GameError, UsageError
from game.saves.record import SaveRecord
from game.story.model import Story
from tests.test_saves import MINI, mini_session

MONDAY, TUESDAY = "2026-01-04T09:00:00Z", "2026-01-05T09:00:00Z"


def _no_story(record: SaveRecord | None) -> Story:
    raise AssertionError(f"a report needs no story ({record})")


def report(player: str | None, steps: tuple[str, ...], started: str, saved: str) -> str:
    """A JSON report of the mini story, as `special-tasks report --format json` writes it."""
    s = mini_session(steps)
    return render_report(Playthrough(s.story, s.state, player, started, saved, 61.0), "json")


def of_another_story(text: str, story_id: str = "other", title: str = "Another") -> str:
    obj = json.loads(text)
    obj["story"].update(id=story_id, title=title)
    return json.dumps(obj)


def hand_ins(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _class(tmp_path: Path) -> Path:
    """Ana (twice the same game, and an earlier one), Bea, Cy of another story, two others."""
    return hand_ins(
        tmp_path / "class",
        {
            "ana.json": report("Ana", ("burn", "answer:2", "continue"), TUESDAY, TUESDAY),
            "ana (1).json": report("Ana", ("burn", "answer:2"), TUESDAY, TUESDAY),
            "ana-monday.json": report("Ana", ("open",), MONDAY, MONDAY),
            "bea.json": report("Bea", ("open", "answer:1"), TUESDAY, TUESDAY),
            "cy.json": of_another_story(report("Cy", (), TUESDAY, TUESDAY)),
            "notes.txt": "hello",
            "old.bak.json": "{}",
        },
    )


def test_the_note_says_what_was_folded_left_out_and_skipped_and_why(tmp_path: Path) -> None:
    notes: list[str] = []
    out = class_command(ClassRequest(_class(tmp_path)), _no_story, notes.append)
    assert notes == [
        "Note: 7 files read, 2 students; "
        "folded 1 copy of a game already counted (ana (1).json = ana.json); "
        "left out 1 less advanced game of students counted once (ana-monday.json < ana.json); "
        "skipped 3 files (a game of another story, 'Another' (other): cy.json; "
        "not a report or a save file: notes.txt; a backup copy of a save: old.bak.json)."
    ]
    assert list(out) == [None]
    assert out[None].startswith("Class summary: The Letter (mini), 2 students, 0 finished\n")


def test_the_kept_copy_of_a_game_is_the_later_one(tmp_path: Path) -> None:
    summary = summarise(_class(tmp_path), _no_story)
    assert [(e.file, e.name, e.steps) for e in summary.entries] == [
        ("ana.json", "Ana", 3),
        ("bea.json", "Bea", 2),
    ]
    assert [(f.file, f.kept, f.why) for f in summary.folded] == [
        ("ana (1).json", "ana.json", "the same game"),
        ("ana-monday.json", "ana.json", "a less advanced game of Ana"),
    ]
    assert summary.files == 7 and not summary.cut_off


def test_the_story_most_games_are_of_wins_and_a_tie_goes_to_the_first_found(
    tmp_path: Path,
) -> None:
    one = report("Ana", ("open",), TUESDAY, TUESDAY)
    two = of_another_story(report("Bea", ("open",), TUESDAY, TUESDAY))
    three = of_another_story(report("Cy", ("open",), TUESDAY, TUESDAY))
    tie = summarise(hand_ins(tmp_path / "tie", {"a.json": one, "b.json": two}), _no_story)
    assert [e.story_id for e in tie.entries] == ["mini"]
    assert tie.skipped == [("b.json", "a game of another story, 'Another' (other)")]
    files = {"a.json": one, "b.json": two, "c.json": three}
    most = summarise(hand_ins(tmp_path / "most", files), _no_story)
    assert [e.story_id for e in most.entries] == ["other", "other"]
    assert most.skipped == [("a.json", "a game of another story, 'The Letter' (mini)")]


def test_one_of_each_is_singular_and_many_names_are_counted(tmp_path: Path) -> None:
    entry = summarise(
        hand_ins(tmp_path / "one", {"a.json": report("Ana", (), TUESDAY, TUESDAY)}), _no_story
    ).entries
    single = Summary(entry, [], [("x.txt", "not a report")], 1)
    assert (
        note_line(single) == "Note: 1 file read, 1 student; skipped 1 file (not a report: x.txt)."
    )
    many = [(f"{n}.txt", "not a report") for n in "abcdefgh"]
    assert note_line(Summary(entry, [], many, 9, cut_off=True)) == (
        "Note: 9 files read, 1 student; skipped 8 files (not a report: a.txt, b.txt, c.txt, "
        "d.txt, e.txt, f.txt and 2 more); stopped reading at 2000 files or 6 folder levels deep."
    )
    exactly_six = [(f"{n}.txt", "odd") for n in "abcdef"]
    assert note_line(Summary([], [], exactly_six, 6)) == (
        "Note: 6 files read, 0 students; skipped 6 files (odd: a.txt, b.txt, c.txt, d.txt, "
        "e.txt, f.txt)."
    )


def test_copies_and_earlier_games_are_counted_in_the_plural(tmp_path: Path) -> None:
    files = {
        f"ana{n}.json": report("Ana", ("burn", "answer:2", "continue")[:n], TUESDAY, TUESDAY)
        for n in (1, 2, 3)
    }
    files |= {
        f"ana-old{n}.json": report("Ana", (), f"2026-01-0{n}T09:00:00Z", MONDAY) for n in (1, 2)
    }
    notes: list[str] = []
    # Read in name order, each fold names the copy kept at that moment.
    class_command(ClassRequest(hand_ins(tmp_path / "c", files)), _no_story, notes.append)
    assert notes == [
        "Note: 5 files read, 1 student; folded 2 copies of a game already counted "
        "(ana1.json = ana2.json, ana2.json = ana3.json); left out 2 less advanced games of "
        "students counted once (ana-old2.json < ana-old1.json, ana-old1.json < ana3.json)."
    ]


def test_a_tree_deeper_than_the_limit_is_cut_off_with_a_note(tmp_path: Path) -> None:
    deep = tmp_path / "class"
    (deep / "a.json").parent.mkdir()
    (deep / "a.json").write_text(report("Ana", (), TUESDAY, TUESDAY), encoding="utf-8")
    far = deep.joinpath(*"1234567")
    far.mkdir(parents=True)
    (far / "b.json").write_text(report("Bea", (), TUESDAY, TUESDAY), encoding="utf-8")
    notes: list[str] = []
    class_command(ClassRequest(deep), _no_story, notes.append)
    assert notes == [
        "Note: 1 file read, 1 student; stopped reading at 2000 files or 6 folder levels deep."
    ]


def test_nothing_folded_or_skipped_means_no_note(tmp_path: Path) -> None:
    folder = hand_ins(tmp_path / "c", {"a.json": report("Ana", (), TUESDAY, TUESDAY)})
    notes: list[str] = []
    assert list(class_command(ClassRequest(folder, "md"), _no_story, notes.append)) == [None]
    assert notes == []


def test_each_format_goes_where_it_was_asked(tmp_path: Path) -> None:
    summary = summarise(_class(tmp_path), _no_story)
    out = tmp_path / "out" / "class.csv"
    per_table = render(summary, ClassRequest(tmp_path, "csv", output=out))
    assert sorted(p.name for p in per_table if p is not None) == [
        "class-decisions.csv", "class-questions.csv", "class-reflections.csv",
        "class-students.csv",
    ]  # fmt: skip
    assert all(p is not None and p.parent == out.parent for p in per_table)
    students = per_table[out.with_name("class-students.csv")]
    assert students.splitlines()[1].startswith("Ana,")
    assert per_table[out.with_name("class-questions.csv")].startswith("question_id,question,")
    no_suffix = render(summary, ClassRequest(tmp_path, "csv", output=tmp_path / "class"))
    assert tmp_path / "class-students.csv" in no_suffix
    one = render(summary, ClassRequest(tmp_path, "csv", table="questions", output=out))
    assert list(one) == [out]
    assert one[out].startswith("question_id,question,answered,right,")
    on_screen = render(summary, ClassRequest(tmp_path, "csv"))
    assert list(on_screen) == [None] and "\nAna," in on_screen[None]
    assert render(summary, ClassRequest(tmp_path, "html"))[None].startswith("<!DOCTYPE html>")
    assert render(summary, ClassRequest(tmp_path, "md"))[None].startswith("# Class summary: ")
    assert render(summary, ClassRequest(tmp_path))[None].startswith("Class summary: ")


def test_a_table_without_csv_and_an_empty_folder_are_refused(tmp_path: Path) -> None:
    notes: list[str] = []
    with pytest.raises(UsageError) as table:
        class_command(ClassRequest(_class(tmp_path), "md", "students"), _no_story, notes.append)
    assert str(table.value) == "--table picks one table of the csv format: add --format csv"
    only_notes = hand_ins(tmp_path / "empty", {"notes.txt": "hello"})
    with pytest.raises(GameError) as empty:
        class_command(ClassRequest(only_notes), _no_story, notes.append)
    assert str(empty.value) == f"there are no reports or saves to summarise in '{only_notes}'"
    assert notes == [
        "Note: 1 file read, 0 students; skipped 1 file (not a report or a save file: notes.txt)."
    ]


def test_files_that_are_no_usable_game_are_skipped_each_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.errors import StoryError
    from game.saves.store import SaveStore
    from game.story.checker import load_story

    saves = SaveStore(tmp_path / "saves")
    good = saves.save("ana", mini_session())
    text = good.read_text(encoding="utf-8")
    lost = mini_session()
    lost.player = "Cy"  # a good save, but of a story that is gone
    lost_text = saves.save("cy", lost).read_text(encoding="utf-8")
    folder = hand_ins(
        tmp_path / "class",
        {
            "ana-save.json": text,
            "edited.json": text.replace('"Ana"', '"Bea"'),
            "lost.json": lost_text,
            "page.html": "<!DOCTYPE html>\n<p>An old report, no data in it.</p>\n",
            "x.damaged-20260105-093000.json": "{",
        },
    )

    def story_for(record: SaveRecord | None) -> Story:
        if record is not None and record.player == "Cy":
            raise StoryError("the story folder 'gone' is missing")
        return load_story(MINI)

    summary = summarise(folder, story_for)
    assert [(e.file, e.kind, e.name) for e in summary.entries] == [("ana-save.json", "save", "Ana")]
    assert summary.skipped == [
        (
            "edited.json",
            f"a save that cannot be used: the save file '{folder / 'edited.json'}' is damaged: "
            "its checksum does not match, so it was damaged or edited by hand",
        ),
        ("lost.json", "a save, but its story cannot be loaded: the story folder 'gone' is missing"),
        ("page.html", "a web page without a report in it (an older HTML report?)"),
        ("x.damaged-20260105-093000.json", "a damaged save the game set aside"),
    ]
    notes: list[str] = []
    out = class_command(ClassRequest(folder, "csv", "students"), story_for, notes.append)
    assert out[None].splitlines()[1].startswith("Ana,")
    assert notes[0].startswith("Note: 5 files read, 1 student; skipped 4 files (")
    monkeypatch.setattr(class_folder, "MAX_FILES", 2)
    cut = summarise(folder, story_for)
    assert cut.cut_off and cut.files == 2


def test_games_without_a_name_are_told_apart_by_their_file_name(tmp_path: Path) -> None:
    folder = hand_ins(
        tmp_path / "class",
        {
            "ben.json": report(None, ("open",), TUESDAY, TUESDAY),
            "Ben (1).json": report(None, ("burn",), MONDAY, MONDAY),
            "cy - Copy.json": report(None, (), "2026-01-03T09:00:00Z", MONDAY),
        },
    )
    summary = summarise(folder, _no_story)
    # 'Ben (1).json' is a re-upload of Ben's: his more advanced game stands for him.
    assert [e.file for e in summary.entries] == ["ben.json", "cy - Copy.json"]
    assert [(f.file, f.kept) for f in summary.folded] == [("Ben (1).json", "ben.json")]
