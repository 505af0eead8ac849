"""The terminal game's rich renderables, drawn by a recording Console at fixed widths."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from game.engine.engine import Engine, GameState, QuestionPrompt, ReflectionPrompt
from game.story.checker import load_story
from game.story.model import Question, Story
from game.ui.cards import title_view
from game.ui.render_plain import prompt_lines
from game.ui.render_rich import event_view, fact_panel, prompt_view, scene_header, scene_view
from game.ui.screens import journal_view, timeline_view, toolbar_text
from tests.conftest import ROOT


def drawn(renderable: RenderableType, width: int) -> str:
    """What a terminal `width` columns wide shows, without trailing spaces."""
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


@pytest.fixture
def story(mini_story: Path) -> Story:
    return load_story(mini_story)


@pytest.fixture
def engine(story: Story) -> Engine:
    return Engine(story)


def test_scene_header_shows_chapter_title_date_place_and_viewpoint(story: Story) -> None:
    expected = """\
╭──────────────────────────────────────────────────────────╮
│ Chapter 1 of 2 · Morning                                 │
│ At the desk                                              │
│ 20 August 1940 · Coyoacán                                │
│ Viewpoint: The secretary                                 │
╰──────────────────────────────────────────────────────────╯"""
    assert drawn(scene_header(story, story.scenes["desk"]), 60) == expected


def test_scene_header_leaves_out_what_a_scene_does_not_have(story: Story) -> None:
    expected = """\
╭──────────────────────────────────────────────────────────────────────────────────────────────────╮
│ Chapter 1 of 2 · Morning                                                                         │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯"""
    assert drawn(scene_header(story, story.scenes["burn"]), 100) == expected


def test_scene_text_keeps_square_brackets_literal_and_wraps_to_the_width(story: Story) -> None:
    scene = story.scenes["desk"]
    narrow = drawn(scene_view(story, scene), 60).split("╯\n", 1)[1]
    assert narrow == (
        "A letter lies on the desk. It is unsigned, and the\n[postmark] is smudged.\n\n▌ Read me."
    )
    wide = drawn(scene_view(story, scene), 100).split("╯\n", 1)[1]
    assert wide == (
        "A letter lies on the desk. It is unsigned, and the [postmark] is smudged.\n\n▌ Read me."
    )


def test_fact_panel_gives_certainty_in_words_the_other_account_and_short_references(
    story: Story,
) -> None:
    expected = """\
╭─ New fact note ──────────────────────────────────────────╮
│ The names                                                │
│ Certainty: disputed.                                     │
│ The letter listed names.                                 │
│ Other account: The paper says it listed places.          │
│ Sources: Writer, 1940; The Daily Paper, 1940 (in full:   │
│ type sources)                                            │
╰──────────────────────────────────────────────────────────╯"""
    assert drawn(fact_panel(story, story.facts["names"]), 60) == expected


def test_fact_panel_at_100_columns_gives_the_date_and_the_memoir_caveat(story: Story) -> None:
    expected = """\
╭─ New fact note ──────────────────────────────────────────────────────────────────────────────────╮
│ The letter · 20 August 1940                                                                      │
│ Certainty: rests on the memoir's word.                                                           │
│ An unsigned letter arrived.                                                                      │
│ Source: Writer, 1940 (in full: type sources)                                                     │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯"""
    assert drawn(fact_panel(story, story.facts["letter"]), 100) == expected


def test_choices_are_numbered_and_the_historical_one_is_not_marked(engine: Engine) -> None:
    state, _ = engine.new_game()
    expected = """
What do you do?
1. Open the letter.
2. Burn it unread.
3. Ask the guard first."""
    for width in (60, 100):
        assert drawn(prompt_view(engine.prompt(state)), width) == expected


def test_historical_choice_gets_no_style_of_its_own(engine: Engine) -> None:
    state, _ = engine.new_game()
    console = Console(
        record=True, width=60, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(prompt_view(engine.prompt(state)))
    ansi = [line.rstrip() for line in console.export_text(styles=True).splitlines()]
    historical = ansi[2].replace("1.", "N.")
    what_if = ansi[3].replace("2.", "N.").replace("Burn it unread.", "Open the letter.")
    assert "\x1b[1m" in historical
    assert historical == what_if


def test_what_really_happened_follows_a_what_if_scene(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "burn")
    state, _ = engine.answer(state, 1)
    _, events = engine.advance(state)
    expected = """
╔═ What really happened ═══════════════════════════════════╗
║ The letter was opened and read aloud.                    ║
╚══════════════════════════════════════════════════════════╝"""
    assert drawn(event_view(engine.story, events[0]), 60) == expected


def test_question_panel_numbers_its_options(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "open")
    expected = """\
╭─ Question ───────────────────────────────────────────────╮
│ What lay on the desk?                                    │
│ 1. A gun                                                 │
│ 2. A letter                                              │
│ 3. A map                                                 │
╰──────────────────────────────────────────────────────────╯"""
    assert drawn(prompt_view(engine.prompt(state)), 60) == expected


def test_title_screen_gives_title_subtitle_audience_and_minutes(story: Story) -> None:
    expected = """\
╔══════════════════════════════════════════════════════════╗
║                                                          ║
║                        The Letter                        ║
║                    A test story, 1940                    ║
║                Testers · about 5 minutes                 ║
║                                                          ║
╚══════════════════════════════════════════════════════════╝"""
    assert drawn(title_view(story), 60) == expected


def test_journal_lists_facts_found_in_date_order(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "open")
    state, _ = engine.answer(state, 1)
    text = drawn(journal_view(engine.story, state), 60)
    assert text.startswith("\nJournal: 2 of 2 fact notes found.\n")
    assert text.index("The letter · 20 August 1940") < text.index("The names")


def test_timeline_lists_dated_scenes_and_facts_in_order(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "open")
    state, _ = engine.answer(state, 1)
    expected = """
Timeline: the dated scenes and facts you have met, in order.
Date             Kind    What
────────────────────────────────────
20 August 1940   scene   At the desk
20 August 1940   fact    The letter
August 1940      scene   The letter"""
    # A month-only date reads as "later that month": after the precise dates inside it.
    assert drawn(timeline_view(engine.story, state), 60) == expected


def test_toolbar_shortens_to_fit_the_terminal(engine: Engine) -> None:
    state, _ = engine.new_game()
    story, path = engine.story, engine.historical
    assert toolbar_text(story, state, path, "mine", 100) == (
        " Chapter 1 of 2 · Progress 25% · Facts 1 of 2 · Slot: mine · Type help for commands"
    )
    assert toolbar_text(story, state, path, "mine", 70) == (
        " Chapter 1 of 2 · Progress 25% · Facts 1 of 2 · Slot: mine"
    )
    assert toolbar_text(story, state, path, "mine", 40) == " Ch 1/2 · 25% · Facts 1/2 · mine"


def test_toolbar_progress_counts_only_the_historical_path(engine: Engine) -> None:
    state = GameState(scene="open", variables={}, path=("desk", "burn", "open"))
    text = toolbar_text(engine.story, state, engine.historical, "autosave", 100)
    assert "Progress 50%" in text


def test_screenshot_script_draws_a_scene_of_any_story(mini_story: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.svg"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(mini_story), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "What&#160;do&#160;you&#160;do?" in svg
    assert "Slot:&#160;autosave" in svg


def test_a_reflection_folds_the_line_breaks_of_its_ask_at_80_columns() -> None:
    shipped = load_story(ROOT / "scenes")
    witness = next(r for r in shipped.reflections if r.id == "r-witness")
    expected = """\
╭─ Reflection ─────────────────────────────────────────────────────────────────╮
│ A year before this meeting Sudoplatov had killed a man himself, and late in  │
│ 1938 he feared arrest. How might that shape the way he tells this story in   │
│ 1994?                                                                        │
│ Type your answer; it may take several lines. To finish, press Enter on an    │
│ empty line (or Esc then Enter). To skip, press Enter straight away.          │
╰──────────────────────────────────────────────────────────────────────────────╯"""
    assert drawn(prompt_view(ReflectionPrompt(witness)), 80) == expected
    assert prompt_lines(ReflectionPrompt(witness))[1] == (
        "Reflection: A year before this meeting Sudoplatov had killed a man himself, and late in"
        " 1938 he feared arrest. How might that shape the way he tells this story in 1994?"
    )


def test_a_question_ask_keeps_its_paragraphs_each_folded() -> None:
    ask = "First line\nof the first paragraph.\n\nSecond paragraph.\n"
    question = Question("q", "desk", ask, ("Yes", "No"), 0, "Because.", ())
    prompt = QuestionPrompt(question)
    assert drawn(prompt_view(prompt), 40).splitlines()[1:4] == [
        "│ First line of the first paragraph.   │",
        "│ Second paragraph.                    │",
        "│ 1. Yes                               │",
    ]
    assert prompt_lines(prompt)[1:3] == [
        "Question: First line of the first paragraph.",
        "Second paragraph.",
    ]
