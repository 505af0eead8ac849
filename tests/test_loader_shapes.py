"""Story files of the wrong shape: each gives its one diagnostic, with the right code and line.

The base story (tests/conftest.py) with one edit per case; the diagnostic must name what is
wrong in words a story author can act on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.errors import UsageError
from game.story.checker import check_folder
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, line_of, write_story

CH, MF = "01-main.yaml", "story.yaml"

# (case, file, old text, new text, code, message, needle on the reported line)
CASES = [
    ("variables-not-mapping", MF, "variables:\n  flag: false\n  count: 0\n",
     "variables: [flag]\n", "E103", "'variables' must be a mapping of name: value",
     "variables: [flag]"),
    ("variable-keyword-name", MF, "  count: 0\n", "  count: 0\n  visited: 1\n", "E121",
     "'visited' cannot be a variable name", "visited: 1"),
    ("variable-null-start", MF, "  count: 0\n", "  count: 0\n  empty: null\n", "E103",
     "variable 'empty' must start as true/false, a whole number or text, not nothing (null)",
     "empty: null"),
    ("variable-mapping-start", MF, "  count: 0\n", "  count: 0\n  deep: {a: 1}\n", "E103",
     "variable 'deep' must start as true/false, a whole number or text, not a mapping",
     "deep: {a: 1}"),
    ("source-kind", MF, "kind: scholarship", "kind: scholarshp", "E121",
     "source kind 'scholarshp' must be one of", "kind: scholarshp"),
    ("chapter-without-scenes", CH, "scenes:\n", "scenez:\n", "E102",
     "the chapter has no 'scenes'", "id: main"),
    ("effects-not-mapping", CH, "set: {flag: true}", "set: [flag]", "E103",
     "'set' must be a mapping of variable: value", "set: [flag]"),
    ("add-to-a-flag", CH, "add: {count: 1}", "add: {flag: 1}", "E103",
     "'add' needs a whole-number variable and amount; 'flag' is true/false and the amount is "
     "a number", "add: {flag: 1}"),
    ("set-wrong-kind", CH, "set: {flag: true}", "set: {flag: 3}", "E103",
     "variable 'flag' holds true/false, so it cannot be set to a number",
     "set: {flag: 3}"),
    ("condition-not-text", CH, 'if: "flag and count >= 1"', "if: [flag]", "E103",
     "'if' must be a condition written as text", "if: [flag]"),
    ("certainty-unknown", CH, "certainty: established", "certainty: sure", "E121",
     "certainty 'sure' must be one of", "certainty: sure"),
    ("fact-without-source", CH, "    sources: [src]\n", "    sources: []\n", "E105",
     "fact 'f1' cites no source", "sources: []"),
    ("option-not-text", CH, "options: [a, b]", "options: [a, [b]]", "E103",
     "each option of question 'q1' must be text", "options: [a, [b]]"),
    ("one-option", CH, "options: [a, b]", "options: [a]", "E121",
     "question 'q1' needs at least two options", "options: [a]"),
    ("scenes-not-list", CH, "scenes:\n  - id: one\n", "scenes: {}\nx:\n  - id: one\n", "E103",
     "'scenes' must be a list", "scenes: {}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "message", "needle"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_wrong_shape_is_one_diagnostic_at_its_line(
    tmp_path: Path, file: str, old: str, new: str, code: str, message: str, needle: str
) -> None:
    texts = {MF: BASE_MANIFEST, CH: BASE_CHAPTER}
    assert old in texts[file], old
    texts[file] = texts[file].replace(old, new, 1)
    _, found = check_folder(write_story(tmp_path / "story", texts))
    matching = [d for d in found if d.code == code and message in d.message]
    assert matching, [str(d) for d in found]
    assert matching[0].file.endswith(file)
    assert matching[0].line == line_of(texts[file], needle)


def test_an_empty_chapter_file_is_named(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "story", {MF: BASE_MANIFEST, CH: BASE_CHAPTER, "02-x.yaml": ""})
    _, found = check_folder(folder)
    assert [(d.code, d.message, d.line) for d in found if d.file.endswith("02-x.yaml")] == [
        ("E102", "the file is empty", 1)
    ]


def test_a_manifest_without_chapter_files_is_named(tmp_path: Path) -> None:
    _, found = check_folder(write_story(tmp_path / "story", {MF: BASE_MANIFEST}))
    assert ("E102", "the story has no chapter files beside story.yaml") in [
        (d.code, d.message) for d in found
    ]


def test_two_manifests_are_refused(tmp_path: Path) -> None:
    folder = write_story(
        tmp_path / "story", {MF: BASE_MANIFEST, "story.yml": BASE_MANIFEST, CH: BASE_CHAPTER}
    )
    with pytest.raises(UsageError) as caught:
        check_folder(folder)
    assert str(caught.value) == f"'{folder}' has both story.yaml and story.yml; keep one"
