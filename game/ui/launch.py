"""Starting a game: load the story, then the right front end for the terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from game.engine.engine import Engine, SceneEntered
from game.errors import SaveError
from game.ui.options import PlayOptions, interactive, start

if TYPE_CHECKING:
    from game.saves.store import SaveStore
    from game.ui.plain import PlainGame


def play(options: PlayOptions) -> int:
    """Load the story, start or resume a session, and run a front end; the exit code."""
    from game.saves.store import SaveStore, save_dir
    from game.story.checker import load_story
    from game.ui.plain import HELP, PlainGame
    from game.ui.render_plain import title_lines
    from game.ui.savetext import farewell_lines, save_command

    story = load_story(options.story)
    engine = Engine(story)
    store = SaveStore(save_dir(options.saves))
    if interactive(options):
        from game.ui.terminal import play_terminal

        return play_terminal(engine, options, store)
    session, intro, opening = start(engine, options, store)
    echo = not sys.stdin.isatty()
    game = PlainGame(
        session,
        sys.stdin,
        sys.stdout,
        echo=echo,
        commands={
            "save": lambda s, arg: save_command(store, s, arg),
            "load": lambda s, arg: _load_command(game, store, arg),
        },
        help_lines=[*HELP[:-1], *SAVE_HELP, HELP[-1]],
        farewell=lambda: farewell_lines(store, game.session),
    )
    session.listeners.append(store.listener(lambda message: game.write([message])))
    game.write([*title_lines(story), *opening])
    return game.run(intro, title=False)


SAVE_HELP = [
    "  save NAME     save your place in the slot NAME (you also autosave at every step)",
    "  load NAME     resume the slot NAME ('load autosave' for the latest autosave)",
]


def _load_command(game: PlainGame, store: SaveStore, arg: str) -> list[str]:
    """The plain `load NAME` command: swap in the saved game and show where it stands."""
    from game.saves.store import session_from
    from game.ui.savetext import resume_lines

    if not arg:
        return ["Type load and the name of a slot, for example: load autosave"]
    old = game.session
    try:
        data = store.load(arg, old.engine)
    except SaveError as exc:
        return [f"Not loaded: {exc.message}."]
    game.session = session_from(data, old.engine, limit_seconds=old.limit_seconds)
    game.session.listeners = old.listeners
    game.write(resume_lines(data))
    game.show([SceneEntered(old.engine.scene(data.state), True)])
    return []
