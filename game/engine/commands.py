"""What a typed line means at the current prompt: the one interpreter every front end uses.

Pure: it reads the prompt and the line and returns an action. The front ends read input,
carry the action out (through the session and the save store) and render what it shows;
they keep no command tables of their own, so a line has the same effect in every mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Prompt,
    QuestionPrompt,
    ReflectionPrompt,
)
from game.story.frozen import Frozen

MAX_NUMBER_DIGITS = 6
"""A longer run of digits is no option number (and never reaches `int`)."""


@dataclass(frozen=True, eq=False, repr=False)
class CommandInfo(Frozen):
    """One command word: how it is typed and what it does, for `help`."""

    name: str
    usage: str
    """How it is typed, e.g. `save NAME`."""
    help: str


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("help", "help", "this list"),
    CommandInfo(
        "journal", "journal", "the fact notes you have found, in date order, with their sources"
    ),
    CommandInfo(
        "timeline", "timeline", "the dated scenes you have visited and facts you have found"
    ),
    CommandInfo("sources", "sources", "the story's bibliography"),
    CommandInfo("documents", "documents", "the documents you have examined, to compare again"),
    CommandInfo("debrief", "debrief", "your decisions so far against the record"),
    CommandInfo("back", "back", "undo your last step (again to undo more)"),
    CommandInfo(
        "save", "save NAME", "keep a checkpoint of this moment in the slot NAME (it stays as it is)"
    ),
    CommandInfo(
        "load", "load NAME", "go back to the checkpoint NAME ('load autosave': the latest step)"
    ),
    CommandInfo("quit", "quit", "stop playing (your progress is saved)"),
)
COMMAND_NAMES: tuple[str, ...] = tuple(c.name for c in COMMANDS)


@dataclass(frozen=True, eq=False, repr=False)
class Pick(Frozen):
    """Take option `number` (1-based) of the choice or question on screen."""

    number: int


@dataclass(frozen=True, eq=False, repr=False)
class Advance(Frozen):
    """Go on from a Continue step."""


@dataclass(frozen=True, eq=False, repr=False)
class Reflect(Frozen):
    """Record `text` as the answer to the reflection on screen."""

    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Leave(Frozen):
    """The story has ended and the player is done."""


@dataclass(frozen=True, eq=False, repr=False)
class Run(Frozen):
    """Run the command `name` with the rest of the line as its argument."""

    name: str
    arg: str


@dataclass(frozen=True, eq=False, repr=False)
class Hint(Frozen):
    """Nothing to do: show `text`, which says what would work instead."""

    text: str


Action = Pick | Advance | Reflect | Leave | Run | Hint


def interpret(prompt: Prompt, line: str) -> Action:
    """What `line`, typed at `prompt`, means."""
    if isinstance(prompt, ReflectionPrompt):
        return Reflect(line)  # free text: a word there is an answer, never a command
    text = line.strip()
    if not text:
        if isinstance(prompt, ContinuePrompt):
            return Advance()
        if isinstance(prompt, EndedPrompt):
            return Leave()
        return Hint(what_works(prompt))
    count = option_count(prompt)
    if text.isdigit():  # any digits, ² and ١ too; only short ASCII ones are ever converted
        number = option_number(text, count)
        if number is not None:
            return Pick(number)
        shown = text if len(text) <= MAX_NUMBER_DIGITS else text[:MAX_NUMBER_DIGITS] + "…"
        if count:
            return Hint(f"There is no {shown} here: type a number from 1 to {count}.")
        return Hint(f"There is no {shown} here. {what_works(prompt)}")
    word, _, rest = text.partition(" ")
    if word.lower() in COMMAND_NAMES:
        return Run(word.lower(), rest.strip())
    return Hint(did_you_mean(word) + what_works(prompt))


def option_number(text: str, count: int) -> int | None:
    """`text` as an option number from 1 to `count`, or None (never `int()` of odd digits)."""
    if text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_DIGITS:
        number = int(text)
        return number if 1 <= number <= count else None
    return None


def did_you_mean(word: str) -> str:
    """`Did you mean journal? ` for a near miss, else nothing."""
    if len(word) > 20:  # no command is that long; spare difflib a pasted paragraph
        return ""
    import difflib  # only when a name is unknown: not at every start

    close = difflib.get_close_matches(word.lower(), COMMAND_NAMES, n=1)
    return f"Did you mean {close[0]}? " if close else ""


def what_works(prompt: Prompt) -> str:
    """The one-line hint for `prompt`: the same words in every front end."""
    if isinstance(prompt, ContinuePrompt):
        return "Press Enter to go on, or type a command (help lists them)."
    if isinstance(prompt, EndedPrompt):
        return "Press Enter to leave, or type a command (help lists them)."
    count = option_count(prompt)
    if count == 0:
        return "Type a command (help lists them)."
    return f"Type a number from 1 to {count}, or a command (help lists them)."


def option_count(prompt: Prompt) -> int:
    """How many numbered options `prompt` offers (0 for none)."""
    if isinstance(prompt, ChoicePrompt):
        return len(prompt.choices)
    if isinstance(prompt, QuestionPrompt):
        return len(prompt.question.options)
    return 0
