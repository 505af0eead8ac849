"""Starting a game: load the story, then the right front end for the terminal."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path

from game.ui.options import LazyEngine, PlayOptions, interactive, start


def play(options: PlayOptions) -> int:
    """Load the story, start or resume a session, and run a front end; the exit code."""
    from game.saves.players import saves_of
    from game.saves.store import BACKUP, SaveStore, save_dir
    from game.saves.story_of import StoryChooser
    from game.story.checker import load_story

    root = save_dir(options.saves)
    store = SaveStore(saves_of(root, options.name), root=root)
    if options.load is not None and not options.story_given:
        # The story the save recorded (e.g. one played with --story DIR), if it is still there.
        chooser = StoryChooser(None, options.story, load_story)
        story = chooser.for_save(store.path(options.load.removesuffix(BACKUP)))
        options = replace(options, story=Path(story.folder))
    else:
        story = load_story(options.story)
    lazy = LazyEngine(story)
    if interactive(options):
        from game.ui.terminal import play_terminal

        # The title screen is drawn before the engine is made (or its modules imported);
        # the story is kept out of the collections from that first screen on.
        return play_terminal(lazy, options, store)
    engine = lazy.made()
    # The story lives as long as the game: the collector need not walk it again at every
    # full collection, whose cost grew with the story (a step at 10,000 scenes cost 1.6x
    # one at 100; see BENCHMARKS.md).
    gc.freeze()
    from game.ui.plain import PlainGame
    from game.ui.render_plain import title_lines

    session, intro, opening = start(engine, options, store)
    game = PlainGame(
        engine,
        store,
        sys.stdin,
        sys.stdout,
        echo=not sys.stdin.isatty(),
        width=plain_width(options),
    )
    game.controller.begin(session)
    game.write([*title_lines(story), *opening])
    gc.enable()  # paused for start-up (game/cli.py)
    return game.run(intro)


def plain_width(options: PlayOptions) -> int | None:
    """Where plain text folds: `--width`, else the terminal's width, else nowhere."""
    if options.width is not None:
        return options.width
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None
