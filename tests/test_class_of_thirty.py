"""A class of 30 on the shipped story (scripts/lab_class.py: a third finish, the others stop
along the way), handed in as HTML reports: the class summary a teacher prints and reads."""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
import subprocess
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, run_cli
from tests.test_class_html import Page

LONG = "-Villanueva de los Ángeles y Ortega"


@cache
def lab() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lab_class", ROOT / "scripts" / "lab_class.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lab")
    lab().make_class(out, 30, LONG)
    return out


def test_thirty_html_hand_ins_with_long_names_fit_a_100_column_table(thirty: Path) -> None:
    result = run_cli("class", str(thirty / "hand-in"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Class summary: Special Tasks (special-tasks), 30 students, 10 finished"
    assert max(len(line) for line in lines) <= 100
    assert result.stdout.count("Ortega") >= 30  # every student's whole name, wrapped
    assert result.stderr == ""  # nothing folded or skipped


def test_the_class_page_of_thirty_names_everyone_and_every_reflection(thirty: Path) -> None:
    page = Page()
    page.feed((thirty / "class.html").read_text(encoding="utf-8"))
    text = " ".join("".join(page.text).split())
    rows = [r for r in page.rows if r and r[0].endswith(LONG)]
    assert len(rows) == 30  # one students-table row each
    table = run_cli("class", str(thirty / "saves"), "--format", "csv", "--table", "reflections")
    written = [r for r in csv.DictReader(io.StringIO(table.stdout)) if r["text"]]
    assert len(written) > 100
    for row in written:
        assert f"{row['student']}: {' '.join(row['text'].split())}" in text


@pytest.fixture(scope="module")
def short_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lab-short")
    lab().make_class(out, 30)
    return out


def pages(page: Path, paper: str) -> int:
    count: int = lab().pages(page, paper)
    return count


def a_finished_report(lab_class: Path) -> Path:
    """The first hand-in of a student who played to the end (a third of the class did)."""
    return next(
        report
        for report in sorted((lab_class / "hand-in").glob("*.html"))
        if "<dt>Progress</dt><dd>finished</dd>" in report.read_text(encoding="utf-8")
    )


@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdfinfo")), reason="needs chromium to print"
)
@pytest.mark.parametrize("names", ["thirty", "short_names"])
def test_the_class_page_prints_on_two_sheets_and_a_whole_game_on_four(
    names: str, request: pytest.FixtureRequest
) -> None:
    lab_class: Path = request.getfixturevalue(names)
    finished = a_finished_report(lab_class)
    for paper in ("A4", "letter"):
        try:
            # About 150 reflections, every one printed with its student's whole name, also
            # when every name is 42 characters long (the reflections' type then prints smaller).
            assert pages(lab_class / "class.html", paper) <= 2
            # Summary, debrief, answers and reflections, then the path, documents, fact
            # notes and sources of a game played to the end.
            assert pages(finished, paper) <= 4
        except subprocess.CalledProcessError as exc:  # pragma: no cover - a broken browser
            pytest.skip(f"chromium could not print: {exc}")
