"""A story text's Markdown is parsed once and drawn again and again: each drawing is the one
a freshly parsed text gives (rich draws a Markdown from its tokens without changing them)."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, RenderableType

from game.story.checker import load_story
from game.ui.markdown_view import story_markdown
from game.ui.render_rich import parsed, reality_panel, scene_view, titled_panel
from tests.conftest import ROOT

REALITY = "What really happened"


def drawn(renderable: RenderableType, width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    console.print(renderable)
    return console.export_text(styles=True)


def test_a_text_parsed_once_draws_as_a_text_parsed_afresh_every_time() -> None:
    story = load_story(ROOT / "scenes")
    texts = [s.text for s in story.scenes.values()] + [
        s.reality for s in story.scenes.values() if s.reality
    ]
    assert len(texts) > 20
    for text in texts:
        assert parsed(text) is parsed(text)  # parsed once
        for width in (80, 41):
            fresh = drawn(story_markdown(text), width)
            assert drawn(parsed(text), width) == fresh
            assert drawn(parsed(text), width) == fresh  # and again: nothing was used up
    for scene in story.scenes.values():
        fresh = drawn(story_markdown(scene.text), 80)
        assert fresh in drawn(scene_view(story, scene), 80)
        if scene.reality:
            fresh = drawn(titled_panel(story_markdown(scene.reality), REALITY, box.DOUBLE), 80)
            assert drawn(reality_panel(scene), 80) == fresh
