"""Room sizes: no module of game/ over 400 lines and no class over 200, so each stays readable."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 200


def rooms() -> list[tuple[str, str, int]]:
    """(file, what, lines) for every module of game/ and every class in it."""
    found: list[tuple[str, str, int]] = []
    for path in sorted(GAME.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(GAME.parent))
        found.append((name, "module", len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                found.append((name, f"class {node.name}", (node.end_lineno or start) - start + 1))
    return found


def test_the_measure_sees_modules_and_classes() -> None:
    found = rooms()
    assert (
        "game/engine/engine.py",
        "module",
        len((GAME / "engine/engine.py").read_text().splitlines()),
    ) in found
    engine = next(n for f, what, n in found if what == "class Engine")
    assert engine > 50  # the engine's class is measured whole, not by its first line


def test_no_module_over_400_lines() -> None:
    big = [f"{f}: {n} lines" for f, what, n in rooms() if what == "module" and n > MAX_MODULE_LINES]
    assert big == []


def test_no_class_over_200_lines() -> None:
    big = [
        f"{f}: {what}: {n} lines"
        for f, what, n in rooms()
        if what != "module" and n > MAX_CLASS_LINES
    ]
    assert big == []
