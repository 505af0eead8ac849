"""Autosaving each step: at once, or right after the step's screen is drawn.

Deferred, a step's save waits until its next screen is on the player's screen, and the front
end settles it (writes it, durably) before it reads the next line, so the player never waits
for the disk between a keypress and the screen, and the next input is never acted on, nor the
game left, before the save of the step before is done. A crash at any moment still leaves the
old save or the new one (the write is atomic either way).
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine.session import Session
from game.saves.store import SaveStore


class Autosaver:
    """A session listener that autosaves every step, and says what the store says."""

    def __init__(self, store: SaveStore, say: Callable[[str], None]) -> None:
        self.store = store
        self.say = say
        self.deferred = False
        """True: a step's save waits for settle() (the front end calls it before reading)."""
        self._pending: Session | None = None

    def __call__(self, session: Session, events: object) -> None:
        if self.deferred:
            self._pending = session
        else:
            self._save(session)

    def settle(self) -> None:
        """Finish the save of the last step, if it is still to be written."""
        session, self._pending = self._pending, None
        if session is not None:
            self._save(session)

    def _save(self, session: Session) -> None:
        message = self.store.autosave(session)
        if message:
            self.say(message)
