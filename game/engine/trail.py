"""Immutable sequences that share their items: a step costs the same at scene 10 or 10,000.

A game's path, facts, decisions and answers only ever grow by a few items a step. Copying
them into a new tuple at every step made the step's cost grow with the game. A `Trail` is
instead a length into an append-only list shared with the trails it grew from: extending
the longest of them appends in place, and every shorter trail still sees exactly its own
items, so an old state (undo) is unchanged. Extending a shorter one with items other than
those that follow it (a different move after `back`) copies its items once into a new list.
Membership (`visited`, `seen`, what was answered) is a dict lookup of the first position of
each key.

Pure and single-threaded by design, like the rest of the engine: one game's states are
extended by one thread at a time (another thread may read them meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import islice
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
Key = Callable[[Any], Hashable]


def itself(item: Any) -> Hashable:
    """The key of an item that is its own key (a scene or fact id)."""
    return item  # type: ignore[no-any-return]


class _Store(Generic[T]):
    """The shared, append-only list behind trails, with each key's first position."""

    __slots__ = ("first", "items", "key")

    def __init__(self, items: list[T], key: Key | None) -> None:
        self.items = items
        self.key = key
        self.first: dict[Hashable, int] = {}
        if key is not None:
            first = self.first
            for i, item in enumerate(items):
                first.setdefault(key(item), i)

    def extend(self, items: Sequence[T]) -> None:
        stored, key = self.items, self.key
        if key is None:
            stored.extend(items)
            return
        first = self.first
        for item in items:
            first.setdefault(key(item), len(stored))
            stored.append(item)


class Trail(Sequence[T]):
    """An immutable sequence (compares equal to the tuple of its items) that is cheap to
    extend; `key` names what `has` looks up (None: no lookups)."""

    __slots__ = ("_length", "_store")

    def __init__(self, items: Iterable[T] = (), key: Key | None = itself) -> None:
        self._store: _Store[T] = _Store(list(items), key)
        self._length = len(self._store.items)

    @classmethod
    def _view(cls, store: _Store[T], length: int) -> Trail[T]:
        trail: Trail[T] = cls.__new__(cls)
        trail._store = store
        trail._length = length
        return trail

    def extended(self, items: Sequence[T]) -> Trail[T]:
        """This trail with `items` after its own; this one is unchanged."""
        if not items:
            return self
        store, length = self._store, self._length
        end = length + len(items)
        if length == len(store.items):
            store.extend(items)
            return self._view(store, end)
        if store.items[length:end] == list(items):
            return self._view(store, end)  # the same steps again (after back, or a replay)
        fork: _Store[T] = _Store(store.items[:length], store.key)
        fork.extend(items)
        return self._view(fork, end)

    def appended(self, item: T) -> Trail[T]:
        """`extended((item,))`: a step adds one scene to its path, so that case is quick."""
        store, length = self._store, self._length
        items = store.items
        if length == len(items):
            key = store.key
            if key is not None:
                store.first.setdefault(item if key is itself else key(item), length)
            items.append(item)
        elif not (items[length] is item or items[length] == item):
            return self.extended((item,))
        trail: Trail[T] = object.__new__(Trail)
        trail._store = store
        trail._length = length + 1
        return trail

    def has(self, key: Hashable) -> bool:
        """True when an item of this trail has `key`."""
        position = self._store.first.get(key)
        return position is not None and position < self._length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._store.items[: self._length])[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("trail index out of range")
        return self._store.items[index]

    def __iter__(self) -> Iterator[T]:
        return islice(self._store.items, self._length)

    def __contains__(self, item: object) -> bool:
        if self._store.key is itself:
            try:
                return self.has(item)
            except TypeError:  # unhashable: it cannot be among the keys
                return False
        return any(x is item or x == item for x in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Trail):
            if other._length != self._length:
                return False
            if other._store is self._store:
                return True
        elif isinstance(other, tuple):
            if len(other) != self._length:
                return False
        else:
            return NotImplemented
        return all(a is b or a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class Keys(AbstractSet[K]):
    """The set of a trail's keys (`visited`, `seen`): lookups without building a set."""

    __slots__ = ("_trail",)

    def __init__(self, trail: Trail[Any]) -> None:
        self._trail = trail

    def __contains__(self, key: object) -> bool:
        try:
            return self._trail.has(key)
        except TypeError:
            return False

    def __iter__(self) -> Iterator[K]:
        length = self._trail._length
        first = list(self._trail._store.first.items())
        return (key for key, position in first if position < length)  # type: ignore[misc]

    def __len__(self) -> int:
        length = self._trail._length
        return sum(1 for position in list(self._trail._store.first.values()) if position < length)

    @classmethod
    def _from_iterable(cls, items: Iterable[Any]) -> frozenset[Any]:
        return frozenset(items)

    def __repr__(self) -> str:
        return f"Keys({set(self)!r})"
