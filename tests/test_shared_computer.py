"""A lab computer shared by several students: each `--name` plays and reports their own game."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.saves.players import player_folder, same_player
from tests.conftest import STORIES, run_cli
from tests.test_terminal_input import play

MINI = STORIES / "mini"


def game(saves: Path, *args: str, input: str = "") -> str:
    result = run_cli(
        "--story", str(MINI), "--saves", str(saves), "--no-shuffle", *args, input=input
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def report(saves: Path, *args: str) -> dict[str, object]:
    result = run_cli(
        "report", "--story", str(MINI), "--saves", str(saves), "--format", "json", *args
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def scene_of(save: Path) -> str:
    scene: str = json.loads(save.read_text(encoding="utf-8"))["state"]["scene"]
    return scene


def test_two_students_on_one_computer_each_resume_and_report_their_own_game(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    # Ana follows the record to 'open' and stops (the lesson ends).
    game(saves, "--name", "Ana Li", input="1\n2\n")
    assert scene_of(saves / "ana-li" / "autosave.json") == "open"
    # Ben sits down next, asks to resume: he has no game, so he gets a new one.
    ben = game(saves, "--name", "Ben Cho", "--load", "autosave", input="2\n2\n")
    assert "Ben Cho has no saved game yet, so a new game begins." in ben
    assert "Resuming" not in ben
    assert scene_of(saves / "ben-cho" / "autosave.json") == "burn"
    # Ana's game is intact, and she resumes exactly where she stopped.
    assert scene_of(saves / "ana-li" / "autosave.json") == "open"
    ana = game(saves, "--name", "Ana Li", "--load", "autosave")
    assert "Resuming the save slot 'autosave'" in ana
    assert "It is a list of names." in ana
    assert "resume with: --load autosave --saves" in ana and "--name 'Ana Li'" in ana
    # Each report carries the right name and the right game.
    ana_report, ben_report = report(saves, "--name", "Ana Li"), report(saves, "--name", "Ben Cho")
    assert ana_report["player"] == "Ana Li" and ben_report["player"] == "Ben Cho"
    assert ana_report["summary"]["decisions"] == 1  # type: ignore[index]
    assert ben_report["summary"]["decisions"] == 1  # type: ignore[index]
    assert ben_report["debrief"][0]["historical"] is False  # type: ignore[index]
    assert ana_report["debrief"][0]["historical"] is True  # type: ignore[index]
    # `saves` lists both players' folders; `saves --name` just one.
    listed = run_cli("saves", "--saves", str(saves)).stdout
    assert f"Saves in '{saves / 'ana-li'}':" in listed and "Ana Li" in listed
    assert f"Saves in '{saves / 'ben-cho'}':" in listed and "Ben Cho" in listed
    just_ben = run_cli("saves", "--saves", str(saves), "--name", "Ben Cho").stdout
    assert "Ben Cho" in just_ben and "Ana Li" not in just_ben


def test_a_report_without_a_name_points_to_the_players_folders(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    game(saves, "--name", "Ana Li", input="1\n")
    result = run_cli("report", "--story", str(MINI), "--saves", str(saves))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: there are no saves in '{saves}' to report on: play first, or name the player "
        "with --name NAME (player folders: ana-li)\n"
    )


def test_a_chapter_game_never_takes_the_place_of_the_main_game(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    game(saves, "--name", "Ana Li", input="1\n2\n")
    practice = game(saves, "--name", "Ana Li", "--chapter", "afternoon", input="\n\n")
    assert "resume with: --load chapter-afternoon" in practice
    own = saves / "ana-li"
    assert scene_of(own / "autosave.json") == "open"  # the main game, untouched
    assert scene_of(own / "chapter-afternoon.json") == "end"
    assert sorted(p.name for p in own.glob("*.json")) == [
        "autosave.bak.json", "autosave.json", "chapter-afternoon.bak.json",
        "chapter-afternoon.json",
    ]  # fmt: skip
    # `report` reports the main game, though the chapter game was saved last.
    assert report(saves, "--name", "Ana Li")["summary"]["decisions"] == 1  # type: ignore[index]
    # Resuming the chapter game keeps it in its own slot.
    game(saves, "--name", "Ana Li", "--load", "chapter-afternoon")
    assert scene_of(own / "autosave.json") == "open"
    assert list(own.glob("autosave-*.json")) == []  # the main game was never moved aside


def test_a_named_players_saves_in_the_old_flat_layout_move_into_their_folder(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    game(saves, input="1\n2\n")  # no name: the flat folder, as earlier versions kept it
    record = json.loads((saves / "autosave.json").read_text(encoding="utf-8"))
    assert record["player"] is None
    # A save of Cy's as an earlier version wrote it: in the flat folder, as 'cy-old'.
    game(saves, "--name", "Cy", input="2\n")
    (saves / "cy" / "autosave.json").rename(saves / "cy-old.json")
    for left in (saves / "cy").iterdir():
        left.unlink()
    (saves / "cy").rmdir()
    resumed = game(saves, "--name", "Cy", "--load", "cy-old")
    assert "Moved 1 save(s) of this player ('cy-old') into" in resumed
    assert (saves / "cy" / "cy-old.json").is_file()
    assert not (saves / "cy-old.json").exists()
    assert (saves / "autosave.json").is_file()  # the unnamed game stays where it was


def test_the_title_screen_says_whose_game_continue_resumes(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    play(MINI, saves, "1\rAna Li\r2\r2\r")  # New game, typed name: Ana's own folder
    assert (saves / "ana-li" / "autosave.json").is_file()
    later = play(MINI, saves, "quit\r")
    assert "Continue Ana Li's game: autosave (Morning)" in later.text
    # Ben, named on the command line, is offered no Continue of Ana's game: Enter is New game.
    ben = play(MINI, saves, "\r\r2\r2\r", name="Ben")
    assert "Continue" not in ben.text
    assert ben.game.session.player == "Ben"
    assert scene_of(saves / "ben" / "autosave.json") == "burn"
    ana = json.loads((saves / "ana-li" / "autosave.json").read_text(encoding="utf-8"))
    assert (ana["player"], ana["state"]["scene"]) == ("Ana Li", "burn")


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Ana Li", "ana-li"),
        ("  ana   LI ", "ana-li"),
        ("Ben", "ben"),
        ("CON", "con-player"),
    ],
)
def test_player_folders_are_readable_for_plain_names(name: str, folder: str) -> None:
    assert player_folder(name) == folder


@pytest.mark.parametrize("name", ["Zoë", "../../etc", "李", "a/b", ".hidden", "x" * 60, "a\u202eb"])
def test_player_folders_are_safe_and_keep_different_names_apart(name: str) -> None:
    folder = player_folder(name)
    assert 1 <= len(folder) <= 40
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in folder), folder
    assert not folder.startswith(("-", "."))
    assert folder != player_folder(name + "2")
    assert folder == player_folder(name.upper()) or not name.isascii()


def test_same_player_ignores_case_and_spacing_only() -> None:
    assert same_player("Ana  Li", "ana li")
    assert not same_player("Ana Li", "Ana Lima")
    assert not same_player(None, "Ana")


def test_a_signed_save_with_an_empty_path_loads_or_is_refused_in_one_sentence(
    tmp_path: Path,
) -> None:
    from game.saves.savefile import checksum

    saves = tmp_path / "saves"
    game(saves, "--name", "Ana", input="1\n2\n")
    path = saves / "ana" / "autosave.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["state"]["path"] = []  # which chapter a game began at cannot be told
    record["checksum"] = checksum(record)
    path.write_text(json.dumps(record), encoding="utf-8")
    for args in (["--name", "Ana", "--load", "autosave"], ["report", "--name", "Ana"]):
        result = run_cli(*args, "--story", str(MINI), "--saves", str(saves))
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1)
        assert result.returncode == 0 or result.stderr.count("\n") == 1


def test_the_newest_games_are_every_players_readable_slots_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.saves import store
    from game.saves.players import newest_games, saves_of
    from game.saves.store import SaveStore
    from tests.test_saves import mini_session

    def saved(folder: Path, slot: str, at: str) -> None:
        monkeypatch.setattr(store, "utc_now", lambda: f"2026-01-05T{at}:00+00:00")
        keeper = SaveStore(folder)
        keeper.save(slot, mini_session())
        keeper.close()

    saves = tmp_path / "saves"
    saved(saves, "flat", "08:00")
    saved(saves_of(saves, "Ana"), "mine", "10:00")
    saved(saves_of(saves, "Ben"), "his", "09:00")
    saved(saves / "not a player", "hidden", "11:00")  # no player folder's name
    (saves / "ben" / "broken.json").write_text("{")  # damaged: not a game to resume
    (saves / "notes").write_text("a file, not a folder")
    games = [(g.folder.name, g.info.slot) for g in newest_games(saves)]
    assert games == [("ana", "mine"), ("ben", "his"), ("saves", "flat")]
    assert newest_games(tmp_path / "nowhere") == []


def test_only_the_named_players_flat_saves_move_into_their_folder(tmp_path: Path) -> None:
    from game.saves.players import adopt_flat_saves, saves_of
    from game.saves.store import SaveStore
    from tests.test_saves import mini_session

    ben = mini_session()
    ben.player = "Ben Cho"
    for slot, session in (("mine", mini_session()), ("his", ben)):
        keeper = SaveStore(tmp_path)
        keeper.save(slot, session)
        keeper.close()
    assert adopt_flat_saves(tmp_path, "ana") == [
        f"Moved 1 save(s) of this player ('mine') into '{tmp_path / 'ana'}'."
    ]
    assert (tmp_path / "his.json").is_file() and not (tmp_path / "ana" / "his.json").exists()
    assert saves_of(tmp_path, None) == tmp_path and saves_of(tmp_path, "") == tmp_path
