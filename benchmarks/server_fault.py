"""The class server's saves under load and after a crash (used by server_load.py).

`check_saves`: after a lesson, every student's autosave loads and `special-tasks report`
makes each student's report. `fault_run`: a class playing at reading pace, the server killed
with SIGKILL mid-lesson, restarted on the same class folder and port, and every student back
within one step of where they were, with no save damaged.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pyte

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.engine import Engine  # noqa: E402
from game.saves.store import SaveStore, read_save_file  # noqa: E402
from game.story.checker import load_story  # noqa: E402

CODE = "load-test"
WAIT = 60.0
QUIET = 0.4
"""Seconds without output after which a screen counts as drawn."""
COLUMNS, ROWS = 100, 30


def name(number: int) -> str:
    return f"student{number:02d}"


def start_server(
    story: str, class_dir: str, port: int, students: int
) -> tuple[subprocess.Popen[str], int]:
    """`special-tasks serve` in a process of its own; it and the port it listens on."""
    command = [sys.executable, "-m", "game", "serve", "--story", story, "--class", class_dir]
    command += ["--host", "127.0.0.1", "--port", str(port), "--code", CODE]
    command += ["--max-sessions", str(students)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdout is not None
    lines = [server.stdout.readline() for _ in range(2)]
    found = re.search(r"ssh -p (\d+) ", lines[1])
    if found is None:
        server.kill()
        raise SystemExit(f"the server did not start: {lines!r}")
    return server, int(found[1])


async def connect(port: int, user: str) -> asyncssh.SSHClientConnection:
    return await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1",
            port,
            username=user,
            password=CODE,
            known_hosts=None,
            client_keys=None,
            agent_path=None,
            preferred_auth="password",
            config=None,
        ),
        WAIT,
    )


# --- after a lesson: every save loads, every report is made ----------------------------
def check_saves(class_dir: Path, story: str, students: int) -> tuple[int, int, list[str]]:
    """(saves that load, reports made, what failed) for `students` students."""
    engine = Engine(load_story(Path(story)))
    loaded, problems = 0, []
    for n in range(students):
        try:
            SaveStore(class_dir / name(n), root=class_dir).load("autosave", engine)
            loaded += 1
        except Exception as exc:  # a measurement: say what failed and go on
            problems.append(f"{name(n)}: autosave does not load: {exc}")

    def report(n: int) -> str | None:
        command = [sys.executable, "-m", "game", "report", "--saves", str(class_dir)]
        command += ["--name", name(n), "--format", "json", "--story", story]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            return f"{name(n)}: report failed: {done.stderr.strip()[:200]}"
        try:
            json.loads(done.stdout)
        except ValueError:
            return f"{name(n)}: the report is not JSON"
        return None

    with ThreadPoolExecutor(2) as pool:  # the machine has two cores
        failed = [p for p in pool.map(report, range(students)) if p is not None]
    return loaded, students - len(failed), problems + failed


def damage(class_dir: Path, story: str) -> list[str]:
    """Every save file in the students' folders that does not parse, and every one set aside
    as damaged."""
    loaded = load_story(Path(story))
    found = []
    for path in sorted(class_dir.glob("*/*")):
        if ".damaged-" in path.name:
            found.append(f"{path.relative_to(class_dir)} was set aside as damaged")
        elif path.suffix == ".json":
            try:
                read_save_file(path, loaded)
            except Exception as exc:
                found.append(f"{path.relative_to(class_dir)}: {exc}")
    return found


# --- the fault run ---------------------------------------------------------------------
@dataclass
class Seen:
    """What one student's screen showed: where they stood after each answered step."""

    places: list[str] = field(default_factory=list)
    """The scene's title and the prompt, as "Exile / Choose 1-2 >"."""
    typing: bool = False
    """A keypress is on its way and not yet answered."""
    in_flight: bool = False
    """`typing` when the server was killed."""
    resumed: str | None = None
    steps: int = 0


class Screen:
    """A student's terminal (a pyte screen) on one SSH process."""

    def __init__(self, process: asyncssh.SSHClientProcess[str]) -> None:
        self.process = process
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def lines(self) -> list[str]:
        return [row.rstrip() for row in self.screen.display]

    def body(self) -> list[str]:
        """The screen without the line being typed on."""
        lines = self.lines()
        del lines[self.screen.cursor.y]
        return lines

    def shows(self, needle: str) -> bool:
        return needle in "\n".join(self.lines())

    def prompt(self) -> str:
        return self.lines()[self.screen.cursor.y]

    def place(self) -> str:
        """The scene's title and the prompt (without what is typed after it)."""
        prompt = self.prompt()
        return f"{self.title()} / {prompt[: prompt.rfind('>') + 1]}"

    def title(self) -> str:
        """The scene's title: the line under "Chapter N of M" in the header box."""
        lines = self.lines()
        for i, line in enumerate(lines[:-1]):
            if line.startswith("│ Chapter"):
                return lines[i + 1].strip("│ ").strip()
        return ""

    async def read(self, timeout: float) -> None:
        data = await asyncio.wait_for(self.process.stdout.read(65536), timeout)
        if not data:
            raise EOFError("the connection closed")
        self.stream.feed(data)

    async def answer(self, keys: str, needle: str | None = None) -> None:
        """Send `keys`, then read until the screen changed (or shows `needle`) and is still."""
        before = self.body()
        self.process.stdin.write(keys)
        end = time.monotonic() + WAIT
        while not (self.shows(needle) if needle is not None else self.body() != before):
            await self.read(max(0.1, end - time.monotonic()))
        while True:
            try:
                await self.read(QUIET)
            except asyncio.TimeoutError:
                return


def next_keys(prompt: str) -> str:
    """A choice or an answer: the first; anything else (Continue, a reflection): Enter."""
    return "1\r" if re.search(r"\b1-\d+\b", prompt) else "\r"


async def begin(
    port: int, number: int, resume: bool
) -> tuple[asyncssh.SSHClientConnection, Screen]:
    conn = await connect(port, name(number))
    process = await asyncio.wait_for(
        conn.create_process(term_type="xterm-256color", term_size=(COLUMNS, ROWS)), WAIT
    )
    screen = Screen(process)
    while not screen.shows("New game"):
        await screen.read(WAIT)
    if resume:  # Enter: Continue, the default for an unfinished game
        await screen.answer("\r", "Type help for commands")
    else:
        await screen.answer("\r", "Your name")
        await screen.answer("\r", "Type help for commands")
    return conn, screen


async def play_until_killed(
    port: int, number: int, think: float, seen: Seen, playing: asyncio.Event, count: list[int]
) -> None:
    conn, screen = await begin(port, number, resume=False)
    seen.places.append(screen.place())
    try:
        while True:
            await asyncio.sleep(think * (0.5 + (number % 10) / 10))
            seen.typing = True
            await screen.answer(next_keys(screen.prompt()))
            seen.typing = False
            seen.places.append(screen.place())
            seen.steps += 1
            if seen.steps == 2:
                count[0] += 1
                if count[0] == count[1]:
                    playing.set()
    except (EOFError, OSError, asyncssh.Error, asyncio.TimeoutError):
        pass  # the server was killed
    finally:
        conn.close()


async def reconnect(port: int, number: int, seen: Seen) -> None:
    try:
        conn, screen = await begin(port, number, resume=True)
    except (EOFError, OSError, asyncssh.Error, asyncio.TimeoutError) as exc:
        seen.resumed = f"(could not resume: {exc!r})"
        return
    seen.resumed = screen.place()
    conn.close()


def fault_run(story: str, class_dir: str, students: int, think: float) -> tuple[list[str], int]:
    """The report's lines, and 0 or 1 (the verdict)."""
    server, port = start_server(story, class_dir, 0, students)
    seen = [Seen() for _ in range(students)]

    async def lesson() -> None:
        playing = asyncio.Event()
        count = [0, students]  # students past their second step; the number wanted
        tasks = [
            asyncio.create_task(play_until_killed(port, n, think, seen[n], playing, count))
            for n in range(students)
        ]
        waiting = asyncio.ensure_future(playing.wait())
        await asyncio.wait([waiting, *tasks], timeout=WAIT * 2, return_when="FIRST_COMPLETED")
        if playing.is_set():
            await asyncio.sleep(think * 1.3)  # mid-lesson: some reading, some typing
        for s in seen:
            s.in_flight = s.typing
        os.kill(server.pid, signal.SIGKILL)
        waiting.cancel()
        for result in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(result, BaseException):
                raise SystemExit(f"a student could not play before the kill: {result!r}")

    try:
        asyncio.run(lesson())
    finally:
        server.kill()
        server.wait(30)
    killed_with = server.returncode
    loaded = load_story(Path(story))
    saved: list[str | None] = []
    for n in range(students):
        try:
            state = read_save_file(Path(class_dir, name(n), "autosave.json"), loaded).state
            saved.append(loaded.scenes[state.scene].title or "")
        except Exception:
            saved.append(None)
    start = time.perf_counter()
    server, _ = start_server(story, class_dir, port, students)
    restarted = time.perf_counter() - start

    async def back() -> None:
        await asyncio.gather(*(reconnect(port, n, seen[n]) for n in range(students)))

    try:
        start = time.perf_counter()
        asyncio.run(back())
        rejoined = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(30)
    return verdict(seen, saved, damage(Path(class_dir), story), killed_with, restarted, rejoined)


def verdict(
    seen: list[Seen],
    saved: list[str | None],
    damaged: list[str],
    killed_with: int | None,
    restarted: float,
    rejoined: float,
) -> tuple[list[str], int]:
    same = back = ahead = 0
    problems = []
    for n, (s, title) in enumerate(zip(seen, saved, strict=True)):
        resumed = s.resumed or ""
        if title is None:
            problems.append(f"{name(n)}: no autosave loads after the kill")
        elif not resumed.startswith(f"{title} / "):
            problems.append(f"{name(n)}: resumed at {resumed!r}, the save holds {title!r}")
        elif resumed == s.places[-1]:
            same += 1
        elif resumed in s.places[-2:]:
            back += 1
        elif s.in_flight and resumed not in s.places:
            ahead += 1  # the keypress reached the game and was saved; its screen did not come
        else:
            problems.append(f"{name(n)}: resumed at {resumed!r}, last seen {s.places[-3:]!r}")
    steps = [s.steps for s in seen]
    lines = [
        f"killed (signal {-(killed_with or 0)}) after {min(steps)}-{max(steps)} steps each; "
        f"restarted on the same port in {restarted:.1f} s; all back in {rejoined:.1f} s",
        f"resumed where last seen: {same}, one step back: {back}, one step ahead "
        f"(keypress in flight): {ahead}; damaged save files: {len(damaged)}",
    ]
    ok = not problems and not damaged
    lines.append(
        f"fault verdict: {'PASS' if ok else 'FAIL'}: {same + back + ahead} of {len(seen)} "
        f"students resumed within one step; {'no' if not damaged else len(damaged)} "
        "save files damaged"
    )
    lines += (problems + damaged)[:20]
    return lines, 0 if ok else 1
