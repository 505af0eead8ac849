"""Signed saves and handed-in reports with one field wrong: each is named, never a crash.

A save with a valid checksum can still be hand-made; a report is never signed. Every field
a reader checks has a case here, with the sentence the player or teacher reads.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from game.engine.engine import ReflectionEntry
from game.errors import SaveError
from game.saves.record import SaveDamaged, SavedAnswer
from game.saves.savefile import encode, parse
from game.saves.store import SaveStore, read_save_file
from game.story.checker import load_story
from tests.classroom_games import MINI, save_file
from tests.conftest import run_cli
from tests.test_saves import mini_session, rewrite
from tests.test_saves_trust import _sign


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


# --- each bound of a signed save, on both sides ------------------------------------------
def _signed_edit(where: str, value: Any) -> bytes:
    """The mini story's save with one field set (a path ending in '-' deletes it), signed
    by the test's own sha256 of the canonical JSON, never by the game's code."""
    data, _ = encode(mini_session(), "2026-01-05T10:00:00+00:00")
    record = json.loads(data)
    if where.endswith("-"):
        *parents, last = where[:-1].split(".")
        node: Any = record
        for key in parents:
            node = node[key]
        del node[last]
    else:
        _set(record, where, value)
    return json.dumps(_sign(record)).encode("utf-8")


ACCEPTED = [
    ("played_seconds", 0, "played_seconds", 0.0),
    ("played_seconds", 10_000_000, "played_seconds", 10_000_000.0),
    ("saved_at", "1970-01-01T00:00:00+00:00", "saved_at", "1970-01-01T00:00:00+00:00"),
    ("saved_at", "9000-12-31T23:59:59+00:00", "saved_at", "9000-12-31T23:59:59+00:00"),
    ("story.version", 0, "story_version", 0),
    ("story.version", 1_000_000_000, "story_version", 1_000_000_000),
    ("state.answers.0.given", 10_000, "answers", (SavedAnswer("q-letter", 10_000, "A gun"),)),
    ("state.scene", "s" * 200, "scene", "s" * 200),
    ("state.variables.doubts", 10**15, "variables", {"careful": False, "doubts": 10**15}),
    ("state.variables.doubts", -(10**15), "variables", {"careful": False, "doubts": -(10**15)}),
    ("state.variables.doubts", "a\x1b[2Jb", "variables",
     {"careful": False, "doubts": "a\ufffd[2Jb"}),
    ("state.seed", 0, "seed", 0),
    ("state.seed", 2**63 - 1, "seed", 2**63 - 1),
    ("state.seed-", None, "seed", None),
    ("player", None, "player", None),
    ("player-", None, "player", None),
    ("story.folder-", None, "story_folder", None),
    ("state.pending_reality-", None, "pending_reality", ()),
    ("state.pending_reality", ["desk"], "pending_reality", ("desk",)),
    ("state.documents-", None, "documents", ()),
    ("state.documents", ["letter-copy"], "documents", ("letter-copy",)),
    ("state.reflections", [{"reflection": "r-day", "text": None}], "reflections",
     (ReflectionEntry("r-day", None),)),
    ("state.due", [{"kind": "reflection", "id": "r-day"}], "due", (("reflection", "r-day"),)),
    ("state.going_to", "guard", "going_to", "guard"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "value", "field", "read"), ACCEPTED, ids=[f"{a[0]}={a[1]!r}"[:40] for a in ACCEPTED]
)
def test_a_signed_save_at_a_bound_is_read_exactly(
    where: str, value: Any, field: str, read: Any
) -> None:
    record = parse(_signed_edit(where, value), "f.json")
    assert getattr(record, field) == read
    assert type(getattr(record, field)) is type(read)


REFUSED = [
    ("played_seconds", 10_000_000.5, "'played_seconds' should be a number of seconds from 0 to "
     "10,000,000"),
    ("played_seconds", -0.001, "'played_seconds' should be a number of seconds from 0 to "
     "10,000,000"),
    ("played_seconds", True, "'played_seconds' should be a number of seconds from 0 to 10,000,000"),
    ("played_seconds", "5", "'played_seconds' should be a number of seconds from 0 to 10,000,000"),
    ("saved_at", "1969-12-31T23:59:59+00:00", "'saved_at' should be a date and time between 1970 "
     "and 9000"),
    ("saved_at", "9001-01-01T00:00:00+00:00", "'saved_at' should be a date and time between 1970 "
     "and 9000"),
    ("saved_at", 20260105, "'saved_at' should be text"),
    ("saved_at-", None, "'saved_at' is missing"),
    ("story.version", 1_000_000_001, "'story.version' should be a whole number from 0 to "
     "1,000,000,000"),
    ("story.version", -1, "'story.version' should be a whole number from 0 to 1,000,000,000"),
    ("story.version", True, "'story.version' should be a whole number"),
    ("story.version", 2.0, "'story.version' should be a whole number"),
    ("state.answers.0.given", 10_001, "'state.answers[0].given' should be a whole number from 0 "
     "to 10,000"),
    ("state.scene", "s" * 201, "'state.scene' should be an id (lowercase letters, digits and '-')"),
    ("state.scene", 7, "'state.scene' should be an id (lowercase letters, digits and '-')"),
    ("state.scene-", None, "'state.scene' is missing"),
    ("state.going_to", "Guard", "'state.going_to' should be an id (lowercase letters, digits and "
     "'-')"),
    ("state.path.1", "Burn", "'state.path[1]' should be an id (lowercase letters, digits and '-')"),
    ("state.variables.doubts", 10**15 + 1, "'state.variables.doubts' should be within "
     "±1,000,000,000,000,000"),
    ("state.variables.doubts", -(10**15) - 1, "'state.variables.doubts' should be within "
     "±1,000,000,000,000,000"),
    ("state.variables.doubts", 1.5, "'state.variables' holds a bad entry 'doubts'"),
    ("state.variables", {"1doubts": 1}, "'state.variables' holds a bad entry '1doubts'"),
    ("state.variables", {"doubts\n": 1}, "'state.variables' holds a bad entry 'doubts^J'"),
    ("state.variables", [], "'state.variables' should be an object"),
    ("state.seed", 2**63, "'state.seed' should be a whole number from 0 up, or null"),
    ("state.seed", -1, "'state.seed' should be a whole number from 0 up, or null"),
    ("state.seed", True, "'state.seed' should be a whole number from 0 up, or null"),
    ("state.seed", "1", "'state.seed' should be a whole number from 0 up, or null"),
    ("state.ended", "no", "'state.ended' should be true or false"),
    ("state.log.0.historical", 0, "'state.log[0].historical' should be true or false"),
    ("state.due", [{"kind": "question", "id": "Q"}], "'state.due[0].id' should be an id "
     "(lowercase letters, digits and '-')"),
    ("player", 7, "'player' should be text"),
    ("story", "mini", "'story' should be an object"),
    ("game", "B0E4F55D05032871C32C7038946757F0", "'game' should be the game's id (32 "
     "hexadecimal digits)"),
    ("game", "b0e4f55d05032871c32c7038946757f", "'game' should be the game's id (32 hexadecimal "
     "digits)"),
    ("game", 7, "'game' should be the game's id (32 hexadecimal digits)"),
    ("state.pending_reality", "desk", "'state.pending_reality' should be a list"),
    ("state.documents", [1], "'state.documents[0]' should be an id (lowercase letters, digits "
     "and '-')"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "value", "reason"), REFUSED, ids=[f"{a[0]}={a[1]!r}"[:40] for a in REFUSED]
)
def test_a_signed_save_past_a_bound_says_exactly_which(where: str, value: Any, reason: str) -> None:
    with pytest.raises(SaveDamaged) as caught:
        parse(_signed_edit(where, value), "f.json")
    assert caught.value.reason == reason
    assert str(caught.value) == f"the save file 'f.json' is damaged: {reason}"


def test_a_time_without_a_zone_is_read_as_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    # Five hours east of UTC: midnight there on 1 January 1970 is still 1969 in UTC.
    monkeypatch.setenv("TZ", "Etc/GMT-5")
    time.tzset()
    try:
        record = parse(_signed_edit("started_at", "1970-01-01T00:00:00"), "f.json")
        assert record.started_at == "1970-01-01T00:00:00"
    finally:
        monkeypatch.undo()
        time.tzset()
