"""The plain line protocol: one input line answers the current prompt.

This is the mode scripts, tests and screen readers use: linear text, no colour, no
cursor movement. Each line read answers exactly one prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from game.classroom.debrief import debrief, debrief_lines, lesson_over_lines
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Event,
    QuestionPrompt,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.engine.session import Session
from game.ui.render_plain import (
    event_lines,
    journal_lines,
    prompt_lines,
    title_lines,
)

Command = Callable[[Session, str], list[str]]
"""A typed command: gets the session and the rest of the line, returns lines to print."""

HELP = [
    "",
    "At a choice, type its number and press Enter.",
    "Commands at a choice:",
    "  help          this list",
    "  journal       the fact notes you have found, in date order",
    "  debrief       your decisions so far against the record",
    "  back          undo your last step",
    "  quit          stop playing",
]


class QuitGame(Exception):
    """Raised by a command to end the loop."""


class LessonOver(Exception):
    """The lesson's time is up and a new chapter has begun: stop here."""


def debrief_of(session: Session) -> list[str]:
    """The plain debrief of a session so far."""
    d = debrief(session.story, session.state, session.played_seconds, session.engine.historical)
    return debrief_lines(session.story, d)


class PlainGame:
    """Runs a session over text streams."""

    def __init__(
        self,
        session: Session,
        inp: TextIO,
        out: TextIO,
        *,
        echo: bool = False,
        commands: dict[str, Command] | None = None,
        help_lines: list[str] | None = None,
        farewell: Callable[[], list[str]] | None = None,
    ) -> None:
        self.session = session
        self.inp = inp
        self.out = out
        self.echo = echo
        self.help_lines = help_lines or HELP
        self.farewell: Callable[[], list[str]] = farewell or list
        """Lines to show when the player leaves early (e.g. where progress is saved)."""
        self.commands: dict[str, Command] = {
            "help": lambda s, arg: self.help_lines,
            "journal": lambda s, arg: journal_lines(s.story, s.state),
            "debrief": lambda s, arg: ["", *debrief_of(s)],
            "back": self._back,
            "quit": self._quit,
        }
        self.commands.update(commands or {})

    def write(self, lines: list[str]) -> None:
        self.out.write("".join(line + "\n" for line in lines))
        self.out.flush()

    def read(self) -> str | None:
        """One line from input (without its newline), or None at end of input."""
        self.out.write("> ")
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.out.write("\n")
            return None
        line = line.rstrip("\r\n")
        if self.echo:
            self.out.write(line + "\n")
        return line

    def show(self, events: list[Event]) -> None:
        for event in events:
            self.write(event_lines(self.session.story, event))
            if isinstance(event, StoryEnded):
                self.write(["", *debrief_of(self.session)])

    def _back(self, session: Session, arg: str) -> list[str]:
        if not session.back():
            return ["There is nothing to undo yet."]
        scene = session.engine.scene(session.state)
        return [f"Went back one step, to: {scene.title or scene.id}."]

    def _quit(self, session: Session, arg: str) -> list[str]:
        raise QuitGame

    def run(self, intro: list[Event], *, title: bool = True) -> int:
        """Play until the story ends, input ends, or the player quits; the exit code."""
        if title:
            self.write(title_lines(self.session.story))
        self.show(intro)
        try:
            while True:
                prompt = self.session.engine.prompt(self.session.state)
                if isinstance(prompt, EndedPrompt):
                    return 0
                if isinstance(prompt, ChoicePrompt) and not prompt.choices:
                    self.write(["", "No choice is available here: the story has a dead end."])
                    return 1
                self.write(prompt_lines(prompt))
                if not self.answer(prompt):
                    self.write([*self.farewell(), "End of input."])
                    return 0
        except QuitGame:
            self.write([*self.farewell(), "Goodbye."])
            return 0
        except LessonOver:
            self.write(self._lesson_over())
            return 0

    def step(self, events: list[Event]) -> None:
        """Show a step's events, stopping at a new chapter when the lesson's time is up."""
        if not self.session.lesson_over(events):
            self.show(events)
            return
        cut = next(i for i, e in enumerate(events) if isinstance(e, SceneEntered) and e.new_chapter)
        # The new chapter is shown when the game resumes, not as the lesson ends.
        self.show(events[:cut])
        raise LessonOver

    def _lesson_over(self) -> list[str]:
        s = self.session
        d = debrief(s.story, s.state, s.played_seconds, s.engine.historical)
        minutes = (s.limit_seconds or 0) / 60
        return [*lesson_over_lines(s.story, d, minutes), "", *self.farewell()]

    def answer(self, prompt: object) -> bool:
        """Read lines until one answers `prompt`; False at end of input."""
        while True:
            line = self.read()
            if line is None:
                return False
            text = line.strip()
            if isinstance(prompt, ContinuePrompt):
                self.step(self.session.advance())
                return True
            if isinstance(prompt, ReflectionPrompt):
                self.step(self.session.reflect(line))
                return True
            if isinstance(prompt, QuestionPrompt):
                count = len(prompt.question.options)
                if text.isdigit() and 1 <= int(text) <= count:
                    self.step(self.session.answer(int(text)))
                    return True
                self.write([f"Please answer with a number from 1 to {count}."])
                continue
            assert isinstance(prompt, ChoicePrompt)
            count = len(prompt.choices)
            if text.isdigit() and 1 <= int(text) <= count:
                self.step(self.session.choose(int(text)))
                return True
            word, _, rest = text.partition(" ")
            command = self.commands.get(word.lower())
            if command is not None:
                self.write(command(self.session, rest.strip()))
                if word.lower() in ("back", "load"):
                    return True
                continue
            names = ", ".join(self.commands)
            self.write([f"Type a number from 1 to {count}, or one of: {names}."])
