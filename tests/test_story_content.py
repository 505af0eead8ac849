"""The shipped story: its size and shape, and a full playthrough of the historical path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.story.checker import check_folder, historical_path, load_story
from game.story.model import Story
from tests.conftest import ROOT, historical_inputs, run_cli
from tests.test_shipped_story import BRIEF_SOURCES

SCENES = ROOT / "scenes"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(SCENES)


def _historical_order(story: Story) -> list[str]:
    order, current = [], story.start
    while True:
        order.append(current)
        scene = story.scenes[current]
        if scene.end:
            return order
        if scene.choices:
            current = next(c.goto for c in scene.choices if c.history)
        else:
            assert scene.next is not None
            current = scene.next


def test_shipped_story_passes_strict_check() -> None:
    story, items = check_folder(SCENES)
    assert story is not None
    assert [str(d) for d in items] == []


def test_story_has_the_promised_amount_of_history(story: Story) -> None:
    path = set(_historical_order(story))
    decisions = [s for s in story.scenes.values() if s.id in path and s.choices]
    assert len(decisions) >= 16
    for scene in decisions:
        assert sum(c.history for c in scene.choices) == 1
        assert len(scene.choices) >= 2
    assert len(story.facts) >= 30
    assert all(f.sources for f in story.facts.values())
    disputed = [f for f in story.facts.values() if f.certainty == "disputed"]
    assert len(disputed) >= 6 and all(f.dispute for f in disputed)
    assert len(story.questions) >= 14
    assert all(q.explain for q in story.questions)
    assert len(story.reflections) >= 4
    viewpoints = {s.viewpoint for s in story.scenes.values() if s.viewpoint}
    assert len(viewpoints) >= 4


def test_historical_path_agrees_with_a_walk_along_the_record(story: Story) -> None:
    # The expected values above come from this file's own walk, not the code under test.
    assert historical_path(story) == set(_historical_order(story))


def test_historical_path_fits_one_lesson(story: Story) -> None:
    words = sum(len(re.findall(r"\S+", story.scenes[s].text)) for s in _historical_order(story))
    assert 4000 <= words <= 8000


def test_every_source_comes_from_the_historical_brief(story: Story) -> None:
    assert set(story.sources) <= BRIEF_SOURCES
    assert not any("http" in s.cite or "www." in s.cite for s in story.sources.values())


def test_every_disagreement_in_the_brief_is_a_disputed_fact(story: Story) -> None:
    disputed = " ".join(
        f"{f.text} {f.dispute}" for f in story.facts.values() if f.certainty == "disputed"
    ).lower()
    for marker in ["may 1939", "grigulevich", "harte", "ice pick", "story to tell", "1914",
                   "1961", "defected", "biography"]:  # fmt: skip
        assert marker in disputed, marker


def test_the_articles_errors_are_not_repeated_as_fact(story: Story) -> None:
    texts = [s.text for s in story.scenes.values()] + [f.text for f in story.facts.values()]
    joined = " ".join(texts)
    assert "Levrenti" not in joined.replace('"Levrenti"', "")
    assert "ice pick" not in " ".join(f.text for f in story.facts.values())
    assert "Lavrentiy Beria" in joined


def test_no_scene_off_the_path_lacks_reality(story: Story) -> None:
    path = set(_historical_order(story))
    for scene in story.scenes.values():
        if scene.id not in path:
            assert scene.reality, scene.id


def test_historical_path_plays_to_the_ending_through_the_plain_protocol(
    story: Story, tmp_path: Path
) -> None:
    result = run_cli("--plain", input=historical_inputs(story), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Special Tasks\nMoscow and Mexico City, 1939–1940\n")
    assert "== Chapter 1 of 9: The Second Man ==" in out
    assert "== Chapter 9 of 9: How Do We Know? ==" in out
    decisions = len(
        [s for s in story.scenes.values() if s.choices and s.id in _historical_order(story)]
    )
    assert f"Your choices matched the record at {decisions} of {decisions} decisions." in out
    assert f"Questions answered correctly: {len(story.questions)} of {len(story.questions)}." in out
    assert "What really happened:" not in out
    assert out.count("Noted for your report.") == len(story.reflections)
