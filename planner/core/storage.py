"""Plans on disk: JSON files with a schema_version, saved atomically, in a local folder.

- Loading never writes to the file it reads; a file that cannot be used raises PlanError
  with the reason (and, for a valid JSON with wrong values, every field at fault).
- Saving writes a temporary file in the same folder, flushes and fsyncs it, then
  ``os.replace``s it over the target: a crash leaves either the old or the new plan.
- The plan folder is the platformdirs user data dir, or $PLANNER_DATA_DIR when set (tests
  always set it so they never touch a person's real plans).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from planner.core.errors import PlanError, Problem
from planner.core.migrations import MIGRATIONS
from planner.core.model import SCHEMA_VERSION, Plan
from planner.core.serialize import plan_from_dict, plan_to_dict
from planner.resources import resource_path

DATA_DIR_ENV = "PLANNER_DATA_DIR"
PLAN_SUFFIX = ".json"
MAX_PLAN_BYTES = 5_000_000  # a plan is a few kB; refuse anything absurd before parsing


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override) if override else Path(user_data_dir("planner", appauthor=False))
    return folder


def plans_dir() -> Path:
    folder = data_dir() / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_plan_data(path: Path) -> dict[str, Any]:
    """Read and parse a plan file into a dict, migrated to the current schema."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanError(f"{path}: {size:,} bytes is too large for a plan file")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a folder, not a plan file") from None
    except PermissionError:
        raise PlanError(f"{path}: permission denied") from None
    except OSError as exc:
        raise PlanError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PlanError(f"{path}: not a text file (a plan is UTF-8 JSON)") from None
    except json.JSONDecodeError as exc:
        raise PlanError(
            f"{path}: not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise PlanError(f"{path}: a plan file must hold a JSON object")
    return migrate(data, path)


def migrate(data: dict[str, Any], path: Path | None = None) -> dict[str, Any]:
    """Upgrade plan data step by step (see ``migrations``). Nothing is written: the
    original file is kept as a backup only when the upgraded plan is saved over it."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanError(
            f"{path or 'plan'}: schema_version is missing or not a whole number",
            [Problem("schema_version", "is required and must be a whole number")],
        )
    if version > SCHEMA_VERSION:
        raise PlanError(
            f"{path or 'plan'}: written by a newer planner (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise PlanError(f"{path or 'plan'}: schema {version} cannot be upgraded")
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def load_plan(path: Path | str) -> Plan:
    """Load a plan file; raise PlanError (naming the file and the fields) if unusable."""
    path = Path(path)
    data = read_plan_data(path)
    try:
        return plan_from_dict(data)
    except PlanError as exc:
        raise PlanError(f"{path}: {exc.message}", exc.problems) from None


def plan_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def save_plan(plan: Plan, path: Path | str) -> Path:
    """Write the plan atomically (see atomic_write_text). Saving over a plan written with
    an older schema first keeps that file as ``NAME.vN.bak`` (N its schema version)."""
    path = Path(path)
    _keep_older_schema(path)
    return atomic_write_text(path, plan_json(plan))


def older_schema(path: Path) -> int | None:
    """The schema version of the plan file at ``path`` if it is older than this planner's
    (None if it is current, missing or unreadable)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_PLAN_BYTES:
            return None
        version = json.loads(path.read_bytes().decode("utf-8")).get("schema_version")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(version, int) and not isinstance(version, bool) and version < SCHEMA_VERSION:
        return version
    return None


def _keep_older_schema(path: Path) -> None:
    version = older_schema(path)
    if version is None:
        return
    backup = path.with_name(f"{path.name}.v{version}.bak")
    if not backup.exists():
        atomic_write_bytes(backup, path.read_bytes())


def atomic_write_text(path: Path, text: str) -> Path:
    """Write atomically: temp file in the same folder, flush + fsync, then os.replace."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def sample_plan_path() -> Path:
    return resource_path("plans", "sample.json")


def sample_plan() -> Plan:
    return load_plan(sample_plan_path())


def list_plans(folder: Path | None = None) -> list[Path]:
    folder = folder or plans_dir()
    return sorted(p for p in folder.glob(f"*{PLAN_SUFFIX}") if not p.name.startswith("."))
