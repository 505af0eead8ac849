"""A class server on a loopback port in a background loop, and a student's SSH client with a pty.

The server runs in its own thread and event loop, as `special-tasks serve` runs it; each test
drives real asyncssh clients from its own loop. Every wait has a timeout, so a hang fails in
seconds; the screen is read through a terminal emulator (pyte), as a student sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import asyncssh
import pyte

from game.engine.engine import Engine
from game.server.room import ServerConfig
from game.server.serve import Running, start
from game.story.checker import load_story

T = TypeVar("T")
CODE = "test-code"
WAIT = 10.0
COLUMNS, ROWS = 90, 30


class Server:
    """A running class server and what it logged."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.log: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        engine = Engine(load_story(config.story))
        self.running: Running = self.call(start(config, engine, self.log.append))

    def call(self, coro: Awaitable[T]) -> T:
        """Run `coro` on the server's loop; its result."""
        future = asyncio.run_coroutine_threadsafe(_awaited(coro), self.loop)
        return future.result(WAIT)

    @property
    def port(self) -> int:
        return self.running.port

    def sessions(self) -> list[Any]:
        return list(self.running.room.sessions)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.call(self.running.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(WAIT)
        if not self.thread.is_alive():
            # Closed here, not left to the collector: a loop closed by its __del__, at some
            # later test, may find its self-pipe's socket gone first and print an unraisable
            # "Invalid file descriptor: -1" (seen once under load, in test_pty_walks).
            self.loop.close()


async def _awaited(coro: Awaitable[T]) -> T:
    return await coro


@contextlib.contextmanager
def class_server(story: Path, class_dir: Path, **settings: Any) -> Iterator[Server]:
    config = ServerConfig(
        story=story,
        class_dir=class_dir,
        code=CODE,
        host="127.0.0.1",
        port=0,
        shuffle=False,
        auth_delay=0.01,
    )
    server = Server(replace(config, **settings))
    try:
        yield server
    finally:
        server.stop()


async def connect(port: int, user: str, code: str = CODE) -> asyncssh.SSHClientConnection:
    """A client connection, by password only, trusting the server's key (a test)."""
    return await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1",
            port,
            username=user,
            password=code,
            known_hosts=None,
            client_keys=None,
            agent_path=None,
            preferred_auth="password",
            config=None,
        ),
        WAIT,
    )


class Player:
    """A student's terminal: a shell channel with a pty, and the screen it shows."""

    def __init__(self, process: asyncssh.SSHClientProcess[str], columns: int, rows: int) -> None:
        self.process = process
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.raw = ""
        self.closed = False

    @classmethod
    async def open(
        cls, conn: asyncssh.SSHClientConnection, columns: int = COLUMNS, rows: int = ROWS
    ) -> Player:
        process = await asyncio.wait_for(
            conn.create_process(term_type="xterm-256color", term_size=(columns, rows)), WAIT
        )
        return cls(process, columns, rows)

    @property
    def text(self) -> str:
        return "\n".join(row.rstrip() for row in self.screen.display)

    async def until(self, needle: str, timeout: float = WAIT) -> None:
        """Read until `needle` is on the screen (or in what was written, once the screen has
        closed); fails with the screen after `timeout` seconds or at the end of output."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while needle not in self.text and needle not in self.raw:
            left = end - loop.time()
            if left <= 0 or self.closed:
                raise AssertionError(f"{needle!r} never appeared; the screen:\n{self.text}")
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), left)
            except asyncio.TimeoutError:
                continue
            if not data:
                self.closed = True
                continue
            self.raw += data
            self.stream.feed(data)

    async def closes(self, timeout: float = WAIT) -> int | None:
        """Read to the end of output; the exit status."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while not self.closed:
            data = await asyncio.wait_for(self.process.stdout.read(65536), end - loop.time())
            if not data:
                self.closed = True
            self.raw += data
            self.stream.feed(data)
        await asyncio.wait_for(self.process.wait_closed(), WAIT)
        return self.process.exit_status

    def send(self, keys: str) -> None:
        self.process.stdin.write(keys)
