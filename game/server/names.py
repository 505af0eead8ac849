"""A student's SSH user name, made into a safe folder name and a name for the class report."""

from __future__ import annotations

import hashlib
import re
import unicodedata

FOLDER_LIMIT = 40
"""The longest folder name a student gets (the rest of a long user name is dropped)."""
NAME_LIMIT = 60
"""The longest player name, as the title screen accepts it."""
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)
"""Names Windows keeps for devices: a class folder copied there must still open."""
_RUNS = re.compile(r"-{2,}")


def folder_name(user: str) -> str:
    """The folder under the class folder for the user name `user`.

    Letters and digits (any script) are kept, in lower case, with `-` and `_`; anything else
    (slashes, dots, spaces, control characters) becomes one `-`. So `../../etc` is `etc`, and
    the result never leaves the class folder, never starts with a dot and is never empty: a
    name with nothing left is `student-` and a digest of the name.
    """
    text = unicodedata.normalize("NFKC", user[:200])
    kept = "".join(c.lower() if c.isalnum() or c in "-_" else "-" for c in text)
    name = _RUNS.sub("-", kept).strip("-_")[:FOLDER_LIMIT].strip("-_")
    if not name or name in RESERVED or not name.isprintable():
        digest = hashlib.sha256(user.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"student-{digest}"
    return name


def player_name(user: str) -> str:
    """The name put on the save and the report: `user` without invisible characters, spaces
    folded, cut to the title screen's limit (empty when nothing printable is left)."""
    text = unicodedata.normalize("NFKC", user[:200])
    shown = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(shown.split())[:NAME_LIMIT].strip()
