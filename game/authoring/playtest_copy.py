"""Copies of compiled conditions for playtest's tables: beside them, and shared where equal.

A condition is compiled to a tree of closures (game/story/conditions.py) that loading left
wherever the heap had room; a run of a long story calls thousands of them, each a dozen
small objects. The copies are made in scene order as the tables are built, and a closure
that is the same code over the same values as one already copied (`suspicion < 2` in every
chapter) is that copy: fewer objects, and what a step reads lies together.

A copy is the same code over copies of the same values, so it behaves as the original:
cells are copied once each, and stay shared as they were; a function that could change a
cell (its code stores to or deletes one) is never merged with another.
"""

from __future__ import annotations

import dis
from collections.abc import Hashable
from types import CellType, CodeType, FunctionType

_WRITES = frozenset({"STORE_DEREF", "DELETE_DEREF"})


class Copier:
    """Copies closures, their cells and what those hold; strings are copied once each
    (into `strings`, which copiers may share), so that ids looked up by the tables are the
    very strings the copies hold. With `share`, functions of one shape are one copy;
    without, every function is copied, sharing cells and functions just as the originals
    do (a copy then has the originals' very structure)."""

    def __init__(self, strings: dict[str, str] | None = None, share: bool = True) -> None:
        self.strings: dict[str, str] = {} if strings is None else strings
        self.share = share
        self._copies: dict[int, tuple[object, object]] = {}
        """id of an original function or cell -> (it, its copy); holding the original keeps
        its id from being reused while the copier lives."""
        self._shared: dict[Hashable, FunctionType] = {}
        """Shape (see `shape`) -> the one copy of every function of that shape."""
        self._pure: dict[CodeType, bool] = {}
        self._shapes: dict[int, tuple[FunctionType, Hashable | None]] = {}

    def value(self, value: object) -> object:
        if isinstance(value, FunctionType):
            return self.function(value)
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, str):
            return self.string(value)
        return value  # numbers, booleans, the operator functions: shared, never changed

    def string(self, text: str) -> str:
        if text not in self.strings:
            self.strings[text] = text.encode("utf-8", "surrogatepass").decode(
                "utf-8", "surrogatepass"
            )
        return self.strings[text]

    def function(self, fn: FunctionType) -> FunctionType:
        _, done = self._copies.get(id(fn), (None, None))
        if isinstance(done, FunctionType):
            return done
        shape = self.shape(fn) if self.share else None
        copy = self._shared.get(shape) if shape is not None else None
        if copy is None:
            cells = None if fn.__closure__ is None else tuple(map(self.cell, fn.__closure__))
            copy = FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, cells)
            copy.__kwdefaults__ = fn.__kwdefaults__
            if shape is not None:
                self._shared[shape] = copy
        self._copies[id(fn)] = (fn, copy)
        return copy

    def cell(self, cell: CellType) -> CellType:
        _, done = self._copies.get(id(cell), (None, None))
        if isinstance(done, CellType):
            return done
        try:
            copy = CellType(self.value(cell.cell_contents))
        except ValueError:  # an empty cell: nothing to copy
            copy = cell
        self._copies[id(cell)] = (cell, copy)
        return copy

    def shape(self, value: object) -> Hashable | None:
        """What a value is made of: equal only for values that behave alike (the same
        object, or equal strings, integers or booleans, or tuples or functions made of
        such); None for a function that may change a cell."""
        if isinstance(value, bool | int | str) or value is None:
            return (type(value), value)
        if isinstance(value, tuple):
            parts = tuple(self.shape(v) for v in value)
            return None if None in parts else ("tuple", parts)
        if not isinstance(value, FunctionType):
            return ("object", id(value))  # itself: the copies hold it too (see `value`)
        if id(value) not in self._shapes:
            self._shapes[id(value)] = (value, self._function_shape(value))
        return self._shapes[id(value)][1]

    def _function_shape(self, fn: FunctionType) -> Hashable | None:
        if fn.__kwdefaults__ or not self.is_pure(fn.__code__):
            return None
        try:
            contents = [cell.cell_contents for cell in fn.__closure__ or ()]
        except ValueError:  # an empty cell
            return None
        parts = tuple(self.shape(v) for v in [fn.__defaults__, *contents])
        return None if None in parts else ("function", fn.__code__, id(fn.__globals__), parts)

    def is_pure(self, code: CodeType) -> bool:
        """Whether `code` (or code nested in it) never stores to or deletes a cell."""
        if code not in self._pure:
            writes = any(i.opname in _WRITES for i in dis.get_instructions(code))
            nested = all(self.is_pure(c) for c in code.co_consts if isinstance(c, CodeType))
            self._pure[code] = not writes and nested
        return self._pure[code]
