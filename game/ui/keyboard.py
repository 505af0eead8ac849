"""The player's keyboard, through prompt_toolkit: command lines, free text, reflections.

Input and output are injected so tests can drive real prompt sessions through a pipe.
Ctrl-C raises KeyboardInterrupt and Ctrl-D (on an empty line) or the end of input raises
EOFError, as prompt_toolkit does; the game loop decides what they mean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output


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
    """Reads lines from the player; one history for commands, another for free text.

    `toolbar(width)` gives the status bar's text for the terminal's current width.
    """

    def __init__(
        self,
        toolbar: Callable[[int], str],
        completer: Completer,
        *,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        self.commands: PromptSession[str] = PromptSession(
            input=input,
            output=output,
            history=InMemoryHistory(),
            completer=completer,
            complete_while_typing=False,
            bottom_toolbar=lambda: toolbar(self.commands.output.get_size().columns),
        )
        self.text: PromptSession[str] = PromptSession(
            input=input, output=output, history=InMemoryHistory()
        )
        # A session of its own, since prompt_toolkit keeps per-call settings between calls.
        self.essay: PromptSession[str] = PromptSession(
            input=input,
            output=output,
            history=InMemoryHistory(),
            multiline=True,
            key_bindings=reflection_keys(),
            prompt_continuation=lambda width, line, wrap: "." * (width - 1) + " ",
        )

    def command(self, message: str) -> str:
        """A command line or an answer, with completion, history and the status bar."""
        return self.commands.prompt(message)

    def line(self, message: str, default: str = "") -> str:
        """One line of free text (a name, a slot, y/n)."""
        return self.text.prompt(message, default=default)

    def reflection(self, message: str) -> str:
        """Free text over several lines; an immediate Enter gives an empty answer."""
        return self.essay.prompt(message)
