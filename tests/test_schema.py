"""The JSON Schema for editors: it accepts the real stories and agrees with the loader's fields."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT, STORIES, run_cli

from game.authoring.schema import schema_path
from game.story import loader

STORY_FILES = sorted((ROOT / "scenes").glob("*.yaml")) + sorted((STORIES / "mini").glob("*.yaml"))

# Schema definition -> the loader's table of field name -> required.
TABLES = {
    "manifest": loader.MANIFEST_TOP,
    "story": loader.STORY_FIELDS,
    "source": loader.SOURCE_FIELDS,
    "chapterFile": loader.CHAPTER_TOP,
    "chapter": loader.CHAPTER_FIELDS,
    "scene": loader.SCENE_FIELDS,
    "choice": loader.CHOICE_FIELDS,
    "fact": loader.FACT_FIELDS,
    "question": loader.QUESTION_FIELDS,
    "reflection": loader.REFLECTION_FIELDS,
    "exhibit": loader.EXHIBIT_FIELDS,
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_json(data: Any) -> Any:
    """YAML data as an editor's language server sees it: JSON has no dates, only text."""
    if isinstance(data, dict):
        return {k: as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def problems(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    return sorted(e.message for e in validator.iter_errors(as_json(yaml.safe_load(text))))


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_and_mini_story_files_validate(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    assert problems(validator, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", sorted(TABLES))
def test_schema_fields_and_required_fields_match_the_loader(
    name: str, schema: dict[str, Any]
) -> None:
    definition = schema["$defs"][name]
    table = TABLES[name]
    assert set(definition["properties"]) == set(table)
    assert set(definition["required"]) == {k for k, required in table.items() if required}
    assert definition["additionalProperties"] is False


def test_every_field_has_a_description_for_the_editor(schema: dict[str, Any]) -> None:
    missing = [
        f"{name}.{field}"
        for name in TABLES
        for field, spec in schema["$defs"][name]["properties"].items()
        if not spec.get("description")
    ]
    assert missing == []


def test_misspelt_field_is_rejected(validator: jsonschema.Draft202012Validator) -> None:
    text = "chapter: {id: a, title: A}\nscenes:\n  - {id: x, text: T, gto: y, next: y}\n"
    assert problems(validator, text) == [
        "Additional properties are not allowed ('gto' was unexpected)"
    ]


def test_scene_with_both_next_and_choices_is_rejected(
    validator: jsonschema.Draft202012Validator,
) -> None:
    text = """\
chapter: {id: a, title: A}
scenes:
  - id: x
    text: T
    next: y
    choices: [{text: A, goto: y}, {text: B, goto: z}]
"""
    assert len(problems(validator, text)) == 1


def test_disputed_fact_needs_its_dispute(validator: jsonschema.Draft202012Validator) -> None:
    text = """\
chapter: {id: a, title: A}
facts:
  - {id: f, title: F, text: T, sources: [s], certainty: disputed}
"""
    assert problems(validator, text) == ["'dispute' is a required property"]


def test_manifest_without_a_start_is_rejected(validator: jsonschema.Draft202012Validator) -> None:
    text = "story: {id: s, title: S, version: 1}\n"
    assert problems(validator, text) == ["'start' is a required property"]


def test_schema_command_prints_the_installed_path_and_the_content() -> None:
    where = run_cli("schema")
    assert where.returncode == 0
    assert Path(where.stdout.strip()) == schema_path()
    assert schema_path().is_file()
    content = run_cli("schema", "--content")
    assert json.loads(content.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
