"""The shipped story's promised size and historical care, read straight from its YAML files.

These tests use only yaml.safe_load, not the engine, so they keep guarding the content even
while the engine's API changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

SCENES_DIR = Path(__file__).resolve().parents[1] / "scenes"

BRIEF_SOURCES = {
    "sudoplatov-1994",
    "patenaude-2009",
    "kotkin-2017",
    "volkogonov-1996",
    "hansen-1940",
    "time-1940",
    "sanchez-salazar-1950",
    "seed-article",
}

# One marker per item of HISTORY.md's "Where the sources disagree", looked for in the text
# and dispute of the disputed facts.
DISAGREEMENTS = {
    "date of the Kremlin meeting": ["may 1939"],
    "how Mercader was identified": ["defected", "1952"],
    "who led the May raid": ["siqueiros", "grigulevich"],
    "Robert Sheldon Harte": ["harte"],
    "weapon and last words": ["ice pick", "story to tell"],
    "birth year and award year": ["1914", "1961"],
    "motive": ["biography"],
}


@dataclass
class ShippedStory:
    manifest: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    chapters: list[dict[str, Any]] = field(default_factory=list)
    scenes: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)
    reflections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def start(self) -> str:
        return str(self.manifest["story"]["start"])

    def next_steps(self, scene_id: str) -> list[str]:
        scene = self.scenes[scene_id]
        steps = [str(c["goto"]) for c in scene.get("choices", [])]
        if "next" in scene:
            steps.append(str(scene["next"]))
        return steps

    def historical_order(self) -> list[str]:
        """Scene ids from start, following only history: true choices and next links."""
        order: list[str] = []
        current: str | None = self.start
        while current is not None and current not in order:
            order.append(current)
            scene = self.scenes[current]
            if scene.get("choices"):
                marked = [c for c in scene["choices"] if c.get("history") is True]
                current = str(marked[0]["goto"]) if len(marked) == 1 else None
            else:
                current = scene.get("next")
        return order


def load_shipped_story(folder: Path) -> ShippedStory:
    manifest = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    story = ShippedStory(manifest=manifest)
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        text = path.read_text(encoding="utf-8")
        story.files[path.name] = text
        if path.name == "story.yaml":
            continue
        data = yaml.safe_load(text)
        story.chapters.append(data["chapter"])
        for scene in data.get("scenes") or []:
            assert scene["id"] not in story.scenes, f"duplicate scene id {scene['id']}"
            story.scenes[scene["id"]] = scene
        for fact in data.get("facts") or []:
            assert fact["id"] not in story.facts, f"duplicate fact id {fact['id']}"
            story.facts[fact["id"]] = fact
        story.questions.extend(data.get("questions") or [])
        story.reflections.extend(data.get("reflections") or [])
    return story


def words(text: str | None) -> int:
    return len(re.findall(r"\S+", text or ""))


@pytest.fixture(scope="module")
def story() -> ShippedStory:
    assert (SCENES_DIR / "story.yaml").is_file(), f"no shipped story in {SCENES_DIR}"
    return load_shipped_story(SCENES_DIR)


@pytest.fixture(scope="module")
def historical(story: ShippedStory) -> list[str]:
    return story.historical_order()


def test_manifest_describes_the_shipped_story(story: ShippedStory) -> None:
    meta = story.manifest["story"]
    assert meta["id"] == "special-tasks"
    assert meta["title"] == "Special Tasks"
    assert meta["subtitle"] == "Moscow and Mexico City, 1939–1940"
    assert meta["version"] == 1
    assert meta["language"] == "en"
    assert meta["audience"] == "Ages 14 and up"
    assert meta["minutes"] == 45
    assert meta["start"] in story.scenes


def test_chapters_run_from_prologue_to_epilogue_in_file_order(story: ShippedStory) -> None:
    chapter_files = [name for name in story.files if name != "story.yaml"]
    assert chapter_files[0] == "00-prologue.yaml"
    assert chapter_files[-1].endswith("-epilogue.yaml")
    assert len(chapter_files) >= 9
    first_scene = yaml.safe_load(story.files["00-prologue.yaml"])["scenes"][0]["id"]
    assert story.start == first_scene


def test_historical_path_ends_in_the_only_ending(
    story: ShippedStory, historical: list[str]
) -> None:
    endings = [sid for sid, scene in story.scenes.items() if scene.get("end") is True]
    assert endings == [historical[-1]]


def test_at_least_sixteen_decisions_on_the_historical_path_each_with_one_record(
    story: ShippedStory, historical: list[str]
) -> None:
    decisions = [sid for sid in historical if story.scenes[sid].get("choices")]
    assert len(decisions) >= 16
    for sid in decisions:
        choices = story.scenes[sid]["choices"]
        assert len(choices) >= 2, sid
        assert sum(c.get("history") is True for c in choices) == 1, sid
        recorded = next(c for c in choices if c.get("history") is True)
        assert "if" not in recorded, f"{sid}: the historical choice must always be offered"


def test_every_what_if_scene_says_what_really_happened_and_rejoins_within_three_steps(
    story: ShippedStory, historical: list[str]
) -> None:
    on_path = set(historical)

    def rejoins(scene_id: str, steps_left: int) -> bool:
        if scene_id in on_path:
            return True
        if steps_left == 0:
            return False
        following = story.next_steps(scene_id)
        return bool(following) and all(rejoins(s, steps_left - 1) for s in following)

    what_ifs = [sid for sid in story.scenes if sid not in on_path]
    assert what_ifs
    for sid in what_ifs:
        assert str(story.scenes[sid].get("reality", "")).strip(), sid
        assert rejoins(sid, 3), sid


def test_every_scene_is_reachable_from_the_start(story: ShippedStory) -> None:
    seen, todo = {story.start}, [story.start]
    while todo:
        for step in story.next_steps(todo.pop()):
            assert step in story.scenes, step
            if step not in seen:
                seen.add(step)
                todo.append(step)
    assert seen == set(story.scenes)


def test_historical_path_reads_in_one_lesson(story: ShippedStory, historical: list[str]) -> None:
    total = sum(words(story.scenes[sid]["text"]) for sid in historical)
    assert 4000 <= total <= 8000, total


def test_at_least_four_viewpoints(story: ShippedStory) -> None:
    viewpoints = {s["viewpoint"] for s in story.scenes.values() if s.get("viewpoint")}
    assert len(viewpoints) >= 4


def test_sources_are_exactly_the_checked_brief_and_never_web_addresses(
    story: ShippedStory,
) -> None:
    sources = {s["id"]: s for s in story.manifest["sources"]}
    assert set(sources) == BRIEF_SOURCES
    assert sources["seed-article"]["kind"] == "article"
    assert sources["sudoplatov-1994"]["kind"] == "memoir"
    for source in sources.values():
        assert source["cite"].strip() and source.get("reliability")
        assert "http" not in source["cite"] and "www." not in source["cite"]


def test_at_least_thirty_facts_each_citing_known_sources(story: ShippedStory) -> None:
    assert len(story.facts) >= 30
    known = {s["id"] for s in story.manifest["sources"]}
    for fact in story.facts.values():
        assert fact["sources"], fact["id"]
        assert set(fact["sources"]) <= known, fact["id"]
        assert fact["certainty"] in {"established", "memoir", "disputed"}, fact["id"]


def test_every_fact_is_unlocked_and_every_source_cited(story: ShippedStory) -> None:
    unlocked = {f for scene in story.scenes.values() for f in scene.get("facts", [])}
    assert unlocked == set(story.facts)
    cited = {s for fact in story.facts.values() for s in fact["sources"]}
    assert cited == {s["id"] for s in story.manifest["sources"]}


def test_at_least_six_disputed_facts_each_giving_the_other_account(story: ShippedStory) -> None:
    disputed = [f for f in story.facts.values() if f["certainty"] == "disputed"]
    assert len(disputed) >= 6
    for fact in disputed:
        assert str(fact.get("dispute", "")).strip(), fact["id"]


@pytest.mark.parametrize("item", sorted(DISAGREEMENTS))
def test_each_disagreement_in_the_brief_is_a_disputed_fact(story: ShippedStory, item: str) -> None:
    disputed = " ".join(
        f"{f['text']} {f['dispute']}" for f in story.facts.values() if f["certainty"] == "disputed"
    ).lower()
    for marker in DISAGREEMENTS[item]:
        assert marker in disputed, f"{item}: {marker!r}"


def test_at_least_fourteen_questions_with_valid_answers(
    story: ShippedStory, historical: list[str]
) -> None:
    assert len(story.questions) >= 14
    for question in story.questions:
        assert len(question["options"]) == 4, question["id"]
        assert 0 <= question["answer"] < 4, question["id"]
        assert str(question["explain"]).strip(), question["id"]
        assert question["after"] in historical, question["id"]
        assert set(question.get("facts", [])) <= set(story.facts), question["id"]


def test_at_least_four_reflections_including_memoir_and_opinion(story: ShippedStory) -> None:
    assert len(story.reflections) >= 4
    asks = " ".join(r["ask"] for r in story.reflections).lower()
    assert "memoir" in asks
    assert "opinion" in asks


def test_every_declared_variable_is_used_in_a_condition(story: ShippedStory) -> None:
    conditions = " ".join(
        str(choice["if"])
        for scene in story.scenes.values()
        for choice in scene.get("choices", [])
        if "if" in choice
    )
    for name in story.manifest["variables"]:
        assert re.search(rf"\b{re.escape(name)}\b", conditions), name


def test_fact_notes_never_call_the_weapon_an_ice_pick(story: ShippedStory) -> None:
    for fact in story.facts.values():
        assert "ice pick" not in fact["text"].lower(), fact["id"]
        assert "ice-pick" not in fact["text"].lower(), fact["id"]


def test_the_misspelling_levrenti_appears_nowhere(story: ShippedStory) -> None:
    for name, text in story.files.items():
        assert "levrenti" not in text.lower(), name


def test_the_defector_story_is_never_told_as_fact(story: ShippedStory) -> None:
    for fact in story.facts.values():
        if fact["certainty"] != "disputed":
            assert "defect" not in fact["text"].lower(), fact["id"]


def test_one_line_fields_have_no_line_breaks(story: ShippedStory) -> None:
    # A block scalar (`|`) in a choice or a title would break the line in menus and reports.
    for scene in story.scenes.values():
        for field_name in ("title", "date", "place", "viewpoint"):
            assert "\n" not in str(scene.get(field_name, "")), (scene["id"], field_name)
        for choice in scene.get("choices", []):
            assert "\n" not in choice["text"], (scene["id"], choice["text"])
    for fact in story.facts.values():
        assert "\n" not in fact["title"], fact["id"]
    for question in story.questions:
        assert all("\n" not in option for option in question["options"]), question["id"]
