"""The story's shape: the historical path, what can be reached, what can end.

Which what-ifs return to the record in time (CONVERGE_STEPS) is checked in check_graph.py.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

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
            queue.extend(c.goto for c in scene.choices if c.history)
        elif scene.next is not None:
            queue.append(scene.next)
    return path


def reachable(story: Story, roots: Iterable[str]) -> set[str]:
    """Scenes reachable from `roots` by any link, conditions ignored."""
    seen: set[str] = set()
    queue = deque(r for r in roots if r in story.scenes)
    while queue:
        scene_id = queue.popleft()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        queue.extend(t for t in story.scenes[scene_id].targets() if t in story.scenes)
    return seen


def can_end(story: Story) -> set[str]:
    """Scenes from which some ending can be reached."""
    incoming: dict[str, list[str]] = {s: [] for s in story.scenes}
    for scene in story.scenes.values():
        for target in scene.targets():
            if target in incoming:
                incoming[target].append(scene.id)
    seen: set[str] = set()
    queue = deque(s.id for s in story.scenes.values() if s.end)
    while queue:
        scene_id = queue.popleft()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        queue.extend(incoming[scene_id])
    return seen
