"""Exhibits (documents to examine) and `shuffle: false`: read into the model, checked exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

from game.authoring.schema import schema_path
from game.story.checker import check_folder
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST

# The base story with two documents side by side on scene 'one', one of them with question q1.
CHAPTER = (
    BASE_CHAPTER.replace("    facts: [f1]\n", "    facts: [f1]\n    exhibits: [memo, letter]\n")
    .replace("    explain: Because.\n", "    explain: Because.\n    exhibits: [memo]\n")
    .replace("    text: Second.\n", "    text: Second.\n    shuffle: false\n")
    + """
exhibits:
  - id: memo
    source: src
    title: A memo
    date: 1940-10
    text: The memo says little.
  - id: letter
    source: src
    title: A letter
    text: The letter says more.
"""
)


def _lines(folder: Path) -> list[str]:
    """Every diagnostic as printed, paths relative to the story folder."""
    return [str(d).replace(f"{folder}/", "") for d in check_folder(folder)[1]]


def _edit(old: str, new: str) -> str:
    assert old in CHAPTER
    return CHAPTER.replace(old, new, 1)


def test_exhibits_and_shuffle_are_read_into_the_model(make_story: Callable[..., Path]) -> None:
    story, items = check_folder(make_story(chapter=CHAPTER))
    assert items == []
    assert story is not None
    assert list(story.exhibits) == ["memo", "letter"]
    memo = story.exhibits["memo"]
    assert (memo.source, memo.title, memo.date, memo.text) == (
        "src",
        "A memo",
        "1940-10",
        "The memo says little.",
    )
    assert story.exhibits["letter"].date is None
    assert story.scenes["one"].exhibits == ("memo", "letter")
    assert story.scenes["one"].shuffle is True
    assert story.scenes["two"].shuffle is False
    assert story.scenes["two"].exhibits == ()
    (question,) = story.questions
    assert (question.exhibits, question.shuffle) == (("memo",), True)
    assert str(memo.where("source")).endswith("01-main.yaml:55:13")


def test_a_scene_naming_an_unknown_exhibit_is_an_error_with_a_suggestion(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=_edit("exhibits: [memo, letter]", "exhibits: [memo, leter]"))
    assert _lines(folder) == [
        "01-main.yaml:9:22: error[E105]: exhibits names no exhibit 'leter' "
        "(did you mean 'letter'?)",
        "01-main.yaml:59:5: warning[W206]: exhibit 'letter' is never shown: "
        "no scene or question lists it",
    ]


def test_a_question_naming_an_unknown_exhibit_is_an_error(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=_edit("    exhibits: [memo]\n", "    exhibits: [nothing]\n"))
    assert _lines(folder) == [
        "01-main.yaml:51:16: error[E105]: exhibits names no exhibit 'nothing'",
    ]


def test_a_duplicate_exhibit_id_is_an_error_naming_the_first(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=_edit("  - id: letter\n", "  - id: memo\n"))
    assert _lines(folder) == [
        "01-main.yaml:59:5: error[E106]: duplicate exhibit id 'memo' "
        "(first defined at 01-main.yaml:54:5)",
        "01-main.yaml:9:22: error[E105]: exhibits names no exhibit 'letter'",
    ]


def test_an_exhibit_listed_twice_in_one_scene_is_an_error(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=_edit("exhibits: [memo, letter]", "exhibits: [memo, memo]"))
    assert _lines(folder) == [
        "01-main.yaml:9:22: error[E106]: scene 'one' lists the exhibit 'memo' twice",
        "01-main.yaml:59:5: warning[W206]: exhibit 'letter' is never shown: "
        "no scene or question lists it",
    ]


def test_an_exhibit_with_an_unknown_source_is_an_error(make_story: Callable[..., Path]) -> None:
    folder = make_story(
        chapter=_edit(
            "    source: src\n    title: A letter", "    source: scr\n    title: A letter"
        )
    )
    assert _lines(folder) == [
        "01-main.yaml:60:13: error[E105]: source names no source 'scr' (did you mean 'src'?)",
    ]


def test_an_exhibit_has_exactly_one_source(make_story: Callable[..., Path]) -> None:
    folder = make_story(
        chapter=_edit(
            "    source: src\n    title: A letter", "    source: [src]\n    title: A letter"
        )
    )
    assert _lines(folder) == [
        "01-main.yaml:60:13: error[E103]: 'source' in exhibit 'letter' must be one source id, "
        "not a list; an exhibit comes from exactly one source",
    ]


def test_an_exhibit_never_shown_is_a_warning(make_story: Callable[..., Path]) -> None:
    folder = make_story(chapter=_edit("    exhibits: [memo, letter]\n", ""))
    assert _lines(folder) == [
        "01-main.yaml:58:5: warning[W206]: exhibit 'letter' is never shown: "
        "no scene or question lists it",
    ]


def test_an_exhibit_text_over_150_words_is_a_warning(make_story: Callable[..., Path]) -> None:
    long = " ".join(["word"] * 151)
    folder = make_story(chapter=_edit("text: The letter says more.", f"text: {long}"))
    assert _lines(folder) == [
        "01-main.yaml:62:11: warning[W207]: exhibit 'letter' has 151 words; keep a document "
        "to about 150 (a paraphrase, or a short quotation marked as one)",
    ]
    at_limit = " ".join(["word"] * 150)
    assert (
        _lines(make_story(chapter=_edit("text: The letter says more.", f"text: {at_limit}"))) == []
    )


def test_a_source_cited_only_by_an_exhibit_counts_as_cited(
    make_story: Callable[..., Path],
) -> None:
    manifest = BASE_MANIFEST + '  - id: diary\n    cite: "A Diary, 1940."\n    kind: document\n'
    chapter = _edit(
        "    source: src\n    title: A letter", "    source: diary\n    title: A letter"
    )
    assert _lines(make_story(chapter=chapter, manifest=manifest)) == []
    assert _lines(make_story(manifest=manifest)) == [
        "story.yaml:15:5: warning[W202]: source 'diary' is never cited",
    ]


def test_shuffle_must_be_true_or_false(make_story: Callable[..., Path]) -> None:
    folder = make_story(chapter=_edit("    shuffle: false\n", "    shuffle: never\n"))
    assert _lines(folder) == [
        "01-main.yaml:24:14: error[E103]: 'shuffle' in scene 'two' must be true or false, not text",
    ]


def test_the_schema_accepts_exhibits_and_refuses_a_list_of_sources() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(CHAPTER))) == []
    bad = yaml.safe_load(
        CHAPTER.replace(
            "    source: src\n    title: A letter", "    source: [src]\n    title: A letter"
        )
    )
    assert [e.message for e in validator.iter_errors(bad)] == [
        "['src'] is not valid under any of the given schemas"
    ]
