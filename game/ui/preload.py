"""Modules imported on a thread while the player reads a screen, so that the step after it
does not wait for them (the first scene's Markdown, the first save's file code).

Only the thread imports while it runs: the screen waits for it as soon as a line is read,
before the game acts on that line (`FullScreen.read`), so no module is ever imported by two
threads at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence


class Preloader:
    """Imports `modules`, in order, on a thread of its own, once started."""

    def __init__(self, modules: Sequence[str]) -> None:
        self.modules = tuple(modules)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin, once; later calls do nothing."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="preload", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until every module is imported (at once when not started)."""
        if self._thread is not None:
            self._thread.join()

    def _load(self) -> None:
        for name in self.modules:
            # A module that fails here fails again where the game imports it, and says why.
            with contextlib.suppress(Exception):
                __import__(name)  # as `import` does: -X importtime shows it
