"""Enter to next screen in the plain protocol, with saving on and off, played in lockstep.

Two games of the same generated story run side by side: one saves in a real folder (on
the disk under the system's temporary folder, with fsync), the other has `--saves` under a
file, so its first save fails and saving is off. Each step, the benchmark types the next line
into one game, then the other, timing from writing the line until the game's output ends with
its input prompt `> ` (the whole next screen drawn). Interleaving puts a busy moment of the
machine on both alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.lockstep import Lockstep, main  # noqa: E402

PROMPT = b"> "


class Game:
    """One `play --plain` process and the output it has printed since the last line typed."""

    def __init__(self, story: Path, saves: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        command = [sys.executable, "-m", "game", "play", "--plain", "--no-shuffle"]
        self.proc = subprocess.Popen(
            [*command, "--story", str(story), "--saves", str(saves)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        self.drawn = 0.0
        self.ready = 0.0
        """Seconds from the line typed to the `> ` (the save of the step done)."""
        self.screen = self._until_prompt()

    def _until_prompt(self) -> bytes:
        """The output up to the next `> `; `drawn` is when all of it before `> ` had come."""
        assert self.proc.stdout is not None
        seen = b""
        arrivals: list[tuple[int, float]] = []
        while not seen.endswith(PROMPT):
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"the game ended after printing {seen[-300:]!r}")
            seen += chunk
            arrivals.append((len(seen), time.perf_counter()))
        screen = len(seen) - len(PROMPT)
        self.drawn = next(t for size, t in arrivals if size >= screen)
        return seen

    def step(self) -> float | None:
        """Type what the screen asks for; seconds until the next screen is drawn (all of it
        but the `> `, which follows the step's save), None once the game has ended."""
        if b"The end." in self.screen or b"Debrief" in self.screen:
            return None
        line = b"\n" if b"Press Enter" in self.screen.rsplit(b"\n", 3)[-2] else b"1\n"
        assert self.proc.stdin is not None
        start = time.perf_counter()
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        try:
            self.screen = self._until_prompt()
        except RuntimeError:
            return None
        self.ready = time.perf_counter() - start
        return self.drawn - start

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def measure(story: Path, steps: int) -> Lockstep:
    """Play up to `steps` steps of `story` in both games in lockstep."""
    with tempfile.TemporaryDirectory(prefix="bench-keypress-") as base:
        blocker = Path(base) / "a-file"
        blocker.write_text("saving is off\n")
        saves = Path(base) / "saves"
        on, off = Game(story, saves), Game(story, blocker / "saves")
        if b"Saving is off" in on.screen:
            raise RuntimeError("the game that should save cannot")
        saving: list[float] = []
        unsaved: list[float] = []
        ready: list[float] = []
        try:
            for _ in range(steps):
                a, b = on.step(), off.step()
                if a is None or b is None:
                    break
                saving.append(a)
                unsaved.append(b)
                ready.append(on.ready)
        finally:
            on.close()
            off.close()
        size = (saves / "autosave.json").stat().st_size
    return Lockstep(saving, unsaved, ready, size)


if __name__ == "__main__":
    main(measure, "to '> '   ")
