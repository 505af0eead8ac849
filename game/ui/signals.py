"""SIGTERM (a closed terminal window, `kill`, a lab machine logging out) ends a game gently.

While a front end runs, SIGTERM raises `Terminated` in the main thread: the front end then
saves as it does after Ctrl-C with nobody to ask, leaves the full screen (so the terminal is
back in its normal mode) and exits with 128 + 15. A second SIGTERM while it saves is ignored,
so the save is finished.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

TERMINATED = 128 + signal.SIGTERM
"""The exit code after SIGTERM, as a shell reports a process ended by it."""


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM); not an error, not a Ctrl-C to confirm."""


_lost: list[bool] = []
"""Set when SIGTERM raises `Terminated`, cleared once a front end has caught it."""


def _raise(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the save that follows is not cut short
    _lost[:] = [True]
    raise Terminated


def caught() -> None:
    """A front end has caught `Terminated` and is leaving: nothing was lost."""
    _lost.clear()


def raise_if_lost() -> None:
    """Raise `Terminated` again if a SIGTERM raised it and no front end caught it.

    The handler's exception is raised wherever the main thread happens to be, and some C code
    clears whatever error a Python function it calls leaves (an exception raised inside such a
    call is dropped without a word): under load, 1 run in 5 of the whole suite saw a game
    carry on to its next prompt with SIGTERM ignored from then on, waiting for a line that
    never came. The front ends call this before they wait for input, so a SIGTERM always ends
    the game.
    """
    if _lost:
        _lost.clear()
        raise Terminated


@contextlib.contextmanager
def terminate_gently() -> Iterator[None]:
    """Turn SIGTERM into `Terminated` for the duration (main thread only; elsewhere, nothing)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise)
    except ValueError:
        # Not the main thread, where signals go (asked of signal, not of threading, whose
        # import would cost a start as much as this module's own).
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
