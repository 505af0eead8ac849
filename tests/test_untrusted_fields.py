"""Signed saves and handed-in reports with one field wrong: each is named, never a crash.

A save with a valid checksum can still be hand-made; a report is never signed. Every field
a reader checks has a case here, with the sentence the player or teacher reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.errors import SaveError
from game.saves.savefile import parse
from game.saves.store import SaveStore, read_save_file
from game.story.checker import load_story
from tests.classroom_games import MINI, save_file
from tests.conftest import run_cli
from tests.test_saves import mini_session, rewrite


def _set(record: dict[str, Any], where: str, value: Any) -> None:
    """Set a dotted path ('state.answers.0.given') in a JSON record."""
    *parents, last = where.split(".")
    node: Any = record
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value


SAVE_FIELDS = [
    ("story.version", "2", "'story.version' should be a whole number"),
    ("started_at", "yesterday", "'started_at' should be a date and time between 1970 and 9000"),
    ("state.path", "desk", "'state.path' should be a list"),
    ("state.due", [{"kind": "quiz", "id": "q-letter"}], "'state.due[0].kind' should be question "
     "or reflection"),
    ("state.answers.0.given", -1, "'state.answers[0].given' should be a whole number from 0 "
     "to 10,000"),
    ("state.variables", {"doubts": [1]}, "'state.variables' holds a bad entry 'doubts'"),
    ("state.facts", ["Letter!"], "'state.facts[0]' should be an id (lowercase letters, digits "
     "and '-')"),
    ("played_seconds", -5, "'played_seconds' should be a number of seconds"),
    ("state.log.0", "desk", "'state.log[0]' should be an object"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "value", "reason"), SAVE_FIELDS, ids=[f[0] for f in SAVE_FIELDS])
def test_a_signed_save_with_one_bad_field_names_it(
    tmp_path: Path, where: str, value: Any, reason: str
) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    record = json.loads(path.read_text(encoding="utf-8"))
    _set(record, where, value)
    rewrite(path, record, sign=True)
    with pytest.raises(SaveError) as caught:
        read_save_file(path, load_story(MINI))
    # The reason may go on with the allowed range (e.g. "from 0 to ..."): its start names it.
    assert str(caught.value).startswith(f"the save file '{path}' is damaged: {reason}")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"format": NaN}', "it is not valid JSON (nested too deep or a number too long)"),
        (b"[" * 100_000 + b"]" * 100_000, "it is not valid JSON (nested too deep or a number "
         "too long)"),
        (b'{"format": true}', "it is not a save (no save format number)"),
        (b"[1]", "it is not a save (no save format number)"),
    ],
    ids=["nan", "deep", "bool-format", "list"],
)  # fmt: skip
def test_bytes_that_are_no_save_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(SaveError) as caught:
        parse(data, "slot.json")
    assert str(caught.value) == f"the save file 'slot.json' is damaged: {reason}"


# --- reports handed in to `class` ----------------------------------------------------
REPORT_FIELDS = [
    ("player", 7, "'player' should be text"),
    ("finished", "yes", "'finished' should be true or false"),
    ("chapter.number", -1, "'chapter.number' should be a whole number"),
    ("played_seconds", "long", "'played_seconds' should be a number of seconds"),
    ("debrief", {}, "'debrief' should be a list"),
    ("story", [], "'story' should be an object"),
    ("questions.0.facts", "letter", "'questions[0].facts' should be a list"),
]


def test_each_bad_report_field_is_one_skip_note(tmp_path: Path) -> None:
    made = run_cli("report", str(save_file("ana")), "--story", str(MINI), "--format", "json")
    good = json.loads(made.stdout)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "good.json").write_text(made.stdout, encoding="utf-8")
    for i, (where, value, _) in enumerate(REPORT_FIELDS):
        bad = json.loads(json.dumps(good))
        _set(bad, where, value)
        (folder / f"bad-{i}.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "format.json").write_text(json.dumps({**good, "report_format": "1"}), "utf-8")
    result = run_cli("class", str(folder), "--story", str(MINI))
    assert result.returncode == 0, result.stderr
    # One note line names every file skipped, each with its reason.
    for i, (_, _, why) in enumerate(REPORT_FIELDS):
        assert f"a damaged report ({why}): bad-{i}.json" in result.stderr
    assert "a report without a valid report_format number: format.json" in result.stderr
    assert result.stdout.startswith("Class summary: The Letter (mini), 1 student, 1 finished\n")
    assert "Questions, most missed first\nquestion " in result.stdout
