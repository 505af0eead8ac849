"""Start-up rows: the plain protocol to its first scene, the full-screen game in a real
pseudo-terminal to its first title screen that takes a key, each against the bare imports it
cannot do without, and what each of the four commands imports (`-X importtime`).

    python benchmarks/startup.py [--repeat N] [--instructions]

Every figure is a ratio against a floor measured in the same run, interleaved with it, so a
busy moment hurts both alike (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.table import Row, print_table, summary  # noqa: E402

ANSI = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])"
)
CPR = b"\x1b[6n"
"""prompt_toolkit asks the terminal where the cursor is; a real terminal answers."""
ROWS, COLUMNS = 30, 100
TITLE_PROMPT = re.compile(rb"Choose 1-\d \(Enter: 1\) >")
"""The last thing the title screen draws: its menu then takes a key."""
TIMEOUT = 600.0
"""Generous: under valgrind a start takes a minute on a loaded machine."""


def _env(cache: str, *, colour: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SPECIAL_TASKS_SAVES")}
    env.update(
        PYTHONPATH=str(ROOT),
        SPECIAL_TASKS_SAVES=tempfile.mkdtemp(prefix="bench-saves-"),
        XDG_CACHE_HOME=cache,
    )
    if colour:
        env["TERM"] = "xterm-256color"
    else:
        env["NO_COLOR"] = "1"
    return env


def _read_until(fd: int, found: Callable[[bytes], bool], what: str, answer: int = -1) -> bytes:
    """Read `fd` until `found(everything read)`; answer cursor position requests on `answer`."""
    seen = b""
    answered = 0
    deadline = time.monotonic() + TIMEOUT
    while not found(seen):
        if time.monotonic() > deadline or not select.select([fd], [], [], 1.0)[0]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not appear; last output: {seen[-300:]!r}")
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a pty's master reads EIO once the child has closed it
            chunk = b""
        if not chunk:
            raise RuntimeError(f"the command ended before {what}; output: {seen[-300:]!r}")
        seen += chunk
        while answer >= 0 and answered < seen.count(CPR):
            os.write(answer, f"\x1b[{ROWS};1R".encode())
            answered += 1
    return seen


def _until(command: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, bytes]:
    """Seconds from starting `command` with pipes until `marker` is on its stdout; its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    _read_until(proc.stdout.fileno(), lambda seen: marker in seen, repr(marker))
    elapsed = time.perf_counter() - start
    proc.kill()
    _, err = proc.communicate()
    return elapsed, err


def _in_pty(
    command: list[str], env: dict[str, str], stop: int | None = None
) -> tuple[float, bytes]:
    """Seconds from starting `command` in a pseudo-terminal of ROWS x COLUMNS until its title
    screen's menu prompt is drawn; its standard error (a pipe, for `-X importtime`). With
    `stop`, that signal is sent then and the command's own exit awaited."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        _read_until(
            master,
            lambda seen: TITLE_PROMPT.search(ANSI.sub(b"", seen)) is not None,
            "the title screen's prompt",
            answer=master,
        )
        elapsed = time.perf_counter() - start
        if stop is not None:
            proc.send_signal(stop)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(TIMEOUT)
    finally:
        proc.kill()
        _, err = proc.communicate()
        os.close(master)
    return elapsed, err


IMPORTED = b"imported"
"""What a floor prints once its imports are done: it is timed to there, as the game is timed
to its first screen, so neither figure counts the interpreter's exit (which, for the modules
of rich and prompt_toolkit, can take a third as long again under load)."""


def _floor(imports: str) -> list[str]:
    """`python -c "import ..."`, printing IMPORTED when the imports are done."""
    return [sys.executable, "-c", f"import {imports}; print({IMPORTED.decode()!r}, flush=True)"]


def _imported(command: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    return _until(command, IMPORTED, env)


def top_imports(stderr: bytes, count: int = 5) -> str:
    """The time in imports, how many modules, and the `count` imports with the largest
    cumulative time in `-X importtime` output."""
    rows: list[tuple[int, str]] = []
    total = 0
    for line in stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # one space after the bar: imported at the top level
            total += int(cumulative)
        rows.append((int(cumulative), name.strip()))
    if not rows:
        return "(no import lines)"
    modules = len(rows)
    rows.sort(reverse=True)
    shown = ", ".join(f"{name} {us / 1000:.0f}" for us, name in rows[:count])
    return f"{total / 1000:.0f} ms in {modules} imports; top: {shown} (ms)"


def instructions(command: list[str], env: dict[str, str], *, tty: bool = False) -> int | None:
    """Instructions `command` executes to its exit, counted by valgrind's callgrind with the
    hash seed fixed: the same from run to run whatever the machine's load (None without
    valgrind). A plain command reads an empty input; in a terminal, the game is sent SIGTERM
    once its title menu is drawn, and saves and leaves as it does for a real one."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = {**env, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="bench-valgrind-") as folder:
        log = Path(folder) / "log"
        counted = [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            f"--log-file={log}",
            *command,
        ]
        if tty:
            _in_pty(counted, env, stop=signal.SIGTERM)
        else:
            done = subprocess.run(
                counted, stdin=subprocess.DEVNULL, capture_output=True, cwd=ROOT, env=env
            )
            if done.returncode:
                raise RuntimeError(f"{command} failed under valgrind: {done.stderr[-300:]!r}")
        found = re.search(r"Collected : (\d+)", log.read_text())
    return int(found.group(1)) if found else None


def instruction_line(
    plain: list[str], game: list[str], env: dict[str, str], tty_env: dict[str, str]
) -> str:
    """The instructions of both start-ups and both floors, as one line after the table."""
    counts = [
        instructions(plain, env),
        instructions([sys.executable, "-c", "import yaml"], env),
        instructions(game, tty_env, tty=True),
        instructions([sys.executable, "-c", "import rich.console, prompt_toolkit, yaml"], env),
    ]
    if None in counts:
        return "  instructions (valgrind): not counted, valgrind is not installed"
    ours, yaml, screen, full = (c or 0 for c in counts)
    return (
        f"  instructions (valgrind, to each exit): play --plain {ours / 1e6:.0f} M = "
        f"{ours / yaml:.2f}x import yaml ({yaml / 1e6:.0f} M); terminal to its title menu and "
        f"SIGTERM {screen / 1e6:.0f} M = {screen / full:.2f}x import rich.console, "
        f"prompt_toolkit, yaml ({full / 1e6:.0f} M)"
    )


def _first_scene_marker(story: Path) -> bytes:
    from game.engine.engine import Engine
    from game.story.checker import load_story
    from game.ui.render_plain import event_lines

    loaded = load_story(story)
    _, events = Engine(loaded).new_game()
    return [line for line in event_lines(loaded, events[0]) if line.strip()][-1].encode()


def imports_note(imports: list[str]) -> list[str]:
    """The lines printed under the table: what each start-up path imports."""
    return ["What each start-up path imports (python -X importtime, cumulative):", *imports]


def startup_rows(
    story: Path, repeat: int, *, count_instructions: bool = False
) -> tuple[list[Row], list[str]]:
    """Start-up of both front ends against their floors, interleaved; and the import lines
    (with `count_instructions`, also valgrind's counts: minutes more on a loaded machine)."""
    marker = _first_scene_marker(story)
    game = [sys.executable, "-m", "game", "play", "--story", str(story)]
    plain = [*game, "--plain"]
    yaml_floor = _floor("yaml")
    full_floor = _floor("rich.console, prompt_toolkit, yaml")
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env, tty_env = _env(cache), _env(cache, colour=True)
        _until(plain, marker, env)  # the first start fills the story cache (and bytecode)
        _in_pty(game, tty_env)
        _imported(yaml_floor, env)
        _imported(full_floor, env)
        ours: list[float] = []
        base: list[float] = []
        screen: list[float] = []
        floor: list[float] = []
        for _ in range(repeat):  # interleaved, so that a busy moment hurts both alike
            base.append(_imported(yaml_floor, env)[0])
            ours.append(_until(plain, marker, env)[0])
            floor.append(_imported(full_floor, env)[0])
            screen.append(_in_pty(game, tty_env)[0])
        cold_env = {**env, "SPECIAL_TASKS_NO_CACHE": "1"}
        cold = [_until(plain, marker, cold_env)[0] for _ in range(repeat)]

        def timed(command: list[str]) -> list[str]:
            return [sys.executable, "-X", "importtime", *command[1:]]

        imports = [
            "  play --plain (cache warm):   " + top_imports(_until(timed(plain), marker, env)[1]),
            '  python -c "import yaml":     ' + top_imports(_imported(timed(yaml_floor), env)[1]),
            "  play in a terminal (warm):   " + top_imports(_in_pty(timed(game), tty_env)[1]),
            "  python -c "
            + '"import rich.console, prompt_toolkit, yaml": '
            + top_imports(_imported(timed(full_floor), env)[1]),
        ]
        if count_instructions:
            imports.append(instruction_line(plain, game, env, tty_env))
    plain_ratio = statistics.median(ours) / statistics.median(base)
    screen_ratio = statistics.median(screen) / statistics.median(floor)
    rows = [
        Row(
            "start-up to first scene (plain, cache warm)",
            summary(ours),
            summary(base) + " yaml",
            f"{plain_ratio:.2f}x",
            "<= 2.0x",
            plain_ratio <= 2.0,
        ),
        Row(
            "  the same with SPECIAL_TASKS_NO_CACHE=1",
            summary(cold),
            summary(base) + " yaml",
            f"{statistics.median(cold) / statistics.median(base):.2f}x",
            "(for reference)",
            True,
        ),
        Row(
            "start-up to title menu (terminal, pty, warm)",
            summary(screen),
            summary(floor) + " rich+ptk+yaml",
            f"{screen_ratio:.2f}x",
            "<= 1.0x",
            screen_ratio <= 1.0,
        ),
    ]
    return rows, imports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="repetitions of each (5 up)")
    parser.add_argument("--story", type=Path, default=ROOT / "scenes", help="story folder")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each start's instructions with valgrind (load-independent, slow)",
    )
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-pyc-")
    if hasattr(os, "getloadavg"):
        one, five, _ = os.getloadavg()
        print(f"load average {one:.1f} (1 min), {five:.1f} (5 min) at the start")
    rows, imports = startup_rows(
        args.story, max(5, args.repeat), count_instructions=args.instructions
    )
    return print_table(rows, imports_note(imports))


if __name__ == "__main__":
    sys.exit(main())
