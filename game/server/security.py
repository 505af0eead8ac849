"""The server's secrets: its host key, the class code, and a limit on wrong codes per address."""

from __future__ import annotations

import hmac
import os
import secrets
import stat
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import UsageError
from game.story.visible import quoted

if TYPE_CHECKING:
    import asyncssh

HOST_KEY = ".host_key"
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits that cannot be mistaken for each other when read off a projector."""
KEY_LIMIT = 64 * 1024


def new_code() -> str:
    """A random class code such as `k7mq-p2xd` (40 bits)."""
    chars = [secrets.choice(CODE_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def normal_code(code: str) -> str:
    """A code as compared: case, spaces and dashes do not count."""
    return "".join(code.split()).replace("-", "").casefold()


def code_matches(typed: str, code: str) -> bool:
    """True when `typed` is the class code (compared in constant time)."""
    return hmac.compare_digest(normal_code(typed).encode(), normal_code(code).encode())


def check_code(code: str) -> str:
    """A teacher's `--code`, or UsageError saying what a code must be."""
    if not 4 <= len(normal_code(code)) <= 100 or not code.isprintable():
        raise UsageError("a class code is 4 to 100 printable characters (dashes do not count)")
    return code


class Failures:
    """Wrong codes per address: after `limit` in `window` seconds, the address is refused
    until the oldest of them is `window` seconds old."""

    def __init__(
        self, limit: int = 10, window: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._times: dict[str, deque[float]] = {}

    def _recent(self, address: str) -> deque[float]:
        times = self._times.get(address, deque())
        now = self.clock()
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.limit

    def add(self, address: str) -> int:
        """Count one wrong code from `address`; how many there were in the window."""
        if len(self._times) > 10_000:  # many addresses: forget the quiet ones
            self._times = {a: t for a, t in self._times.items() if self._recent(a)}
        times = self._recent(address)
        times.append(self.clock())
        self._times[address] = times
        return len(times)


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The server's host key, kept in `folder/.host_key` (mode 600); made on the first start,
    so students' SSH clients recognise the server from then on."""
    import asyncssh

    path = folder / HOST_KEY
    if not path.exists() and not path.is_symlink():
        key = asyncssh.generate_private_key("ssh-ed25519")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key.export_private_key())
        except OSError as exc:
            raise UsageError(
                f"the host key {quoted(path)} cannot be written: {exc.strerror}"
            ) from None
        return key
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as source:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OSError(0, "it is not a regular file")
            if info.st_mode & 0o077:
                os.fchmod(source.fileno(), 0o600)  # a key others can read is no secret
            data = source.read(KEY_LIMIT)
        return asyncssh.import_private_key(data)
    except (OSError, asyncssh.KeyImportError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(
            f"the host key {quoted(path)} cannot be read ({reason}); delete it to make a new one"
        ) from None
