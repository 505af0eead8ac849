"""Reports at the edges: a game just begun on an updated story, odd times, bad -o targets."""

from __future__ import annotations

from pathlib import Path

from game.classroom.formats import render
from game.classroom.report import Playthrough, when
from game.engine.engine import Engine
from game.story.checker import load_story
from tests.conftest import BASE_CHAPTER, run_cli, write_story
from tests.test_saves import MINI, mini_session

NOTE = "The story was updated from version 1 to 2 since this save."


def _just_begun(tmp_path: Path) -> Playthrough:
    """The base story without fact notes at its start: nothing decided, answered or found."""
    from tests.conftest import BASE_MANIFEST

    chapter = BASE_CHAPTER.replace("    facts: [f1]\n", "")
    story = load_story(
        write_story(tmp_path / "s", {"story.yaml": BASE_MANIFEST, "c.yaml": chapter})
    )
    state, _ = Engine(story).new_game()
    return Playthrough(story, state, None, "2026-01-05T09:00:00", "not a time", 0.0, notes=(NOTE,))


def test_a_game_just_begun_reports_nothing_yet_in_markdown(tmp_path: Path) -> None:
    text = render(_just_begun(tmp_path), "md")
    assert "- **Player:** (no name given)\n" in text
    assert "- **Started:** 2026-01-05 09:00 UTC\n" in text  # a time without a zone is UTC
    assert "- **Saved:** not a time\n" in text  # not a time: shown as it is
    assert f"## Notes\n\n- {NOTE}\n" in text
    assert "## Debrief: your decisions against the record\n\nNo decisions made yet.\n" in text
    assert "## Questions\n\nNo questions answered yet.\n" in text
    assert "## Reflections\n\nNo reflections asked yet.\n" in text
    assert "## Fact notes (0 of 1 found)\n" in text


def test_a_game_just_begun_reports_nothing_yet_in_html(tmp_path: Path) -> None:
    page = render(_just_begun(tmp_path), "html")
    assert f"<h2>Notes</h2>\n<ul>\n<li>{NOTE}</li>\n</ul>" in page
    for empty in ("decisions made", "questions answered", "reflections asked", "fact notes found"):
        assert f"<p>No {empty} yet.</p>" in page


def test_when_reads_zones_and_leaves_other_text_alone() -> None:
    assert when("2026-01-05T10:00:00+01:00") == "2026-01-05 09:00 UTC"
    assert when("2026-01-05T09:00:00") == "2026-01-05 09:00 UTC"
    assert when("soon") == "soon"


def test_report_output_to_a_folder_or_under_a_file_is_one_clear_line(tmp_path: Path) -> None:
    from game.saves.store import SaveStore

    save = SaveStore(tmp_path).save("mine", mini_session())
    (tmp_path / "out").mkdir()
    (tmp_path / "file").write_text("x")
    to_folder = run_cli("report", str(save), "--story", str(MINI), "-o", str(tmp_path / "out"))
    assert to_folder.returncode == 2
    assert to_folder.stderr == (
        f"Error: '{tmp_path / 'out'}' is a folder: give -o a file name, e.g. report.html\n"
    )
    under = tmp_path / "file" / "r.md"
    to_nowhere = run_cli("report", str(save), "--story", str(MINI), "-o", str(under))
    assert to_nowhere.returncode == 1
    assert to_nowhere.stderr == f"Error: cannot write the report to '{under}': Not a directory\n"
    written = run_cli("report", str(save), "--story", str(MINI), "-o", str(tmp_path / "r.md"))
    assert written.returncode == 0
    assert written.stdout == f"Report written to {tmp_path / 'r.md'}\n"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Report: The Letter\n")
