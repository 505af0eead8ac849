"""Enter to next screen in the interactive full-screen game, in real ptys, saving on and off.

The pty twin of `benchmarks/keypress.py`: two interactive games of the same generated story,
each in a pseudo-terminal of its own (100 columns by 30 rows, colour, as a player's), one
saving in a real folder (on the disk under the system's temporary folder, with fsync), the
other with `--saves` under a file (its first save fails, so saving is off). Each step the
benchmark types the next key into one game, then the other, in lockstep, so a busy moment of
the machine hurts both alike. A step is timed from writing the key until the whole next screen
has arrived: every line read makes a fresh drawing, which starts at the top left corner
(`ESC [0;0H`) and ends by showing the cursor again at the input line (`ESC [?25h`), in one
flush; the first such end after the key is the step's.

The saving game writes its autosave right after that flush. A player reads the screen before
the next key, so the benchmark waits for that save before going on, as the plain row waits
for the `> `: until the autosave file has been replaced and the folder's lock is free again
(the save holds it until its last fsync). That time is reported too, not waited for by the
player.

    python -m benchmarks.keypress_pty 1000 400   # scenes, steps: one pair of games
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.lockstep import Lockstep, main, pooled_rows
from benchmarks.table import Row

ROOT = Path(__file__).resolve().parents[1]
ROWS, COLUMNS = 30, 100
FRESH = b"\x1b[0;0H"
"""Where each fresh drawing of the full screen starts: the top left corner."""
SHOWN = b"\x1b[?25h"
"""How a drawing ends: the cursor shown again, at the input line."""
CPR = b"\x1b[6n"
LOCK = ".special-tasks.lock"
TIMEOUT = 60.0
SCENES = 1_000
"""The generated story played (874 steps to its end), as in the plain row."""


class PtyGame:
    """One interactive `python -m game` in a pseudo-terminal of its own."""

    def __init__(self, story: Path, saves: Path) -> None:
        self.saves = saves
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT))
        command = [sys.executable, "-m", "game", "play", "--no-shuffle"]
        self.proc = subprocess.Popen(
            [*command, "--story", str(story), "--saves", str(saves)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,  # the pty is its terminal, as a player's would be
        )
        os.close(slave)
        self.fd = master
        self.screen = b""
        """The last fresh drawing (from its top left corner to the cursor shown)."""
        self.seen = b""
        self.started = 0.0
        """When the last step's key was written."""
        self._until(b"New game")
        self.key(b"1\r")  # New game,
        self._until(b"(Enter to skip) >")
        self.key(b"\r")  # no name: the saves stay in `saves` itself
        self.drawn()

    # --- reading and writing ------------------------------------------------------------
    def _read(self) -> float:
        """Wait for output and add it to `seen`; when it arrived."""
        ready, _, _ = select.select([self.fd], [], [], TIMEOUT)
        if not ready:
            raise RuntimeError(f"the game drew nothing for {TIMEOUT:g} s: {self.seen[-300:]!r}")
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the game has ended and closed the terminal
            chunk = b""
        arrived = time.perf_counter()
        if not chunk:
            raise RuntimeError(f"the game ended after drawing {self.seen[-300:]!r}")
        if CPR in chunk:  # as a terminal would, though the full screen never asks
            os.write(self.fd, f"\x1b[{ROWS};1R".encode())
        self.seen += chunk
        return arrived

    def _until(self, text: bytes) -> None:
        while text not in self.seen:
            self._read()
        self._until_shown(self.seen.index(text))

    def _until_shown(self, start: int) -> float:
        arrived = time.perf_counter()
        while (end := self.seen.find(SHOWN, start)) < 0:
            arrived = self._read()
        self.screen = self.seen[start : end + len(SHOWN)]
        self.seen = self.seen[end + len(SHOWN) :]
        return arrived

    def expect(self, text: bytes) -> None:
        """Read until `text` has been drawn, in the last drawing or since."""
        while text not in self.screen + self.seen:
            self._read()

    def drain(self) -> None:
        """Forget what was drawn since (a redraw after a save's message, say)."""
        while select.select([self.fd], [], [], 0)[0]:
            self._read()
        self.seen = b""

    def key(self, keys: bytes) -> float:
        """Type `keys`; when they were written."""
        self.drain()
        start = time.perf_counter()
        os.write(self.fd, keys)
        return start

    def drawn(self) -> float:
        """Read until the next fresh drawing is all there; when its last byte arrived."""
        while (start := self.seen.find(FRESH)) < 0:
            self._read()
        return self._until_shown(start)

    # --- one step -------------------------------------------------------------------------
    def next_key(self) -> bytes | None:
        """What the screen asks for: a choice or an answer, Enter, or None (the story's end,
        a reflection: screens of another kind)."""
        if b"Press Enter to continue >" in self.screen:
            return b"\r"
        if b"Choose 1" in self.screen or b"Answer 1-" in self.screen:
            return b"1\r"
        return None

    def step(self) -> float | None:
        """Type what the screen asks for; seconds until the next screen is drawn, or None."""
        keys = self.next_key()
        if keys is None:
            return None
        self.started = self.key(keys)
        return self.drawn() - self.started

    def autosave(self) -> tuple[int, int, int] | None:
        try:
            info = (self.saves / "autosave.json").stat()
        except FileNotFoundError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def until_saved(self, before: tuple[int, int, int] | None) -> float:
        """Wait until the autosave has been replaced since `before` and the folder's lock is
        free (the save holds it until its last fsync); when that was."""
        deadline = time.monotonic() + TIMEOUT
        while self.autosave() == before:
            if time.monotonic() > deadline:
                raise RuntimeError("the saving game did not save its step")
            time.sleep(0.0002)
        fd = os.open(self.saves / LOCK, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits for the game's save to let go
            done = time.perf_counter()
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        return done

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x04")  # Ctrl-D: the game saves and says goodbye
            self.proc.wait(timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self.fd)


def measure(story: Path, steps: int) -> Lockstep:
    """Play up to `steps` steps of `story` in both games in lockstep."""
    with tempfile.TemporaryDirectory(prefix="bench-keypress-pty-") as base:
        blocker = Path(base) / "a-file"
        blocker.write_text("saving is off\n")
        saves = Path(base) / "saves"
        on, off = PtyGame(story, saves), PtyGame(story, blocker / "saves")
        saving: list[float] = []
        unsaved: list[float] = []
        saved: list[float] = []
        try:
            for _ in range(steps):
                before = on.autosave()
                a = on.step()
                if a is None:
                    break
                saved.append(on.until_saved(before) - on.started)
                b = off.step()
                if b is None:
                    break
                if not unsaved:
                    off.expect(b"Saving is off")  # its first save failed, as it should
                saving.append(a)
                unsaved.append(b)
        finally:
            on.close()
            off.close()
        size = (saves / "autosave.json").stat().st_size
    return Lockstep(saving, unsaved, saved, size)


def keypress_pty_rows(base: Path, steps: int, repeat: int) -> list[Row]:
    """Enter to next screen in a pty, saving on against off, and the last ten steps of a long
    game against its first ten: `repeat` pairs of games of `steps` steps each, in lockstep."""
    from benchmarks.generate import write_story

    story = write_story(base / f"keypress-pty-{SCENES}", SCENES)
    return pooled_rows(
        lambda: measure(story, steps),
        repeat,
        "pty",
        "  the save after it, done (file and lock; {kb} kB at the end)",
    )


if __name__ == "__main__":
    main(measure, "saved     ")
