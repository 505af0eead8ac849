"""Entering a scene, and the prompt of its choices: the engine's two busiest steps. No I/O.

Both read the story's own scene objects and keep nothing per scene: whatever an engine kept
for each scene played would be more objects for the garbage collector to walk in a long
game of a large story, where a step must cost what it costs in a small one (see the engine
step rows in BENCHMARKS.md).
"""

from __future__ import annotations

from game.engine.events import (
    ChoicePrompt,
    ContinuePrompt,
    Event,
    ExhibitsShown,
    FactUnlocked,
    SceneEntered,
)
from game.engine.shuffle import shuffled
from game.engine.state import GameState, examined
from game.story.model import Scene, Story

Step = tuple[GameState, list[Event]]

FINISH = ContinuePrompt(finish=True)
CONTINUE = ContinuePrompt(finish=False)
"""The prompts of a scene without choices (made once: they are immutable)."""


def enter(
    story: Story,
    state: GameState,
    scene_id: str,
    chapter: str | None,
    pending_reality: tuple[str, ...] = (),
    due: tuple[tuple[str, str], ...] = (),
) -> Step:
    """Enter `scene_id` from a scene of `chapter` (None: from nowhere), with those
    `pending_reality` and `due`: one new state, built as `evolve` builds it."""
    scene = story.scenes[scene_id]
    new = object.__new__(GameState)
    fields = new.__dict__
    fields.update(state.__dict__)
    fields["scene"] = scene_id
    fields["path"] = fields["path"].appended(scene_id)  # the fields are trails already
    fields["going_to"] = None
    fields["pending_reality"] = pending_reality
    fields["due"] = due
    events: list[Event] = [SceneEntered(scene, chapter != scene.chapter)]
    if scene.facts:
        facts = fields["facts"]
        fresh = tuple(f for f in dict.fromkeys(scene.facts) if not facts.has(f))
        if fresh:
            fields["facts"] = facts.extended(fresh)
            events.extend(FactUnlocked(story.facts[f]) for f in fresh)
    if scene.exhibits:
        shown = tuple(story.exhibits[x] for x in scene.exhibits if x in story.exhibits)
        if shown:
            events.append(ExhibitsShown(shown))
            return examined(new, scene.exhibits), events
    return new, events


def scene_prompt(state: GameState, scene: Scene) -> ChoicePrompt | ContinuePrompt:
    """What `scene` asks in `state`: its choices available there, in the order the state's
    seed shows them, or Continue (Finish at an ending)."""
    choices = scene.choices
    if not choices:
        return FINISH if scene.end else CONTINUE
    choices = tuple(c for c in choices if c.condition is None or c.condition.evaluate(state))
    if state.seed is not None and scene.shuffle and len(choices) > 1:
        order = shuffled(len(choices), state.seed, "scene", scene.id)
        choices = tuple(choices[i] for i in order)
    return ChoicePrompt(choices)
