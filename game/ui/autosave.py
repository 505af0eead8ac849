"""Autosaving each step: at once, or right after the step's screen is drawn.

Deferred, a step's save waits until its next screen is on the player's screen, and the front
end settles it (writes it, durably) right after: the plain protocol before the `> ` that asks
for the next line, the full-screen game as soon as the redraw is flushed to the terminal
(`game.ui.fullscreen`), before it reads a key. The player never waits for the disk between a
keypress and the screen, and the next input is never acted on, nor the game left, before the
save of the step before is done (the controller settles it again first). A crash at any
moment still leaves the old save or the new one (the write is atomic either way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.saves.store import SaveStore


class Autosaver:
    """A session listener that autosaves every step, and says what the store says."""

    def __init__(self, store: Callable[[], SaveStore], say: Callable[[str], None]) -> None:
        self.store = store
        """The saves of the player now playing (a front end may change player, and folder)."""
        self.say = say
        self.deferred = False
        """True: a step's save waits for settle() (the front end calls it once it has drawn)."""
        self._pending: Session | None = None

    @property
    def pending(self) -> bool:
        """True while the last step's save is still to be written."""
        return self._pending is not None

    def __call__(self, session: Session, events: object) -> None:
        if self.deferred:
            self._pending = session
        else:
            self._save(session)

    def settle(self) -> bool:
        """Finish the save of the last step, if it is still to be written; True when that
        save had something to say (saving is off now, or it went to another slot)."""
        session = self._pending
        if session is None:
            return False
        message = self.store().autosave(session)
        # Cleared once written: a Ctrl-C in the middle of the write leaves it to be written
        # again (the old save is intact meanwhile, the write being atomic).
        self._pending = None
        return self._said(message)

    def forget(self) -> None:
        """Drop the save still to be written (the caller saves the same session itself)."""
        self._pending = None

    def _save(self, session: Session) -> bool:
        return self._said(self.store().autosave(session))

    def _said(self, message: str | None) -> bool:
        if message:
            self.say(message)
        return bool(message)
