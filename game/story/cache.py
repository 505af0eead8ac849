"""The parsed-story cache: a checked story kept as JSON, reused while its files are unchanged.

One file per story folder in `$XDG_CACHE_HOME/special-tasks` (default `~/.cache/special-tasks`),
keyed by the engine version, the cache format and each story file's path, size, modification
time (ns) and change time: any edit, added or removed chapter file, or new version of the game
makes the entry stale, and it is rebuilt. The file is data only (JSON, see cache_codec.py),
checksummed (a CRC-32: it is there to catch damage, not someone who can write in the user's
own cache folder, and hashlib would load OpenSSL at every start) and written atomically (a new
file renamed into place); a damaged, foreign or stale file is ignored.
`SPECIAL_TASKS_NO_CACHE=1`, or a cache folder that cannot be written, just means every load is
a cold one.
"""

from __future__ import annotations

import binascii
import contextlib
import gc
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from game import __version__
from game.errors import GameError
from game.story.cache_codec import decode, encode
from game.story.files import story_files
from game.story.model import Story

if TYPE_CHECKING:  # a story's verdicts are built only when it has some
    from game.story.diagnostic import Diagnostic

CACHE_FORMAT = 3
"""Bump when the codec or the model changes shape, so older cache files are rebuilt."""
NO_CACHE_ENV = "SPECIAL_TASKS_NO_CACHE"
MAX_CACHE_BYTES = 256 * 1024 * 1024
RACY_SECONDS = 2.0
"""A story file changed less than this long ago is not cached: an edit of the same size in
the same tick of a coarse file-system clock could otherwise go unseen."""
MAGIC = "special-tasks story cache"

Result: TypeAlias = "tuple[Story | None, list[Diagnostic]]"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/special-tasks, or ~/.cache/special-tasks when that is unset or relative."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "special-tasks"


def checked(folder: str | Path, check_folder: Callable[[str | Path], Result]) -> Result:
    """check_folder(folder), from the cache when the story's files are unchanged since.

    The checker is passed in (it is game.story.checker.check_folder), so that the checker,
    which loads stories through this cache, and the cache do not import each other.
    """
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return check_folder(folder)
    try:
        key, file = _key(Path(folder))
    except (OSError, GameError, RuntimeError, ValueError):
        return check_folder(folder)  # it reports what is wrong with the folder
    hit = _read(file, key)
    if hit is not None:
        return hit
    result = check_folder(folder)
    if key["fresh"]:
        with contextlib.suppress(OSError, TypeError, ValueError, RecursionError):
            _write(file, key, result)
    return result


def _key(folder: Path) -> tuple[dict[str, object], Path]:
    manifest, chapters = story_files(folder)
    now = time.time()
    files: list[list[object]] = []
    fresh = True
    for path in [manifest, *chapters]:
        info = path.stat()
        files.append([path.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns])
        if now - info.st_mtime_ns / 1e9 < RACY_SECONDS:
            fresh = False
    where = [str(folder), str(folder.resolve()), str(Path.cwd().resolve())]
    key: dict[str, object] = {
        "magic": MAGIC,
        "engine": __version__,
        "format": CACHE_FORMAT,
        "where": where,
        "files": files,
    }
    # Two folders of one name share a file (and take turns rebuilding it): a CRC-32 of
    # where they are, with the length of that text, makes it unlikely.
    where_bytes = "\0".join(where).encode("utf-8", "surrogateescape")
    name = f"{_checksum(where_bytes)}-{len(where_bytes)}"
    key_with_fresh = {**key, "fresh": fresh}
    return key_with_fresh, cache_dir() / f"story-{name}.json"


def _checksum(data: bytes) -> str:
    return f"{binascii.crc32(data):08x}"


def _comparable(key: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in key.items() if k != "fresh"}


def _read(file: Path, key: dict[str, object]) -> Result | None:
    """The cached result, or None when the file is missing, damaged, foreign or stale."""
    try:
        with file.open("rb") as stream:
            # As large as the file, not as the limit: a read of at most MAX_CACHE_BYTES would
            # first make a buffer of that size, which costs more than the rest of the read.
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(min(size, MAX_CACHE_BYTES) + 1)
        if len(data) > MAX_CACHE_BYTES:
            return None
        end = data.index(b"\n")  # the header line; the checksum is of the bytes after it
        header = json.loads(data[:end])
        if not isinstance(header, dict) or header.get("key") != _comparable(key):
            return None
        if header.get("crc32") != _checksum(data[end + 1 :]):
            return None
        return _decoded(data[end + 1 :].decode("utf-8"))
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError, GameError):
        return None


def _decoded(body: str) -> Result:
    """decode() with the cyclic collector paused, as the loader does (see read_story_parts):
    the model has no reference cycles, so scanning it while it is built is wasted time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return decode(body)
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _write(file: Path, key: dict[str, object], result: Result) -> None:
    """Write the cache file atomically: a new file under a random name, renamed over it."""
    rest = encode(*result)
    header = {"key": _comparable(key), "crc32": _checksum(rest.encode("utf-8"))}
    text = json.dumps(header, ensure_ascii=False) + "\n" + rest
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = file.with_name(f".{file.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        with temp.open("x", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
