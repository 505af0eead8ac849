"""What `class` reads from a hand-in folder is untrusted: numbers, sizes and files checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.classroom_games import MINI
from tests.conftest import run_cli
from tests.test_class_summary import report_json


def summarise(folder: Path) -> tuple[int, str, str]:
    result = run_cli("class", str(folder), "--story", str(MINI))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    "seconds",
    ["Infinity", "-Infinity", "NaN", "1e400", "1" + "0" * 400],
    ids=["Infinity", "-Infinity", "NaN", "1e400", "10**400"],
)
def test_a_report_with_an_impossible_play_time_is_skipped(tmp_path: Path, seconds: str) -> None:
    good = json.loads(report_json("bea"))
    bad = json.loads(report_json("ana"))
    bad["played_seconds"] = 0.5
    (tmp_path / "bea.json").write_text(json.dumps(good), encoding="utf-8")
    text = json.dumps(bad).replace('"played_seconds": 0.5', f'"played_seconds": {seconds}')
    (tmp_path / "ana.json").write_text(text, encoding="utf-8")
    code, out, err = summarise(tmp_path)
    assert code == 0 and "Bea" in out and "Ana" not in out
    assert "ana.json" in err


def test_a_report_listing_more_than_ten_thousand_decisions_is_skipped(tmp_path: Path) -> None:
    good = json.loads(report_json("bea"))
    huge = json.loads(report_json("ana"))
    huge["debrief"] = huge["debrief"][:1] * 10_001
    (tmp_path / "bea.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "ana.json").write_text(json.dumps(huge), encoding="utf-8")
    code, out, err = summarise(tmp_path)
    assert code == 0 and "Ana" not in out
    assert "'debrief' has more than 10,000 entries" in err


@pytest.mark.skipif(os.name == "nt", reason="needs a FIFO")
def test_a_fifo_among_the_hand_ins_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "bea.json").write_text(report_json("bea"), encoding="utf-8")
    os.mkfifo(tmp_path / "ana.json")
    code, out, _ = summarise(tmp_path)
    assert code == 0 and "Bea" in out
