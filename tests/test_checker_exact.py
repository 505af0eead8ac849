"""What `special-tasks check` says about a story's shape, references and unused parts: every
diagnostic's file:line:col, code, message and help, exactly.

In-process (`check_text` is what the `check` command prints), so that mutation testing sees
which checks these tests reach (docs/testing.md); the CLI itself is tested on the same
checks in test_checker_paths.py and test_checker_mistakes.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.check import check_text
from game.errors import StoryError
from game.story.checker import load_story
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, write_story
from tests.test_checker_paths import SHAPE, TWO_WAYS, _line


def _said(tmp_path: Path, chapter: str = BASE_CHAPTER, manifest: str = BASE_MANIFEST) -> list[str]:
    """The lines `check` prints for the story, without the source snippets (DIR: its folder)."""
    folder = write_story(tmp_path / "s", {"story.yaml": manifest, "01-main.yaml": chapter})
    out = check_text(folder)[0].replace(str(folder), "DIR")
    return [line for line in out.splitlines() if line and not _snippet(line)]


def _snippet(line: str) -> bool:
    """A line of the source shown under a diagnostic: `12 |   - id: x` or `   |   ^^`."""
    head = line.lstrip()
    return head[:1].isdigit() or head.startswith("|")


def _edit(old: str, new: str, text: str = BASE_CHAPTER) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _edits(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        text = _edit(old, new, text)
    return text


def _whatif(ident: str, then: str) -> str:
    """A what-if scene (four lines) leading on to `then`."""
    return f"  - id: {ident}\n    text: On.\n    reality: R.\n    next: {then}\n"


def _before_three(*scenes: str) -> str:
    """The base chapter with `scenes` written just before its ending, 'three'."""
    return _edit("  - id: three\n", "".join(scenes) + "  - id: three\n")


SKIPPED_ONE = (
    "DIR/story.yaml:2:3: warning[W205]: 1 check skipped because of the errors above; "
    "fix them and check again"
)
BARE_MANIFEST = "story:\n  id: base\n  title: Base\n  version: 1\n  start: one\n"
UNREACHABLE_HELP = (
    "   = help: lead to it with goto: or next: from a scene the player can reach, or remove it"
)


def test_a_what_if_that_takes_four_steps_back_is_one_error_showing_three(tmp_path: Path) -> None:
    chapter = SHAPE.format(line=_line("l1", "l2", "l3", "l4") + "\n" + _line("s3", "s2", "s1"))
    assert _said(tmp_path, chapter, BARE_MANIFEST) == [
        "DIR/01-main.yaml:16:5: error[E113]: what-if scene 'fork' does not return to the "
        "historical path within 3 steps: fork → l1 → l2 → l3 is still off it",
        "   = help: shorten the what-if, or lead one of its scenes back to a scene on the "
        "historical path",
        "DIR: 1 error, 0 warnings (11 scenes, 0 facts, 0 questions)",
    ]


def test_each_what_if_that_takes_too_long_is_reported_after_one_inside_another(
    tmp_path: Path,
) -> None:
    chapter = SHAPE.format(
        line=_line("l1", "l2", "l3", "l4") + "\n" + _line("m1", "m2", "m3", "m4")
    )
    chapter = _edit(
        "Take the short way round.\n        goto: s3", "Go far.\n        goto: m1", chapter
    )
    # l1..l4 (inside fork's detour) come before m1 in the file: m1 is still reported.
    assert [line for line in _said(tmp_path, chapter, BARE_MANIFEST) if "E113" in line] == [
        "DIR/01-main.yaml:16:5: error[E113]: what-if scene 'fork' does not return to the "
        "historical path within 3 steps: fork → l1 → l2 → l3 is still off it",
        "DIR/01-main.yaml:40:5: error[E113]: what-if scene 'm1' does not return to the "
        "historical path within 3 steps: m1 → m2 → m3 → m4 is still off it",
    ]


def test_an_unreachable_group_is_one_error_at_its_first_scene(tmp_path: Path) -> None:
    chapter = _before_three(_whatif("l0", "l1"), _whatif("l1", "l2"), _whatif("l2", "two"))
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:31:5: error[E114]: scene 'l0' cannot be reached from the start "
        "(nor can 2 scenes it leads to: 'l1', 'l2')",
        UNREACHABLE_HELP,
        "DIR: 1 error, 0 warnings (7 scenes, 1 fact, 1 question)",
    ]


def test_a_long_unreachable_group_names_five_scenes_and_one_lone_scene_none(
    tmp_path: Path,
) -> None:
    chain = [_whatif(f"l{i}", f"l{i + 1}") for i in range(6)] + [_whatif("l6", "two")]
    said = _said(tmp_path, _before_three(*chain, _whatif("lone", "three")))
    # l0..l6 is also a what-if that takes too long (E113); a lone scene 1 step away is not.
    assert [line for line in said if "E114" in line] == [
        "DIR/01-main.yaml:31:5: error[E114]: scene 'l0' cannot be reached from the start "
        "(nor can 6 scenes it leads to: 'l1', 'l2', 'l3', 'l4', 'l5', …)",
        "DIR/01-main.yaml:59:5: error[E114]: scene 'lone' cannot be reached from the start",
    ]


def test_an_unreachable_group_of_six_names_all_five_others(tmp_path: Path) -> None:
    chain = [_whatif(f"l{i}", f"l{i + 1}") for i in range(5)] + [_whatif("l5", "two")]
    said = _said(tmp_path, _before_three(*chain))
    assert [line for line in said if "E114" in line] == [
        "DIR/01-main.yaml:31:5: error[E114]: scene 'l0' cannot be reached from the start "
        "(nor can 5 scenes it leads to: 'l1', 'l2', 'l3', 'l4', 'l5')",
    ]


def test_a_circle_through_a_historical_choice_is_shown_at_its_goto(tmp_path: Path) -> None:
    chapter = _edit(
        "        goto: three\n        history: true\n", "        goto: one\n        history: true\n"
    )
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:25:15: error[E125]: the historical path runs in a circle: "
        "one → two → one; what really happened must reach an ending",
        "   = help: lead one scene of the circle on towards an ending, or mark another choice "
        "with history: true",
        # 'three', now off the record, is an ending (E120) without reality (E112).
        "DIR/story.yaml:2:3: warning[W205]: 2 checks skipped because of the errors above; "
        "fix them and check again",
        "DIR: 1 error, 1 warning (4 scenes, 1 fact, 1 question)",
    ]


def _ring(n: int) -> list[str]:
    """The first line `check` prints for a story whose record is a circle of n scenes."""
    scenes = "".join(f"  - id: s{i}\n    text: On.\n    next: s{(i + 1) % n}\n" for i in range(n))
    manifest = "story:\n  id: ring\n  title: Ring\n  version: 1\n  start: s0\n"
    chapter = "chapter: {id: main, title: Main}\nscenes:\n" + scenes
    folder = write_story(Path(f"{n}"), {"story.yaml": manifest, "01-main.yaml": chapter})
    return check_text(folder)[0].splitlines()[:1]


@pytest.mark.parametrize(
    ("n", "circle"),
    [
        (8, "s0 → s1 → s2 → s3 → s4 → s5 → s6 → s7 → s0"),
        (9, "s0 → s1 → s2 → s3 → … 2 more … → s6 → s7 → s8 → s0"),
        (1009, "s0 → s1 → s2 → s3 → … 1,002 more … → s1006 → s1007 → s1008 → s0"),
    ],
)
def test_a_circle_of_up_to_nine_steps_is_shown_whole_and_a_longer_one_by_its_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int, circle: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _ring(n) == [
        f"{n}/01-main.yaml:{3 * n + 2}:11: error[E125]: the historical path runs in a circle: "
        f"{circle}; what really happened must reach an ending"
    ]


def test_an_unreachable_group_starts_where_it_is_entered_and_a_closed_loop_is_one_too(
    tmp_path: Path,
) -> None:
    # 'la' leads to 'lb', written before it; the loop c1 ⇄ c2 has no first scene of its own.
    chapter = _before_three(
        _whatif("lb", "two"), _whatif("la", "lb"), _whatif("c1", "c2"), _whatif("c2", "c1")
    )
    assert [line for line in _said(tmp_path, chapter) if "E114" in line] == [
        "DIR/01-main.yaml:35:5: error[E114]: scene 'la' cannot be reached from the start "
        "(nor can 1 scene it leads to: 'lb')",
        "DIR/01-main.yaml:39:5: error[E114]: scene 'c1' cannot be reached from the start "
        "(nor can 1 scene it leads to: 'c2')",
    ]


# 'two' has no historical choice (the record is cut short), and its what-if leads into a
# loop la → lb → la that nothing leaves, through lc.
TRAPPED = _edits(
    _before_three(_whatif("lc", "la"), _whatif("la", "lb"), _whatif("lb", "la")),
    ("        goto: three\n        history: true\n", "        goto: three\n"),
    ("        goto: three\n        id: bold\n", "        goto: lc\n        id: bold\n"),
)


def test_a_loop_with_no_way_out_is_one_error_counting_what_leads_into_it(tmp_path: Path) -> None:
    assert _said(tmp_path, TRAPPED) == [
        "DIR/01-main.yaml:24:7: error[E111]: decision point 'two' is on the historical path, "
        "so exactly one choice needs 'history: true' (it has 0)",
        "   = help: mark the choice that really happened with history: true",
        "DIR/01-main.yaml:34:5: error[E115]: no ending can be reached from scene 'la': "
        "la → lb → la is a loop with no way out (1 scene leads into it)",
        "   = help: give one scene of the loop a choice or next: that leads towards an ending",
        # Off the record (E112 and E120 at 'three', E113 at 'lc') means nothing yet.
        "DIR/story.yaml:2:3: warning[W205]: 3 checks skipped because of the errors above; "
        "fix them and check again",
        "DIR: 2 errors, 1 warning (7 scenes, 1 fact, 1 question)",
    ]


def test_a_loop_is_named_by_its_first_scene_in_the_file(tmp_path: Path) -> None:
    chapter = _edit(
        _whatif("lc", "la") + _whatif("la", "lb") + _whatif("lb", "la"),
        _whatif("lc", "lb") + _whatif("lb", "la") + _whatif("la", "lb"),
        TRAPPED,
    )
    assert [line for line in _said(tmp_path, chapter) if "E115" in line] == [
        "DIR/01-main.yaml:34:5: error[E115]: no ending can be reached from scene 'lb': "
        "lb → la → lb is a loop with no way out (1 scene leads into it)",
    ]


def test_a_loop_two_scenes_lead_into_says_so_and_a_loop_of_one(tmp_path: Path) -> None:
    chapter = _edits(
        TRAPPED,
        (_whatif("lc", "la"), _whatif("lc", "ld") + _whatif("ld", "la")),
        ("    next: lb\n", "    next: lb\n" + _whatif("solo", "solo")),
        (
            "        history: true\n",
            "        history: true\n      - text: Alone.\n        goto: solo\n",
        ),
    )
    said = [line for line in _said(tmp_path, chapter) if "E115" in line]
    assert said == [
        "DIR/01-main.yaml:40:5: error[E115]: no ending can be reached from scene 'la': "
        "la → lb → la is a loop with no way out (2 scenes lead into it)",
        "DIR/01-main.yaml:44:5: error[E115]: no ending can be reached from scene 'solo': "
        "solo → solo is a loop with no way out",
    ]


CIRCLE_AND_LOOP = """\
chapter: {id: main, title: Main}
scenes:
  - id: one
    text: Start.
    choices:
      - {text: On., goto: a, history: true}
      - {text: Off., goto: w1}
  - {id: a, text: A., next: b}
  - {id: b, text: B., next: a}
  - {id: w1, text: W1., reality: R., next: w2}
  - {id: w2, text: W2., reality: R., next: w1}
"""


def test_a_loop_after_the_historical_circle_is_still_reported(tmp_path: Path) -> None:
    # The circle a → b is E125 only (not also E115); the what-if loop after it is E115.
    said = _said(tmp_path, CIRCLE_AND_LOOP, BARE_MANIFEST)
    assert [line for line in said if "error[" in line] == [
        "DIR/01-main.yaml:9:29: error[E125]: the historical path runs in a circle: a → b → a; "
        "what really happened must reach an ending",
        "DIR/01-main.yaml:10:5: error[E115]: no ending can be reached from scene 'w1': "
        "w1 → w2 → w1 is a loop with no way out",
    ]


def test_two_historical_choices_are_an_error_saying_how_many(tmp_path: Path) -> None:
    chapter = _edit('        if: "flag and count >= 1"\n', "        history: true\n")
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:24:7: error[E111]: decision point 'two' is on the historical path, "
        "so exactly one choice needs 'history: true' (it has 2)",
        "   = help: keep history: true on the one choice that really happened",
        # With the condition gone, nothing reads the variables.
        "DIR/story.yaml:8:3: warning[W203]: variable 'flag' is never used in a condition",
        "DIR/story.yaml:9:3: warning[W203]: variable 'count' is never used in a condition",
        "DIR: 1 error, 2 warnings (4 scenes, 1 fact, 1 question)",
    ]


# Two historical choices whose paths join again at 'c', before the ending 'd'.
JOINED = """\
chapter: {id: main, title: Main}
scenes:
  - id: one
    text: Start.
    choices:
      - {text: Left., goto: a, history: true}
      - {text: Right., goto: b, history: true}
  - {id: a, text: A., next: c}
  - {id: b, text: B., next: c}
  - {id: c, text: C., next: d}
  - {id: d, text: The end., end: true}
"""


def test_paths_that_join_again_are_all_on_the_record_past_the_join(tmp_path: Path) -> None:
    # One mistake only: 'c' reached twice does not end the record there ('d' is on it).
    assert _said(tmp_path, JOINED, BARE_MANIFEST) == [
        "DIR/01-main.yaml:6:7: error[E111]: decision point 'one' is on the historical path, "
        "so exactly one choice needs 'history: true' (it has 2)",
        "  = help: keep history: true on the one choice that really happened",
        "DIR: 1 error, 0 warnings (5 scenes, 0 facts, 0 questions)",
    ]


def test_a_historical_choice_behind_a_condition_is_an_error_at_the_condition(
    tmp_path: Path,
) -> None:
    chapter = _edit(
        "        goto: two\n        history: true\n",
        "        goto: two\n        history: true\n        if: flag\n",
    )
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:13:13: error[E124]: the historical choice 'two' in scene 'one' has "
        "an 'if:', so a player may be unable to take what really happened",
        "   = help: remove the 'if:', or put the condition on a what-if choice",
        "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)",
    ]


def test_an_ending_off_the_record_without_reality_is_two_errors(tmp_path: Path) -> None:
    chapter = _edit("    reality: Nobody wandered.\n    next: two\n", "    end: true\n")
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:17:5: error[E112]: scene 'side' is off the historical path, so it "
        "needs 'reality' (what really happened)",
        "   = help: add reality: saying what really happened instead",
        "DIR/01-main.yaml:19:10: error[E120]: ending 'side' is off the historical path; every "
        "ending must be on it",
        "   = help: lead back to a scene on the historical path with next: instead",
        "DIR: 2 errors, 0 warnings (4 scenes, 1 fact, 1 question)",
    ]


# Every kind of reference naming nothing, in one story (the record's checks then wait).
BROKEN_REFS = _edits(
    BASE_CHAPTER,
    ("    facts: [f1]\n", "    facts: [f1, f2]\n    exhibits: [memo, memo, nothing]\n"),
    ("next: two", "next: twoo"),
    ("goto: two\n", "goto: tow\n"),
    ('if: "flag and count >= 1"', 'if: "visited(sid) and seen(f3) and visited(one)"'),
    ("certainty: established", "certainty: disputed"),
    ("sources: [src]", "sources: [src, zzz]"),
    ("    after: one\n", "    after: uno\n    facts: [f9]\n    exhibits: [memo, memo]\n"),
) + (
    "\nreflections:\n  - id: r1\n    after: zzz\n    ask: Why?\n"
    "exhibits:\n  - id: memo\n    source: scr\n    title: A memo\n    text: Short.\n"
)


def test_every_reference_that_names_nothing_is_an_error_where_it_is_written(
    tmp_path: Path,
) -> None:
    manifest = _edit("start: one", "start: onee", BASE_MANIFEST)
    assert _said(tmp_path, BROKEN_REFS, manifest) == [
        "DIR/01-main.yaml:9:22: error[E106]: scene 'one' lists the exhibit 'memo' twice",
        "DIR/01-main.yaml:37:5: error[E117]: fact 'f1' is disputed but has no 'dispute' "
        "giving the other account",
        "   = help: add dispute: with the other account, naming whose it is",
        "DIR/01-main.yaml:47:22: error[E106]: question 'q1' lists the exhibit 'memo' twice",
        "DIR/01-main.yaml:8:17: error[E105]: facts names no fact 'f2'",
        "  = help: correct it, or add a fact with id: f2",
        "DIR/01-main.yaml:9:28: error[E105]: exhibits names no exhibit 'nothing'",
        "  = help: correct it, or add an exhibit with id: nothing",
        "DIR/01-main.yaml:12:15: error[E104]: goto names no scene 'tow' (did you mean 'two'?)",
        "   = help: change it to 'two', or add a scene with id: tow",
        "DIR/01-main.yaml:21:11: error[E104]: next names no scene 'twoo' (did you mean 'two'?)",
        "   = help: change it to 'two', or add a scene with id: twoo",
        "DIR/01-main.yaml:31:13: error[E104]: visited() names no scene 'sid' (column 9 of the "
        "condition) (did you mean 'side'?)",
        "   = help: change it to 'side', or add a scene with id: sid",
        "DIR/01-main.yaml:31:13: error[E105]: seen() names no fact 'f3' (column 23 of the "
        "condition)",
        "   = help: correct it, or add a fact with id: f3",
        "DIR/01-main.yaml:40:20: error[E105]: sources names no source 'zzz'",
        "   = help: correct it, or add a source with id: zzz",
        "DIR/01-main.yaml:45:12: error[E104]: after names no scene 'uno'",
        "   = help: correct it, or add a scene with id: uno",
        "DIR/01-main.yaml:46:13: error[E105]: facts names no fact 'f9'",
        "   = help: correct it, or add a fact with id: f9",
        "DIR/01-main.yaml:55:12: error[E104]: after names no scene 'zzz'",
        "   = help: correct it, or add a scene with id: zzz",
        "DIR/01-main.yaml:59:13: error[E105]: source names no source 'scr' (did you mean 'src'?)",
        "   = help: change it to 'src', or add a source with id: scr",
        "DIR/story.yaml:5:10: error[E104]: start names no scene 'onee' (did you mean 'one'?)",
        "  = help: change it to 'one', or add a scene with id: onee",
        "DIR/story.yaml:2:3: warning[W205]: 6 checks skipped because of the errors above; "
        "fix them and check again",
        "DIR/story.yaml:8:3: warning[W203]: variable 'flag' is never used in a condition",
        "DIR/story.yaml:9:3: warning[W203]: variable 'count' is never used in a condition",
        "DIR: 15 errors, 3 warnings (4 scenes, 1 fact, 1 question)",
    ]


def test_one_held_back_check_is_counted_in_the_singular(tmp_path: Path) -> None:
    chapter = _edit(
        "    facts: [f1]\n",
        "    facts: [f1]\n    exhibits: [memo, memo]\n",
        _before_three(_whatif("lost", "three")),
    )
    chapter += "\nexhibits:\n  - id: memo\n    source: src\n    title: A memo\n    text: Short.\n"
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:9:22: error[E106]: scene 'one' lists the exhibit 'memo' twice",
        SKIPPED_ONE,  # the unreachable 'lost' (E114), told once the E106 is fixed
        "DIR: 1 error, 1 warning (5 scenes, 1 fact, 1 question)",
    ]


def test_a_chapter_that_cannot_be_read_holds_back_the_checks_across_files(
    tmp_path: Path,
) -> None:
    assert _said(tmp_path, _edit("    text: First.", "\ttext: First."))[2:] == [
        "DIR/01-main.yaml:1:1: warning[W205]: 4 checks skipped because 'DIR/01-main.yaml' "
        "could not be read",
        "DIR: 1 error, 1 warning (0 scenes, 0 facts, 0 questions)",
    ]
    manifest = _edit("  title: Base", "\ttitle: Base", BASE_MANIFEST)
    assert _said(tmp_path / "m", BASE_CHAPTER, manifest)[-2:] == [
        "DIR/story.yaml:1:1: warning[W205]: the checks across files were skipped because "
        "'DIR/story.yaml' could not be read",
        "DIR: 4 errors, 1 warning",
    ]


def test_two_chapters_that_cannot_be_read_are_both_named(tmp_path: Path) -> None:
    files = {
        "story.yaml": BASE_MANIFEST,
        "01-main.yaml": _edit("    text: First.", "\ttext: First."),
        "02-more.yaml": "chapter:\n  id: more\n\ttitle: More\nscenes: []\n",
    }
    # Named whole though longer than the 80 characters most quoted values are cut to.
    folder = write_story(tmp_path / ("s" * 80), files)
    out = check_text(folder)[0].replace(str(folder), "DIR")
    # Withheld: 'start' naming a scene that may be in them, and the three unused-part
    # warnings (the variables and the source may be used there).
    assert out.endswith(
        "DIR/01-main.yaml:1:1: warning[W205]: 4 checks skipped because 'DIR/01-main.yaml' and "
        "'DIR/02-more.yaml' could not be read\n"
        "  |\n"
        "1 | chapter:\n"
        "  | ^^^^^^^\n"
        "\n"
        "DIR: 2 errors, 1 warning (0 scenes, 0 facts, 0 questions)\n"
    )


def test_an_invalid_id_is_one_error_not_also_a_reference_to_nothing(tmp_path: Path) -> None:
    chapter = _edits(
        BASE_CHAPTER, ("facts: [f1]", "facts: [Bad_Fact]"), ("goto: two\n", "goto: Two_B\n")
    )
    said = _said(tmp_path, chapter)
    assert [line.split(": error")[0] for line in said if "error[" in line] == [
        "DIR/01-main.yaml:8:13",
        "DIR/01-main.yaml:11:15",
    ]
    assert "E104" not in "".join(said) and "E105" not in "".join(said)


def test_each_reference_held_back_for_an_unread_chapter_is_counted(tmp_path: Path) -> None:
    chapter = _edits(BASE_CHAPTER, ("next: two", "next: twoo"), ("goto: two\n", "goto: tow\n"))
    files = {"story.yaml": BASE_MANIFEST, "01-main.yaml": chapter, "02-more.yaml": "\tchapter:\n"}
    folder = write_story(tmp_path / "s", files)
    note = [line for line in check_text(folder)[0].splitlines() if "W205" in line]
    # 'twoo' and 'tow' may be scenes of 02-more.yaml (2), and what the path and usage checks
    # would say of the story without it (5).
    assert note == [
        f"{folder}/02-more.yaml:1:1: warning[W205]: 7 checks skipped because "
        f"'{folder}/02-more.yaml' could not be read"
    ]


def test_a_scene_without_an_id_holds_back_the_references_it_may_have_answered(
    tmp_path: Path,
) -> None:
    # 'goto: side' may name the scene whose id is missing: not also an E104.
    chapter = _edit("  - id: side\n    text: A detour.\n", "  - text: A detour.\n")
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:17:5: error[E102]: a scene has no 'id'",
        "   = help: add id: to it",
        SKIPPED_ONE,
        "DIR: 1 error, 1 warning (3 scenes, 1 fact, 1 question)",
    ]


def test_variables_in_a_condition_that_failed_to_read_are_not_called_unused(
    tmp_path: Path,
) -> None:
    chapter = _edit('if: "flag and count >= 1"', 'if: "flag and (count >= 1"')
    manifest = _edit("count: 0", "count: 0\n  spare: 1", BASE_MANIFEST)
    assert _said(tmp_path, chapter, manifest) == [
        "DIR/01-main.yaml:30:34: error[E108]: condition: expected ')' to close '(' at column 10",
        "DIR/story.yaml:10:3: warning[W203]: variable 'spare' is never used in a condition",
        "DIR: 1 error, 1 warning (4 scenes, 1 fact, 1 question)",
    ]


def test_a_path_over_200_characters_is_cut_in_the_skipped_note(tmp_path: Path) -> None:
    name = "/01-main.yaml"
    folder = tmp_path / ("s" * (201 - len(str(tmp_path)) - 1 - len(name)))
    write_story(folder, {"story.yaml": BASE_MANIFEST, "01-main.yaml": "\tchapter:\n"})
    chapter = f"{folder}{name}"
    assert len(chapter) == 201
    note = [line for line in check_text(folder)[0].splitlines() if "W205" in line]
    assert note == [
        f"{chapter}:1:1: warning[W205]: 4 checks skipped because '{chapter[:199]}…' could not "
        "be read"
    ]


WORDS_150 = " ".join(["word"] * 150)
# Unused parts: fact f1 unlocked by no scene; variables never read, or read and never set
# (a text, a truth value, a number); source 'spare-src' cited by nothing ('lonely' only by
# an exhibit, which counts); exhibit 'memo' shown nowhere and one word too long.
UNUSED_MANIFEST = _edit(
    "count: 0",
    'count: 0\n  spare: 1\n  mood: "calm"\n  calm: true\n  level: 2\n  quiet: false',
    BASE_MANIFEST,
) + (
    "  - id: lonely\n    cite: Cited by an exhibit.\n    kind: document\n"
    "  - id: spare-src\n    cite: Unused.\n    kind: document\n"
)
UNUSED_CHAPTER = _edits(
    BASE_CHAPTER,
    ("    facts: [f1]\n", ""),
    (
        'if: "flag and count >= 1"',
        'if: "flag and count >= 1 and mood == \\"calm\\" and calm and level > 1 and not quiet"',
    ),
    ("    explain: Because.\n", "    explain: Because.\n    exhibits: [note]\n"),
) + (
    f"\nexhibits:\n  - id: memo\n    source: src\n    title: A memo\n    text: {WORDS_150} more\n"
    f"  - id: note\n    source: lonely\n    title: A note\n    text: {WORDS_150}\n"
)


def test_what_is_defined_but_never_used_is_a_warning_each(tmp_path: Path) -> None:
    assert _said(tmp_path, UNUSED_CHAPTER, UNUSED_MANIFEST) == [
        "DIR/01-main.yaml:35:5: warning[W201]: fact 'f1' is never unlocked by any scene",
        "DIR/01-main.yaml:51:5: warning[W206]: exhibit 'memo' is never shown: no scene or "
        "question lists it",
        "DIR/01-main.yaml:54:11: warning[W207]: exhibit 'memo' has 151 words; keep a document "
        "to about 150 (a paraphrase, or a short quotation marked as one)",
        "DIR/story.yaml:10:3: warning[W203]: variable 'spare' is never used in a condition",
        "DIR/story.yaml:11:3: warning[W208]: variable 'mood' is read in a condition but no "
        "choice sets it or adds to it, so it is always 'calm'",
        "   = help: change it with set: or add: on a choice, or remove the condition",
        "DIR/story.yaml:12:3: warning[W208]: variable 'calm' is read in a condition but no "
        "choice sets it or adds to it, so it is always true",
        "   = help: change it with set: or add: on a choice, or remove the condition",
        "DIR/story.yaml:13:3: warning[W208]: variable 'level' is read in a condition but no "
        "choice sets it or adds to it, so it is always 2",
        "   = help: change it with set: or add: on a choice, or remove the condition",
        "DIR/story.yaml:14:3: warning[W208]: variable 'quiet' is read in a condition but no "
        "choice sets it or adds to it, so it is always false",
        "   = help: change it with set: or add: on a choice, or remove the condition",
        "DIR/story.yaml:23:5: warning[W202]: source 'spare-src' is never cited",
        "DIR: 0 errors, 9 warnings (4 scenes, 1 fact, 1 question)",
    ]


def test_a_question_after_a_scene_no_path_reaches_is_a_warning(tmp_path: Path) -> None:
    chapter = _edit(
        "    after: one\n", "    after: lost\n", _before_three(_whatif("lost", "three"))
    )
    chapter += "reflections:\n  - id: r1\n    after: lost\n    ask: Why?\n"
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:31:5: error[E114]: scene 'lost' cannot be reached from the start",
        UNREACHABLE_HELP,
        "DIR/01-main.yaml:48:12: warning[W204]: 'q1' is asked after scene 'lost', which no "
        "path reaches",
        "DIR/01-main.yaml:55:12: warning[W204]: 'r1' is asked after scene 'lost', which no "
        "path reaches",
        "DIR: 1 error, 2 warnings (5 scenes, 1 fact, 1 question)",
    ]


def _folder(tmp_path: Path, name: str, chapter: str) -> Path:
    return write_story(tmp_path / name, {"story.yaml": BASE_MANIFEST, "01-main.yaml": chapter})


def test_a_story_that_cannot_load_names_its_first_error_and_how_many(tmp_path: Path) -> None:
    one = _folder(tmp_path, "one", _edit("next: two", "next: tow"))
    with pytest.raises(StoryError) as caught:
        load_story(one)
    assert str(caught.value) == f"the story in '{one}' has an error (shown above)"
    assert caught.value.code == "E104"
    # A folder name longer than a diagnostic's quotes are cut to: a message names it whole.
    many = _folder(
        tmp_path,
        "many-" + "x" * 100,
        _edits(BASE_CHAPTER, ("next: two", "next: tow"), ("goto: two\n", "goto: tow\n")),
    )
    with pytest.raises(StoryError) as caught:
        load_story(many)
    assert str(caught.value) == (
        f"the story in '{many}' has 2 errors; the first is shown above (run "
        f"'special-tasks check {many}' to see them all)"
    )
    assert caught.value.detail is not None
    assert caught.value.detail.splitlines() == [  # the first error only
        f"{many}/01-main.yaml:11:15: error[E104]: goto names no scene 'tow' (did you mean 'two'?)",
        "   |",
        "11 |         goto: tow",
        "   |               ^^^",
        "   = help: change it to 'two', or add a scene with id: tow",
    ]
    assert load_story(_folder(tmp_path, "ok", BASE_CHAPTER)).start == "one"


def test_a_question_after_an_unreached_scene_is_not_told_beside_the_errors_that_hold_it_back(
    tmp_path: Path,
) -> None:
    # The same unreachable what-if as above, and a fact citing a source that does not exist:
    # with that error the path checks are held back (counted in W205), W204 with them.
    chapter = _edit(
        "    after: one\n", "    after: lost\n", _before_three(_whatif("lost", "three"))
    )
    chapter = _edit("    sources: [src]\n", "    sources: [nosuch]\n", chapter)
    assert _said(tmp_path, chapter) == [
        "DIR/01-main.yaml:43:15: error[E105]: sources names no source 'nosuch'",
        "   = help: correct it, or add a source with id: nosuch",
        SKIPPED_ONE,
        "DIR/story.yaml:12:5: warning[W202]: source 'src' is never cited",
        "DIR: 1 error, 2 warnings (5 scenes, 1 fact, 1 question)",
    ]


def test_a_fork_whose_two_branches_both_end_leaves_nothing_that_cannot_end(tmp_path: Path) -> None:
    # The search back from the ending meets the fork once per branch and goes on past it to
    # the start (the CLI's side of this: test_checker_paths.py).
    manifest = BASE_MANIFEST.replace("variables:\n  flag: false\n  count: 0\n\n", "")
    assert _said(tmp_path, TWO_WAYS, manifest) == [
        "DIR/story.yaml:8:5: warning[W202]: source 'src' is never cited",
        "DIR: 0 errors, 1 warning (5 scenes, 0 facts, 0 questions)",
    ]
