"""The story's shape: the historical path, what can be reached, what can end.

Which what-ifs return to the record in time (CONVERGE_STEPS) is checked in check_graph.py.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

from game.story.model import Story

CONVERGE_STEPS = 3


def historical_path(story: Story) -> set[str]:
    """Scenes reachable from start by `history: true` choices and `next` links only."""
    path: set[str] = set()
    queue = deque([story.start])
    while queue:
        scene_id = queue.popleft()
        scene = story.scenes.get(scene_id)
        if scene is None or scene_id in path:
            continue
        path.add(scene_id)
        if scene.choices:
            for choice in scene.choices:
                if choice.history:
                    queue.append(choice.goto)
        elif scene.next is not None:
            queue.append(scene.next)
    return path


Links = Mapping[str, tuple[str, ...]]
"""Each scene's id to the scenes it can lead to (`Scene.targets`), conditions ignored."""


def links(story: Story) -> dict[str, tuple[str, ...]]:
    """The story's `Links`, made in one pass: the path checks follow these instead of
    going back to every scene for each (a large story's scenes lie all over memory)."""
    made: dict[str, tuple[str, ...]] = {}
    for scene_id, scene in story.scenes.items():
        choices = scene.choices  # as `Scene.targets`, inline: one call less per scene
        if choices:
            made[scene_id] = tuple([c.goto for c in choices])
        else:
            made[scene_id] = () if scene.next is None else (scene.next,)
    return made


def reachable(graph: Links, roots: Iterable[str]) -> set[str]:
    """Scenes reachable from `roots` by any link of `graph` (the story's `links`),
    conditions ignored."""
    seen: set[str] = set()
    queue = deque(r for r in roots if r in graph)
    add, push, pop = seen.add, queue.append, queue.popleft
    while queue:
        scene_id = pop()
        if scene_id in seen:
            continue
        add(scene_id)
        for target in graph[scene_id]:
            if target not in seen and target in graph:
                push(target)
    return seen


def can_end(story: Story, preds: Mapping[str, Sequence[str]]) -> set[str]:
    """Scenes from which some ending can be reached; `preds` names each scene's scenes that
    lead to it (from the story's `links`)."""
    seen: set[str] = set()
    queue = deque(s.id for s in story.scenes.values() if s.end)
    add, push, pop = seen.add, queue.append, queue.popleft
    while queue:
        scene_id = pop()
        if scene_id in seen:
            continue
        add(scene_id)
        for before in preds[scene_id]:
            if before not in seen:
                push(before)
    return seen
