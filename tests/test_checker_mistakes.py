"""The author's typical mistakes, each with the exact output of `special-tasks check`: one
error, first, with its line of source, a caret under the mistake and a help: line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_CHAPTER, run_cli

# (mistake, text of the base chapter, what the author wrote instead, the whole output with
# DIR for the story folder)
MISTAKES = [
    (
        "equals-in-condition",
        'if: "flag and count >= 1"',
        'if: "flag and count = 1"',
        (
            "DIR/01-main.yaml:30:29: error[E108]: condition: unexpected character '='\n"
            "   |\n"
            '30 |         if: "flag and count = 1"\n'
            "   |                             ^\n"
            "   = help: use == to compare (a single = is not allowed)\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "tab",
        "    text: First.",
        "\ttext: First.",
        (
            "DIR/01-main.yaml:7:1: error[E100]: YAML syntax error: a tab character in the "
            "indentation (YAML indents with spaces only)\n"
            "  |\n"
            "7 |     text: First.\n"
            "  | ^^^^\n"
            "  = help: replace the tab with spaces, lining the field up with the ones above it\n"
            "\n"
            "DIR/01-main.yaml:1:1: warning[W205]: 4 checks skipped because "
            "'DIR/01-main.yaml' could not be read\n"
            "  |\n"
            "1 | chapter:\n"
            "  | ^^^^^^^\n"
            "\n"
            "DIR: 1 error, 1 warning (0 scenes, 0 facts, 0 questions)\n"
        ),
    ),
    (
        # libyaml's C parser says only "found character that cannot start any token".
        "tab-before-a-list-item",
        "  - id: side",
        "\t- id: side",
        (
            "DIR/01-main.yaml:17:1: error[E100]: YAML syntax error: a tab character in the "
            "indentation (YAML indents with spaces only)\n"
            "   |\n"
            "17 |     - id: side\n"
            "   | ^^^^\n"
            "   = help: replace the tab with spaces, lining the field up with the ones above it\n"
            "\n"
            "DIR/01-main.yaml:1:1: warning[W205]: 4 checks skipped because "
            "'DIR/01-main.yaml' could not be read\n"
            "  |\n"
            "1 | chapter:\n"
            "  | ^^^^^^^\n"
            "\n"
            "DIR: 1 error, 1 warning (0 scenes, 0 facts, 0 questions)\n"
        ),
    ),
    (
        "unknown-goto",
        "goto: two",
        "goto: tow",
        (
            "DIR/01-main.yaml:11:15: error[E104]: goto names no scene 'tow' (did you mean "
            "'two'?)\n"
            "   |\n"
            "11 |         goto: tow\n"
            "   |               ^^^\n"
            "   = help: change it to 'two', or add a scene with id: tow\n"
            "\n"
            "DIR/story.yaml:2:3: warning[W205]: 3 checks skipped because of the errors "
            "above; fix them and check again\n"
            "  |\n"
            "2 |   id: base\n"
            "  |   ^^\n"
            "\n"
            "DIR: 1 error, 1 warning (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "missing-sources",
        "    sources: [src]\n",
        "",
        (
            "DIR/01-main.yaml:36:5: error[E102]: fact 'f1' has no 'sources'\n"
            "   |\n"
            "36 |   - id: f1\n"
            "   |     ^^\n"
            "   = help: add sources: with the ids of the sources in story.yaml it rests on, "
            "e.g. sources: [my-source]\n"
            "\n"
            "DIR/story.yaml:2:3: warning[W205]: 1 check skipped because of the errors above; "
            "fix them and check again\n"
            "  |\n"
            "2 |   id: base\n"
            "  |   ^^\n"
            "\n"
            "DIR: 1 error, 1 warning (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "history-with-if",
        "        goto: two\n        history: true\n",
        "        goto: two\n        history: true\n        if: flag\n",
        (
            "DIR/01-main.yaml:13:13: error[E124]: the historical choice 'two' in scene 'one' "
            "has an 'if:', so a player may be unable to take what really happened\n"
            "   |\n"
            "13 |         if: flag\n"
            "   |             ^^^^\n"
            "   = help: remove the 'if:', or put the condition on a what-if choice\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "historical-cycle",
        "    text: The end.\n    end: true\n",
        "    text: The end.\n    next: one\n",
        (
            "DIR/01-main.yaml:33:11: error[E125]: the historical path runs in a circle: one "
            "→ two → three → one; what really happened must reach an ending\n"
            "   |\n"
            "33 |     next: one\n"
            "   |           ^^^\n"
            "   = help: lead one scene of the circle on towards an ending, or mark another "
            "choice with history: true\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "line-break-in-title",
        "    title: Fact one\n",
        "    title: |\n      Fact\n      one\n",
        (
            "DIR/01-main.yaml:37:12: error[E123]: 'title' in fact 'f1' must be one line, but "
            "it has a line break after 4 characters\n"
            "   |\n"
            "37 |     title: |\n"
            "   |            ^\n"
            "   = help: write it on one line, without '|'; long text belongs in 'text'\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "unknown-field",
        "text: Second.",
        "txet: Second.",
        (
            "DIR/01-main.yaml:22:5: error[E101]: unknown field 'txet' in scene 'two' (did "
            "you mean 'text'?)\n"
            "   |\n"
            "22 |     txet: Second.\n"
            "   |     ^^^^\n"
            "   = help: rename it to 'text'\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "duplicate-id",
        "  - id: two\n    text: Second.",
        "  - id: side\n    text: A second detour.\n    reality: Nobody.\n    next: two\n  - "
        "id: two\n    text: Second.",
        (
            "DIR/01-main.yaml:21:5: error[E106]: duplicate scene id 'side' (first defined at "
            "DIR/01-main.yaml:17:5)\n"
            "   |\n"
            "21 |   - id: side\n"
            "   |     ^^\n"
            "   = help: give this scene an id of its own (ids are unique across all the "
            "story's files)\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "bad-date",
        "  - id: two\n    text: Second.",
        "  - id: two\n    date: 1940-13-01\n    text: Second.",
        (
            "DIR/01-main.yaml:22:11: error[E121]: date '1940-13-01' in scene 'two' must be "
            "YYYY, YYYY-MM or YYYY-MM-DD\n"
            "   |\n"
            "22 |     date: 1940-13-01\n"
            "   |           ^^^^^^^^^^\n"
            "   = help: write a year, a month or a day, e.g. 1940, 1940-08 or 1940-08-20 "
            "(months 01 to 12, days 01 to 31)\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
    (
        "markdown-heading",
        "    text: Second.",
        "    text: |\n      # Second\n      The road goes on.",
        (
            "DIR/01-main.yaml:22:11: error[E126]: 'text' in scene 'two' contains a heading "
            "('#'), which story text does not allow\n"
            "   |\n"
            "22 |     text: |\n"
            "   |           ^\n"
            "   = help: use paragraphs, *emphasis*, **strong**, > quotes and lists only; "
            "name a source in words instead of linking to it\n"
            "\n"
            "DIR: 1 error, 0 warnings (4 scenes, 1 fact, 1 question)\n"
        ),
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_a_typical_mistake_is_one_error_shown_first_with_its_fix(
    make_story: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    assert old in BASE_CHAPTER
    folder = make_story(chapter=BASE_CHAPTER.replace(old, new, 1))
    done = run_cli("check", str(folder))
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout == expected.replace("DIR", str(folder))
    lines = done.stdout.splitlines()
    assert done.stdout.count("error[") == 1
    assert "error[" in lines[0]
    assert lines[4].lstrip().startswith("= help: ")
    assert lines[-1].startswith(f"{folder}: 1 error, ")
