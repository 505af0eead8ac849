"""An exhibit story round-trips: check, play (shown, then `documents`), the JSON report;
documents stand side by side when two columns fit and one under another when not."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from game.story.checker import load_story
from game.ui.exhibits_view import ExhibitsView
from tests.conftest import BASE_MANIFEST, run_cli
from tests.test_exhibits import CHAPTER


def test_an_exhibit_story_checks_plays_lists_documents_and_reports_them(
    make_story: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_story(chapter=CHAPTER, manifest=BASE_MANIFEST)
    checked = run_cli("check", "--strict", str(folder))
    assert checked.returncode == 0, checked.stdout
    saves = tmp_path / "saves"
    played = run_cli(
        "--story", str(folder), "--saves", str(saves), input="documents\n1\n1\ndocuments\n"
    )
    assert played.returncode == 0, played.stderr
    out = played.stdout
    scene = out.index("First.")
    shown = out.index("Documents to examine:", scene)
    assert out.index("  Document 1: A memo (October 1940 · A Book, 1950)") > shown
    assert "  Document 2: A letter (A Book, 1950)\n    The letter says more." in out
    # `documents` at the first choice lists both; the question shows its memo again.
    assert out.count("Documents: 2 of 2 examined.") == 2
    assert out.index("Question: What?") > out.index("Document 1: A memo", shown + 1)
    report = run_cli(
        "report", "autosave", "--story", str(folder), "--saves", str(saves), "--format", "json"
    )
    assert report.returncode == 0, report.stderr
    documents = json.loads(report.stdout)["documents"]
    assert [(d["id"], d["title"], d["date"]) for d in documents] == [
        ("memo", "A memo", "1940-10"),
        ("letter", "A letter", None),
    ]
    assert documents[0]["source_cite"] == "A Book, 1950."
    markdown = run_cli("report", "autosave", "--story", str(folder), "--saves", str(saves))
    assert "## Documents examined (2 of 2)" in markdown.stdout
    html = run_cli(
        "report", "autosave", "--story", str(folder), "--saves", str(saves), "--format", "html"
    )
    assert "<h2>Documents examined (2 of 2)</h2>" in html.stdout
    # The book is in the sources too: printed, the document cites it as [1].
    assert (
        '<li><strong>A memo</strong> (October 1940)<span class="cite">: A Book, 1950.</span>'
        '<span class="ref"> [1]</span></li>'
    ) in html.stdout
    assert html.stdout.index("<h2>Documents examined") < html.stdout.index("<h2>Fact notes")


def _drawn(folder: Path, width: int) -> list[str]:
    story = load_story(folder)
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(ExhibitsView(story, list(story.exhibits.values()), "Documents to examine"))
    return console.export_text().splitlines()


def test_two_documents_stand_side_by_side_only_when_two_columns_fit(
    make_story: Callable[..., Path],
) -> None:
    folder = make_story(chapter=CHAPTER, manifest=BASE_MANIFEST)
    wide = _drawn(folder, 80)
    assert any("A memo" in line and "A letter" in line for line in wide)
    narrow = _drawn(folder, 60)
    assert not any("A memo" in line and "A letter" in line for line in narrow)
    assert any("A memo" in line for line in narrow) and any("A letter" in line for line in narrow)
    assert max(len(line) for line in narrow) <= 60
