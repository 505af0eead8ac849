"""What the player and teacher read about saves: slot tables, resume notes, farewells."""

from __future__ import annotations

import shlex
from pathlib import Path

from game.engine.session import Session
from game.saves.migrate import SaveData
from game.saves.savefile import recorded_folder
from game.saves.store import SaveStore, local_time, save_dir
from game.story.visible import visible


def resume_lines(data: SaveData) -> list[str]:
    """What to tell the player on resuming a save."""
    lines = ["", f"Resuming the save slot '{data.slot}', saved {local_time(data.saved_at)}."]
    lines += data.notes
    if data.state.ended:
        lines.append("This game has already ended.")
    return lines


def saves_listing(root: Path, name: str | None) -> list[str]:
    """`special-tasks saves`: a table of the save folder's slots and one per player's folder
    (just that player's with `name`)."""
    from game.saves.players import player_folders, saves_of

    if name is not None:
        return slot_table(SaveStore(saves_of(root, name)))
    tables = [slot_table(SaveStore(f)) for f in player_folders(root)]
    tables = [t for t in tables if not t[0].startswith("No saves")]
    flat = slot_table(SaveStore(root))
    if not tables or not flat[0].startswith("No saves"):
        tables.insert(0, flat)
    return [line for t in tables for line in ["", *t]][1:]


def slot_table(store: SaveStore) -> list[str]:
    """The slots as a plain text table, newest first, then what is wrong with damaged ones."""
    slots = store.slots()
    if not slots:
        return [f"No saves in '{store.folder}' yet."]
    rows = [("name", "player", "story", "chapter", "progress", "saved")]
    problems = []
    for s in slots:
        when = local_time(s.saved_at) if s.saved_at else ""
        if s.damaged is not None:
            rows.append((s.slot, "", "", "(damaged, see below)", "", when))
            report = store.damage_report(s.slot, False, s.damaged)
            problems.append(report[0].upper() + report[1:] + ".")
            continue
        story = f"{s.story_id} v{s.story_version}"
        rows.append((s.slot, s.player or "-", story, s.chapter, s.progress, when))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    table = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return [f"Saves in '{store.folder}':", "", *table, *(["", *problems] if problems else [])]


def farewell_lines(store: SaveStore, session: Session) -> list[str]:
    """On leaving: say whether and where the progress is saved."""
    if not store.enabled:
        return ["Saving was off, so the last steps were not saved."]
    believed = store.last
    slot = store.where(session)
    if slot is None:
        return []
    hint = "" if store.root == save_dir(None) else f" --saves {shlex.quote(str(store.root))}"
    if store.folder != store.root and session.player:
        hint += f" --name {shlex.quote(session.player)}"
    if recorded_folder(session.story.folder) is None:
        hint += f" --story {shlex.quote(visible(session.story.folder))}"
    resume = store.resume or f"resume with: --load {slot}{hint}"
    if believed is not None and slot != believed:
        return [
            f"Another game has taken over the slot '{believed}', so your progress is kept in "
            f"the slot '{slot}'; {resume}"
        ]
    return [f"Your progress is saved in the slot '{slot}'; {resume}"]
