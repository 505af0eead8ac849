"""The process's standard streams made safe to use when closed (`<&-`, `>&-`) or full.

A closed descriptor is reopened on the null device, so no file the game opens later takes its
number (a story file read as standard input, a save written to the screen). Closed standard
input reads as empty; a write to a closed or full standard output raises OutputFailed, which
the command line reports in one line with its own exit code.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO, cast

OUTPUT_FAILED = 74
"""Exit code when the output cannot be written (sysexits' EX_IOERR)."""


class OutputFailed(Exception):
    """Standard output is closed or cannot take more (a full disk, a dead device)."""


class _Output(io.TextIOBase):
    """Standard output that turns a failed write or flush into OutputFailed."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise OutputFailed("the standard output is closed")
        return self._stream.fileno()

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputFailed("the standard output is closed")
        with _translated():
            return self._stream.write(text)

    def flush(self) -> None:
        if self._stream is not None:
            with _translated():
                self._stream.flush()


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the command line handles that quietly
    except OSError as exc:
        raise OutputFailed(f"cannot write to the standard output: {exc.strerror or exc}") from None


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run with closed descriptors filled and standard output guarded; restore afterwards."""
    saved = sys.stdin, sys.stdout, sys.stderr
    closed = {fd for fd in (0, 1, 2) if not _is_open(fd)}
    for fd in sorted(closed):
        _fill(fd)
    if sys.stdin is None or 0 in closed:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the run
    if sys.stderr is None or 2 in closed:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    out = None if sys.stdout is None or 1 in closed else sys.stdout
    if out is None or not out.isatty():
        # A terminal is left as it is: the interactive game hands it to its own libraries.
        sys.stdout = cast(TextIO, _Output(out))
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def silence_output() -> None:
    """After a failed write: send the rest (Python flushes at exit) to the null device."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _fill(fd: int) -> None:
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
