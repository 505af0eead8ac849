"""Hostile story files through the real command line: one clean error each, never a traceback."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BASE_CHAPTER, line_of, run_cli

CHAPTER_HEAD = "chapter:\n  id: extra\n  title: Extra\n"
ESCAPE = 'text: "Second.\\e]0;pwned\\a"'


def _billion_laughs() -> str:
    text = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i in range(1, 10):
        text += f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n"
    return CHAPTER_HEAD + text


MARKER = Path(tempfile.gettempdir()) / "special-tasks-hostile-marker"

# name -> (file content, expected "line:col: code: message")
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "billion laughs": (
        _billion_laughs(),
        "9:10: E118: the YAML expands to more than 200000 values (too many aliases?)",
    ),
    "python object tag": (
        CHAPTER_HEAD + f"scenes: !!python/object/apply:os.system ['touch {MARKER}']\n",
        "4:9: E118: the YAML tag '!!python/object/apply:os.system' is not allowed in a story "
        "(only plain data is)",
    ),
    "10,000-deep nesting": (
        CHAPTER_HEAD + "scenes: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "4:1008: E118: the YAML is nested more than 64 levels deep",
    ),
    "file over 2 MB": (
        CHAPTER_HEAD + "# " + "x" * 2_100_000 + "\n",
        "1:1: E118: file is larger than 2,000,000 bytes",
    ),
    "escape sequence": (
        BASE_CHAPTER.replace("text: Second.", ESCAPE),
        f"{line_of(BASE_CHAPTER, 'text: Second.')}:11: E119: text contains the terminal "
        "control character U+001B (at character 8); remove it",
    ),
    "invalid UTF-8": (
        CHAPTER_HEAD.encode() + b"  subtitle: caf\xe9\n",
        "4:16: E118: the file is not UTF-8 text (save it as UTF-8)",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_story_file_is_one_clean_line_with_its_position(
    make_story: Callable[..., Path], case: str
) -> None:
    content, expected = HOSTILE[case]
    folder = make_story()
    # The escape goes into the base chapter (a valid story otherwise); the rest get a file.
    hostile = folder / ("01-main.yaml" if case == "escape sequence" else "02-extra.yaml")
    if isinstance(content, bytes):
        hostile.write_bytes(content)
    else:
        hostile.write_text(content, encoding="utf-8")
    result = run_cli("play", "--story", str(folder), "--plain", input="1\n")
    assert result.stdout == ""
    where, _, message = expected.partition(": ")
    code, _, text = message.partition(": ")
    lines = result.stderr.splitlines()
    # The error as `check` shows it (place, code, source line and caret), then the summary.
    assert lines[0] == f"{hostile}:{where}: error[{code}]: {text}"
    assert lines[-1] == f"Error: the story in '{folder}' has an error (shown above)"
    assert all(len(line) < 200 for line in lines)
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 1
    assert not MARKER.exists()


def test_a_folder_named_like_the_manifest_is_one_clean_line(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").mkdir()
    result = run_cli("play", "--story", str(tmp_path), input="")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: '{tmp_path / 'story.yaml'}' is a folder; the manifest must be a file\n"
    )


def test_a_folder_named_like_a_chapter_file_is_named_in_one_clean_line(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story()
    (folder / "02-extra.yaml").mkdir()
    result = run_cli("check", str(folder))
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: '{folder / '02-extra.yaml'}' is a folder, not a chapter file; rename or move it\n"
    )


def test_check_reports_every_hostile_file_with_its_position(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story()
    for i, case in enumerate(sorted(HOSTILE)):
        content, _ = HOSTILE[case]
        path = folder / f"{10 + i}-hostile.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    result = run_cli("check", str(folder))
    assert result.returncode == 1 and result.stderr == ""
    for i, case in enumerate(sorted(HOSTILE)):
        where, _, message = HOSTILE[case][1].partition(": ")
        code, _, text = message.partition(": ")
        line = f"{folder / f'{10 + i}-hostile.yaml'}:{where}: error[{code}]: {text}"
        assert line in result.stdout.splitlines(), case
