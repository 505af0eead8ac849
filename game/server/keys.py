"""`serve --authorized-keys FILE`: each student signs in with their own SSH key instead of the
class code, so nobody can open another student's game by typing their name.

FILE holds public keys as OpenSSH writes them, one a line; each key's comment names the
student it admits (`ssh-ed25519 AAAA... ana`, or `... ana@laptop`: the part before `@`), by
the same folder name their saves use. Blank lines and `#` lines are skipped.
"""

from __future__ import annotations

from pathlib import Path

from game.errors import UsageError
from game.server.names import folder_name
from game.story.visible import quoted

MAX_KEYS_BYTES = 1_000_000

StudentKeys = dict[str, frozenset[bytes]]
"""A student's folder name -> the public keys (their wire data) that admit them."""


def student_keys(path: Path) -> StudentKeys:
    """The keys in FILE by student; UsageError naming file:line for anything else."""
    import asyncssh

    try:
        with path.open("rb") as source:
            data = source.read(MAX_KEYS_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {quoted(path)}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEYS_BYTES:
        raise UsageError(f"{quoted(path)} is over {MAX_KEYS_BYTES:,} bytes: not a key list")
    found: dict[str, set[bytes]] = {}
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            key = asyncssh.import_public_key(line)
        except (asyncssh.KeyImportError, ValueError):
            raise UsageError(f"{quoted(where)}: not a public key as OpenSSH writes one") from None
        comment = key.get_comment() or ""
        name = comment.split("@", 1)[0].strip()
        if not name:
            raise UsageError(
                f"{quoted(where)}: the key needs the student's name as its comment, "
                "e.g. 'ssh-ed25519 AAAA... ana'"
            )
        found.setdefault(folder_name(name), set()).add(key.public_data)
    if not found:
        raise UsageError(f"{quoted(path)} holds no public keys")
    return {name: frozenset(keys) for name, keys in found.items()}


def admits(keys: StudentKeys, user: str, public_data: bytes) -> bool:
    """True when the key is one of the SSH user name's own."""
    return public_data in keys.get(folder_name(user), frozenset())
