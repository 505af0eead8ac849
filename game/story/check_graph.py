"""The story's shape: the historical path, what-ifs that converge, reachability, endings.

Each mistake is reported once, where it is made: a circle on the historical path, not also
every scene that can then never end; the first scene of an unreachable group, naming the
rest; the loop with no way out, not every scene that leads into it.
"""

from __future__ import annotations

from collections import deque

from game.story.diagnostics import Diagnostics
from game.story.history import CONVERGE_STEPS, Links, can_end, historical_path, links, reachable
from game.story.model import Located, Scene, Story

SHOWN_NAMES = 5
ROUTE_ENDS = 4
"""A longer circle or loop shows this many scenes at each end."""


def _names(ids: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:SHOWN_NAMES])
    return shown + (", …" if len(ids) > SHOWN_NAMES else "")


def _route(ids: list[str]) -> str:
    """Scenes joined by arrows; a long route by its first and last few (a 3,000-scene circle
    is one line, not 30,000 characters)."""
    if len(ids) <= 2 * ROUTE_ENDS + 1:
        return " → ".join(ids)
    left = len(ids) - 2 * ROUTE_ENDS
    return " → ".join([*ids[:ROUTE_ENDS], f"… {left:,} more …", *ids[-ROUTE_ENDS:]])


class Graph:
    """Checks a story whose links all name scenes; `skipped` counts findings held back."""

    def __init__(self, story: Story, diags: Diagnostics) -> None:
        self.story = story
        self.diags = diags
        self.skipped = 0
        self.reached: set[str] = set()
        self.late: set[str] = set()
        """What-if scenes reported (or counted) as not returning in time: E113."""
        self.links = links(story)
        # Lists, not sets (a quarter of the memory over a large story): a scene's links to
        # one target are made one after another, so a repeat is always the last item.
        self.preds: dict[str, list[str]] = {s: [] for s in story.scenes}
        for scene_id, targets in self.links.items():
            for target in targets:
                before = self.preds.get(target)
                if before is not None and (not before or before[-1] != scene_id):
                    before.append(scene_id)

    def check(self) -> None:
        """Every check of the story's shape."""
        historical = historical_path(self.story)
        cut = self.decisions(historical)
        self.conditioned_history()
        circle = self.circle()
        if cut or circle:
            # With the record cut short or going round, "off the record" means nothing yet.
            scratch = Graph(self.story, Diagnostics())
            scratch.off_path(historical)
            self.skipped += len(scratch.diags.items)
        else:
            self.off_path(historical)
        self.reachability(set(circle))

    # --- the historical path --------------------------------------------------------
    def decisions(self, historical: set[str]) -> bool:
        """E111 at each historical decision without exactly one `history: true`; True when
        one has none, which cuts the record short."""
        cut = False
        for scene in self.story.scenes.values():
            if scene.id not in historical or not scene.choices:
                continue
            marked = 0
            for choice in scene.choices:
                if choice.history:
                    marked += 1
            if marked != 1:
                cut = cut or marked == 0
                self.diags.error(
                    scene.where("choices"),
                    "E111",
                    f"decision point '{scene.id}' is on the historical path, so exactly one "
                    f"choice needs 'history: true' (it has {marked})",
                    "mark the choice that really happened with history: true"
                    if marked == 0
                    else "keep history: true on the one choice that really happened",
                )
        return cut

    def conditioned_history(self) -> None:
        """E124: a `history: true` choice behind an `if:` can leave the player stuck."""
        for scene in self.story.scenes.values():
            for choice in scene.choices:
                if choice.history and choice.condition is not None:
                    self.diags.error(
                        choice.where("if"),
                        "E124",
                        f"the historical choice '{choice.id}' in scene '{scene.id}' has an "
                        "'if:', so a player may be unable to take what really happened",
                        "remove the 'if:', or put the condition on a what-if choice",
                    )

    def circle(self) -> list[str]:
        """E125 when following the record from the start comes back to a scene; the circle."""
        order: list[str] = []
        holder: Located = self.story  # what holds the last link followed, and in which field
        field = "start"
        where: dict[str, int] = {}
        scene = self.story.scenes.get(self.story.start)
        while scene is not None and scene.id not in where:
            where[scene.id] = len(order)
            order.append(scene.id)
            step = _record_step(scene)
            if step is None:
                return []
            target, holder, field = step
            scene = self.story.scenes.get(target)
        if scene is None:
            return []
        loop = order[where[scene.id] :]
        self.diags.error(
            holder.where(field),
            "E125",
            "the historical path runs in a circle: "
            + _route([*loop, scene.id])
            + "; what really happened must reach an ending",
            "lead one scene of the circle on towards an ending, or mark another choice with "
            "history: true",
        )
        return loop

    # --- what-ifs -------------------------------------------------------------------
    def off_path(self, historical: set[str]) -> None:
        """E112 (no reality), E120 (an ending off the record), E113 (no way back in time)."""
        levels = _levels(self.story, self.links, historical)
        late: list[Scene] = []
        for scene in self.story.scenes.values():
            if scene.id in historical:
                continue
            if not scene.reality:
                self.diags.error(
                    scene.pos,
                    "E112",
                    f"scene '{scene.id}' is off the historical path, so it needs 'reality' "
                    "(what really happened)",
                    "add reality: saying what really happened instead",
                )
            if scene.end:
                self.diags.error(
                    scene.where("end"),
                    "E120",
                    f"ending '{scene.id}' is off the historical path; every ending must be on it",
                    "lead back to a scene on the historical path with next: instead",
                )
            elif scene.id not in levels[-1]:
                late.append(scene)
        late_ids = {s.id for s in late}
        self.late = late_ids
        for scene in late:
            # A what-if that only another late what-if leads to is the same mistake.
            preds = self.preds[scene.id]
            if preds and all(p in late_ids for p in preds):
                continue
            path = _late_path(self.links, scene.id, levels)
            self.diags.error(
                scene.pos,
                "E113",
                f"what-if scene '{scene.id}' does not return to the historical path within "
                f"{CONVERGE_STEPS} steps: {' → '.join(path)} is still off it",
                "shorten the what-if, or lead one of its scenes back to a scene on the "
                "historical path",
            )

    # --- reachability and endings ---------------------------------------------------
    def reachability(self, circle: set[str]) -> None:
        """E114 once per unreachable group, E115 once per loop with no way out."""
        story = self.story
        self.reached = reachable(self.links, [story.start])
        lost = [s for s in story.scenes if s not in self.reached]
        for root, rest in _groups(lost, self.preds, self.links):
            more = f" (nor can {_count(rest)} it leads to: {_names(rest)})" if rest else ""
            self.diags.error(
                story.scenes[root].pos,
                "E114",
                f"scene '{root}' cannot be reached from the start{more}",
                "lead to it with goto: or next: from a scene the player can reach, or remove it",
            )
        ending = can_end(story, self.preds)
        stuck = [s for s in story.scenes if s in self.reached and s not in ending]
        for loop, feeders in _sinks(self.links, stuck):
            if (circle | self.late) & set(loop):
                continue  # E125 or E113 said it
            verb = "leads" if len(feeders) == 1 else "lead"
            lead = f" ({_count(feeders)} {verb} into it)" if feeders else ""
            self.diags.error(
                story.scenes[loop[0]].pos,
                "E115",
                f"no ending can be reached from scene '{loop[0]}': "
                + _route(loop)
                + f" is a loop with no way out{lead}",
                "give one scene of the loop a choice or next: that leads towards an ending",
            )


def _count(ids: list[str]) -> str:
    return "1 scene" if len(ids) == 1 else f"{len(ids)} scenes"


def _record_step(scene: Scene) -> tuple[str, Located, str] | None:
    """Where the record goes from `scene`, and what holds that link in which field (its
    place is looked up only for the one link reported)."""
    if scene.choices:
        marked = None
        for choice in scene.choices:
            if choice.history:
                if marked is not None:
                    return None
                marked = choice
        if marked is None:
            return None
        return marked.goto, marked, "goto"
    if scene.next is not None:
        return scene.next, scene, "next"
    return None


def _levels(story: Story, graph: Links, historical: set[str]) -> list[set[str]]:
    """levels[k]: scenes from which every path is on the historical path within k steps."""
    levels = [set(historical)]
    off = [(s, graph[s]) for s in story.scenes if s not in historical]
    for _ in range(CONVERGE_STEPS):
        within = levels[-1]
        step: set[str] = set()
        for s, out in off:
            if s in within:
                continue  # already back within fewer steps
            for t in out:
                if t not in within and t in graph:
                    break
            else:
                step.add(s)
        levels.append(within | step)
    return levels


def _late_path(graph: Links, start: str, levels: list[set[str]]) -> list[str]:
    """A path from `start` still off the record after CONVERGE_STEPS steps."""
    path = [start]
    current = start
    for k in range(CONVERGE_STEPS, 0, -1):
        current = next(t for t in graph[current] if t in graph and t not in levels[k - 1])
        path.append(current)
    return path


def _closure(root: str, members: set[str], graph: Links, skip: set[str]) -> list[str]:
    """Scenes of `members` reachable from `root` and not in `skip`, breadth first, root first."""
    seen = [root]
    skip.add(root)
    queue = deque([root])
    while queue:
        for target in graph[queue.popleft()]:
            if target in members and target not in skip:
                skip.add(target)
                seen.append(target)
                queue.append(target)
    return seen


def _groups(
    lost: list[str], preds: dict[str, list[str]], graph: Links
) -> list[tuple[str, list[str]]]:
    """Unreachable scenes as (first scene, the others it leads to first)."""
    members = set(lost)
    roots = [s for s in lost if not any(p in members for p in preds[s])]
    covered: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for candidate in [*roots, *lost]:
        if candidate in covered:
            continue
        group = _closure(candidate, members, graph, covered)
        out.append((candidate, group[1:]))
    return out


def _sinks(graph: Links, stuck: list[str]) -> list[tuple[list[str], list[str]]]:
    """Loops among `stuck` scenes that nothing leaves, as (the loop, scenes leading into it)."""
    members = set(stuck)
    components = _components(graph, stuck, members)
    component_of = {s: i for i, c in enumerate(components) for s in c}
    # Tarjan's order puts every component after those it leads to, so a component's sink
    # is known from any of its successors by the time it is reached.
    sink_of: list[int] = []
    for i, component in enumerate(components):
        after = {
            component_of[t]
            for s in component
            for t in graph[s]
            if t in members and component_of[t] != i
        }
        sink_of.append(sink_of[min(after)] if after else i)
    order = {s: n for n, s in enumerate(stuck)}
    out: list[tuple[list[str], list[str]]] = []
    for i, component in enumerate(components):
        if sink_of[i] != i:
            continue
        first = min(component, key=order.__getitem__)
        feeders = sorted(
            (s for j, c in enumerate(components) if j != i and sink_of[j] == i for s in c),
            key=order.__getitem__,
        )
        out.append((_loop(graph, first, set(component)), feeders))
    out.sort(key=lambda item: order[item[0][0]])
    return out


def _components(graph: Links, stuck: list[str], members: set[str]) -> list[list[str]]:
    """Strongly connected components of the stuck scenes (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in stuck:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in members:
                    continue
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def _loop(graph: Links, start: str, members: set[str]) -> list[str]:
    """The shortest way round from `start` back to itself inside `members`."""
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target in graph[current]:
            if target == start:
                path = [current]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*path[::-1], start]
            if target in members and target not in parent:
                parent[target] = current
                queue.append(target)
    return [start]
