"""The loader on hostile and mutated input: diagnostics, never exceptions or hangs."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.errors import GameError, StoryError
from game.story.checker import check_folder, load_story
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, STORIES, line_of


def _codes(folder: Path) -> list[str]:
    return [d.code for d in check_folder(folder)[1]]


def test_billion_laughs_is_refused(make_story: Callable[..., Path]) -> None:
    bomb = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        bomb += f"l{i}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 9)}]\n"
    folder = make_story(bomb=f"chapter:\n  id: bomb\n  title: Bomb\nextra:\n  {bomb}")
    (folder / "bomb.yaml").write_text(bomb)
    assert "E118" in _codes(folder)


def test_python_tags_are_refused_and_nothing_runs(make_story: Callable[..., Path]) -> None:
    marker = Path(tempfile.gettempdir()) / "special-tasks-pwned"
    chapter = BASE_CHAPTER.replace(
        "text: Second.", f"text: !!python/object/apply:os.system ['touch {marker}']"
    )
    assert "E118" in _codes(make_story(chapter=chapter))
    assert not marker.exists()


def test_deep_nesting_is_refused(make_story: Callable[..., Path]) -> None:
    folder = make_story(deep="[" * 100_000 + "]" * 100_000)
    assert "E118" in _codes(folder)


def test_huge_file_is_refused(make_story: Callable[..., Path]) -> None:
    folder = make_story(huge="# " + "x" * 2_100_000)
    assert "E118" in _codes(folder)


def test_invalid_utf8_names_its_line_and_column(make_story: Callable[..., Path]) -> None:
    folder = make_story()
    (folder / "02-bad.yaml").write_bytes(b"chapter:\n  id: bad\n  title: B\xff\n")
    (found,) = [d for d in check_folder(folder)[1] if d.code == "E118"]
    assert (found.line, found.column) == (3, 11)


def test_escape_sequences_in_text_are_refused_with_position(
    make_story: Callable[..., Path],
) -> None:
    chapter = BASE_CHAPTER.replace("text: Second.", 'text: "Second.\\e]0;pwned\\a"')
    found = [d for d in check_folder(make_story(chapter=chapter))[1] if d.code == "E119"]
    assert found and "U+001B" in found[0].message


def test_load_story_names_the_most_basic_error_first(make_story: Callable[..., Path]) -> None:
    chapter = BASE_CHAPTER.replace("next: two", "next: tow")
    with pytest.raises(StoryError) as caught:
        load_story(make_story(chapter=chapter))
    assert caught.value.code == "E104"
    assert caught.value.detail is not None
    assert "error[E104]: next names no scene 'tow'" in caught.value.detail.splitlines()[0]


def _mutate(text: str, data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["delete", "insert", "swap", "replace"]))
    if not text:
        return text
    i = data.draw(st.integers(0, len(text) - 1))
    if kind == "delete":
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        return text[:i] + text[j:]
    if kind == "insert":
        junk = data.draw(
            st.one_of(
                st.text(max_size=8),
                st.sampled_from(
                    ["[", "]", "{", "}", ": ", "- ", "&a ", "*a", "!!str ", "\t", "'", '"', "\n  "]
                ),
            )
        )
        return text[:i] + junk + text[i:]
    lines = text.splitlines(keepends=True)
    a = data.draw(st.integers(0, len(lines) - 1))
    b = data.draw(st.integers(0, len(lines) - 1))
    if kind == "swap":
        lines[a], lines[b] = lines[b], lines[a]
    else:
        lines[a] = lines[b]
    return "".join(lines)


MINI = {p.name: p.read_text(encoding="utf-8") for p in (STORIES / "mini").iterdir()}
BASE = {"story.yaml": BASE_MANIFEST, "01-main.yaml": BASE_CHAPTER}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from([MINI, BASE]))
def test_mutated_stories_give_diagnostics_never_exceptions(
    data: st.DataObject, files: dict[str, str]
) -> None:
    target = data.draw(st.sampled_from(sorted(files)))
    mutated = dict(files)
    for _ in range(data.draw(st.integers(1, 3))):
        mutated[target] = _mutate(mutated[target], data)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in mutated.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        try:
            story, items = check_folder(tmp)
        except GameError:
            return
        for item in items:
            assert item.line >= 1 and item.column >= 1 and item.code
            assert item.file.endswith(tuple(mutated)), item.file
        if story is not None and not any(d.is_error for d in items):
            # Checked clean, so it loads, and as the same story the checker saw.
            assert load_story(tmp) == story


WRONG_TYPES = [
    # (file, old text, new text, code, message fragment, needle on the reported line)
    (
        "chapter",
        "    text: First.",
        "    text: [First.]",
        "E103",
        "must be text, not a list",
        "[First.]",
    ),
    ("chapter", "    text: First.", "    text:", "E103", "'text' in scene 'one' is empty", "text:"),
    ("chapter", "    text: First.", '    text: "  "', "E121", "is empty", '"  "'),
    (
        "chapter",
        "    answer: 0",
        "    answer: first",
        "E103",
        "must be a whole number, not text",
        "first",
    ),
    ("chapter", "    answer: 0", "    answer: 1.5", "E103", "not a decimal number", "1.5"),
    (
        "chapter",
        "    end: true",
        "    end: 3",
        "E103",
        "must be true or false, not a number",
        "end: 3",
    ),
    (
        "chapter",
        "        history: true",
        "        history: yes please",
        "E103",
        "true or false",
        "yes please",
    ),
    (
        "chapter",
        "    facts: [f1]",
        "    facts: {f1: 1}",
        "E103",
        "must be a list of ids",
        "{f1: 1}",
    ),
    ("chapter", "    facts: [f1]", "    facts: [[f1]]", "E103", "must list ids", "[[f1]]"),
    (
        "chapter",
        "scenes:\n",
        "scenes:\n  - oops\n",
        "E103",
        "must be a mapping, not text",
        "- oops",
    ),
    (
        "chapter",
        "    text: First.",
        "    text: First.\n    date: 1940-13",
        "E121",
        "YYYY-MM",
        "date:",
    ),
    (
        "manifest",
        "  version: 1",
        "  version: one",
        "E103",
        "whole number, not text",
        "version: one",
    ),
]


@pytest.mark.parametrize(("where", "old", "new", "code", "fragment", "needle"), WRONG_TYPES)
def test_wrong_types_are_named_with_file_and_line(
    make_story: Callable[..., Path],
    where: str,
    old: str,
    new: str,
    code: str,
    fragment: str,
    needle: str,
) -> None:
    chapter, manifest = BASE_CHAPTER, BASE_MANIFEST
    if where == "chapter":
        assert old in chapter
        chapter = chapter.replace(old, new, 1)
        name, text = "01-main.yaml", chapter
    else:
        assert old in manifest
        manifest = manifest.replace(old, new, 1)
        name, text = "story.yaml", manifest
    folder = make_story(chapter=chapter, manifest=manifest)
    found = [d for d in check_folder(folder)[1] if d.code == code and fragment in d.message]
    assert found, [str(d) for d in check_folder(folder)[1]]
    assert Path(found[0].file).name == name
    assert found[0].line == line_of(text, needle)


def test_unquoted_text_is_kept_as_written(make_story: Callable[..., Path]) -> None:
    # YAML would read these as true, false, 1.1 and 7; in a text field the author meant words.
    chapter = (
        BASE_CHAPTER.replace("options: [a, b]", "options: [Yes, No, 1.10, 2020-01-01]")
        .replace("text: Go on.", "text: yes")
        .replace("title: Fact one", "title: 007")
    )
    story, diags = check_folder(make_story(chapter=chapter))
    assert story is not None and not [d for d in diags if d.is_error]
    (question,) = story.questions
    assert question.options == ("Yes", "No", "1.10", "2020-01-01")
    assert story.scenes["one"].choices[0].text == "yes"
    assert story.facts["f1"].title == "007"
