"""The frozen classes built on `Frozen` compare, hash and show themselves exactly as
`@dataclass(frozen=True)` would have generated it (game/story/frozen.py)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import Any

import pytest

import game
from game.story.frozen import Frozen


def frozen_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(game.__path__, "game."):
        if info.name.startswith("game.server") or info.name.endswith("__main__"):
            continue  # asyncssh is optional; __main__ runs the game
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            built = isinstance(value, type) and issubclass(value, Frozen) and value is not Frozen
            if built and dataclasses.is_dataclass(value):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


CLASSES = frozen_classes()


def test_the_start_up_classes_are_built_on_frozen() -> None:
    names = {c.__name__ for c in CLASSES}
    assert {"Story", "Scene", "Pos", "SceneEntered", "GameState", "SaveRecord", "Pick"} <= names


def reference(cls: type) -> type:
    """The class as @dataclass(frozen=True) would make it: the same fields, generated methods."""
    fields = [
        (f.name, Any, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
        for f in dataclasses.fields(cls)
    ]
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=True)
    made.__qualname__ = cls.__qualname__
    return made


def build(cls: type, values: dict[str, object]) -> object:
    obj = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_eq_hash_and_repr_are_the_generated_ones(cls: type) -> None:
    ref = reference(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    base = {name: f"{name}-value" for name in names}
    ours, theirs = build(cls, base), build(ref, base)
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert (ours == build(cls, dict(base))) is True
    assert (ours != build(cls, dict(base))) is False
    assert ours != theirs  # another class: never equal, as generated
    assert ours.__eq__(42) is NotImplemented
    for name in names:  # each field changed alone: equal, hash and repr follow the field's flags
        changed = {**base, name: ["changed", name]}
        mine, ref_changed = build(cls, changed), build(ref, changed)
        assert (ours == mine) == (theirs == ref_changed), name
        assert repr(mine) == repr(ref_changed), name
        hashed = {**base, name: ("changed", name)}
        assert (hash(build(cls, hashed)) == hash(ours)) == (
            hash(build(ref, hashed)) == hash(theirs)
        ), name


def test_an_object_inside_itself_shows_as_dots() -> None:
    pos_cls = next(c for c in CLASSES if c.__name__ == "Pos")
    pos = build(pos_cls, {"file": "a.yaml", "line": 1, "column": 2})
    object.__setattr__(pos, "file", [pos])
    assert repr(pos) == "Pos(file=[...], line=1, column=2)"
