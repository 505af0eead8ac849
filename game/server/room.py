"""The classroom the server keeps: its settings, the story, who is playing, and the SSH server
that lets students in (by the class code) and refuses everything but the game."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
from prompt_toolkit.contrib.ssh import PromptToolkitSSHServer, PromptToolkitSSHSession

from game.engine.engine import Engine
from game.server.keys import StudentKeys, admits
from game.server.names import folder_name, player_name
from game.server.security import Failures, code_matches
from game.server.session import GameSession, no_interact
from game.story.visible import quoted, visible

FULL = "The class server is full (its limit is {n}); try again in a minute.\r\n"
TAKEN = (
    "The game of {name} is open in another window already: close that one first (a lost "
    "connection closes by itself within two minutes), or connect with your own name.\r\n"
)


@dataclass(frozen=True)
class ServerConfig:
    """Everything `special-tasks serve` was asked to do."""

    story: Path
    class_dir: Path
    code: str
    host: str = ""
    """The address to listen on ("": every address of this machine)."""
    port: int = 2222
    max_sessions: int = 60
    idle_minutes: float = 30.0
    shuffle: bool = True
    minutes: float | None = None
    """The lesson's length for each game (as `play --minutes`); None: no limit."""
    auth_delay: float = 1.0
    """Seconds a wrong code waits before it is refused (slows guessing)."""
    failure_limit: int = 10
    failure_window: float = 300.0
    """An address with `failure_limit` wrong codes in this many seconds is refused meanwhile."""
    keys: StudentKeys | None = None
    """With --authorized-keys: each student's own keys, and no class code is taken."""


class Room:
    """What every session shares: the settings, the engine, the players and the log."""

    def __init__(
        self, config: ServerConfig, engine: Engine, log: Callable[[str], None] | None = None
    ) -> None:
        self.config = config
        self.engine = engine
        self.shuffle = config.shuffle
        self.failures = Failures(config.failure_limit, config.failure_window)
        self.sessions: set[GameSession] = set()
        self.connections = 0
        """Open connections, logged in or not (at most `connection_limit`)."""
        self._log = log or _print

    def log(self, line: str) -> None:
        """One line for the teacher's terminal (what students sent is made visible first)."""
        self._log(f"{time.strftime('%H:%M:%S')} {line}")

    def folder(self, user: str) -> str:
        return folder_name(user)

    def player(self, user: str) -> str:
        return player_name(user)

    def who(self, session: GameSession) -> str:
        return f"{quoted(session.user, 40)} ({session.address})"

    @property
    def connection_limit(self) -> int:
        """Connections at once, logged in or not: room for every game and a few waiting."""
        return 2 * self.config.max_sessions + 10

    def full(self) -> bool:
        return len(self.sessions) >= self.config.max_sessions

    def playing(self, user: str) -> bool:
        """True while a game of the same student (folder) is open: one game per student (a
        session refused before its game began, e.g. for X11, does not count)."""
        folder = self.folder(user)
        return any(
            self.folder(s.user) == folder and s.started and not s.dropped for s in self.sessions
        )

    def joined(self, session: GameSession) -> None:
        self.log(f"{self.who(session)} joined ({len(self.sessions)} playing)")

    def forget(self, session: GameSession) -> None:
        if session in self.sessions:
            self.sessions.discard(session)
            if not session.started:
                return
            folder = self.config.class_dir / self.folder(session.user)
            self.log(f"{self.who(session)} left; saves in {visible(str(folder))}")


def _print(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # the teacher's terminal has gone: play on
        print(line, file=sys.stdout, flush=True)


class ClassServer(PromptToolkitSSHServer):
    """One client connection: the class code lets it in, and it may open the game only."""

    def __init__(self, room: Room) -> None:
        super().__init__(no_interact, enable_cpr=False)
        self.room = room
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        self.room.connections += 1
        if self.room.connections > self.room.connection_limit:
            conn.close()  # a flood of connections that never log in must not crowd out the class

    def connection_lost(self, exc: Exception | None) -> None:
        self.room.connections -= 1

    def begin_auth(self, username: str) -> bool:
        return True  # everyone needs the class code

    def password_auth_supported(self) -> bool:
        return self.room.config.keys is None

    def public_key_auth_supported(self) -> bool:
        return self.room.config.keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        keys = self.room.config.keys
        return keys is not None and admits(keys, username, key.public_data)

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    async def validate_password(self, username: str, password: str) -> bool:
        room = self.room
        if not room.failures.blocked(self.address) and code_matches(password, room.config.code):
            return True
        count = room.failures.add(self.address)
        if count < room.config.failure_limit:
            room.log(f"Wrong class code from {self.address} for {quoted(username, 40)}")
        elif count == room.config.failure_limit:
            room.log(f"{self.address} gave {count} wrong codes: refused for a while")
        await asyncio.sleep(room.config.auth_delay)
        return False

    def session_requested(  # type: ignore[override]
        self,
    ) -> tuple[asyncssh.SSHServerChannel[str], PromptToolkitSSHSession] | None:
        room = self.room
        if self.conn is None:
            return None
        user = self.conn.get_extra_info("username", "")
        chan = env_refused(self.conn.create_server_channel())
        if room.full():
            room.log(f"Turned away {quoted(user, 40)} ({self.address}): the server is full")
            return chan, FullSession(FULL.format(n=room.config.max_sessions))
        if room.playing(str(user)):
            room.log(f"Turned away {quoted(user, 40)} ({self.address}): that name is playing")
            return chan, FullSession(TAKEN.format(name=quoted(str(user), 40)))
        session = GameSession(room, str(user), self.address)
        room.sessions.add(session)
        return chan, session

    # No port forwarding of any kind (asyncssh refuses these by default; said here too).
    def connection_requested(self, *args: Any) -> bool:
        return False

    def server_requested(self, *args: Any) -> bool:
        return False

    def unix_connection_requested(self, *args: Any) -> bool:
        return False

    def unix_server_requested(self, *args: Any) -> bool:
        return False


def env_refused(chan: asyncssh.SSHServerChannel[str]) -> asyncssh.SSHServerChannel[str]:
    """`chan`, refusing every environment variable a client sends (as OpenSSH does without
    AcceptEnv): nothing a student's machine sets reaches the game. asyncssh keeps them all and
    has no setting or hook for this, so the channel's handler for "env" requests is replaced."""

    def refuse(packet: Any) -> bool:
        return False

    chan._process_env_request = refuse  # type: ignore[method-assign]
    return chan


class FullSession(PromptToolkitSSHSession):
    """Says the server is full, and closes."""

    def __init__(self, message: str) -> None:
        super().__init__(no_interact, enable_cpr=False)
        self.message = message

    def session_started(self) -> None:
        if self._chan is not None:
            self._chan.write(self.message)
            self._chan.exit(1)
