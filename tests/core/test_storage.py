"""Plans on disk: round trip, atomic save, and bad files reported without being touched."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from planner.core import storage
from planner.core.errors import PlanError
from planner.core.model import SCHEMA_VERSION
from planner.core.storage import load_plan, sample_plan, save_plan


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_is_identical(tmp_path: Path) -> None:
    plan = sample_plan()
    path = save_plan(plan, tmp_path / "p.json")
    assert load_plan(path) == plan
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


def test_default_folder_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(storage.DATA_DIR_ENV, str(tmp_path))
    assert storage.plans_dir() == tmp_path / "plans"
    assert storage.plans_dir().is_dir()


def test_failed_save_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_plan(sample_plan(), tmp_path / "p.json")
    before = _digest(path)

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_plan(sample_plan().with_changes(name="changed"), path)
    assert _digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


BAD_FILES = {
    "truncated.json": ('{"schema_version": 1, "name": "broken', "not valid JSON"),
    "list.json": ("[1, 2]", "must hold a JSON object"),
    "binary.json": (b"\xff\xfe\x00\x01", "not a text file"),
    "future.json": ('{"schema_version": 99}', "newer planner"),
    "noversion.json": ('{"name": "x"}', "schema_version"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_reported_and_untouched(tmp_path: Path, name: str) -> None:
    content, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = _digest(path)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert reason in str(info.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_wrong_types_name_every_field(tmp_path: Path) -> None:
    data = json.loads(storage.plan_json(sample_plan()))
    data["people"][0]["birth_year"] = "1986"
    data["accounts"][1]["allocation"]["stocks"] = None
    data["accounts"][2]["kind"] = "savings"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    fields = {p.field for p in info.value.problems}
    assert fields == {"people[0].birth_year", "accounts[1].allocation.stocks", "accounts[2].kind"}


def test_missing_file_is_a_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        load_plan(tmp_path / "nope.json")


def test_misspelt_fields_are_reported_with_a_suggestion(tmp_path: Path) -> None:
    data = json.loads(storage.plan_json(sample_plan()))
    data["spnding"] = data.pop("spending")
    data["accounts"][0]["balanse"] = data["accounts"][0].pop("balance")
    data["income"] = [{"name": "P", "kind": "pension", "amount": 1000, "start_age": 65,
                       "growth_rat": 0.02}]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    got = {p.field: p.message for p in info.value.problems}
    assert got["spnding"] == "unknown field (did you mean 'spending'?)"
    assert got["accounts[0].balanse"] == "unknown field (did you mean 'balance'?)"
    assert got["income[0].growth_rat"] == "unknown field (did you mean 'growth_rate'?)"
