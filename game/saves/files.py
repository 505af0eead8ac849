"""Files in a save folder, opened so that links, FIFOs and devices can neither redirect nor block.

Reads open with O_NONBLOCK and check that the file is a regular one before reading (a FIFO
would otherwise wait forever for a writer); slots, backups and the lock are opened with
O_NOFOLLOW, so a link planted in a shared folder cannot send a write elsewhere. New files are
created with O_EXCL under a random name, then renamed over their target (a rename replaces a
link, it never writes through it).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from game.errors import SaveError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
LOCK_NAME = ".special-tasks.lock"
"""The lock file every game takes, inside the save folder, while it changes a slot."""
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another game's write to finish (a write takes milliseconds)."""
STALE_TEMP_SECONDS = 60
PAUSE_ENV = "SPECIAL_TASKS_TEST_PAUSE_IN_WRITE"
"""Test-only (docs/testing.md): a process with this set to a file name (e.g. slot.json) stops
itself with SIGSTOP half-way through writing that file's temporary copy, so a test can kill
it at that exact point. Unset (always, outside tests), it changes nothing."""
_LINK = "it is a symbolic link, which the game does not follow"


class UnsafeFile(OSError):
    """A file that is not a plain regular file (a link where none is followed, a FIFO, a device)."""


def read_limited(path: Path, limit: int, *, follow: bool) -> bytes:
    """At most `limit` + 1 bytes of the regular file `path`; OSError (maybe UnsafeFile) if not.

    With follow=False a symbolic link is refused rather than followed.
    """
    if not follow and not _NOFOLLOW and path.is_symlink():
        raise UnsafeFile(errno.ELOOP, _LINK)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        if not follow and exc.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
            raise UnsafeFile(exc.errno, _LINK) from None
        raise
    try:
        _check_regular(fd)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check_regular(fd: int) -> None:
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    if not stat.S_ISREG(mode):
        raise UnsafeFile(errno.EINVAL, "it is not a regular file (a pipe or a device?)")


def kind_of(path: Path) -> str | None:
    """What is at `path` without following a link: 'file', 'link', 'folder', 'other', None."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` by `data`: a new temp file (O_EXCL), fsync, rename, fsync the folder."""
    temp = target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    fd = os.open(temp, flags, 0o644)
    try:
        try:
            view = memoryview(_paused_half(fd, data, target))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    sync_folder(target.parent)


def link_atomic(source: Path, target: Path) -> bool:
    """Make `target` a second name of the file `source` (a hard link under a temporary name,
    renamed over `target`); False where the disk has no hard links, so the caller copies.

    No byte is rewritten: the slot's old file simply keeps a second name. The rename is made
    durable by the folder fsync of the write that follows it.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        os.link(source, temp, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOENT):
            raise
        return False
    try:
        if os.environ.get(PAUSE_ENV) == target.name:
            _pause()
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return True


def _paused_half(fd: int, data: bytes, target: Path) -> bytes:
    """The bytes still to write; with PAUSE_ENV naming `target`, half is written first."""
    if os.environ.get(PAUSE_ENV) != target.name:
        return data
    os.write(fd, data[: len(data) // 2])  # a few kB: one write on any POSIX file system
    _pause()
    return data[len(data) // 2 :]


def _pause() -> None:
    """Stop this process where PAUSE_ENV asked (the tests' crash points)."""
    import signal  # only there: its enums cost a start more than the rest of this module

    os.kill(os.getpid(), signal.SIGSTOP)


def clear_stale_temps(folder: Path, name: str) -> None:
    """Remove temp files of `name` left by a killed process; links and oddities at once."""
    now = time.time()
    for temp in folder.glob(f".{name}.*.tmp"):
        try:
            info = temp.lstat()
            # Our temps are regular files: anything else was planted, and is never followed.
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            continue


def move(source: Path, target: Path) -> None:
    """Rename `source` to `target` (same folder) and make it durable."""
    os.replace(source, target)
    sync_folder(source.parent)


def move_to(source: Path, target: Path) -> None:
    """Move `source` to `target` in another folder of the same disk, never over a file.

    A hard link then unlink cannot replace what appeared at `target` meanwhile; where the
    disk has no hard links (FAT), a checked rename is the fallback.
    """
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        if kind_of(target) is not None:
            raise FileExistsError(f"'{target}' exists") from None
        os.replace(source, target)
    else:
        os.unlink(source)
    sync_folder(target.parent)
    sync_folder(source.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a power cut (not possible on Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the save folder's lock: one game at a time reads, compares and replaces a slot."""
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _BINARY, 0o644)
    except OSError as exc:
        if kind_of(path) == "link":
            raise SaveError(
                f"the lock file '{path}' is a symbolic link, which the game does not follow: "
                "remove it"
            ) from None
        raise SaveError(f"cannot open the lock file '{path}': {exc.strerror or exc}") from None
    try:
        try:
            _check_regular(fd)
        except OSError as exc:
            raise SaveError(f"the lock file '{path}' is not a file ({exc.strerror})") from None
        _acquire(fd, path, LOCK_TIMEOUT if timeout is None else timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


class GameLock:
    """Held by a game for as long as it plays, so other games know not to move its saves."""

    def __init__(self, folder: Path, game_id: str) -> None:
        # First, so that a lock whose making is cut short (a SIGTERM's exception landing in
        # the sweep) has nothing to release when it is thrown away, instead of a traceback.
        self._fd: int | None = None
        sweep_game_locks(folder)
        self.game_id = game_id
        self.path = game_lock_path(folder, game_id)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _BINARY, 0o644)
        except OSError:
            return  # a game that cannot say it is alive only risks its autosave being moved
        try:
            _check_regular(fd)
            locked = _try_lock(fd)
        except (OSError, SaveError):
            locked = False
        if locked:
            self._fd = fd
        else:
            os.close(fd)  # the same game playing elsewhere too: that one says it

    def release(self) -> None:
        if self._fd is not None:
            _release(self._fd)
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


def game_lock_path(folder: Path, game_id: str) -> Path:
    return folder / f".game-{game_id}.lock"


def game_alive(folder: Path, game_id: str) -> bool:
    """True while some process plays the game `game_id` from this folder (holds its GameLock)."""
    return _held(game_lock_path(folder, game_id))


def sweep_game_locks(folder: Path, limit: int = 200) -> None:
    """Remove the lock files of games no longer played (each game leaves one when it stops)."""
    for n, path in enumerate(folder.glob(".game-*.lock")):
        if n >= limit:
            return
        _held(path)


def someone_plays(folder: Path, limit: int = 50) -> bool:
    """True while some process plays a game from `folder` (for a teacher's live view).

    It only looks: no lock file is removed, and one made in the last two seconds is skipped,
    since its game may be about to lock it.
    """
    now = time.time()
    try:
        locks = sorted(folder.glob(".game-*.lock"))[:limit]
    except OSError:
        return False
    for path in locks:
        try:
            if now - path.lstat().st_mtime < 2:
                continue
            fd = os.open(path, os.O_RDWR | _NOFOLLOW | _NONBLOCK | _BINARY)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                return True
            _release(fd)
        except SaveError:
            pass
        finally:
            os.close(fd)
    return False


def _held(path: Path) -> bool:
    """True when a live game holds the lock file `path`; a file nobody holds is removed."""
    try:
        fd = os.open(path, os.O_RDWR | _NOFOLLOW | _NONBLOCK | _BINARY)
    except OSError:
        return False  # no lock file: the game ended long ago, or an older version played it
    try:
        if not _try_lock(fd):
            return True
        _release(fd)
        # Nobody plays it: the taker removes the file, so lock files do not pile up.
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    except SaveError:
        return False
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.001
    while not _try_lock(fd):
        if time.monotonic() > deadline:
            raise SaveError(f"another game has held the lock '{path}' for over {timeout:g} seconds")
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise SaveError(f"cannot lock the save folder: {exc.strerror or exc}") from None
        return True

    def _release(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
