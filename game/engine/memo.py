"""What a pure function of immutable objects made, remembered by those objects' identity.

The engine gives out the same event, prompt and record objects again and again (see
`game/engine/plan.py`), so what a front end or the debrief makes of one (its text, its row)
can be looked up by identity instead of made again, without hashing the objects' fields.
An entry holds its objects, so no other object can take their ids while it is kept. No I/O.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Remembered(Generic[V]):
    """Values by (owner, item, extra): `owner` and `item` by identity, `extra` by value.

    At most `limit` entries: when full it starts again empty (a value is only ever made
    again, never wrong). Safe to share between threads: each lookup and store is one dict
    operation, and a value made twice at once is the same value.
    """

    __slots__ = ("_found", "_limit")

    def __init__(self, limit: int) -> None:
        self._found: dict[tuple[int, int, Hashable], tuple[object, object, V]] = {}
        self._limit = limit

    def get(self, owner: object, item: object, extra: Hashable = None) -> V | None:
        """The value kept for these objects, or None."""
        hit = self._found.get((id(owner), id(item), extra))
        if hit is not None and hit[0] is owner and hit[1] is item:
            return hit[2]
        return None

    def keep(self, owner: object, item: object, extra: Hashable, value: V) -> V:
        """`value`, kept for these objects."""
        found = self._found
        if len(found) >= self._limit:
            found.clear()
        found[(id(owner), id(item), extra)] = (owner, item, value)
        return value

    def __len__(self) -> int:
        return len(self._found)
