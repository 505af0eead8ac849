"""The player's keyboard on the game screen: the input lines, completion and the keys.

There are three input lines, each with its own history: commands and answers (with Tab
completion), free text (a name, a slot, y/n), and reflections over several lines. The
keys of the screen scroll the page, close a view, and turn Ctrl-C and Ctrl-D into
KeyboardInterrupt and EOFError, as prompt_toolkit's own prompts do; the game loop decides
what they mean. What arrives from the terminal is never trusted: a mangled mouse report
(pasted, or cut short) is ignored instead of raising.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal, Protocol

from prompt_toolkit.application import application
from prompt_toolkit.application.current import get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition, buffer_has_focus, has_completions
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.bindings.basic import load_basic_bindings
from prompt_toolkit.key_binding.bindings.cpr import load_cpr_bindings
from prompt_toolkit.key_binding.bindings.emacs import (
    load_emacs_bindings,
    load_emacs_search_bindings,
    load_emacs_shift_selection_bindings,
)
from prompt_toolkit.key_binding.bindings.mouse import load_mouse_bindings
from prompt_toolkit.key_binding.key_bindings import (
    ConditionalKeyBindings,
    KeyBindingsBase,
    merge_key_bindings,
)
from prompt_toolkit.keys import Keys

if TYPE_CHECKING:
    from prompt_toolkit.key_binding.key_bindings import NotImplementedOrNone

Mode = Literal["command", "line", "reflection"]


class CommandCompleter(Completer):
    """Completes the command word, and slot names after `save` and `load`."""

    def __init__(self, words: Callable[[], Iterable[str]], slots: Callable[[], list[str]]) -> None:
        self.words = words
        self.slots = slots

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        text = document.text_before_cursor.lstrip()
        word, space, rest = text.partition(" ")
        if not space:
            candidates: Iterable[str] = self.words()
            typed = word
        elif word.lower() in ("save", "load") and " " not in rest.strip():
            candidates = self.slots()
            typed = rest.lstrip()
        else:
            return
        for candidate in candidates:
            if candidate.lower().startswith(typed.lower()):
                yield Completion(candidate, start_position=-len(typed))


def clean(text: str, *, lines: bool = False) -> str:
    """Typed or pasted text without control characters or undecodable bytes.

    A paste can carry escape sequences and stray bytes; they must not reach the screen (as
    styling) or a save and a report. Tabs become spaces; line breaks stay when `lines`.
    """
    text = text.replace("\t", " ")
    return "".join(
        c for c in text if (c == "\n" and lines) or unicodedata.category(c) not in ("Cc", "Cs")
    )


def reflection_keys() -> KeyBindings:
    """Enter on an empty line (or on an empty answer) finishes; Esc then Enter always does."""
    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        if not document.text.strip() or (
            document.is_cursor_at_the_end and not document.current_line.strip()
        ):
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)

    @keys.add("escape", "enter")
    def _finish(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return keys


class Keyboard:
    """The three input lines; `mode` says which one the player is typing in."""

    def __init__(self, completer: Completer) -> None:
        self.commands = Buffer(
            history=InMemoryHistory(),
            completer=completer,
            complete_while_typing=False,
            multiline=False,
            accept_handler=self._accept,
        )
        self.text = Buffer(history=InMemoryHistory(), multiline=False, accept_handler=self._accept)
        self.essay = Buffer(history=InMemoryHistory(), multiline=True, accept_handler=self._accept)
        self.mode: Mode = "command"

    @property
    def buffer(self) -> Buffer:
        """The input line in use."""
        if self.mode == "reflection":
            return self.essay
        return self.commands if self.mode == "command" else self.text

    def start(self, mode: Mode, default: str = "") -> None:
        """Get `mode`'s line ready. A reflection keeps what was typed (Ctrl-C, then n)."""
        self.mode = mode
        if mode != "reflection":
            self.buffer.reset(Document(default))

    def _accept(self, buffer: Buffer) -> bool:
        get_app().exit(result=clean(buffer.text, lines=buffer is self.essay))
        return False  # the line is done: clear it (it is in the history)


class Scroller(Protocol):
    """What the scrolling keys move: the page (a scene, or a view over it)."""

    def scroll(self, rows: int) -> None: ...

    def page(self, direction: int) -> None: ...

    def top(self) -> None: ...

    def bottom(self) -> None: ...

    def close_view(self) -> bool:
        """Back to the scene from a view; False when no view was open."""


def screen_keys(keyboard: Keyboard, page: Scroller) -> KeyBindings:
    """Scrolling, leaving a view, Ctrl-C, Ctrl-D and a mouse binding that cannot raise."""
    keys = KeyBindings()
    empty = Condition(lambda: not keyboard.buffer.text)
    one_line = Condition(lambda: "\n" not in keyboard.buffer.text) & ~has_completions

    @keys.add("pageup")
    def _page_up(event: KeyPressEvent) -> None:
        page.page(-1)

    @keys.add("pagedown")
    @keys.add(" ", filter=empty)
    def _page_down(event: KeyPressEvent) -> None:
        page.page(1)

    @keys.add("up", filter=one_line)
    def _up(event: KeyPressEvent) -> None:
        page.scroll(-1)

    @keys.add("down", filter=one_line)
    def _down(event: KeyPressEvent) -> None:
        page.scroll(1)

    @keys.add("home", filter=empty)
    def _home(event: KeyPressEvent) -> None:
        page.top()

    @keys.add("end", filter=empty)
    def _end(event: KeyPressEvent) -> None:
        page.bottom()

    @keys.add("escape", filter=empty)
    def _close(event: KeyPressEvent) -> None:
        page.close_view()

    @keys.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @keys.add("c-d", filter=empty)
    def _end_of_input(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError, style="class:exiting")

    keys.add(Keys.Vt100MouseEvent)(forgiving_mouse())
    return keys


def forgiving_mouse() -> Callable[[KeyPressEvent], NotImplementedOrNone]:
    """prompt_toolkit's mouse-report handler, ignoring a report it cannot parse.

    It raises on a report whose numbers are missing or out of its tables (`ESC[<;;M`,
    `ESC[M` and three stray bytes), which a paste or a cut-off sequence produces.
    """
    handler = next(
        b.handler for b in load_mouse_bindings().bindings if Keys.Vt100MouseEvent in b.keys
    )

    def _mouse(event: KeyPressEvent) -> NotImplementedOrNone:
        try:
            return handler(event)
        except (ValueError, KeyError, IndexError, TypeError):
            return NotImplemented

    return _mouse


def emacs_defaults() -> KeyBindingsBase:
    """prompt_toolkit's default key bindings (`load_key_bindings`) without Vi's, which are
    only ever active in Vi's editing mode, and the game's stays Emacs's. Vi's are most of
    them: making them was a tenth of the first screen's own start-up, and every key press
    looked through them."""
    editing = merge_key_bindings(
        [
            load_basic_bindings(),
            load_emacs_bindings(),
            load_emacs_search_bindings(),
            load_emacs_shift_selection_bindings(),
        ]
    )
    return merge_key_bindings(
        [
            ConditionalKeyBindings(editing, buffer_has_focus),
            load_mouse_bindings(),
            load_cpr_bindings(),
        ]
    )


_SWAPPING = threading.Lock()
"""The game screens of `serve`'s sessions are made on their own threads."""


@contextlib.contextmanager
def without_vi() -> Iterator[None]:
    """An `Application` made in this block has `emacs_defaults` as its default bindings
    (it has no parameter for them: it calls its module's `load_key_bindings`)."""
    with _SWAPPING:
        made = getattr(application, "load_key_bindings")  # noqa: B009 (not exported)
        setattr(application, "load_key_bindings", emacs_defaults)  # noqa: B010
        try:
            yield
        finally:
            setattr(application, "load_key_bindings", made)  # noqa: B010
