"""Draw a real scene with the game's own rich renderables and save it as an SVG.

    python scripts/screenshot.py [STORY_DIR] [--scene ID] [--width N] [-o FILE]

The scene is reached by playing the story's historical path from its start, so the facts
panel and the status bar show what a player would see there.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console, Group
from rich.text import Text

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    Engine,
    Event,
    GameState,
    QuestionPrompt,
    ReflectionPrompt,
    SceneEntered,
)
from game.errors import GameError
from game.story.checker import load_story
from game.story.paths import shipped_story
from game.ui.render_rich import event_view, prompt_message, prompt_view
from game.ui.screens import toolbar_text

ROOT = Path(__file__).resolve().parents[1]


def walk_to(engine: Engine, scene_id: str | None) -> tuple[GameState, list[Event]]:
    """Play the historical path until `scene_id` (None: the first decision point) is entered.

    Returns the state there and the events of the step that entered it.
    """

    def wanted(event: Event) -> bool:
        if not isinstance(event, SceneEntered):
            return False
        return event.scene.id == scene_id if scene_id else bool(event.scene.choices)

    state, events = engine.new_game()
    for _ in range(10_000):
        first = next((i for i, e in enumerate(events) if wanted(e)), None)
        if first is not None:
            return state, events[first:]
        prompt = engine.prompt(state)
        if isinstance(prompt, ChoicePrompt) and prompt.choices:
            pick = next((c for c in prompt.choices if c.history), prompt.choices[0])
            state, events = engine.choose(state, pick.id)
        elif isinstance(prompt, ContinuePrompt):
            state, events = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            state, events = engine.answer(state, prompt.question.answer)
        elif isinstance(prompt, ReflectionPrompt):
            state, events = engine.reflect(state, None)
        else:
            break
    if scene_id is None:
        raise GameError("the story's historical path has no decision point to draw")
    raise GameError(f"the scene '{scene_id}' is not on the story's historical path")


def screenshot(story_dir: Path, scene_id: str | None, width: int) -> tuple[Console, str]:
    """A recording console holding the scene as the terminal game draws it, and a title."""
    story = load_story(story_dir)
    engine = Engine(story)
    state, events = walk_to(engine, scene_id)
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        emoji=False,
    )
    prompt = engine.prompt(state)
    status = toolbar_text(story, state, engine.historical, "autosave", width)
    console.print(
        Group(
            *(event_view(story, e) for e in events),
            prompt_view(prompt),
            Text(prompt_message(prompt)),
            Text(status.ljust(width), style="reverse"),
        )
    )
    return console, story.title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", type=Path, help="story folder (default: shipped)")
    parser.add_argument(
        "--scene", help="scene id on the historical path (default: the first decision point)"
    )
    parser.add_argument("--width", type=int, default=100, help="columns (default 100)")
    parser.add_argument(
        "-o", "--output", type=Path, default=ROOT / "docs" / "screenshot.svg", help="SVG file"
    )
    args = parser.parse_args(argv)
    try:
        console, title = screenshot(args.story or shipped_story(), args.scene, args.width)
    except GameError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 1
    console.save_svg(str(args.output), title=title)
    sys.stdout.write(f"Wrote {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
