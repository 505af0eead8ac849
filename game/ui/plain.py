"""The plain line protocol: one input line answers the current prompt.

This is the mode scripts, tests and screen readers use: linear text, no colour, no
cursor movement. What a line means is decided by `game.engine.commands`, as in the
interactive game; this module only reads lines and writes text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

from game.engine.engine import (
    Answered,
    ChoicePrompt,
    EndedPrompt,
    Engine,
    Event,
    ExhibitsShown,
    FactUnlocked,
    Prompt,
    QuestionPrompt,
    RealityShown,
    Reflected,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.engine.session import Session
from game.story.model import Story
from game.story.visible import visible
from game.ui.controller import Controller, Quit, View
from game.ui.render_plain import (
    documents_lines,
    event_lines,
    help_lines,
    journal_lines,
    prompt_lines,
    scene_lines,
    sources_lines,
    timeline_lines,
)

if TYPE_CHECKING:
    from game.saves.store import SaveStore, SlotInfo


class Interrupted(Exception):
    """Ctrl-C with no terminal to ask on: save and stop with exit code 130."""


def debrief_of(session: Session) -> list[str]:
    """The plain debrief of a session so far."""
    from game.classroom.debrief import debrief_lines, session_debrief

    return debrief_lines(session.story, session_debrief(session))


HANGING = re.compile(r" *(?:\d+\. |- |\S+(?: \S+)?  +)")
"""Where a folded line goes on: after a list number, a dash, or a table's first column."""


_OTHER_SPACE = re.compile(r"[^\S ]")
"""Whitespace other than a space: textwrap rewrites or drops it, so `fold` leaves it to it."""


def wrap(line: str, width: int) -> list[str]:
    """`line` folded to `width` columns at spaces, keeping its indent; words are never split."""
    if len(line) <= width:
        return [line]
    return list(_folded(line, width))


@lru_cache(maxsize=4096)
def _folded(line: str, width: int) -> tuple[str, ...]:
    """`wrap` of a long line, remembered: the same paragraphs come back at every visit, and
    to every player of a server's story."""
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    hanging = HANGING.match(line)
    later = " " * hanging.end() if hanging and hanging.end() < width // 2 else indent
    if width > max(len(indent), len(later)) and _OTHER_SPACE.search(body) is None:
        return tuple(fold(body, width, indent, later) or [line])
    import textwrap  # only for a line `fold` leaves to it, not to play into a pipe

    folded = textwrap.wrap(
        body,
        width,
        initial_indent=indent,
        subsequent_indent=later,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return tuple(folded or [line])


def fold(text: str, width: int, first: str, later: str) -> list[str]:
    """`textwrap.wrap(text, width, initial_indent=first, subsequent_indent=later,
    break_long_words=False, break_on_hyphens=False)`, line for line, for a text that does
    not start with a space and has no whitespace but spaces, and indents narrower than
    `width`. It finds each line's end with a string search instead of rewriting every
    character and filling lines word by word (a scene's paragraph took a millisecond)."""
    n = len(text)
    lines: list[str] = []
    start = 0
    indent = first
    while start < n:
        end = start + width - len(indent)  # where the line's room ends
        if end >= n:
            line = text[start:].rstrip(" ")
            start = n
        elif text[end] == " ":  # the room ends at a space: the words before it fit
            line = text[start:end].rstrip(" ")
            start = end
        else:
            space = text.rfind(" ", start, end)
            if space < 0:  # a word longer than the room: on a line of its own
                space = text.find(" ", end)
                space = n if space < 0 else space
            else:
                space += 1  # the words up to the last space fit; the one after it does not
            line = text[start:space].rstrip(" ")
            start = space
        while start < n and text[start] == " ":
            start += 1  # the spaces where a line breaks are dropped
        if line:
            lines.append(indent + line)
        indent = later
    return lines


def screen_text(lines: Sequence[str], width: int | None) -> str:
    """The text that shows `lines`: each folded to `width` columns (None: not folded) and
    ended by a newline."""
    if width is not None:
        lines = [part for line in lines for part in wrap(line, width)]
    return "\n".join(lines) + "\n" if lines else ""


_TEXTS: dict[Hashable, tuple[object, str]] = {}
"""Texts made by `event_text` and `prompt_text`, by the ids of the story objects they show
and what else they depend on: -> (those objects, the text). An entry holds its objects, so
while it is kept no other object can have their ids. The few thousand kept are forgotten
all at once when full (and made again)."""
MAX_TEXTS = 8192


def event_text(story: Story, event: Event, width: int | None) -> str:
    """`screen_text` of `event_lines`, remembered for the story objects each event shows:
    every entry into a scene, every fact unlocked, shows the same text again."""
    shown: object
    if isinstance(event, SceneEntered):
        shown = event.scene
        key: Hashable = (id(story), id(shown), event.new_chapter, width)
    elif isinstance(event, FactUnlocked):
        shown = event.fact
        key = (id(story), id(shown), "fact", width)
    elif isinstance(event, Reflected):  # a player's own words: not kept
        return screen_text(event_lines(story, event), width)
    else:
        return _event_text(story, event, width)
    hit = _TEXTS.get(key)
    if hit is not None:
        return hit[1]
    return _keep(key, (story, shown), screen_text(event_lines(story, event), width))


def _event_text(story: Story, event: Event, width: int | None) -> str:
    """`event_text` of the rarer events."""
    shown: object = event  # the end (made once)
    extra: Hashable = None
    if isinstance(event, RealityShown):
        shown, extra = event.scene, "reality"
    elif isinstance(event, Answered):
        shown, extra = event.question, (event.correct, event.shown_answer)
    elif isinstance(event, ExhibitsShown):
        shown, extra = event.exhibits, tuple(map(id, event.exhibits))
    key = (id(story), id(shown), extra, width)
    hit = _TEXTS.get(key)
    if hit is not None:
        return hit[1]
    return _keep(key, (story, shown), screen_text(event_lines(story, event), width))


def prompt_text(prompt: Prompt, width: int | None) -> str:
    """`screen_text` of `prompt_lines`, remembered for what each prompt shows."""
    shown: object
    if isinstance(prompt, ChoicePrompt):
        shown = prompt.choices
        key: Hashable = (*map(id, shown), width)
    elif isinstance(prompt, QuestionPrompt):
        shown = prompt.question
        key = (id(shown), prompt.order, width)
    elif isinstance(prompt, ReflectionPrompt):
        shown = prompt.reflection
        key = (id(shown), "reflection", width)
    else:
        shown = prompt  # Continue (made once) and the end
        key = (id(shown), None, width)
    hit = _TEXTS.get(key)
    if hit is not None:
        return hit[1]
    return _keep(key, shown, screen_text(prompt_lines(prompt), width))


def _keep(key: Hashable, shown: object, text: str) -> str:
    if len(_TEXTS) >= MAX_TEXTS:
        _TEXTS.clear()
    _TEXTS[key] = (shown, text)
    return text


DRAW_FIRST_SECONDS = 0.001
"""The pause between a step's screen, flushed, and its save (BENCHMARKS.md: without it the
reader of the screen, woken on the game's own CPU, waited for the save's CPU time, and the
screen came at 1.45x to 1.70x the time it takes with saving off; with it, 0.95x)."""


class PlainGame:
    """Runs a game over text streams; the `Screen` of its controller."""

    def __init__(
        self,
        engine: Engine,
        store: SaveStore,
        inp: TextIO,
        out: TextIO,
        *,
        echo: bool = False,
        width: int | None = None,
    ) -> None:
        self.engine = engine
        self.story = engine.story
        self.inp = inp
        self.out = out
        self.echo = echo
        """Repeat each line read (when input is not a terminal, so a transcript reads well)."""
        self.width = width
        """Fold output to this many columns (None: never fold)."""
        self.controller = Controller(engine, store, self)
        # Draw first, save right after: a step's autosave is written once its next screen
        # is out, before the "> " that asks for the next line (see game/ui/autosave.py).
        self.controller.autosaver.deferred = True

    @property
    def session(self) -> Session:
        return self.controller.session

    # --- writing and reading ------------------------------------------------------------
    def write(self, lines: Sequence[str]) -> None:
        self.put(screen_text(lines, self.width))

    def put(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def read(self) -> str | None:
        """One line from input (without its newline), or None at end of input.

        Ctrl-C asks whether to quit when there is a terminal to ask on; otherwise it
        raises `Interrupted`, and the game saves and stops.
        """
        while True:
            try:
                # A Ctrl-C during the step's save asks too (it is written again after).
                if self.controller.autosaver.pending:
                    # The screen is out: whatever reads it (a terminal, the reader of a pipe,
                    # often woken on this very CPU) draws it before the save takes the CPU.
                    time.sleep(DRAW_FIRST_SECONDS)
                    self.controller.autosaver.settle()
                self.out.write("> ")
                self.out.flush()
                from game.ui.signals import raise_if_lost

                raise_if_lost()  # a SIGTERM whose exception was dropped on its way
                line = self.inp.readline()
            except KeyboardInterrupt:
                self.out.write("\n")
                if not self.inp.isatty():
                    raise Interrupted from None
                self.controller.confirm_quit()
                continue
            if not line:
                self.out.write("\n")
                return None
            line = line.rstrip("\r\n")
            if self.echo:
                self.out.write(visible(line) + "\n")  # typed text may hold an escape
            return line

    # --- the Screen the controller draws on ---------------------------------------------
    def say(self, texts: Sequence[str]) -> None:
        self.write(texts)

    def show_events(self, events: list[Event]) -> None:
        for event in events:
            self.put(event_text(self.story, event, self.width))
            if isinstance(event, StoryEnded):
                self.write(["", *debrief_of(self.session)])

    def show_view(self, view: View, session: Session) -> None:
        if view == "help":
            self.write(help_lines())
        elif view == "journal":
            self.write(journal_lines(self.story, session.state))
        elif view == "timeline":
            self.write(timeline_lines(self.story, session.state))
        elif view == "sources":
            self.write(sources_lines(self.story, session.state))
        elif view == "documents":
            self.write(documents_lines(self.story, session.state))
        else:
            self.write(["", *debrief_of(session)])

    def show_scene_again(self, session: Session) -> None:
        self.write(scene_lines(self.story, self.engine.scene(session.state)))

    def show_slots(self, slots: Sequence[SlotInfo]) -> None:
        from game.saves.store import local_time

        self.write(
            [""]
            + [
                f"  {i}. {s.slot}: {s.damaged or f'{s.chapter}, {local_time(s.saved_at)}'}"
                for i, s in enumerate(slots, 1)
            ]
        )

    def show_lesson_over(self, session: Session) -> None:
        minutes = (session.limit_seconds or 0) / 60
        from game.classroom.debrief import lesson_over_lines, session_debrief

        self.write([*lesson_over_lines(session.story, session_debrief(session), minutes), ""])

    def ask(self, message: str) -> str | None:
        self.write(["", message])
        return self.read()

    # --- the game -----------------------------------------------------------------------
    def run(self, intro: list[Event]) -> int:
        """Play until the story ends, input ends, or the player quits; the exit code."""
        from game.ui.signals import TERMINATED, Terminated, caught, terminate_gently

        try:
            with terminate_gently():
                try:
                    return self._play(intro)
                except (Interrupted, KeyboardInterrupt, Terminated) as stop:
                    # Ctrl-C with nobody to ask (or while a screen was being written), or
                    # SIGTERM: save and stop.
                    caught()
                    self.controller.leave(TERMINATED if isinstance(stop, Terminated) else 130)
        except Quit as exc:
            return exc.code
        finally:
            # However the game stops (an output that cannot be written included), the last
            # step's save, drawn but maybe not yet written, is written before it exits.
            self.controller.autosaver.settle()

    def _play(self, intro: list[Event]) -> int:
        self.show_events(intro)
        while True:
            prompt = self.engine.prompt(self.session.state)
            if isinstance(prompt, EndedPrompt):
                self.controller.autosaver.settle()  # the ending's save, before the game exits
                return 0
            if isinstance(prompt, ChoicePrompt) and not prompt.choices:
                self.write(["", "No choice is available here: the story has a dead end."])
                self.controller.autosaver.settle()
                return 1
            self.put(prompt_text(prompt, self.width))
            line = self.read()
            while line is not None and not self.controller.handle(prompt, line):
                line = self.read()
            if line is None:
                self.controller.leave(end_of_input=True)
