"""One hand-in file: the HTML report a person reads carries the JSON report `class` reads,
and prints what a teacher reads first (summary, debrief, answers, reflections) first."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from game.classroom.handin import embedded_json
from tests.classroom_games import MINI, save_file
from tests.conftest import run_cli


def report(slot: str, fmt: str) -> str:
    result = run_cli("report", str(save_file(slot)), "--story", str(MINI), "--format", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_html_report_carries_the_json_report_as_inert_data() -> None:
    page = report("ana", "html")
    assert embedded_json(page) == json.loads(report("ana", "json"))
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script type="application/json" id="special-tasks-report">']
    # The student's markup in a reflection cannot close the block: it is escaped inside it.
    block = page.split(scripts[0], 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003cb\\u003eread\\u003c/b\\u003e" in block


def test_class_reads_html_hand_ins_as_it_reads_json_ones(tmp_path: Path) -> None:
    html, as_json = tmp_path / "html", tmp_path / "json"
    for slot in ("ana", "bea", "cy"):
        html.mkdir(exist_ok=True)
        as_json.mkdir(exist_ok=True)
        (html / f"{slot}.html").write_text(report(slot, "html"), encoding="utf-8")
        (as_json / f"{slot}.json").write_text(report(slot, "json"), encoding="utf-8")
    tables = []
    for folder in (html, as_json):
        result = run_cli("class", str(folder), "--format", "csv", "--table", "students")
        assert result.returncode == 0, result.stderr
        rows = list(csv.reader(io.StringIO(result.stdout)))
        tables.append([[c for k, c in zip(rows[0], r, strict=True) if k != "file"] for r in rows])
    assert [r[0] for r in tables[0]] == ["student", "Ana", "Bea", "Cy"]
    assert tables[0] == tables[1]


def _order(text: str, headings: list[str]) -> list[int]:
    return [text.index(h) for h in headings]


def test_the_printed_report_puts_answers_and_reflections_before_notes_and_sources() -> None:
    first = ["Summary", "Debrief: your decisions", "Questions", "Reflections"]
    after = ["Path taken", "Fact notes", "Sources"]
    page = report("ana", "html")
    at = _order(page, [f"<h2>{h}" for h in first + after])
    assert at == sorted(at)
    markdown = report("ana", "md")
    at = _order(markdown, [f"## {h}" for h in first + after])
    assert at == sorted(at)
    assert "Documents examined" not in page  # the mini story has none (test_documents_play)
