"""terminate_gently: in the main thread SIGTERM raises Terminated for the duration and the
handler before it is back after; in any other thread it changes nothing and raises nothing."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from game.ui.signals import Terminated, terminate_gently


def test_in_the_main_thread_sigterm_raises_terminated_then_the_old_handler_is_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated), terminate_gently():
        assert signal.getsignal(signal.SIGTERM) is not before
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()  # the handler runs here at the latest
    assert signal.getsignal(signal.SIGTERM) is before


def test_in_another_thread_it_changes_nothing() -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def run() -> None:
        with terminate_gently():
            seen.append(signal.getsignal(signal.SIGTERM))
        seen.append("done")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [before, "done"]
    assert signal.getsignal(signal.SIGTERM) is before
