"""A child process in a real pseudo-terminal, read as a player sees it.

Two records of the output: the text stream (escape sequences removed), for what the plain
protocol prints line by line, and a terminal emulator's screen (pyte), for the full-screen
game, which redraws only the cells that change and so never prints some texts whole.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pyte

from tests.conftest import ROOT

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])")
CPR = "\x1b[6n"
"""prompt_toolkit may ask the terminal where the cursor is; a real terminal answers."""
TIMEOUT = 20.0
PAGE_DOWN = "\x1b[6~"
PAGE_UP = "\x1b[5~"


def plain(raw: str) -> str:
    """Terminal output without escape sequences or carriage returns."""
    return ANSI.sub("", raw).replace("\r", "")


class Terminal:
    """A child process in a pseudo-terminal, everything it has drawn, and its screen now."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.rows, self.columns = child.getwinsize()
        self.raw = ""
        self.text = ""
        self._pending = ""
        self.mark = 0
        self.answered = 0
        self.emulator = pyte.Screen(self.columns, self.rows)
        self.feed = pyte.Stream(self.emulator)
        self.changed: set[int] = set()
        """Rows drawn on since the last thing waited for was found."""

    @property
    def screen(self) -> str:
        """All the text drawn so far, in the order it was written."""
        return self.text

    @property
    def display(self) -> list[str]:
        """The rows the terminal shows now, trailing blanks removed."""
        return [row.rstrip() for row in self.emulator.display]

    def visible(self, text: str) -> bool:
        return text in "\n".join(self.display)

    def _read(self) -> None:
        with contextlib.suppress(pexpect.TIMEOUT):
            data = self.child.read_nonblocking(65536, timeout=0.1)
            self.raw += data
            self._add_text(data)
            self.feed.feed(data)
            self.changed |= self.emulator.dirty
            self.emulator.dirty.clear()
        while self.answered < self.raw.count(CPR):
            # As a terminal whose output has scrolled to the bottom row would.
            self.child.send(f"\x1b[{self.rows};1R")
            self.answered += 1

    def _add_text(self, data: str) -> None:
        """Keep `text` up to date, holding back an escape sequence cut in two by a read."""
        pending = self._pending + data
        cut = pending.rfind("\x1b")
        if cut >= 0 and len(pending) - cut < 64 and ANSI.match(pending, cut) is None:
            pending, self._pending = pending[:cut], pending[cut:]
        else:
            self._pending = ""
        self.text += plain(pending)

    def _found(self, text: str) -> bool:
        found = self.screen.find(text, self.mark)
        if found >= 0:
            self.mark = found + len(text)
            return True
        shown = "\n".join(self.display)
        at = shown.find(text)
        while at >= 0:
            first = shown.count("\n", 0, at)
            if self.changed & set(range(first, first + text.count("\n") + 1)):
                self.mark = len(self.screen)
                return True
            at = shown.find(text, at + 1)
        return False

    def wait_for(self, text: str) -> None:
        """Read until `text` is printed after the last thing waited for, or drawn since."""
        deadline = time.monotonic() + TIMEOUT
        while not self._found(text):
            if time.monotonic() > deadline:
                now = "\n".join(self.display)
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{now}")
            try:
                self._read()
            except pexpect.EOF:
                raise AssertionError(f"the game ended before showing {text!r}") from None
        self.changed.clear()

    def settle(self, quiet: float = 0.3) -> None:
        """Read until the program has drawn nothing for `quiet` seconds."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            before = len(self.raw)
            end = time.monotonic() + quiet
            while time.monotonic() < end:
                self._read()
            if len(self.raw) == before:
                return

    def type(self, keys: str) -> None:
        self.child.send(keys)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Kill the child if it still runs (a test that failed half-way) and close its pty."""
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()

    def read_to_end(self, timeout: float = TIMEOUT) -> None:
        """Read until the child closes the terminal (it has ended). If it has not within
        `timeout` seconds, fail with what it was doing: its state in the kernel and the Python stack
        of every thread, which faulthandler (on in every child, see spawn_game) prints on the
        SIGABRT sent for it, instead of a bare timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self._read()
            except pexpect.EOF:
                return
        raise AssertionError(self._hung(timeout))

    def _hung(self, timeout: float) -> str:
        pid = self.child.pid
        kernel = []
        for name in ("stat", "wchan"):
            with contextlib.suppress(OSError):
                kernel.append(f"/proc/{pid}/{name}: {Path(f'/proc/{pid}/{name}').read_text()}")
        before = len(self.raw)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGABRT)
        end = time.monotonic() + 5
        with contextlib.suppress(pexpect.EOF):
            while time.monotonic() < end:
                self._read()
        stacks = self.raw[before:].replace("\r", "")
        shown = "\n".join(self.display)
        return (
            f"the game had not ended within {timeout:g} s\n"
            + "\n".join(kernel)
            + f"\nits stacks (faulthandler, on SIGABRT):\n{stacks}\nthe screen shows:\n{shown}"
        )

    def finish(self) -> int:
        """Read to the end; the exit code."""
        self.read_to_end()
        self.child.close()
        status: int = self.child.exitstatus
        return status


def spawn_game(
    story: Path, saves: Path, *args: str, rows: int = 30, columns: int = 100, **settings: str
) -> Terminal:
    """`python -m game` on `story` in a terminal `columns` by `rows`, with colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SPECIAL_TASKS_SAVES")}
    # PYTHONFAULTHANDLER: a game that hangs prints every thread's stack when read_to_end
    # sends it SIGABRT, so a timeout says where it was.
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), PYTHONFAULTHANDLER="1")
    env.update(settings)
    if env.get("MUTANT_UNDER_TEST") == "stats":  # as in conftest.run_cli
        del env["MUTANT_UNDER_TEST"]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "game", "--story", str(story), "--saves", str(saves), *args],
        env=env,
        cwd=str(saves.parent),
        dimensions=(rows, columns),
        encoding="utf-8",
        # Bytes typed while the game is between two reads are echoed by the terminal itself
        # (the line discipline, not the game): a stray invalid byte there must not stop the
        # test's reader. What the game draws is checked on the decoded screen as before.
        codec_errors="replace",
        timeout=TIMEOUT,
    )
    return Terminal(child)
