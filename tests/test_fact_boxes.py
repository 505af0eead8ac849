"""Fact boxes on scene screens cite short references; the bibliography and journal cite in full."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, Group, RenderableType

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    Engine,
    Event,
    FactUnlocked,
    GameState,
    Prompt,
    QuestionPrompt,
)
from game.story.checker import load_story
from game.story.model import Story
from game.story.refs import short_ref
from game.ui.render_plain import fact_note_lines, journal_lines
from game.ui.render_rich import event_view, prompt_view
from game.ui.screens import journal_view, sources_view
from tests.conftest import ROOT, STORIES

SHORT_REFS = {
    "scenes": {
        "sudoplatov-1994": "Sudoplatov et al., 1994",
        "patenaude-2009": "Patenaude, 2009",
        "kotkin-2017": "Kotkin, 2017",
        "service-2009": "Service, 2009",
        "volkogonov-1996": "Volkogonov, 1996",
        "sharapov-2003": "Sharapov, 2003",
        "andrew-mitrokhin-1999": "Andrew and Mitrokhin, 1999",
        "venona-1996": "The Venona decrypts, 1996",
        "hansen-1940": "Hansen, 1940",
        "sedova": "Sedova, 1940",
        "time-1940": "TIME, 1940",
        "sanchez-salazar-1950": "Sánchez Salazar and Gorkin, 1950",
        "levine-1959": "Levine, 1959",
        "luis-mercader-1990": "Mercader and Sánchez, 1990",
        "spy-museum": "The ice axe shown at the International Spy Museum, 2019",
        "seed-article": "The popular article this game started from",
    },
    "tests/stories/outsider": {
        "review-board-1970": "NASA, 1970",
        "mission-report-1970": "NASA Manned Spacecraft Center, 1970",
        "transcript-1970": "NASA Manned Spacecraft Center, 1970",
        "lovell-kluger-1994": "Lovell and Kluger, 1994",
        "kranz-2000": "Kranz, 2000",
        "bostick-recollection": "Bostick",
        "chaikin-1994": "Chaikin, 1994",
    },
    "tests/stories/mini": {"diary": "Writer, 1940", "paper": "The Daily Paper, 1940"},
    "tests/stories/stats": {"diary": "Writer, 1940", "paper": "The Daily Paper, 1940"},
    "tests/stories/doors": {"log": "The Doorkeeper's Log, 1940"},
}
"""Written by hand from each citation, as a reader of author-date references would shorten it."""


@pytest.mark.parametrize("folder", sorted(SHORT_REFS))
def test_every_shipped_source_has_an_author_year_short_reference(folder: str) -> None:
    story = load_story(ROOT / folder)
    assert {sid: short_ref(s.cite) for sid, s in story.sources.items()} == SHORT_REFS[folder]


def test_the_format_documents_example_citation_is_shortened_too() -> None:
    cite = (
        "Sudoplatov, P. and A., with J. L. and L. P. Schecter. Special Tasks. Little, Brown, 1994."
    )
    assert short_ref(cite) == "Sudoplatov et al., 1994"


@pytest.mark.parametrize(
    ("cite", "ref"),
    [
        ("Plutarch. Lives.", "Plutarch"),
        ("Anna de la Cruz and Ben Ode. A Book. 2001 (reprinted 2011).", "de la Cruz and Ode, 2001"),
        ("", ""),
        ("x" * 100, "x" * 59 + "…"),
    ],
)
def test_short_references_of_unusual_citations(cite: str, ref: str) -> None:
    assert short_ref(cite) == ref


def flat(renderable: RenderableType, width: int = 80) -> str:
    """What an 80-column terminal shows, box edges dropped and lines run together."""
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", console.export_text()))


def screens(story: Story) -> list[tuple[GameState, list[Event], Prompt]]:
    """Each step of the historical path: the events shown, then the prompt they lead to."""
    engine = Engine(story)
    state, events = engine.new_game()
    out = []
    while not state.ended:
        prompt = engine.prompt(state)
        out.append((state, events, prompt))
        if isinstance(prompt, ChoicePrompt):
            state, events = engine.choose(state, next(c.id for c in prompt.choices if c.history))
        elif isinstance(prompt, ContinuePrompt):
            state, events = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            state, events = engine.answer(state, prompt.question.answer)
        else:
            state, events = engine.reflect(state, None)
    return out


@pytest.fixture(scope="module")
def shipped() -> Story:
    return load_story(ROOT / "scenes")


def test_scene_screens_cite_fact_sources_by_short_reference_never_in_full(shipped: Story) -> None:
    boxes = 0
    walk = screens(shipped)
    for _, events, prompt in walk:
        shown = flat(Group(*(event_view(shipped, e) for e in events), prompt_view(prompt)))
        for source in shipped.sources.values():
            assert source.cite not in shown
        for event in events:
            if isinstance(event, FactUnlocked):
                boxes += 1
                refs = "; ".join(short_ref(shipped.sources[s].cite) for s in event.fact.sources)
                assert f"{refs} (in full: type sources)" in shown
    assert boxes == len(walk[-1][0].facts) > 20


def test_the_sources_screen_gives_each_full_citation_once_with_its_short_reference(
    shipped: Story,
) -> None:
    state = screens(shipped)[-1][0]
    shown = flat(sources_view(shipped, state))
    sudoplatov = shipped.sources["sudoplatov-1994"].cite
    assert shown.count(sudoplatov) == 1
    assert f"{sudoplatov} Sudoplatov et al., 1994 · memoir · cited in your journal" in shown


def test_the_journal_keeps_full_citations(shipped: Story) -> None:
    state = screens(shipped)[-1][0]
    shown = flat(journal_view(shipped, state))
    plain = " ".join(journal_lines(shipped, state))
    for fact in state.facts:
        for source in shipped.facts[fact].sources:
            assert f"Source: {shipped.sources[source].cite}" in shown
            assert f"Source: {shipped.sources[source].cite}" in plain


def test_plain_fact_note_gives_title_certainty_text_and_short_references() -> None:
    story = load_story(STORIES / "mini")
    assert fact_note_lines(story, story.facts["names"]) == [
        "New fact note: The names",
        "  Certainty: disputed.",
        "  The letter listed names.",
        "  Other account: The paper says it listed places.",
        "  Sources: Writer, 1940; The Daily Paper, 1940 (in full: type sources)",
    ]
