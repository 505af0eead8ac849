"""Starting and stopping the class server, and the lines that tell the teacher how to use it."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import asyncssh

from game.engine.engine import Engine
from game.errors import UsageError
from game.server.room import ClassServer, Room, ServerConfig
from game.server.security import host_key
from game.story.visible import quoted, visible

STOP_WAIT = 10.0
"""Seconds the server waits, when stopped, for every game to save and say goodbye."""


class Running:
    """A class server that is listening: its port, its room, and how to stop it."""

    def __init__(self, room: Room, listener: asyncssh.SSHAcceptor, key: asyncssh.SSHKey) -> None:
        self.room = room
        self.listener = listener
        self.key = key
        self.port = int(listener.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop listening, end every game (each saves first), and wait for them a while."""
        self.listener.close()
        sessions = list(self.room.sessions)
        for session in sessions:
            session.drop("The class server is stopping: your game was saved.")
        threads = [s.thread for s in sessions if s.thread is not None]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STOP_WAIT
        for thread in threads:
            left = deadline - loop.time()
            if left > 0:
                await asyncio.to_thread(thread.join, left)
        await asyncio.sleep(0.2)  # the last goodbyes reach the channels
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.listener.wait_closed(), 2.0)


def class_folder(path: Path) -> Path:
    """The class folder, made if missing; UsageError if it cannot be."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"the class folder {quoted(path)} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"the class folder {quoted(path)} cannot be made: {exc.strerror}"
        ) from None
    if not path.is_dir():
        raise UsageError(f"the class folder {quoted(path)} is not a folder")
    return path


async def start(
    config: ServerConfig, engine: Engine, log: Callable[[str], None] | None = None
) -> Running:
    """Listen on `config.host:config.port` (port 0: any free one) until stopped."""
    key = host_key(class_folder(config.class_dir))
    room = Room(config, engine, log)
    asyncio.get_running_loop().set_exception_handler(_quiet(room))
    try:
        listener = await asyncssh.create_server(
            lambda: ClassServer(room),
            config.host,
            config.port,
            server_host_keys=[key],
            encoding="utf-8",
            errors="replace",
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            login_timeout=60,
            keepalive_interval=30,
            keepalive_count_max=4,
        )
    except OSError as exc:
        where = f"{config.host or '*'}:{config.port}"
        raise UsageError(f"the server cannot listen on {where}: {exc.strerror or exc}") from None
    return Running(room, listener, key)


def addresses(host: str) -> list[str]:
    """The addresses students can reach this machine at (for `host`, or all of them)."""
    if host not in ("", "0.0.0.0", "::"):
        return [host]
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the way out
        found.add(str(probe.getsockname()[0]))
    outside = sorted(a for a in found if not a.startswith("127."))
    return outside or sorted(found) or ["127.0.0.1"]


def startup_lines(running: Running, title: str) -> list[str]:
    """How students connect, the class code, and where the results go."""
    config = running.room.config
    port = running.port
    flag = "" if port == 22 else f"-p {port} "
    everywhere = config.host in ("", "0.0.0.0", "::")
    host = socket.gethostname() if everywhere else config.host
    others = [a for a in addresses(config.host) if a != host]
    shown = visible(str(config.class_dir))
    return [
        f"Class server for the story {quoted(title)}",
        f"Students connect with:  ssh {flag}THEIR-NAME@{visible(host)}",
        *([f"  (or at {', '.join(f'THEIR-NAME@{a}' for a in others)})"] if others else []),
        (
            f"Students sign in with their own SSH keys ({len(config.keys)} students listed)"
            if config.keys is not None
            else f"Class code (the password): {visible(config.code)}"
        ),
        f"Host key fingerprint: {running.key.get_fingerprint()}",
        f"Each student's saves go to {shown}/THEIR-NAME/; after the lesson: "
        f"special-tasks class {shown}",
        f"Up to {config.max_sessions} players at once; after {config.idle_minutes:g} idle "
        "minutes a game is saved and closed. Ctrl-C stops the server (every game saves first).",
    ]


def serve(config: ServerConfig, engine: Engine, title: str) -> int:
    """Run the server until Ctrl-C or SIGTERM; the exit code."""
    return asyncio.run(_serve(config, engine, title))


async def _serve(config: ServerConfig, engine: Engine, title: str) -> int:
    running = await start(config, engine)
    loop = asyncio.get_running_loop()
    for line in startup_lines(running, title):
        print(line, flush=True)
    stop = asyncio.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    running.room.log(f"Stopping: saving every game ({len(running.room.sessions)} playing)")
    await running.stop()
    running.room.log("Stopped.")
    return 0


def _quiet(room: Room) -> Callable[[asyncio.AbstractEventLoop, dict[str, object]], None]:
    """An event-loop error handler that logs one line instead of a traceback."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        error = context.get("exception")
        what = type(error).__name__ if error is not None else "error"
        room.log(f"Ignored an {what}: {visible(str(context.get('message', '')))[:200]}")

    return handle
