"""The two ends of an SSH session's game: what it writes, handed to the channel on the event
loop (asyncssh's channels are not thread-safe), and what the client types, fed to the game's
input pipe without ever blocking the loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import Any

import asyncssh


class ChannelWriter:
    """A text stream for the game's thread that writes to the SSH channel on its loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, chan: Callable[[], Any]) -> None:
        self.loop = loop
        self.chan = chan
        self.closed = False

    def write(self, data: str) -> int:
        if not self.closed and data:
            with contextlib.suppress(RuntimeError):  # the loop has stopped: nobody to tell
                self.loop.call_soon_threadsafe(self.send, data.replace("\n", "\r\n"))
        return len(data)

    def send(self, data: str) -> None:
        """Write `data` to the channel now (on the loop's thread)."""
        chan = self.chan()
        if chan is None or self.closed:
            return
        try:
            chan.write(data)
        except (OSError, asyncssh.Error):
            self.closed = True  # the channel is gone: the game finds out at its next read

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return "utf-8"


class Feeder:
    """What the client types, written to the game's input pipe without ever blocking the
    event loop: when the pipe is full, the rest waits and the channel stops reading (SSH flow
    control then holds the client back) until the game has read its way through."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        fd: int,
        pause: Callable[[], None],
        resume: Callable[[], None],
    ) -> None:
        self.loop = loop
        self.fd = fd
        self.pause = pause
        self.resume = resume
        self.pending = b""
        os.set_blocking(fd, False)

    def feed(self, data: bytes) -> None:
        if self.pending:
            self.pending += data
            return
        written = self._write(data)
        if written < len(data):
            self.pending = data[written:]
            self.pause()
            self.loop.add_writer(self.fd, self._flush)

    def _write(self, data: bytes) -> int:
        try:
            return os.write(self.fd, data)
        except BlockingIOError:
            return 0

    def _flush(self) -> None:
        try:
            written = self._write(self.pending)
        except OSError:  # the game has gone: nothing more to give it
            written = len(self.pending)
        self.pending = self.pending[written:]
        if not self.pending:
            self.loop.remove_writer(self.fd)
            self.resume()

    def close(self) -> None:
        if self.pending:
            self.pending = b""
            self.loop.remove_writer(self.fd)


def color_system(term: str) -> str:
    """The colours to use for a client's TERM."""
    return "256" if "256" in term or "direct" in term else "standard"
