"""More hostile input: escapes in diagnostics and echoes, invisible characters, hidden links."""

from __future__ import annotations

import difflib
import io
import json
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from game.story.checker import check_folder, load_story
from game.story.diagnostics import SUGGESTIONS
from game.story.textrules import forbidden_markdown
from game.ui.render_rich import scene_view
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, STORIES, line_of, run_cli, write_story

MINI = str(STORIES / "mini")
RAW = re.compile("[\x1b\x07\x9b\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal from untrusted text."""
OSC = "\x1b]52;c;AAAA\x07"
ESC_ID = "si\x1bde"
ESC_FIELD = "bo\x1bgus"
C1_ID = "thr\x9bee"


def _yaml(text: str) -> str:
    """`text` as a YAML double-quoted string, its controls written as YAML escapes."""
    escapes = {"\x1b": "\\e", "\x07": "\\a", "\x9b": "\\x9b"}
    return '"' + "".join(escapes.get(c, c) for c in text) + '"'


def _hostile_story(folder: Path) -> Path:
    """A story whose ids, field names, links and values all hold terminal escapes."""
    chapter = (
        BASE_CHAPTER.replace("next: two", "next: " + _yaml("two" + OSC))
        .replace("goto: three\n        history", f"goto: {_yaml(C1_ID)}\n        history")
        .replace("certainty: established", "certainty: " + _yaml("estab" + OSC))
        .replace("  - id: side\n", f"  - id: {_yaml(ESC_ID)}\n    {_yaml(ESC_FIELD)}: 1\n")
    )
    manifest = BASE_MANIFEST.replace("kind: scholarship", "kind: " + _yaml("sch\x1b[31m\x9b"))
    files = {"story.yaml": manifest, "01-main.yaml": chapter}
    files["02-x\x1b[31m.yaml"] = "chapter:\n  id: x\n  title: X\n  bogus: 1\nscenes: []\n"
    return write_story(folder, files)


def test_check_shows_every_escape_in_a_diagnostic_written_out(tmp_path: Path) -> None:
    folder = _hostile_story(tmp_path / "story")
    result = run_cli("check", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not RAW.search(result.stdout + result.stderr)
    lines = result.stdout.splitlines()
    chapter = folder / "01-main.yaml"
    assert f"{chapter}:18:5: error[E101]: unknown field 'bo^[gus' in a scene" in lines
    assert (
        f"{chapter}:{line_of(BASE_CHAPTER, 'goto: side')}:15: error[E104]: "
        "goto names no scene 'side' (did you mean 'si^[de'?)"
    ) in lines
    bad_next = "'next' in scene 'si^[de' is not a valid id: 'two^[]52;c;AAAA^G'"
    assert any(bad_next in x for x in lines)
    assert any("certainty 'estab^[]52;c;AAAA^G' must be one of" in x for x in lines)
    assert any("source kind 'sch^[[31m<U+009B>' must be one of" in x for x in lines)
    assert f"{folder}/02-x^[[31m.yaml:4:3: error[E101]: unknown field 'bogus' in the " in (
        result.stdout
    )


@pytest.mark.parametrize("command", ["play", "graph", "playtest"])
def test_the_first_error_other_commands_show_is_written_out_too(
    tmp_path: Path, command: str
) -> None:
    folder = _hostile_story(tmp_path / "story")
    # Only the bad field and the bad link: the first error shown quotes the escape.
    chapter = BASE_CHAPTER.replace("  - id: side\n", f"  - id: side\n    {_yaml('bo' + OSC)}: 1\n")
    (folder / "01-main.yaml").write_text(chapter, encoding="utf-8")
    args = ["--story", str(folder), "--plain"] if command == "play" else [command, str(folder)]
    result = run_cli(*args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not RAW.search(result.stdout + result.stderr)


PLAIN_INPUT = (
    f"x{OSC}y\nload \x1b[31mzz\x9b\nsave a\x1b[2Jb\nsave \u202eevil\nsave zero\u200bwidth\nquit\n"
)


def test_plain_mode_echoes_and_refuses_typed_escapes_written_out(tmp_path: Path) -> None:
    result = run_cli("--story", MINI, "--plain", "--saves", str(tmp_path), input=PLAIN_INPUT)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert not RAW.search(result.stdout + result.stderr)
    lines = result.stdout.splitlines()
    assert "> x^[]52;c;AAAA^Gy" in lines
    assert any(x.startswith("Not loaded: '^[[31mzz<U+009B>' cannot name") for x in lines)
    assert any(x.startswith("Not saved: 'a^[[2Jb' cannot name a save slot") for x in lines)
    assert any(x.startswith("Not saved: '<U+202E>evil' cannot name") for x in lines)
    assert any(x.startswith("Not saved: 'zero<U+200B>width' cannot name") for x in lines)
    assert list(tmp_path.glob("*evil*")) == [] and list(tmp_path.glob("zero*")) == []


def test_a_slot_named_on_the_command_line_is_written_out(tmp_path: Path) -> None:
    result = run_cli("--story", MINI, "--plain", "--saves", str(tmp_path), "--load", "a\x1b[2J")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not RAW.search(result.stdout + result.stderr)
    assert "'a^[[2J' cannot name a save slot" in result.stderr


@pytest.mark.parametrize("name", ["An\u202ena", "A\u200bna", "An\u2066a", "A\x1b[2Jna"])
def test_a_player_name_with_hidden_characters_is_refused(tmp_path: Path, name: str) -> None:
    result = run_cli("--story", MINI, "--plain", "--saves", str(tmp_path), "--name", name)
    assert result.returncode == 2
    assert "a name is 1 to 60 printable characters" in result.stderr
    assert not RAW.search(result.stdout + result.stderr)
    assert not tmp_path.joinpath("autosave.json").exists()


# --- zero-width and direction characters in story text (E127) ----------------------
HIDDEN = {
    "right-to-left override": ("text: First.", "text: Fi\u202erst.", "direction control U+202E"),
    "left-to-right isolate": ("Wander.", "Wan\u2066der.", "direction control U+2066"),
    "zero-width space": ("text: Second.", "text: Sec\u200bond.", "invisible character U+200B"),
    "zero-width joiner in a title": ("Fact one", "Fact\u200d one", "invisible character U+200D"),
    "right-to-left mark": ("ain: Because.", "ain: B\u200fecause.", "invisible character U+200F"),
}


@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_hidden_characters_in_story_text_are_e127_with_their_place(
    make_story: Callable[..., Path], case: str
) -> None:
    old, new, what = HIDDEN[case]
    assert old in BASE_CHAPTER
    folder = make_story(chapter=BASE_CHAPTER.replace(old, new))
    result = run_cli("check", str(folder))
    assert result.returncode == 1
    line = line_of(BASE_CHAPTER, old)
    found = [x for x in result.stdout.splitlines() if "error[E127]" in x]
    assert len(found) == 1
    assert found[0].startswith(f"{folder / '01-main.yaml'}:{line}:")
    assert f"text contains the {what} (at character " in found[0]
    assert not RAW.search(result.stdout)


# --- links the line scan does not see, as the renderer's parser reads them ----------
HIDDEN_LINKS = [
    "See [the letter].\n\n> [the letter]: http://evil.example",
    "See [x].\n\n- [x]: http://evil.example",
    "See [x].\n\n1. [x]: http://evil.example",
    "See [x].\n\n>  > [x]: http://evil.example",
    "See [x\n](http://evil.example).",
]


@pytest.mark.parametrize("text", HIDDEN_LINKS)
def test_a_link_hidden_in_a_quote_a_list_or_over_lines_is_refused(text: str) -> None:
    found = forbidden_markdown(text)
    assert found is not None and "a link" in found[1]


@pytest.mark.parametrize("text", ["[sic] and a < b", "Lists: [a] and [b]: both.", "x > y"])
def test_brackets_and_angles_that_are_no_link_are_fine(text: str) -> None:
    assert forbidden_markdown(text) is None


def test_a_link_that_got_past_the_checker_is_never_a_terminal_hyperlink(mini_story: Path) -> None:
    story = load_story(mini_story)
    scene = replace(story.scenes["desk"], text=HIDDEN_LINKS[0])
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="standard", width=80).print(
        scene_view(story, scene)
    )
    assert "\x1b]8;" not in out.getvalue()
    assert "http://evil.example" in out.getvalue()  # the address is shown, not hidden


# --- did-you-mean within a budget -----------------------------------------------------
def _broken_links(folder: Path, count: int) -> Path:
    """A chain of `count` scenes, each with one more choice to a misspelt scene id."""
    scenes = "".join(
        f"  - id: scene-number-{i}\n    text: Scene {i}.\n    choices:\n"
        f"      - text: Go.\n        goto: scene-number-{i + 1}\n        history: true\n"
        f"      - text: Lost.\n        goto: scene-numbr-{i}\n"
        for i in range(count)
    )
    end = f"  - id: scene-number-{count}\n    text: The end.\n    end: true\n"
    manifest = "story:\n  id: big\n  title: Big\n  version: 1\n  start: scene-number-0\n"
    chapter = f"chapter:\n  id: main\n  title: Main\n\nscenes:\n{scenes}{end}"
    return write_story(folder, {"story.yaml": manifest, "01-main.yaml": chapter})


def test_two_thousand_broken_links_are_all_reported_and_the_first_fifty_get_a_suggestion(
    tmp_path: Path,
) -> None:
    folder = _broken_links(tmp_path / "story", 2000)
    result = run_cli("check", str(folder))
    assert result.returncode == 1
    broken = [x for x in result.stdout.splitlines() if "error[E104]" in x]
    assert len(broken) == 2000
    assert sum("(did you mean 'scene-number-" in x for x in broken) == SUGGESTIONS
    assert result.stdout.splitlines()[-1].endswith(
        ": 2000 errors, 0 warnings (2001 scenes, 0 facts, 0 questions)"
    )


def test_a_check_compares_names_with_difflib_at_most_its_budget_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _broken_links(tmp_path / "story", 300)
    chapter = folder / "01-main.yaml"
    # Undeclared variables in conditions and effects draw on the same budget.
    text = chapter.read_text(encoding="utf-8").replace(
        "      - text: Lost.\n",
        '      - text: Lost.\n        if: "cout > 1"\n        set: {flg: true}\n',
    )
    chapter.write_text(text, encoding="utf-8")
    (folder / "story.yaml").write_text(
        (folder / "story.yaml").read_text(encoding="utf-8")
        + "variables:\n  count: 0\n  flag: false\n",
        encoding="utf-8",
    )
    calls: list[str] = []
    real = difflib.get_close_matches

    def counted(word: str, *args: Any, **kwargs: Any) -> list[str]:
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    _, items = check_folder(folder)
    assert sum(1 for d in items if d.code == "E104") == 300
    assert sum(1 for d in items if d.code == "E107") == 600
    assert len(calls) == SUGGESTIONS


# --- odd digits at every numeric prompt -------------------------------------------------
ODD_NUMBERS = ["²", "١", "５", "9" * 4400]


def test_odd_digits_at_every_plain_prompt_get_the_usual_hint(tmp_path: Path) -> None:
    typed = [*ODD_NUMBERS, "1", *ODD_NUMBERS, "1", "", "save mine", "load", *ODD_NUMBERS, "quit"]
    result = run_cli(
        "--story", MINI, "--plain", "--saves", str(tmp_path), input="\n".join(typed) + "\n"
    )
    assert result.returncode == 0 and result.stderr == ""
    hints = [x for x in result.stdout.splitlines() if x.startswith(("There is no", "Not loaded"))]
    assert hints[:8] == [
        f"There is no {n if len(n) < 7 else '999999…'} here: type a number from 1 to 3."
        for n in ODD_NUMBERS * 2
    ]
    # At the Load list the odd digits are names, which no slot has (the first), then
    # the decision point's hint again once the list is left.
    assert hints[8].startswith("Not loaded: '²' cannot name a save slot")
    assert "Traceback" not in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX-only")
def test_odd_digits_at_the_title_decision_and_question_of_the_full_screen_game(
    tmp_path: Path,
) -> None:
    from tests.pty_terminal import spawn_game

    t = spawn_game(STORIES / "mini", tmp_path / "saves", "--no-shuffle")
    with t:
        t.wait_for("Choose 1-2 (Enter: 1) >")
        for odd in ODD_NUMBERS:
            t.type(odd + "\r")
            t.wait_for("Type a number from 1 to 2.")
        t.type("1\r")
        t.wait_for("Your name, for the class report (Enter to skip) >")
        t.type("\r")
        for prompt, count in (("Choose 1-3 >", 3), ("Answer 1-3 >", 3)):
            t.wait_for(prompt)
            for odd in ODD_NUMBERS:
                t.type(odd + "\r")
                shown = odd if len(odd) < 7 else "999999…"
                t.wait_for(f"There is no {shown} here: type a number from 1 to {count}.")
            t.type("1\r")
        t.wait_for("Not quite.")
        for odd in ODD_NUMBERS:
            t.type("load\r")
            t.wait_for("Load which? Its number or name (Enter: back)")
            t.type(odd + "\r")
            t.wait_for(f"Not loaded: '{odd[:6]}")
        t.type("quit\r")
        t.wait_for("Also save under a name?")
        t.type("\r")
        t.wait_for("Goodbye.")
        assert t.finish() == 0
        assert "Traceback" not in t.screen


# --- signed saves with dates out of range ------------------------------------------------
DATES = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]


@pytest.mark.parametrize("field", ["started_at", "saved_at"])
@pytest.mark.parametrize("date", DATES)
def test_a_signed_save_dated_out_of_range_is_damaged_in_every_command(
    tmp_path: Path, field: str, date: str
) -> None:
    from tests.test_saves_hostile import _set, hostile_folder

    saves = tmp_path / "saves"
    hostile_folder(saves, _set(field, date))
    listing = run_cli("saves", "--saves", str(saves))
    assert listing.returncode == 0 and listing.stderr == ""
    assert "(damaged, see below)" in listing.stdout
    report = run_cli("report", "autosave", "--saves", str(saves), "--story", MINI)
    assert report.returncode == 1 and report.stdout == ""
    assert report.stderr.startswith("Error: the save slot 'autosave' is damaged: '")
    summary = run_cli("class", str(saves), "--story", MINI)
    assert summary.returncode == 1 and "Traceback" not in summary.stderr
    assert "a save that cannot be used" in summary.stderr
    played = run_cli("--story", MINI, "--plain", "--saves", str(saves), input="load autosave\n")
    assert played.returncode == 0 and played.stderr == ""
    assert f"Not loaded: the save slot 'autosave' is damaged: '{field}' should be" in played.stdout


# --- class: a grid that grows with students times questions ----------------------------
def test_the_html_students_grid_has_a_column_for_at_most_100_questions(tmp_path: Path) -> None:
    from game.classroom.class_html import GRID_QUESTIONS

    saves = tmp_path / "saves"
    assert run_cli("--story", MINI, "--saves", str(saves), input="1\n").returncode == 0
    report = run_cli("report", "--saves", str(saves), "--story", MINI, "--format", "json")
    base = json.loads(report.stdout)
    folder = tmp_path / "class"
    folder.mkdir()
    question = {"id": "q", "ask": "Which?", "correct": False, "facts": []}
    for s in range(3):
        hostile = {**base, "player": f"P{s}", "started_at": f"2020-01-0{s + 1}T00:00:00+00:00"}
        hostile["questions"] = [{**question, "id": f"q-{s}-{i}"} for i in range(150)]
        (folder / f"p{s}.json").write_text(json.dumps(hostile), encoding="utf-8")
    result = run_cli("class", str(folder), "--story", MINI, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('<th class="q"') == GRID_QUESTIONS == 100
    assert "Only the 100 most missed of the 450 questions have a column." in result.stdout
    assert result.stdout.count('<td class="q') == 3 * 100


@pytest.mark.parametrize(
    "args, says",
    [
        (["--width", f"x{OSC}"], "argument --width: 'x^[]52;c;AAAA^G' is not a whole number"),
        ([f"--bogus{OSC}"], "unrecognized arguments: --bogus^[]52;c;AAAA^G"),
        (["check", "a", f"b{OSC}"], "unrecognized arguments: b^[]52;c;AAAA^G"),
    ],
)
def test_a_bad_command_line_is_quoted_with_its_escapes_written_out(
    args: list[str], says: str
) -> None:
    result = run_cli(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].endswith(f": error: {says}")
    assert not RAW.search(result.stderr)


def test_a_signed_save_whose_name_hides_characters_is_shown_without_them(tmp_path: Path) -> None:
    from tests.test_saves_hostile import _set, hostile_folder

    saves = tmp_path / "saves"
    hostile_folder(saves, _set("player", f"An\u202ea{OSC}\u200b"))
    listing = run_cli("saves", "--saves", str(saves))
    report = run_cli("report", "autosave", "--saves", str(saves), "--story", MINI)
    html = run_cli("report", "autosave", "--saves", str(saves), "--story", MINI, "--format", "html")
    for result in (listing, report, html):
        assert result.returncode == 0, result.stderr
        assert not RAW.search(result.stdout + result.stderr)
    assert "- **Player:** An\ufffda\ufffd" in report.stdout  # each hidden one a \ufffd
