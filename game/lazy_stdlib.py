"""Standard modules a game imports but seldom uses, loaded at their first use instead.

`dataclasses` imports `inspect` (and with it `ast`, `dis`, `tokenize` and `linecache`) only to
name the fields of a class that has no docstring, and `copy` only for `asdict()`: together a
seventh of what a warm plain start costs, for nothing, as every class of ours has a docstring.
`defer()` puts in `sys.modules` a module that has run none of its code yet and runs it, in
itself, when an attribute it lacks is first read; so whatever does use `inspect` or `copy`
later (a traceback, rich, prompt_toolkit, the tests) finds the real module then, the very
object `dataclasses` holds. (`importlib.util.LazyLoader` would load at the next `import`
statement: the import system reads `__spec__`, which this module already has.) The command
line calls it before anything imports `dataclasses`; it leaves alone a module already
imported (a test run, a tool) and one that is not there or is a package.
"""

from __future__ import annotations

import sys
from _thread import RLock
from collections.abc import Callable
from types import ModuleType

DEFERRED = ("inspect", "copy")
_PROBES = frozenset({"__path__"})
"""What `from module import name` asks of a module before it asks for `name`: answered
without loading (neither module is a package)."""


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """Make each of `names` that is not imported yet run its code on its first use."""
    from importlib.util import find_spec, module_from_spec

    for name in names:
        if name in sys.modules:
            continue
        spec = find_spec(name)
        if spec is None or spec.loader is None or spec.submodule_search_locations is not None:
            continue
        module = module_from_spec(spec)
        module.__getattr__ = _loader(module)  # type: ignore[method-assign]
        sys.modules[name] = module


def _loader(module: ModuleType) -> Callable[[str], object]:
    """The module's `__getattr__` until its code has run: runs it (once, whichever thread
    asks first; the others wait for it), then answers as the module would."""
    lock = RLock()
    started: list[bool] = []

    def load(name: str) -> object:
        if name in _PROBES:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
        with lock:
            if not started:
                started.append(True)
                spec = module.__spec__
                assert spec is not None and spec.loader is not None
                try:
                    spec.loader.exec_module(module)
                except BaseException:
                    sys.modules.pop(module.__name__, None)  # as a failed import leaves it
                    raise
                finally:
                    if vars(module).get("__getattr__") is load:
                        del module.__getattr__
        try:
            return vars(module)[name]
        except KeyError:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}") from None

    return load
