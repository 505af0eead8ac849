"""Conditions alike but for their ids and numbers, played as one copy and a few values.

A long story repeats a few kinds of condition with other ids: `suspicion < 2 and (not
warned or seen(f7))` in one chapter, `... seen(f8))` in the next. Compiled, each is its own
tree of a dozen closures (game/story/conditions.py), and a run through 50,000 scenes reads
thousands of them from all over the heap. Here conditions whose trees are the same code
wherever they are alike differ only in what some cells hold (an id, a number, a name): they
share one private copy of the tree, and each keeps only those cells and its values for them
(`Binding`). Setting the cells to a condition's values before calling the copy is calling
that condition: the copy is the same code, and conditions never change their own cells (a
function that could is never shared; see playtest_copy.py).
"""

from __future__ import annotations

from collections.abc import Hashable
from types import CellType, FunctionType

from game.authoring.playtest_copy import Copier

Binding = tuple[tuple[CellType, object], ...]
"""The cells of a shared copy with the values one condition gives them."""

_HOLE = (bool, int, str)
"""What a cell may hold and still differ between conditions that share a copy."""


class _Tree:
    """One condition's closure tree, read in a fixed order: its shape with the cells that
    hold an id or a number left open, and those cells and values in order."""

    def __init__(self, copier: Copier, fn: FunctionType) -> None:
        self.cells: list[CellType] = []
        self.values: list[object] = []
        self._copier = copier
        self._seen: dict[int, int] = {}
        self.key = self._function(fn)

    def _function(self, fn: FunctionType) -> Hashable | None:
        if id(fn) in self._seen:
            return ("again", self._seen[id(fn)])
        self._seen[id(fn)] = len(self._seen)
        shape = self._copier.shape(fn.__defaults__)
        if shape is None or fn.__kwdefaults__ or not self._copier.is_pure(fn.__code__):
            return None
        parts: list[Hashable | None] = [fn.__code__, id(fn.__globals__), shape]
        for cell in fn.__closure__ or ():
            parts.append(self._cell(cell))
        return None if None in parts else tuple(parts)

    def _cell(self, cell: CellType) -> Hashable | None:
        if id(cell) in self._seen:
            return ("again", self._seen[id(cell)])
        self._seen[id(cell)] = len(self._seen)
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            return None
        if type(value) in _HOLE:
            self.cells.append(cell)
            self.values.append(value)
            return ("open", type(value))
        if isinstance(value, FunctionType):
            return self._function(value)
        return self._copier.shape(value)


class Templates:
    """Collects the conditions' functions (`add`), then gives each its test (`tests`)."""

    def __init__(self, copier: Copier) -> None:
        self._copier = copier
        self._trees: list[tuple[FunctionType, _Tree]] = []

    def add(self, fn: FunctionType) -> None:
        self._trees.append((fn, _Tree(self._copier, fn)))

    def tests(self) -> list[tuple[FunctionType, Binding | None]]:
        """For each function added, in order: what to call, and the cells to set first."""
        groups: dict[Hashable, list[_Tree]] = {}
        for _, tree in self._trees:
            if tree.key is not None:
                groups.setdefault(tree.key, []).append(tree)
        shared: dict[Hashable, tuple[FunctionType, list[CellType], list[int]]] = {}
        for key, trees in groups.items():
            first = trees[0].values
            differ = [
                i
                for i, value in enumerate(first)
                if any(not _same(t.values[i], value) for t in trees[1:])
            ]
            if differ:
                # A private copy (its own cells, shared with nothing else), as the first.
                fn = next(f for f, t in self._trees if t is trees[0])
                copy = Copier(self._copier.strings, share=False).function(fn)
                shared[key] = (copy, _Tree(self._copier, copy).cells, differ)
        out: list[tuple[FunctionType, Binding | None]] = []
        for fn, tree in self._trees:
            if tree.key not in shared:
                out.append((self._copier.function(fn), None))
                continue
            copy, cells, differ = shared[tree.key]
            values = [self._value(tree.values[i]) for i in differ]
            out.append((copy, tuple(zip([cells[i] for i in differ], values, strict=True))))
        return out

    def _value(self, value: object) -> object:
        return self._copier.string(value) if isinstance(value, str) else value


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b
