"""Every checker error class, each asserting its code, file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.story.checker import check_folder
from game.story.diagnostic import Diagnostic
from game.story.diagnostics import CODES, report_order
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, line_of

CH = "01-main.yaml"
MF = "story.yaml"

# (case id, file edited, old text, new text, expected code, needle on the expected line)
CASES = [
    ("yaml-syntax", CH, "    text: First.", "\ttext: First.", "E100", "\ttext: First."),
    ("unknown-field", CH, "text: Second.", "txet: Second.\n    text: Second.", "E101", "txet"),
    (
        "missing-required",
        CH,
        "  - id: side\n    text: A detour.\n",
        "  - id: side\n",
        "E102",
        "id: side",
    ),
    (
        "wrong-type",
        CH,
        "history: true\n      - text: Wander.",
        "history: yes please\n      - text: Wander.",
        "E103",
        "yes please",
    ),
    ("goto-missing-scene", CH, "goto: two", "goto: tow", "E104", "goto: tow"),
    ("next-missing-scene", CH, "next: two", "next: twoo", "E104", "next: twoo"),
    ("start-missing-scene", MF, "start: one", "start: onee", "E104", "start: onee"),
    ("after-missing-scene", CH, "after: one", "after: uno", "E104", "after: uno"),
    ("facts-missing", CH, "facts: [f1]", "facts: [f2]", "E105", "facts: [f2]"),
    ("sources-missing", CH, "sources: [src]", "sources: [scr]", "E105", "sources: [scr]"),
    ("duplicate-id", CH, "  - id: three\n", "  - id: two  # again\n", "E106", "# again"),
    ("undeclared-variable", CH, "set: {flag: true}", "set: {flga: true}", "E107", "flga"),
    (
        "condition-syntax",
        CH,
        'if: "flag and count >= 1"',
        'if: "flag and (count >= 1"',
        "E108",
        "if:",
    ),
    ("answer-out-of-range", CH, "answer: 0", "answer: 5", "E109", "answer: 5"),
    ("scene-two-ways", CH, "next: two", "next: two\n    end: true", "E110", "id: side"),
    (
        "no-history-choice",
        CH,
        "    choices:\n      - text: Finish.\n        goto: three\n        history: true",
        "    choices:\n      - text: Finish.  # here\n        goto: three",
        "E111",
        "# here",
    ),
    ("reality-missing", CH, "    reality: Nobody wandered.\n", "", "E112", "id: side"),
    ("not-converging", CH, "next: two", "next: side", "E113", "id: side"),
    (
        "unreachable",
        CH,
        "  - id: three\n",
        "  - id: lost\n    text: Lost.\n    reality: x\n    next: three\n  - id: three\n",
        "E114",
        "id: lost",
    ),
    ("duplicate-choice-id", CH, "id: bold", "id: three", "E116", "text: Finish boldly."),
    (
        "disputed-without-dispute",
        CH,
        "certainty: established",
        "certainty: disputed",
        "E117",
        "id: f1",
    ),
    (
        "unsafe-tag",
        CH,
        "text: Second.",
        "text: !!python/object/apply:os.system [ls]",
        "E118",
        "!!python",
    ),
    ("control-character", CH, "text: Second.", 'text: "Sec\\e[2Jond."', "E119", "Sec"),
    ("invalid-id", CH, "  - id: side\n", "  - id: Side_Scene\n", "E121", "Side_Scene"),
]


def _diagnostics(folder: Path) -> list[Diagnostic]:
    return check_folder(folder)[1]


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "needle"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_error_class_is_reported_with_code_file_and_line(
    make_story: Callable[..., Path], file: str, old: str, new: str, code: str, needle: str
) -> None:
    chapter, manifest = BASE_CHAPTER, BASE_MANIFEST
    if file == CH:
        assert old in chapter
        chapter = chapter.replace(old, new, 1)
        text = chapter
    else:
        assert old in manifest
        manifest = manifest.replace(old, new, 1)
        text = manifest
    folder = make_story(chapter=chapter, manifest=manifest)
    found = [d for d in _diagnostics(folder) if d.code == code]
    assert found, f"no {code}: {[str(d) for d in _diagnostics(folder)]}"
    assert found[0].file.endswith(file)
    assert found[0].line == line_of(text, needle)
    assert found[0].severity == "error"


def test_the_base_story_is_clean(make_story: Callable[..., Path]) -> None:
    assert _diagnostics(make_story()) == []


def test_goto_to_missing_scene_names_it_with_a_suggestion_and_column(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=BASE_CHAPTER.replace("goto: two", "goto: tow", 1))
    (found,) = [d for d in _diagnostics(folder) if d.code == "E104"]
    line = line_of(BASE_CHAPTER.replace("goto: two", "goto: tow", 1), "goto: tow")
    assert str(found).endswith(
        f"01-main.yaml:{line}:15: error[E104]: goto names no scene 'tow' (did you mean 'two'?)"
    )


def test_unknown_field_suggests_the_right_name(make_story: Callable[..., Path]) -> None:
    folder = make_story(chapter=BASE_CHAPTER.replace("text: Second.", "txt: Second.", 1))
    messages = [d.message for d in _diagnostics(folder)]
    assert "unknown field 'txt' in scene 'two' (did you mean 'text'?)" in messages


def test_condition_error_column_points_inside_the_expression(
    make_story: Callable[..., Path],
) -> None:
    chapter = BASE_CHAPTER.replace('if: "flag and count >= 1"', 'if: "flag and cuont >= 1"')
    (found,) = [d for d in _diagnostics(make_story(chapter=chapter)) if d.code == "E107"]
    line_text = chapter.splitlines()[found.line - 1]
    assert line_text[found.column - 1 :].startswith("cuont")
    assert "did you mean 'count'?" in found.message


def test_many_mistakes_are_all_reported_in_one_run_sorted(
    make_story: Callable[..., Path],
) -> None:
    chapter = (
        BASE_CHAPTER.replace("goto: two", "goto: tow", 1)
        .replace("sources: [src]", "sources: [scr]")
        .replace("answer: 0", "answer: 9")
        .replace("text: Second.", "txet: Second.\n    text: Second.")
    )
    found = _diagnostics(make_story(chapter=chapter))
    assert {"E104", "E105", "E109", "E101"} <= {d.code for d in found}
    assert found == sorted(found, key=report_order)
    # Fields before references: the E101 comes first though it is on a later line.
    assert [d.code for d in found][:2] == ["E101", "E109"]


def test_warnings_for_unused_fact_source_variable_and_unreachable_question(
    make_story: Callable[..., Path],
) -> None:
    manifest = BASE_MANIFEST + "  - id: lonely\n    cite: Unused.\n    kind: document\n"
    manifest = manifest.replace("count: 0", "count: 0\n  spare: 1")
    chapter = BASE_CHAPTER.replace("    facts: [f1]\n", "")
    codes = {d.code for d in _diagnostics(make_story(chapter=chapter, manifest=manifest))}
    assert {"W201", "W202", "W203"} <= codes


def test_ending_off_the_historical_path_is_an_error(make_story: Callable[..., Path]) -> None:
    chapter = BASE_CHAPTER.replace("    next: two\n", "    end: true\n")
    codes = {d.code for d in _diagnostics(make_story(chapter=chapter))}
    assert "E120" in codes


def test_a_circle_on_the_historical_path_is_one_error_showing_the_circle(
    make_story: Callable[..., Path],
) -> None:
    chapter = BASE_CHAPTER.replace(
        "    text: The end.\n    end: true\n", "    text: The end.\n    next: two\n"
    )
    found = _diagnostics(make_story(chapter=chapter))
    assert [(d.code, d.line, d.column) for d in found] == [
        ("E125", line_of(chapter, "text: The end.") + 1, 11)
    ]
    assert found[0].message == (
        "the historical path runs in a circle: two → three → two; what really happened "
        "must reach an ending"
    )


def test_every_code_used_in_tests_is_documented() -> None:
    for case in CASES:
        assert case[4] in CODES


def test_docs_list_every_code_with_its_meaning() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "checker-codes.md").read_text()
    for code, meaning in CODES.items():
        severity = "error" if code.startswith("E") else "warning"
        assert f"| {code} | {severity} | {meaning} |" in doc
