"""The game screen: one full-screen prompt_toolkit application, run once for each line read.

From the top: the page (the scene, or a view such as the journal over it), a rule that says
whether there is more to scroll, the notice (what was just said: a hint, the verdict on an
answer), the prompt (the choices, a question), the input line and the status bar. The page
takes the rows the others leave; the prompt is cut only when the scene's header would not fit.
Between two lines the screen stays in the terminal's alternate screen, so it never flickers
back to the shell; `close` leaves it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from prompt_toolkit.application import Application
from prompt_toolkit.application.current import get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.layout import (
    DynamicContainer,
    Float,
    FloatContainer,
    HSplit,
    Layout,
    VSplit,
    Window,
)
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.layout.menus import CompletionsMenu
from prompt_toolkit.renderer import Renderer
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from game.ui.keyboard import Keyboard, Mode, reflection_keys, screen_keys, without_vi
from game.ui.pager import READING_WIDTH, Colours, Content, Pane, column
from game.ui.preload import Preloader

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.layout.layout import Layout as LayoutType
    from prompt_toolkit.output import Output
    from rich.console import RenderableType

STYLE = Style.from_dict({"rule": "fg:ansibrightblack", "bottom-toolbar": "reverse"})


class Heights(NamedTuple):
    """Rows given to each part of the screen (the rule and the status bar take one each).
    (A named tuple: a third of what a frozen dataclass costs to make at start-up.)"""

    page: int
    notice: int
    prompt: int
    input: int


def plan(rows: int, notice: int, prompt: int, typed: int, keep: int) -> Heights:
    """Share `rows` out: the input line, then the prompt, then the notice, each leaving the
    page at least `keep` rows (its header); the page takes what is left."""
    room = max(0, rows - 2)
    typed = min(typed, max(1, room // 3))
    room -= typed
    prompt = min(prompt, max(0, room - keep))
    room -= prompt
    notice = min(notice, max(0, room - keep))
    return Heights(room - notice, notice, prompt, typed)


class StayingRenderer(Renderer):
    """prompt_toolkit's renderer, but one that stays in the alternate screen between runs."""

    staying = True

    def reset(self, _scroll: bool = False, leave_alternate_screen: bool = True) -> None:
        super().reset(_scroll, leave_alternate_screen and not self.staying)

    def render(self, app: Application[Any], layout: LayoutType, is_done: bool = False) -> None:
        if is_done and self.staying:
            self.reset()  # the next run draws the whole screen again
            return
        if self._last_screen is None and self._in_alternate_screen:
            self.output.cursor_goto(0, 0)  # where a fresh drawing starts
        super().render(app, layout, is_done)


class Notice:
    """What was said since the player's last line (or, if nothing since, before it), below
    what the last step said (an answer's verdict), which stays until the next step."""

    def __init__(self) -> None:
        self.content = Content()
        self.fresh = 0
        """How many of the items were said since the last line was read."""
        self.kept = 0
        """How many of the first items the last step said: a hint never replaces them."""
        self._stepped = False

    def add(self, item: RenderableType) -> None:
        if not self.fresh:
            self.content.replace(self.content.items[: self.kept])
        self.content.append(item)
        self.fresh += 1

    def went_on(self) -> None:
        """The player took a step (or went back): what was said before it is no longer news."""
        self.content.replace(self.last_words())
        self.kept = 0
        self._stepped = True

    def read(self) -> None:
        if self._stepped:
            self.kept = len(self.content.items)
            self._stepped = False
        self.fresh = 0

    def last_words(self) -> list[RenderableType]:
        return self.content.items[len(self.content.items) - self.fresh :]


class FullScreen:
    """The screen and the keys of one sitting: what is drawn, and reading a line."""

    def __init__(
        self,
        keyboard: Keyboard,
        toolbar: Callable[[int], str],
        *,
        color_system: Colours | str | None,
        width: int | None = None,
        input: Input | None = None,
        output: Output | None = None,
        drawn: Callable[[], None] | None = None,
    ) -> None:
        self.keyboard = keyboard
        self.drawn = drawn
        """Called each time a drawing is flushed to the terminal (the step's save waits for
        it), before any key typed meanwhile is read."""
        self.toolbar = toolbar
        self.colours = Colours.of(color_system)
        """How the panes are drawn (a function of the terminal's, found when rich first draws)."""
        self.limit = min(READING_WIDTH, width or READING_WIDTH)
        """The widest reading column: --width, or about a hundred characters."""
        self.notice = Notice()
        self.message = ""
        self.head = self._pane(Content())
        """A scene's header: the prompt and the notice never push it off the page."""
        self.scene = self._pane(Content())
        self.view: Pane | None = None
        self._view_window: Window | None = None
        self._scene_window = self._page(self.scene)
        self.notes = self._pane(self.notice.content, wheel=self.scroll)
        self.prompt = self._pane(Content(), wheel=self.scroll)
        with without_vi():
            self.app: Application[str] = Application(
                layout=screen_layout(self),
                key_bindings=screen_keys(keyboard, self),
                style=STYLE,
                full_screen=True,
                mouse_support=True,
                input=input,
                output=output,
            )
        self.app.renderer = StayingRenderer(
            self.app._merged_style,
            self.app.output,
            full_screen=True,
            mouse_support=self.app.mouse_support,
            cpr_not_supported_callback=self.app.cpr_not_supported_callback,
        )
        self.preload: Preloader | None = None
        """Imports to make while the first screen is read (none: each when it is needed)."""
        self._started = False
        self.app.after_render += self._after_render

    def _after_render(self, _app: object) -> None:
        if not self._started:
            self._started = True
            started()
            if self.preload is not None:
                self.preload.start()
        if self.drawn is not None:
            self.drawn()

    # --- what is drawn ----------------------------------------------------------------
    def show_page(self, items: Sequence[RenderableType], head: RenderableType = "") -> None:
        """A fresh page at its top; as many rows as `head` takes stay above the prompt."""
        self.view = None
        self.scene.content.replace(items)
        self.scene.top()
        self.head.content.replace([head])

    def add_to_page(self, item: RenderableType) -> None:
        self.view = None
        self.scene.content.append(item)

    def show_view(self, items: Sequence[RenderableType]) -> None:
        """A view over the page (journal, help...), until Esc or the next step."""
        self.view = self._pane(Content())
        self.view.content.replace(items)
        self._view_window = self._page(self.view)

    def close_view(self) -> bool:
        closed, self.view = self.view is not None, None
        return closed

    def say(self, item: RenderableType) -> None:
        self.notice.add(item)

    def set_prompt(self, item: RenderableType) -> None:
        self.prompt.content.replace([item])

    # --- scrolling (the keys' Scroller) -------------------------------------------------
    @property
    def shown(self) -> Pane:
        return self.view or self.scene

    def scroll(self, rows: int) -> None:
        self.shown.scroll(rows)

    def page(self, direction: int) -> None:
        self.shown.page(direction)

    def top(self) -> None:
        self.shown.top()

    def bottom(self) -> None:
        self.shown.bottom()

    # --- reading ------------------------------------------------------------------------
    def read(self, mode: Mode, message: str, default: str = "") -> str:
        """A line typed after `message`; Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError.

        The screen is drawn as the application starts, and `drawn` runs once it is flushed.
        """
        self.keyboard.start(mode, default)
        self.message = message
        self.app.layout.focus(self.keyboard.buffer)
        try:
            return self.app.run()
        finally:
            self.notice.read()
            if self.preload is not None:
                self.preload.wait()  # before the game acts on the line, and imports

    def close(self) -> None:
        """Leave the alternate screen: the shell's screen comes back."""
        renderer = self.app.renderer
        if isinstance(renderer, StayingRenderer) and renderer.staying:
            renderer.staying = False
            renderer.reset()

    # --- the layout ---------------------------------------------------------------------
    def columns(self) -> int:
        return get_app().output.get_size().columns

    def reading(self) -> tuple[int, int]:
        """The reading column's width and margin now."""
        return column(self.columns(), self.limit)

    def heights(self) -> Heights:
        width = self.columns()
        rows = get_app().output.get_size().rows
        typed = self.input_rows()
        return plan(
            rows,
            len(self.notes.lines(width)),
            len(self.prompt.lines(width)),
            typed,
            max(1, len(self.head.lines(width))) if self.view is None else 1,
        )

    def input_rows(self) -> int:
        return typed_rows(self.message, self.keyboard.buffer.text, self.reading()[0])

    def line_prefix(self, line: int, wrap: int) -> StyleAndTextTuples:
        if line == 0 and wrap == 0:
            return [("", self.message)]
        if line and not wrap:
            return [("class:rule", "." * max(0, len(self.message) - 1) + " ")]
        return []

    def rule(self) -> StyleAndTextTuples:
        shown, margin = self.reading()
        return [("", " " * margin), ("class:rule", rule(self.shown, self.view is not None, shown))]

    @property
    def page_window(self) -> Window:
        """The window of the page shown: the scene's, or the open view's."""
        if self.view is None or self._view_window is None:
            return self._scene_window
        return self._view_window

    def _page(self, pane: Pane) -> Window:
        return Window(pane, height=lambda: Dimension.exact(self.heights().page))

    def _pane(self, content: Content, wheel: Callable[[int], None] | None = None) -> Pane:
        return Pane(content, self.colours, limit=self.limit, wheel=wheel)


def started() -> None:
    """The first screen is on the terminal: start-up is over. The collector, paused for it
    (game/cli.py), runs again; what start-up made lives as long as the game, so it is kept
    out of the collections to come, as the story is (game/ui/launch.py)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def typed_rows(message: str, text: str, width: int) -> int:
    """Rows the input line takes: its message and the text typed, wrapped at `width`."""
    lines = text.split("\n")
    widths = [get_cwidth(message) + get_cwidth(lines[0]) + 1]
    widths += [len(message) + get_cwidth(line) + 1 for line in lines[1:]]
    return sum(max(1, -(-w // width)) for w in widths)


def rule(pane: Pane, view: bool, width: int) -> str:
    """The line under the page, `width` wide: what more there is to see, and how."""
    said = []
    if view:
        said.append("Esc: back to the scene")
    if pane.more_below():
        said.append("more below: PgDn")
    elif pane.more_above():
        said.append("PgUp: back up")
    label = f" {' · '.join(said)} " if said else ""
    return "──" + label + "─" * max(0, width - 2 - get_cwidth(label))


def screen_layout(screen: FullScreen) -> Layout:
    """The page, the rule, the notice, the prompt, the input line and the status bar."""

    def sized(part: str) -> Callable[[], Dimension]:
        return lambda: Dimension.exact(getattr(screen.heights(), part))

    keyboard = screen.keyboard
    inputs = {
        "command": input_window(screen, keyboard.commands),
        "line": input_window(screen, keyboard.text),
        "reflection": input_window(screen, keyboard.essay, reflection=True),
    }
    typed = VSplit(
        [
            Window(width=lambda: Dimension.exact(screen.reading()[1])),
            DynamicContainer(lambda: inputs[keyboard.mode]),
        ],
        height=sized("input"),
    )
    body = HSplit(
        [
            DynamicContainer(lambda: screen.page_window),
            Window(FormattedTextControl(screen.rule), height=1),
            Window(screen.notes, height=sized("notice")),
            Window(screen.prompt, height=sized("prompt")),
            typed,
            Window(
                FormattedTextControl(lambda: screen.toolbar(screen.columns())),
                height=1,
                style="class:bottom-toolbar",
            ),
        ]
    )
    menu = Float(xcursor=True, ycursor=True, content=CompletionsMenu(max_height=8))
    return Layout(FloatContainer(body, floats=[menu]), focused_element=inputs["command"])


def input_window(screen: FullScreen, buffer: Buffer, *, reflection: bool = False) -> Window:
    control = BufferControl(buffer, key_bindings=reflection_keys() if reflection else None)
    return Window(control, wrap_lines=True, get_line_prefix=screen.line_prefix)
