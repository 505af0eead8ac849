"""game.lazy_stdlib: a deferred standard module runs none of its code until something reads
what it defines, then is the real module, once, for every thread and every way of importing
it. Each check runs in a fresh interpreter (this one imported `inspect` long ago)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def _run(code: str) -> str:
    # Without coverage: CI's coverage of every process starts in the child before its first
    # line and imports `inspect`, `json` and `copy` itself, so nothing would be left to defer.
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_START"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_dataclasses_of_documented_classes_never_run_inspect() -> None:
    out = _run(
        """
        import sys
        from game.lazy_stdlib import defer
        defer()
        import dataclasses, inspect, copy

        @dataclasses.dataclass(frozen=True)
        class Documented:
            "A class with a docstring."
            a: int
            b: str = ""

        assert Documented(1) == Documented(1, "")
        print("signature" in vars(inspect), "deepcopy" in vars(copy), "ast" in sys.modules)
        """
    )
    assert out.split() == ["False", "False", "False"]


def test_a_deferred_module_is_the_real_one_at_its_first_use() -> None:
    out = _run(
        """
        import sys
        from game.lazy_stdlib import defer
        defer()
        import dataclasses, inspect

        @dataclasses.dataclass
        class Undocumented:
            a: int

        print(Undocumented.__doc__)  # dataclasses asked inspect for the signature
        from inspect import signature
        import inspect as again
        print(again is inspect is sys.modules["inspect"], signature is inspect.signature)
        print("__getattr__" in vars(inspect), "ast" in sys.modules)
        try:
            inspect.no_such_name
        except AttributeError as error:
            print(error)
        from copy import *
        print(deepcopy([1, [2]]))
        """
    )
    assert out.splitlines() == [
        "Undocumented(a: int)",
        "True True",
        "False True",
        "module 'inspect' has no attribute 'no_such_name'",
        "[1, [2]]",
    ]


def test_threads_asking_at_once_all_get_the_one_module() -> None:
    out = _run(
        """
        import sys, threading
        from game.lazy_stdlib import defer
        defer(("copy",))
        import copy
        barrier = threading.Barrier(8)
        found = []

        def use():
            barrier.wait()
            found.append(copy.deepcopy)

        threads = [threading.Thread(target=use) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(found), len({id(f) for f in found}), found[0] is sys.modules["copy"].deepcopy)
        """
    )
    assert out.split() == ["8", "1", "True"]


def test_a_module_already_imported_a_package_or_a_missing_one_is_left_alone() -> None:
    out = _run(
        """
        import sys
        import inspect
        from game.lazy_stdlib import defer
        defer(("inspect", "json", "no_such_module_here"))
        print(sys.modules["inspect"] is inspect, "json" in sys.modules)
        print("no_such_module_here" in sys.modules)
        import json
        print("__getattr__" in vars(json), json.dumps([1]))
        """
    )
    assert out.split() == ["True", "False", "False", "False", "[1]"]
