"""One student's SSH session: the interactive game, run in a thread of its own.

prompt_toolkit's SSH support gives each session its own input (a pipe fed with what the
client types) and output (the channel), in an `AppSession` of its own. The game itself reads
lines synchronously, so each session runs it in a thread, in a copy of that context: the
game's full screen then draws on this connection only. What the thread writes is handed to
the event loop (asyncssh's channels are not thread-safe); a resize is passed to the game's
application on its own loop. A dropped connection, an end of input or the idle timeout
closes the pipe: the game reads that as Ctrl-D, so it saves before it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar, cast

import asyncssh
from prompt_toolkit.application.current import create_app_session
from prompt_toolkit.contrib.ssh import PromptToolkitSSHSession
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from game.errors import GameError
from game.server.channel import ChannelWriter, Feeder, color_system
from game.story.visible import quoted

if TYPE_CHECKING:
    from game.engine.engine import Engine

T = TypeVar("T")


class Settings(Protocol):
    """The server's settings a session reads."""

    @property
    def story(self) -> Path: ...
    @property
    def class_dir(self) -> Path: ...
    @property
    def idle_minutes(self) -> float: ...
    @property
    def minutes(self) -> float | None: ...


class Room(Protocol):
    """What a session needs of the classroom it belongs to (`game.server.room.Room`)."""

    @property
    def config(self) -> Settings: ...
    @property
    def engine(self) -> Engine: ...
    @property
    def shuffle(self) -> bool: ...

    def log(self, line: str) -> None: ...
    def joined(self, session: GameSession) -> None: ...
    def who(self, session: GameSession) -> str: ...
    def folder(self, user: str) -> str: ...
    def player(self, user: str) -> str: ...
    def forget(self, session: GameSession) -> None: ...


MAX_ROWS, MAX_COLUMNS = 200, 500
"""The largest terminal drawn for: a client claiming more gets this much."""
RESUME = "to go on, connect again and choose Continue"
NO_PTY = "The game needs a terminal: connect with ssh -t (a plain ssh NAME@HOST does that).\r\n"


class GameSession(PromptToolkitSSHSession):
    """The game for one student on one SSH channel."""

    def __init__(self, room: Room, user: str, address: str) -> None:
        super().__init__(no_interact, enable_cpr=False)
        self.room = room
        self.user = user
        self.address = address
        self.loop = asyncio.get_running_loop()
        self.writer = ChannelWriter(self.loop, lambda: self._chan)
        self.stdout = cast(TextIO, self.writer)
        self.closing: Console | None = None
        self.has_pty = False
        self.started = False
        """True once the game began (a refused command or a shell without a pty never does)."""
        self.dropped = False
        self.reason = ""
        """Why the server ended the game (idle), said after the game's own goodbye."""
        self.thread: threading.Thread | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._feeder: Feeder | None = None

    def _get_size(self) -> Size:
        """The client's terminal size, within reason (a client may claim any size at all)."""
        size = super()._get_size()
        return Size(
            rows=clamp(size.rows, 5, MAX_ROWS), columns=clamp(size.columns, 20, MAX_COLUMNS)
        )

    # --- what the client may ask for ---------------------------------------------------
    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        self.has_pty = True
        return True

    def exec_requested(self, command: str) -> bool:
        self.room.log(f"Refused a command from {self.address} ({quoted(self.user)})")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.room.log(f"Refused the subsystem {quoted(subsystem)} from {self.address}")
        return False

    def session_started(self) -> None:
        self.interact_task = self.loop.create_task(self._serve())

    # --- what arrives ------------------------------------------------------------------
    def data_received(self, data: str, datatype: object) -> None:
        if self.dropped or self._input is None:
            return
        self._touch()
        try:
            if self._feeder is not None:
                self._feeder.feed(data.encode("utf-8", "replace"))
            else:
                self._input.send_text(data)
        except OSError:
            self._drop()

    def terminal_size_changed(
        self, width: int, height: int, pixwidth: object, pixheight: object
    ) -> None:
        if self.closing is not None:
            self.closing.size = (clamp(width, 20, MAX_COLUMNS), clamp(height, 5, MAX_ROWS))
        app = self.app_session.app if self.app_session is not None else None
        loop = app.loop if app is not None and app.is_running else None
        if app is not None and loop is not None:
            with contextlib.suppress(RuntimeError):  # the game's loop just ended
                loop.call_soon_threadsafe(app._on_resize)

    def eof_received(self) -> bool:
        self._drop()
        return True  # the game still says goodbye (and where it saved) before closing

    def connection_lost(self, exc: Exception | None) -> None:
        self._drop()
        self.writer.closed = True
        self.room.forget(self)

    def drop(self, reason: str = "") -> None:
        """End the game from the server's side: it saves, says goodbye, and the channel closes."""
        if not self.dropped:
            self.reason = reason
        self._drop()

    def _drop(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        if not self.dropped:
            self.dropped = True
            if self._feeder is not None:
                self._feeder.close()
            if self._input is not None:
                self._input.close()  # the game reads the end of its input: Ctrl-D, save, quit

    def _touch(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        seconds = self.room.config.idle_minutes * 60
        self._idle = self.loop.call_later(seconds, self._idle_out)

    def _idle_out(self) -> None:
        minutes = self.room.config.idle_minutes
        self.room.log(f"{self.room.who(self)} idle for {minutes:g} minutes: saved and let go")
        shown = f"{minutes:g} minute" + ("" if minutes == 1 else "s")
        self.drop(f"Nothing was typed for {shown}, so the game was saved and closed.")

    # --- the game ----------------------------------------------------------------------
    async def _serve(self) -> None:
        chan = self._chan
        if chan is None:
            return
        code = 1
        try:
            if not self.has_pty:
                chan.write(NO_PTY)
                return
            code = await self._play_here(chan)
            if self.reason:  # after the game's own goodbye, already on its way
                self.writer.send(self.reason.replace("\n", "\r\n") + "\r\n")
        except Exception as exc:  # never a traceback on the server; the others play on
            self.room.log(f"{self.room.who(self)}: the session failed ({type(exc).__name__})")
        finally:
            with contextlib.suppress(OSError, asyncssh.Error):
                chan.exit(code)

    async def _play_here(self, chan: Any) -> int:
        term = chan.get_terminal_type() or "xterm"
        width, height, _, _ = chan.get_terminal_size()
        self.closing = Console(
            file=self.stdout,
            width=clamp(width or 80, 20, MAX_COLUMNS),
            height=clamp(height or 24, 5, MAX_ROWS),
            force_terminal=True,
            color_system=color_system(term),  # type: ignore[arg-type]
            highlight=False,
            emoji=False,
            legacy_windows=False,
        )
        self._output = Vt100_Output(self.stdout, self._get_size, term=term, enable_cpr=False)
        with create_pipe_input() as pipe:
            self._input = pipe
            write_fd = getattr(getattr(pipe, "pipe", None), "write_fd", None)
            if isinstance(write_fd, int):  # a POSIX pipe (elsewhere, plain writes)
                self._feeder = Feeder(self.loop, write_fd, chan.pause_reading, chan.resume_reading)
            try:
                with create_app_session(input=pipe, output=self._output) as app_session:
                    self.app_session = app_session
                    self.started = True
                    self.room.joined(self)
                    self._touch()
                    done, self.thread = in_thread(self.loop, self._play)
                    return await done
            finally:
                self.dropped = True  # nothing more is sent to this pipe once it is closed
                if self._feeder is not None:
                    self._feeder.close()
                self._input = self._feeder = None

    def _play(self) -> int:
        """The game, from its title screen to its goodbye (in the session's thread)."""
        from game.saves.store import SaveStore
        from game.server.handin import write_report
        from game.ui.options import PlayOptions
        from game.ui.terminal import TerminalGame

        room = self.room
        assert self.closing is not None
        options = PlayOptions(
            story=room.config.story,
            name=room.player(self.user) or None,
            shuffle=room.shuffle,
            minutes=room.config.minutes,
        )
        try:
            class_dir = room.config.class_dir
            store = SaveStore(student_folder(class_dir, room.folder(self.user)), root=class_dir)
            store.resume = RESUME
            store.pinned = True  # the SSH name chose the folder, whatever name is typed later
            game = TerminalGame(
                room.engine,
                options,
                store,
                input=self._input,
                output=self._output,
                closing=self.closing,
            )
            try:
                return game.run()
            finally:
                if game.controller.started:
                    write_report(game.controller.session, store.folder)
        except GameError as exc:
            self.closing.print(f"Error: {exc}", markup=False)
            return 1


def in_thread(
    loop: asyncio.AbstractEventLoop, work: Callable[[], T]
) -> tuple[asyncio.Future[T], threading.Thread]:
    """`work()` started in a thread of its own, in the caller's context (a session's
    AppSession); the future of its result, on `loop`, and the thread."""
    done: asyncio.Future[T] = loop.create_future()
    context = contextvars.copy_context()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(cast(T, result))

    def target() -> None:
        try:
            result = context.run(work)
        except BaseException as exc:
            with contextlib.suppress(RuntimeError):  # the loop has stopped
                loop.call_soon_threadsafe(settle, None, exc)
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, result, None)

    thread = threading.Thread(target=target, name="game-session", daemon=True)
    thread.start()
    return done, thread


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


async def no_interact(session: PromptToolkitSSHSession) -> None:
    """prompt_toolkit's interact hook, unused: `GameSession` runs the game itself."""


def student_folder(class_dir: Path, name: str) -> Path:
    """`class_dir/name`, refusing a folder that is a link (it could point anywhere)."""
    folder = class_dir / name
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise GameError(f"the save folder {quoted(folder)} is not a plain folder; ask the teacher")
    return folder
