"""A class of students on one class server: how long each keypress takes to come back.

    python benchmarks/server_load.py [--students 40] [--rounds 10] [--story DIR] [--only load|fault]

Starts `special-tasks serve` on a loopback port (its own process, as in a lesson), connects
that many SSH clients with a pty at once, and has each begin a new game and then open the
help and the journal views in turn, `--rounds` times, with `--think` seconds of reading
between commands (0: as fast as the screen answers). Prints
the time to the first scene, the time from Enter to the view drawn (median, 95th percentile,
worst), and the server's peak memory and CPU time. Then checks every student's save: each
autosave loads and `special-tasks report --name STUDENT --format json` makes their report.

Then the fault run (server_fault.py): the class plays at reading pace, the server is killed
with SIGKILL mid-lesson and restarted on the same class folder and port, every student
connects again and chooses Continue, and each must be back within one step of the scene it
last saw, with no save file damaged. Exits 1 if any save, report or resume fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
from server_fault import check_saves, fault_run

ROOT = Path(__file__).resolve().parents[1]
CODE = "load-test"
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])")
WAIT = 60.0


class Student:
    """One SSH client with a pty, and what it has read since its last keypress."""

    def __init__(self, process: asyncssh.SSHClientProcess[str]) -> None:
        self.process = process
        self.seen = ""

    async def until(self, needle: str) -> None:
        while needle not in self.seen:
            data = await asyncio.wait_for(self.process.stdout.read(65536), WAIT)
            if not data:
                raise EOFError(f"the server closed the session before {needle!r}")
            # Keep only a tail: the client must not cost the machine more than the server.
            self.seen = (self.seen[-200:] + ANSI.sub("", data))[-4000:]

    async def press(self, keys: str, needle: str) -> float:
        """Seconds from sending `keys` to `needle` drawn."""
        self.seen = ""
        start = time.perf_counter()
        self.process.stdin.write(keys)
        await self.until(needle)
        return time.perf_counter() - start


async def student(port: int, number: int, rounds: int, think: float) -> tuple[float, list[float]]:
    start = time.perf_counter()
    conn = await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1",
            port,
            username=f"student{number:02d}",
            password=CODE,
            known_hosts=None,
            client_keys=None,
            agent_path=None,
            preferred_auth="password",
            config=None,
        ),
        WAIT,
    )
    process = await conn.create_process(term_type="xterm-256color", term_size=(100, 30))
    me = Student(process)
    await me.until("New game")
    await me.press("\r", "Your name")
    await me.press("\r", "Type help for commands")
    first = time.perf_counter() - start
    times = []
    for _ in range(rounds):
        await asyncio.sleep(think * (0.5 + (number % 10) / 10))  # reading, spread out
        times.append(await me.press("help\r", "Commands"))
        await asyncio.sleep(think * (0.5 + (number % 7) / 7))
        times.append(await me.press("journal\r", "Journal:"))
    conn.close()
    return first, times


def server_figures(pid: int) -> tuple[float, float]:
    """The server's peak resident memory (MB) and CPU seconds so far (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return peak / 1024, (int(fields[11]) + int(fields[12])) / ticks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(
    port: int, students: int, rounds: int, think: float
) -> tuple[list[float], list[float]]:
    results = await asyncio.gather(*(student(port, n, rounds, think) for n in range(students)))
    return [first for first, _ in results], [t for _, times in results for t in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--story", default=str(ROOT / "scenes"))
    parser.add_argument(
        "--think", type=float, default=3.0, help="seconds a student reads between commands"
    )
    parser.add_argument("--only", choices=["load", "fault"], help="run one phase only")
    args = parser.parse_args()
    code = 0
    if args.only != "fault":
        code |= load_run(args)
    if args.only != "load":
        print(f"fault run: {args.students} students, about {args.think:g} s of reading "
              "between steps")  # fmt: skip
        with tempfile.TemporaryDirectory() as class_dir:
            lines, failed = fault_run(args.story, class_dir, args.students, args.think)
        print("\n".join(lines))
        code |= failed
    return code


def load_run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as class_dir:
        command = [sys.executable, "-m", "game", "serve", "--story", args.story]
        command += ["--class", class_dir, "--host", "127.0.0.1", "--port", "0"]
        command += ["--code", CODE, "--max-sessions", str(args.students)]
        server = subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ}
        )
        try:
            assert server.stdout is not None
            lines = [server.stdout.readline() for _ in range(2)]
            port = int(re.search(r"ssh -p (\d+) ", lines[1])[1])  # type: ignore[index]
            idle_memory, _ = server_figures(server.pid)
            firsts, times = asyncio.run(measure(port, args.students, args.rounds, args.think))
            memory, cpu = server_figures(server.pid)
        finally:
            server.terminate()
            server.wait(30)
        saved = sum(1 for p in Path(class_dir).iterdir() if (p / "autosave.json").is_file())
        loaded, reported, problems = check_saves(Path(class_dir), args.story, args.students)
    ms = [t * 1000 for t in times]
    print(f"{args.students} students, {len(ms)} commands answered (help and journal views), "
          f"about {args.think:g} s of reading between commands")  # fmt: skip
    print(f"first scene after connecting: median {statistics.median(firsts):.2f} s, "
          f"worst {max(firsts):.2f} s (all connecting at once)")  # fmt: skip
    print(f"Enter to view drawn: median {statistics.median(ms):.0f} ms, "
          f"95th percentile {percentile(ms, 0.95):.0f} ms, worst {max(ms):.0f} ms")  # fmt: skip
    print(f"server: peak memory {memory:.0f} MB ({idle_memory:.0f} MB before anyone joined), "
          f"CPU {cpu:.1f} s; {saved} of {args.students} games saved")  # fmt: skip
    ok = loaded == reported == args.students
    print(f"saves verdict: {'PASS' if ok else 'FAIL'}: {min(loaded, reported)} of "
          f"{args.students} students saved and reported ({loaded} autosaves load, "
          f"{reported} reports made)")  # fmt: skip
    for problem in problems[:20]:
        print("  " + problem)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
