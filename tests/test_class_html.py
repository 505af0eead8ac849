"""`special-tasks class DIR --format html`: the page a teacher prints or projects."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from game.classroom.class_html import reflections_print_size
from game.classroom.class_tables import ReflectionGroup
from tests.conftest import run_cli
from tests.test_class_summary import hand_in, report_json, write


class Page(HTMLParser):
    """Tags, attributes, the text of each table row and of each section, and the style."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self._in_style = tag == "style"
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def class_page(folder: Path, out: Path) -> tuple[Page, str]:
    result = run_cli("class", str(folder), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Written to {out}\n"
    page = Page()
    html = out.read_text(encoding="utf-8")
    page.feed(html)
    page.close()
    return page, html


def test_the_class_page_has_print_rules_every_figure_and_every_reflection(
    tmp_path: Path,
) -> None:
    folder = hand_in(tmp_path / "class", "ana", "bea", "cy")
    page, _ = class_page(folder, tmp_path / "class.html")
    assert "@media print" in page.style and "@page" in page.style
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert not [v for k, v in page.attrs if k in ("src", "href")]
    rows = {r[0]: r for r in page.rows}
    # Student, where they stopped, followed the record, score, time, then the question grid.
    assert rows["Student"][:5] == [
        "Student",
        "Finished, or where they stopped",
        "Followed the record",
        "Score",
        "Time",
    ]
    assert rows["Ana"][:4] == ["Ana", "finished", "1 of 2", "1 of 1"]
    assert rows["Cy"][:4] == ["Cy", "ch. 2: Later", "0 of 2", "0 of 1"]
    assert (rows["Ana"][5], rows["Bea"][5], rows["Cy"][5]) == ("✓", "✓", "✗")
    assert rows["Q1"] == ["Q1", "What lay on the desk?", "2 of 3 (67%)", "The letter"]
    assert rows["At the desk"] == [
        "At the desk",
        "1 of 3 (33%)",
        "Burn it unread. (1); Ask the guard first. (1)",
    ]
    text = " ".join("".join(page.text).split())
    assert "What would you have done? Ana: I would <b>read</b> it & tell." in text
    assert "Skipped by: Bea." in text
    assert "b" not in page.tags  # the student's markup arrives as text
    assert "grade" not in text.replace("not a grade", "")


def test_every_reflection_is_on_the_page_escaped_with_its_student(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    texts = []
    for i in range(12):
        report = json.loads(report_json("ana"))
        report["player"] = f"<i>Student {i}</i>"
        report["started_at"] = f"2026-03-02T09:{i:02d}:00+00:00"
        texts.append(f"Reflection {i}: </li></ul><script>alert({i})</script> & more")
        report["reflections"][0]["text"] = texts[-1]
        write(folder / f"s{i}.json", json.dumps(report))
    page, html = class_page(folder, tmp_path / "out.html")
    assert "script" not in page.tags and "i" not in page.tags
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = "".join(page.text)
    for i, reflection in enumerate(texts):
        assert f"<i>Student {i}</i>: {reflection}" in text


def test_the_reflections_print_smaller_only_when_the_class_wrote_a_lot(tmp_path: Path) -> None:
    def said(students: int, text: str | None) -> list[ReflectionGroup]:
        return [ReflectionGroup("why", "Why?", [(f"S{i:02}", text) for i in range(students)])]

    # Counted: the prompt (4) and each name (3), answer and separator (3); rounded down.
    assert reflections_print_size(said(30, "x" * 575)) == 6.5  # 17,434 characters
    assert reflections_print_size(said(30, "x" * 600)) == 6.3  # 18,184: 6.5 x (17,500 / 18,184)^½
    assert reflections_print_size(said(30, "x" * 650)) == 6.1  # 19,684
    assert reflections_print_size(said(30, "x" * 5000)) == 6.0  # never smaller
    assert reflections_print_size(said(5000, None)) == 6.0  # skipped: the name is printed
    folder = tmp_path / "class"
    for i in range(12):  # 12 x 2,000 characters of writing
        report = json.loads(report_json("ana"))
        report["player"] = f"Student {i}"
        report["started_at"] = f"2026-03-02T09:{i:02d}:00+00:00"
        report["reflections"][0]["text"] = "y" * 2000
        write(folder / f"s{i}.json", json.dumps(report))
    page, _ = class_page(folder, tmp_path / "long.html")
    assert page.style.endswith("@media print { .reflections { font-size: 6.0pt; } }\n")
    page, _ = class_page(hand_in(tmp_path / "short", "ana", "bea"), tmp_path / "short.html")
    assert "font-size: 6.5pt; line-height: 1.08; }" in page.style  # the print rule, unchanged
    assert "@media print { .reflections" not in page.style
