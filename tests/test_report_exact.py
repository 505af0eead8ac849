"""The report's exact text, built in this process from two known games of the mini story.

Each expected line is read off tests/stories/mini (its scenes, facts, sources and question),
not produced by the report code: a changed word, number, mark or escape fails here. The CLI
tests (test_report.py) prove the same report reaches a file; these pin what it says.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from pathlib import Path

import pytest

from game import __version__
from game.classroom.formats import render
from game.classroom.report import (
    Playthrough,
    build,
    chapter_start,
    md,
    md_blocks,
    report_json,
    story_line,
    when,
)
from game.classroom.report_html import e, paragraphs, report_html
from game.engine.engine import Engine, ReflectionEntry
from game.engine.session import Session
from game.story.checker import load_story
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, STORIES, write_story
from tests.test_saves import mini_session

TUESDAY = "2026-01-05T09:00:00Z"
NOTE = "The story was updated from version 1 to 2 since this save."


def _what_if_game() -> Session:
    """Burned the letter (a what-if), answered the question wrong, not finished."""
    return mini_session(("burn", "answer:1", "continue"))


def _historical_game(reflection: str | None = "I would *burn* it.\nThen <run>.") -> Session:
    """Followed the record both times, answered right, wrote the reflection: finished."""
    session = mini_session(("open", "answer:2", "afternoon", "continue", "continue"))
    session.reflect(reflection)
    assert session.state.ended
    return session


def _what_if_play() -> Playthrough:
    s = _what_if_game()
    return Playthrough(
        s.story, s.state, "Ana <b>", "2026-01-05T09:00:00+00:00", "2026-01-05T10:30:00+01:00",
        3725.0,
    )  # fmt: skip


def _historical_play(reflection: str | None = "I would *burn* it.\nThen <run>.") -> Playthrough:
    s = _historical_game(reflection)
    return Playthrough(
        s.story, s.state, None, "2026-01-05T09:00:00Z", "2026-01-05T09:45:00Z", 59.6,
        notes=(NOTE,),
    )  # fmt: skip


FACTS_AND_SOURCES_MD = """\
## Documents examined (0 of 0)

None yet.

## Fact notes (2 of 2 found)

- **The letter** (20 August 1940): An unsigned letter arrived. Certainty: the memoir's word. [1]
- **The names**: The letter listed names. Certainty: disputed. [1], [2]
  - Other account: The paper says it listed places.

## Sources

1. A. Writer, Diary, 1940. *Memoir.* Written the same evening.
2. The Daily Paper, 2 September 1940. *Newspaper.*
"""


def test_a_what_if_game_in_progress_as_markdown() -> None:
    assert render(_what_if_play(), "md") == (
        """\
# Report: The Letter

- **Player:** Ana \\<b\\>
- **Story:** The Letter: A test story, 1940 (mini, version 2)
- **Started:** 2026-01-05 09:00 UTC
- **Saved:** 2026-01-05 09:30 UTC
- **Time played:** 1 h 02 min
- **Progress:** 50%, chapter 1 of 2 (Morning)

## Summary

- **Followed the record:** 0 of 1 decision (0%)
- **Fact notes found:** 2 of 2
- **Questions right:** 0 of 1 answered (1 in all)
- **Reflections written:** 0 of 1

## Debrief: your decisions against the record

| # | Date | Scene | Your choice | What actually happened | Sources |
|---|---|---|---|---|---|
| 1 | 20 August 1940 | At the desk | Burn it unread. | \
Open the letter. The letter was opened and read aloud. | [1] |

## Questions

- **What lay on the desk?**
  - Your answer: A gun (wrong)
  - The right answer: A letter
  - Why: It was an unsigned letter.

## Reflections

No reflections asked yet.

## Path taken

1. At the desk
2. burn (what if)
3. The letter

"""
        + FACTS_AND_SOURCES_MD
    )


def test_a_finished_game_on_the_record_as_markdown() -> None:
    text = render(_historical_play(), "md")
    start, end = text.index("- **Time played:**"), text.index("## Documents examined")
    assert text[start:end] == (
        """\
- **Time played:** less than a minute
- **Progress:** finished

## Summary

- **Followed the record:** 2 of 2 decisions (100%)
- **Fact notes found:** 2 of 2
- **Questions right:** 1 of 1 answered (1 in all)
- **Reflections written:** 1 of 1

## Notes

- The story was updated from version 1 to 2 since this save.

## Debrief: your decisions against the record

| # | Date | Scene | Your choice | What actually happened | Sources |
|---|---|---|---|---|---|
| 1 | 20 August 1940 | At the desk | Open the letter. | The same: this is what happened. | [1] |
| 2 | August 1940 | The letter | File it. | The same: this is what happened. | [1], [2] |

## Questions

- **What lay on the desk?**
  - Your answer: A letter (right)
  - Why: It was an unsigned letter.

## Reflections

- **What would you have done?**
  I would \\*burn\\* it. Then \\<run\\>.

## Path taken

1. At the desk
2. The letter
3. Later
4. Evening

"""
    )
    assert text.startswith("# Report: The Letter\n\n- **Player:** (no name given)\n")
    assert text.endswith(FACTS_AND_SOURCES_MD)


def test_a_skipped_reflection_is_marked_skipped() -> None:
    text = render(_historical_play(None), "md")
    assert "- **What would you have done?**\n  *(skipped)*\n" in text
    assert "- **Reflections written:** 0 of 1\n" in text
    page = render(_historical_play(None), "html")
    assert (
        '<li><strong>What would you have done?</strong><div class="skipped">(skipped)</div></li>'
    ) in page


def test_markdown_escapes_every_special_character_and_joins_lines() -> None:
    assert md("a\\b`c*d_e[f]g<h>i|j") == "a\\\\b\\`c\\*d\\_e\\[f\\]g\\<h\\>i\\|j"
    assert md("  two\nlines\t here ") == "two lines here"
    assert md_blocks("One *line* | a cell.\n\nTwo.") == "One line \\| a cell. Two."


def test_html_escapes_quotes_and_makes_paragraphs() -> None:
    assert e("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    assert paragraphs("One <b>.\n\nTwo.") == "<p>One &lt;b&gt;.</p><p>Two.</p>"


def test_a_what_if_game_in_progress_as_html() -> None:
    page = report_html(build(_what_if_play()))
    head, body = page.split("<body>\n")
    assert head.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Report: The Letter (Ana &lt;b&gt;)</title>\n<style>\nbody {" in head
    # The one script block is data (the JSON report, for `class`), never code.
    assert page.count("<script") == 1 and '<script type="application/json"' in page
    assert "http" not in page
    visible, data = body.split('<script type="application/json" id="special-tasks-report">\n')
    assert json.loads(data.split("</script>")[0]) == report_json(build(_what_if_play()))
    assert visible == (
        """\
<h1>Report: The Letter</h1>
<dl class="details">
<dt>Player</dt><dd>Ana &lt;b&gt;</dd>
<dt>Story</dt><dd>The Letter: A test story, 1940 (mini, version 2)</dd>
<dt>Started</dt><dd>2026-01-05 09:00 UTC</dd>
<dt>Saved</dt><dd>2026-01-05 09:30 UTC</dd>
<dt>Time played</dt><dd>1 h 02 min</dd>
<dt>Progress</dt><dd>50%, chapter 1 of 2 (Morning)</dd>
</dl>
<h2>Summary</h2>
<dl class="details">
<dt>Followed the record</dt><dd>0 of 1 decision (0%)</dd>
<dt>Fact notes found</dt><dd>2 of 2</dd>
<dt>Questions right</dt><dd>0 of 1 answered (1 in all)</dd>
<dt>Reflections written</dt><dd>0 of 1</dd>
</dl>
<h2>Debrief: your decisions against the record</h2>
<table>
<thead><tr><th>#</th><th>Date</th><th>Scene</th><th>Your choice</th><th>What actually happened</th>\
<th>Sources</th></tr></thead>
<tbody>
<tr class="whatif"><td>1</td><td>20 August 1940</td><td>At the desk</td>\
<td class="choice">Burn it unread.</td><td><strong>Open the letter.</strong>\
<p>The letter was opened and read aloud.</p></td><td>[1]</td></tr>
</tbody>
</table>
<h2>Questions</h2>
<ol class="questions">
<li><strong>What lay on the desk?</strong><br>Your answer: A gun (<span class="wrong">wrong</span>)
<br>The right answer: A letter
<p>It was an unsigned letter.</p></li>
</ol>
<h2>Reflections</h2>
<p>No reflections asked yet.</p>
<h2>Path taken</h2>
<ol class="small path">
<li>At the desk</li>
<li>burn <em>(what if)</em></li>
<li>The letter</li>
</ol>
<h2>Fact notes (2 of 2 found)</h2>
<ul class="facts">
<li><strong>The letter</strong> (20 August 1940)<p>An unsigned letter arrived.</p>\
<p class="small">Certainty: the memoir&#x27;s word. Sources: [1]</p></li>
<li><strong>The names</strong><p>The letter listed names.</p>\
<p><em>Other account:</em> The paper says it listed places.</p>\
<p class="small">Certainty: disputed. Sources: [1], [2]</p></li>
</ul>
<h2>Sources</h2>
<ol class="sources">
<li>A. Writer, Diary, 1940. <em>Memoir.</em> \
<span class="small">Written the same evening.</span></li>
<li>The Daily Paper, 2 September 1940. <em>Newspaper.</em></li>
</ol>
<p class="small">Time played: 1 h 02 min. Made with Special Tasks.</p>
"""
    )


def test_a_finished_game_on_the_record_as_html() -> None:
    page = report_html(build(_historical_play()))
    assert "<title>Report: The Letter</title>" in page  # no name: none in the title
    start, end = page.index("<h2>Notes</h2>"), page.index("<h2>Fact notes")
    assert page[start:end] == (
        """\
<h2>Notes</h2>
<ul>
<li>The story was updated from version 1 to 2 since this save.</li>
</ul>
<h2>Debrief: your decisions against the record</h2>
<table>
<thead><tr><th>#</th><th>Date</th><th>Scene</th><th>Your choice</th><th>What actually happened</th>\
<th>Sources</th></tr></thead>
<tbody>
<tr class="matched"><td>1</td><td>20 August 1940</td><td>At the desk</td>\
<td class="choice">Open the letter.</td>\
<td><span class="matched">The same: this is what happened.</span></td><td>[1]</td></tr>
<tr class="matched"><td>2</td><td>August 1940</td><td>The letter</td>\
<td class="choice">File it.</td>\
<td><span class="matched">The same: this is what happened.</span></td><td>[1], [2]</td></tr>
</tbody>
</table>
<h2>Questions</h2>
<ol class="questions">
<li><strong>What lay on the desk?</strong><br>\
Your answer: A letter (<span class="matched">right</span>)
<p>It was an unsigned letter.</p></li>
</ol>
<h2>Reflections</h2>
<ol class="reflections">
<li><strong>What would you have done?</strong><div class="reflection">I would *burn* it.
Then &lt;run&gt;.</div></li>
</ol>
<h2>Path taken</h2>
<ol class="small path">
<li>At the desk</li>
<li>The letter</li>
<li>Later</li>
<li>Evening</li>
</ol>
"""
    )
    assert "<dt>Progress</dt><dd>finished</dd>" in page
    assert "<dt>Followed the record</dt><dd>2 of 2 decisions (100%)</dd>" in page
    # The visible page ends with its footer; then the report's data, then the end.
    assert (
        '<p class="small">Time played: less than a minute. Made with Special Tasks.</p>\n'
        '<script type="application/json" id="special-tasks-report">\n'
    ) in page
    assert page.endswith("</script>\n</body>\n</html>\n")


LETTER = {
    "id": "letter",
    "title": "The letter",
    "text": "An unsigned letter arrived.",
    "date": "1940-08-20",
    "certainty": "memoir",
    "dispute": None,
    "sources": ["diary"],
}
NAMES = {
    "id": "names",
    "title": "The names",
    "text": "The letter listed names.",
    "date": None,
    "certainty": "disputed",
    "dispute": "The paper says it listed places.",
    "sources": ["diary", "paper"],
}
SOURCES = [
    {
        "id": "diary",
        "cite": "A. Writer, Diary, 1940.",
        "kind": "memoir",
        "reliability": "Written the same evening.",
    },
    {
        "id": "paper",
        "cite": "The Daily Paper, 2 September 1940.",
        "kind": "newspaper",
        "reliability": None,
    },
]
QUESTION = {
    "id": "q-letter",
    "ask": "What lay on the desk?",
    "options": ["A gun", "A letter", "A map"],
    "answer": 1,
    "answer_text": "A letter",
    "explain": "It was an unsigned letter.",
    "facts": [{"id": "letter", "title": "The letter"}],
}


def test_a_what_if_game_as_json() -> None:
    play = dataclasses.replace(_what_if_play(), played_seconds=3725.12345)
    assert report_json(build(play)) == {
        "report_format": 1,
        "game": {"name": "special-tasks", "version": __version__},
        "player": "Ana <b>",
        "story": {
            "id": "mini",
            "title": "The Letter",
            "subtitle": "A test story, 1940",
            "version": 2,
        },
        "started_at": "2026-01-05T09:00:00+00:00",
        "saved_at": "2026-01-05T10:30:00+01:00",
        "played_seconds": 3725.123,
        "finished": False,
        "chapter_start": None,
        "chapter": {"id": "morning", "title": "Morning", "number": 1, "of": 2},
        "summary": {
            "decisions": 1,
            "matched": 0,
            "facts_found": 2,
            "facts_total": 2,
            "questions_answered": 1,
            "questions_right": 0,
            "questions_total": 1,
            "reflections_written": 0,
            "reflections_total": 1,
            "progress": 50,  # desk and open: 2 of the record's 4 scenes
        },
        "path": [
            {"scene": "desk", "title": "At the desk", "chapter": "morning", "historical": True},
            {"scene": "burn", "title": "burn", "chapter": "morning", "historical": False},
            {"scene": "open", "title": "The letter", "chapter": "morning", "historical": True},
        ],
        "debrief": [
            {
                "scene": "desk",
                "scene_title": "At the desk",
                "chapter": "Morning",
                "date": "1940-08-20",
                "choice": "burn",
                "choice_text": "Burn it unread.",
                "historical": False,
                "history_choice": "Open the letter.",
                "what_if": "burn",
                "reality": "The letter was opened and read aloud.",
                "sources": ["diary"],
            }
        ],
        "questions": [{**QUESTION, "given": 0, "given_text": "A gun", "correct": False}],
        "reflections": [],
        "facts": [LETTER, NAMES],
        "sources": SOURCES,
        "documents": [],
        "notes": [],
    }


def test_a_finished_game_as_json_keeps_reflections_notes_and_the_last_chapter() -> None:
    data = report_json(build(_historical_play()))
    assert data["finished"] is True and data["player"] is None
    assert data["chapter"] == {"id": "afternoon", "title": "Afternoon", "number": 2, "of": 2}
    assert data["summary"]["matched"] == data["summary"]["decisions"] == 2
    assert [p["scene"] for p in data["path"] if p["historical"]] == [
        "desk", "open", "afternoon", "end",
    ]  # fmt: skip
    assert [(r["choice"], r["historical"], r["what_if"]) for r in data["debrief"]] == [
        ("open", True, None),
        ("afternoon", True, None),
    ]
    assert data["questions"] == [
        {**QUESTION, "given": 1, "given_text": "A letter", "correct": True}
    ]
    assert data["reflections"] == [
        {
            "id": "r-day",
            "ask": "What would you have done?",
            "text": "I would *burn* it.\nThen <run>.",
        }
    ]
    assert data["notes"] == [NOTE]


def test_a_game_begun_at_a_chapter_names_that_chapter() -> None:
    s = mini_session(())
    at_afternoon = dataclasses.replace(s.state, scene="afternoon", path=("afternoon",))
    assert chapter_start(s.story, at_afternoon) == "afternoon"
    assert chapter_start(s.story, s.state) is None
    assert chapter_start(s.story, dataclasses.replace(s.state, path=())) is None
    assert chapter_start(s.story, dataclasses.replace(s.state, path=("gone",))) is None
    play = Playthrough(s.story, at_afternoon, None, "", "", 0.0)
    assert report_json(build(play))["chapter_start"] == "afternoon"


def test_times_are_shown_in_utc_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert when("2026-01-05T09:00:00") == "2026-01-05 09:00 UTC"  # no zone: UTC
        assert when("2026-01-05T10:30:00+01:00") == "2026-01-05 09:30 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_story_without_a_subtitle_is_named_by_its_title_alone() -> None:
    story = dataclasses.replace(mini_session(()).story, subtitle=None)
    assert story_line(story) == "The Letter (mini, version 2)"


def test_a_game_just_begun_shows_each_empty_section_as_one_line() -> None:
    s = mini_session(())
    play = Playthrough(s.story, s.state, "Ana", TUESDAY, TUESDAY, 0.0)
    text = render(play, "md")
    assert "- **Followed the record:** 0 of 0 decisions\n" in text
    page = render(play, "html")
    assert "<dt>Followed the record</dt><dd>0 of 0 decisions</dd>\n" in page
    for heading, empty in (
        ("Debrief: your decisions against the record", "No decisions made yet."),
        ("Questions", "No questions answered yet."),
        ("Reflections", "No reflections asked yet."),
    ):
        assert f"\n<h2>{heading}</h2>\n<p>{empty}</p>\n<h2>" in page
    assert (
        '\n<h2>Fact notes (1 of 2 found)</h2>\n<ul class="facts">\n<li><strong>The letter</strong>'
        in page
    )


def test_a_fact_list_with_nothing_found_says_so() -> None:
    s = mini_session(())
    play = Playthrough(s.story, dataclasses.replace(s.state, facts=()), None, "", "", 0.0)
    assert "\n<h2>Fact notes (0 of 2 found)</h2>\n<p>No fact notes found yet.</p>\n" in (
        render(play, "html")
    )


def test_a_what_if_that_leads_to_no_recorded_reality_shows_only_the_record() -> None:
    """Showing the letter to the guard leads to a scene with no 'what actually happened'."""
    s = mini_session(("ask", "answer:2", "continue", "show"))
    play = Playthrough(s.story, s.state, None, "", "", 0.0)
    assert "| 2 | August 1940 | The letter | Show it to the careful guard. | File it. | " in (
        render(play, "md")
    )
    assert (
        '<td class="choice">Show it to the careful guard.</td>'
        "<td><strong>File it.</strong></td><td>[1], [2]</td></tr>"
    ) in render(play, "html")


def test_a_reflection_the_story_no_longer_asks_is_shown_by_its_id() -> None:
    s = mini_session(())
    gone = (ReflectionEntry("r-gone", "My answer."),)
    play = Playthrough(s.story, dataclasses.replace(s.state, reflections=gone), None, "", "", 0.0)
    assert "- **r-gone**\n  My answer.\n" in render(play, "md")
    assert '<li><strong>r-gone</strong><div class="reflection">My answer.</div></li>' in (
        render(play, "html")
    )
    assert report_json(build(play))["reflections"] == [
        {"id": "r-gone", "ask": "r-gone", "text": "My answer."}
    ]


def test_the_html_head_declares_the_page_fully() -> None:
    page = render(_what_if_play(), "html")
    head = page[: page.index("<body>")]
    assert head.startswith(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Report: The Letter (Ana &lt;b&gt;)</title>\n<style>\n"
    )
    assert head.endswith("}\n</style>\n</head>\n")


def test_a_decision_off_the_record_has_nothing_to_compare_with(tmp_path: Path) -> None:
    """A choice made in a what-if scene has no historical choice and no reality: empty cells."""
    chapter = BASE_CHAPTER.replace(
        "    reality: Nobody wandered.\n    next: two\n",
        "    reality: Nobody wandered.\n    choices:\n      - text: Turn back.\n        goto: two\n"
        "      - text: Keep going.\n        goto: three\n",
    )
    story = load_story(
        write_story(tmp_path / "s", {"story.yaml": BASE_MANIFEST, "c.yaml": chapter})
    )
    state, _ = Engine(story).new_game()
    session = Session(Engine(story), state)
    session.choose(2)  # Wander. (a what-if)
    session.answer(1)
    session.choose(2)  # Keep going. (a decision no record has)
    play = Playthrough(story, session.state, None, "", "", 0.0)
    assert (
        "| 1 |  | one | Wander. | Go on. Nobody wandered. | [1] |\n"
        "| 2 |  | side | Keep going. |  |  |\n"
    ) in render(play, "md")
    assert (
        '<tr class="whatif"><td>2</td><td></td><td>side</td>'
        '<td class="choice">Keep going.</td><td></td><td></td></tr>\n'
    ) in render(play, "html")


def test_the_documents_examined_are_listed_with_date_and_source(tmp_path: Path) -> None:
    """tests/stories/stats has two exhibits; one is given a date here."""
    folder = tmp_path / "stats"
    shutil.copytree(STORIES / "stats", folder)
    house = folder / "01-house.yaml"
    text = house.read_text(encoding="utf-8")
    house.write_text(
        text.replace("    title: The note\n", "    title: The note\n    date: 1940-08-21\n"),
        encoding="utf-8",
    )
    story = load_story(folder)
    state, _ = Engine(story).new_game()
    seen = dataclasses.replace(state, documents=("rose-letter", "note"))
    play = Playthrough(story, seen, None, "", "", 0.0)
    assert (
        "## Documents examined (2 of 2)\n\n"
        "- **A letter about roses**: The Daily Paper, 2 September 1940.\n"
        "- **The note** (21 August 1940): A. Writer, Diary, 1940.\n"
    ) in render(play, "md")
    assert (
        "<h2>Documents examined (2 of 2)</h2>\n"
        '<ul class="small documents">\n'
        "<li><strong>A letter about roses</strong>: The Daily Paper, 2 September 1940.</li>\n"
        # The diary is in the sources too: printed, the document cites it as [1].
        '<li><strong>The note</strong> (21 August 1940)<span class="cite">: A. Writer, Diary, '
        '1940.</span><span class="ref"> [1]</span></li>\n'
        "</ul>\n"
    ) in render(play, "html")
    assert '<h2>Sources</h2>\n<ol class="sources">\n<li>A. Writer, Diary, 1940.' in render(
        play, "html"
    )
    none_yet = Playthrough(story, state, None, "", "", 0.0)
    assert "<h2>Documents examined (0 of 2)</h2>\n<p>None yet.</p>\n" in render(none_yet, "html")
    assert "Documents examined" not in render(_what_if_play(), "html")  # a story without any


def test_a_dispute_of_two_paragraphs_is_one_line_in_both_formats(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(STORIES / "mini", folder)
    facts = folder / "02-afternoon.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "    dispute: The paper says it listed places.\n",
            "    dispute: |\n      The paper says places.\n\n      A letter says dates.\n",
        ),
        encoding="utf-8",
    )
    story = load_story(folder)
    state, _ = Engine(story).new_game()
    play = Playthrough(story, dataclasses.replace(state, facts=("names",)), None, "", "", 0.0)
    assert "  - Other account: The paper says places. A letter says dates.\n" in render(play, "md")
    assert "<p><em>Other account:</em> The paper says places. A letter says dates.</p>" in (
        render(play, "html")
    )
