"""Every model object's field positions (`at`) are exactly where its fields were written.

The loader keeps them packed, shared by the objects of one shape (the same fields, and
lists of the same lengths): here each is recomputed from the event parser's nodes, for
stories whose objects share field names but not list lengths.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from game.story.checker import check_folder
from game.story.yamlnodes import Node, parse_events
from tests.conftest import BASE_CHAPTER, BASE_MANIFEST, STORIES, write_story

SHIPPED = Path(__file__).resolve().parents[1] / "scenes"

# Scenes and choices with the same fields and lists of other lengths (and a list given as
# one id), so that a shape confused with another would misplace a field or an item.
MIXED = BASE_CHAPTER.replace("    facts: [f1]\n", "    facts: [f1, f1, f1]\n", 1) + (
    "  - id: extra-a\n    text: A.\n    facts: [f1]\n    next: two\n"
    "  - id: extra-b\n    text: B.\n    facts:\n      - f1\n      - f1\n    next: two\n"
    "  - id: extra-c\n    text: C.\n    facts: f1\n    next: two\n"
    "  - id: extra-d\n    next: two\n    facts: [f1, f1]\n    text: D.\n"
)


def _expected(node: Node) -> dict[str, tuple[int, int]]:
    places: dict[str, tuple[int, int]] = {}
    for key, child in node.value.items():
        places[key] = (child.line, child.column)
        if isinstance(child.value, list):
            for i, item in enumerate(child.value):
                places[f"{key}[{i}]"] = (item.line, item.column)
    return places


def _actual(obj: Any) -> dict[str, tuple[int, int]]:
    return {key: (obj.at[key].line, obj.at[key].column) for key in obj.at}


def _entries(folder: Path) -> Iterator[tuple[str, str, Node]]:
    """(kind, id, node) of every scene, choice, fact and question in the chapter files."""
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "story.yaml":
            continue
        root = parse_events(path.read_text(encoding="utf-8-sig"), path.name)
        assert root is not None
        for kind in ("scenes", "facts", "questions"):
            for node in root.value[kind].value if kind in root.value else []:
                yield kind, node.value["id"].value, node
                for choice in node.value["choices"].value if "choices" in node.value else []:
                    yield "choice", node.value["id"].value, choice


FOLDERS = ["mixed", "shipped", *sorted(p.parent.name for p in STORIES.glob("*/story.yaml"))]


@pytest.mark.parametrize("name", FOLDERS)
def test_every_field_position_is_where_the_field_was_written(tmp_path: Path, name: str) -> None:
    if name == "mixed":
        folder = write_story(tmp_path, {"story.yaml": BASE_MANIFEST, "01-main.yaml": MIXED})
    else:
        folder = SHIPPED if name == "shipped" else STORIES / name
    story, _ = check_folder(folder)
    assert story is not None
    choices: dict[str, list[Any]] = {s.id: list(s.choices) for s in story.scenes.values()}
    found: dict[str, Mapping[str, Any]] = {
        "scenes": story.scenes,
        "facts": story.facts,
        "questions": {q.id: q for q in story.questions},
    }
    compared = 0
    for kind, ident, node in _entries(folder):
        obj = choices[ident].pop(0) if kind == "choice" else found[kind][ident]
        assert _actual(obj) == _expected(node), (kind, ident)
        compared += 1
    assert compared >= 5
