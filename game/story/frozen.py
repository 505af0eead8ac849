"""Equality, hashing and repr for the frozen dataclasses a game builds as it starts.

`@dataclass(frozen=True)` compiles six methods for every class when its module is imported,
and compiling is most of what starting the game costs: `__eq__`, `__hash__` and `__repr__`
each name every field. The classes of the story model, the engine's events and states and
the save records are declared `@dataclass(frozen=True, eq=False, repr=False)` on `Frozen`
instead, which does those three the same way for every class, from its fields: the same
results as the generated methods (tests/test_frozen.py compares them), with only `__init__`
and the frozen `__setattr__`/`__delattr__` compiled per class.
"""

from __future__ import annotations

import dataclasses
from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter

_Getter = Callable[[object], tuple[object, ...]]
_COMPARED: dict[type, _Getter] = {}
_HASHED: dict[type, _Getter] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}
_REPR_RUNNING: set[tuple[int, int]] = set()


def _getter(names: list[str]) -> _Getter:
    """A function from an object to the tuple of those attributes (as the generated code
    builds `(self.a, self.b,)`: a tuple even for one attribute or none)."""
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (get(obj),)
    return get  # several names: attrgetter returns a tuple


def _fields(cls: type) -> list[dataclasses.Field[object]]:
    found: tuple[dataclasses.Field[object], ...] = dataclasses.fields(cls)
    return list(found)


def _compared(cls: type) -> _Getter:
    get = _COMPARED.get(cls)
    if get is None:
        get = _COMPARED[cls] = _getter([f.name for f in _fields(cls) if f.compare])
    return get


def _hashed(cls: type) -> _Getter:
    get = _HASHED.get(cls)
    if get is None:
        names = [f.name for f in _fields(cls) if (f.compare if f.hash is None else f.hash)]
        get = _HASHED[cls] = _getter(names)
    return get


class Frozen:
    """Base of a `@dataclass(frozen=True, eq=False, repr=False)`: `==`, `hash()` and `repr()`
    as `@dataclass(frozen=True)` would generate them."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            get = _compared(self.__class__)
            return get(self) == get(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_hashed(self.__class__)(self))

    def __repr__(self) -> str:
        key = id(self), get_ident()
        if key in _REPR_RUNNING:  # an object inside itself, as dataclasses shows it
            return "..."
        _REPR_RUNNING.add(key)
        try:
            cls = self.__class__
            names = _SHOWN.get(cls)
            if names is None:
                names = _SHOWN[cls] = tuple(f.name for f in _fields(cls) if f.repr)
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
            return f"{cls.__qualname__}({shown})"
        finally:
            _REPR_RUNNING.discard(key)
