"""The package layout keeps its promise: imports run one way, from the front ends down."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"

# Floors, top down: a module may import its own stage or any stage on a lower floor.
FLOORS = {
    "cli": 6,
    "cli_parser": 6,
    "__main__": 6,
    "server": 6,
    "ui": 5,
    "classroom": 4,
    "saves": 3,
    "engine": 2,
    "authoring": 2,
    "cli_args": 2,
    "story": 1,
    "errors": 0,
    "lazy_stdlib": 0,
    "__init__": 0,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(GAME.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every module of game/ and the game modules it imports, lazy imports included."""
    modules = {module_name(p): p for p in GAME.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
                targets += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            graph[name].update(t for t in targets if t in modules and t != name and t != "game")
    return graph


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_the_stage_packages() -> None:
    graph = import_graph()
    assert "game.ui.terminal" in graph
    assert "game.story.model" in graph["game.engine.engine"]
    assert {stage(m) for m in graph} == set(FLOORS) - {"__init__"} | {"__init__"}


def test_the_engine_imports_the_story_model_but_not_the_checker() -> None:
    graph = import_graph()
    engine = graph["game.engine.engine"] | graph["game.engine.session"]
    assert "game.story.history" in engine
    assert not engine & {"game.story.checker", "game.story.loader", "game.story.yamlnodes"}


def test_game_has_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_find_cycle_reports_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_no_stage_imports_a_stage_above_it() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if FLOORS[stage(target)] > FLOORS[stage(module)]
    ]
    assert upward == []


def test_every_stage_package_says_what_it_is_for() -> None:
    for package in sorted(p for p in GAME.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), package.name
