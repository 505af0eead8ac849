"""The immutable story model: what the loader builds and everything else reads."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from game.story.conditions import Condition, Value
from game.story.frozen import Frozen


@dataclass(frozen=True, eq=False, repr=False)
class Pos(Frozen):
    """Where a thing was written: file path, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Pos("<none>", 0, 0)


class Places(Mapping[str, Pos]):
    """The positions of a model object's fields in one file, each made a `Pos` when asked
    for: the checker reads a few of them, and a large story has hundreds of thousands.

    Each is kept as one number (line << COLUMN_BITS | column) in an array, found by the
    key's index in `index`, which objects with the same fields share: a tenth of the memory
    of a dict of `Pos`.
    """

    __slots__ = ("_file", "_index", "_places")

    def __init__(self, file: str, index: Mapping[str, int], places: array[int]) -> None:
        self._file = file
        self._index = index
        self._places = places

    def __getitem__(self, key: str) -> Pos:
        packed = self._places[self._index[key]]
        return Pos(self._file, packed >> COLUMN_BITS, packed & _COLUMN_MASK)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def get(self, key: str, default: Pos | None = None) -> Pos | None:  # type: ignore[override]
        at = self._index.get(key)
        if at is None:
            return default
        packed = self._places[at]
        return Pos(self._file, packed >> COLUMN_BITS, packed & _COLUMN_MASK)


COLUMN_BITS = 24
_COLUMN_MASK = (1 << COLUMN_BITS) - 1
"""A column fits in 24 bits: a story file is at most 2 MB (files.MAX_FILE_BYTES)."""


class Located(Frozen):
    """Base: positions of a model object and of each field's value."""

    pos: Pos
    at: Mapping[str, Pos]

    def where(self, key: str) -> Pos:
        """Where the value of `key` was written (`facts[2]` for a list item), else the object."""
        return self.at.get(key) or self.at.get(key.split("[")[0]) or self.pos


@dataclass(frozen=True, eq=False, repr=False)
class Source(Located):
    """A book, document or article that fact notes cite."""

    id: str
    cite: str
    """The full citation, as printed in the bibliography."""
    kind: str
    """memoir | document | testimony | newspaper | scholarship | article."""
    reliability: str | None
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Fact(Located):
    """A fact note the player unlocks and keeps in the journal."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...]
    date: str | None
    certainty: str
    """established | memoir | disputed."""
    dispute: str | None
    """The other account, for a disputed fact."""
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Exhibit(Located):
    """A document the player examines: a short paraphrase or quotation from one source."""

    id: str
    source: str
    """The id of the one source the document comes from."""
    title: str
    date: str | None
    """When the document was written: YYYY, YYYY-MM or YYYY-MM-DD."""
    text: str
    """At most about 150 words, Markdown."""
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Choice(Located):
    """One option at a decision point."""

    id: str
    text: str
    goto: str
    history: bool
    """True when this is what actually happened."""
    set: Mapping[str, Value]
    add: Mapping[str, int]
    condition: Condition | None
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Scene(Located):
    """One screen of story: text, then choices, a Continue step, or the end."""

    id: str
    chapter: str
    """The id of the chapter the scene belongs to."""
    title: str | None
    date: str | None
    place: str | None
    viewpoint: str | None
    text: str
    facts: tuple[str, ...]
    choices: tuple[Choice, ...]
    next: str | None
    end: bool
    reality: str | None
    """What really happened, for a scene off the historical path."""
    exhibits: tuple[str, ...] = ()
    """Ids of the documents shown after the text; entering the scene adds them to the
    player's documents."""
    shuffle: bool = True
    """False pins the choices in story order (`shuffle: false`)."""
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def targets(self) -> tuple[str, ...]:
        """Every scene this one can lead to, ignoring conditions."""
        if self.choices:
            return tuple(c.goto for c in self.choices)
        return (self.next,) if self.next is not None else ()


@dataclass(frozen=True, eq=False, repr=False)
class Chapter(Located):
    """A chapter file: its id, title and scenes in written order."""

    id: str
    title: str
    file: str
    scenes: tuple[str, ...]
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Question(Located):
    """A check of understanding, asked when the player leaves its `after` scene."""

    id: str
    after: str
    ask: str
    options: tuple[str, ...]
    answer: int
    explain: str
    facts: tuple[str, ...]
    exhibits: tuple[str, ...] = ()
    """Ids of the documents shown with the question."""
    shuffle: bool = True
    """False pins the options in story order (`shuffle: false`)."""
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Reflection(Located):
    """An open question; the player's typed answer goes into the report."""

    id: str
    after: str
    ask: str
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Story(Located):
    """A whole loaded story."""

    id: str
    title: str
    subtitle: str | None
    version: int
    start: str
    language: str
    audience: str | None
    minutes: int | None
    variables: Mapping[str, Value]
    """Every declared variable with its start value (its type is the value's type)."""
    sources: Mapping[str, Source]
    chapters: tuple[Chapter, ...]
    scenes: Mapping[str, Scene]
    """Every scene by id, in file and written order."""
    facts: Mapping[str, Fact]
    questions: tuple[Question, ...]
    reflections: tuple[Reflection, ...]
    exhibits: Mapping[str, Exhibit]
    """Every exhibit by id, in file and written order."""
    folder: str
    """The folder the story was loaded from."""
    pos: Pos = field(default=NOWHERE, compare=False)
    at: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def chapter_of(self, scene_id: str) -> Chapter:
        """The chapter a scene belongs to."""
        return self.chapters[self.chapter_index(scene_id)]

    def chapter_index(self, scene_id: str) -> int:
        """0-based position of a scene's chapter in the story."""
        return self._chapter_numbers[self.scenes[scene_id].chapter]

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if none)."""
        return self._questions[question_id]

    @cached_property
    def _chapter_numbers(self) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for i, chapter in enumerate(self.chapters):
            numbers.setdefault(chapter.id, i)
        return numbers

    @cached_property
    def _questions(self) -> dict[str, Question]:
        found: dict[str, Question] = {}
        for q in self.questions:
            found.setdefault(q.id, q)
        return found
