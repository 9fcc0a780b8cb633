"""Plans on disk: JSON files with a schema_version, saved atomically, in a local folder.

- Loading never writes to the file it reads; a file that cannot be used raises PlanError
  with the reason (and, for a valid JSON with wrong values, every field at fault).
- A plan file is untrusted: only a regular file is opened (never a FIFO or a device), read
  with a hard limit of MAX_PLAN_BYTES whatever its size claims; every fault of its JSON
  (encoding, nesting, overlong numbers, NaN, a key given twice) is one PlanError line
  naming the file. A UTF-8 byte order mark is accepted.
- Saving an upgraded plan over an older-schema file first keeps that file as NAME.vN.bak
  (atomically; a damaged backup is written again); a failed save leaves no new backup.
- Saving writes a temporary file in the same folder, flushes and fsyncs it, then
  ``os.replace``s it over the target: a crash leaves either the old or the new plan.
- The plan folder is the platformdirs user data dir, or $PLANNER_DATA_DIR when set (tests
  always set it so they never touch a person's real plans).
"""

from __future__ import annotations

import json
import os
import stat
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
# A plan nests at most 4 levels (simulation.return_series.years); the margin is for
# unknown keys, which are reported, not parsed without end.
MAX_NESTING = 20
MAX_NUMBER_DIGITS = 30  # the longest number a plan holds is a seed or an amount in cents


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
    return migrate(parse_plan_bytes(read_plan_bytes(path), path), path)


def read_plan_bytes(path: Path) -> bytes:
    """The bytes of the plan file at ``path``: a regular file (a symlink to one is followed)
    of at most MAX_PLAN_BYTES, read with that limit whatever its size claims to be."""
    # Open without blocking and check the open file itself: opening a FIFO waits for a
    # writer forever, a device (a link to /dev/zero) never ends, and a stat before the open
    # could be raced by a swapped file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise PlanError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a folder, not a plan file") from None
    except PermissionError:
        raise PlanError(f"{path}: permission denied") from None
    except OSError as exc:
        raise PlanError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PlanError(f"{path}: is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(f"{path}: is not a regular file (a pipe or a device), so it is "
                            "not read as a plan")
        if info.st_size > MAX_PLAN_BYTES:
            raise PlanError(_too_big(path, info.st_size))
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_PLAN_BYTES:  # +1 byte past the limit: a file grown since is caught
            chunk = os.read(fd, MAX_PLAN_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise PlanError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > MAX_PLAN_BYTES:
        raise PlanError(_too_big(path, None))
    return b"".join(chunks)


def _too_big(path: Path, size: int | None) -> str:
    """The refusal of a file of ``size`` bytes (None: more than the limit were read)."""
    limit = f"{MAX_PLAN_BYTES / 1_000_000:g} MB"
    shown = f"more than {MAX_PLAN_BYTES:,}" if size is None else f"{size:,}"
    return f"{path}: {shown} bytes is too large for a plan file (the limit is {limit})"


class _JsonRefused(ValueError):
    """Raised by the parser's hooks; its message is the reason, for the PlanError line."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRefused(f"the key {key!r} appears twice in one object (which one is "
                               "meant is unclear): remove one")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _JsonRefused(f"a number of {len(text.lstrip('-')):,} digits is too long (at "
                           f"most {MAX_NUMBER_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_NUMBER_DIGITS * 2:
        raise _JsonRefused(f"a number of {digits:,} digits is too long")
    return float(text)


def _constant(name: str) -> float:
    raise _JsonRefused(f"{name} is not a number a plan can hold")


def parse_plan_bytes(raw: bytes, path: Path | str = "plan") -> dict[str, Any]:
    """Parse plan JSON; every fault is one PlanError line naming the file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{path}: not a text file (a plan is UTF-8 JSON; byte {exc.start} "
                        "is not UTF-8)") from None
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark, as some editors write
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_int,
                          parse_float=_float, parse_constant=_constant)
    except _JsonRefused as exc:
        raise PlanError(f"{path}: not a usable plan: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PlanError(
            f"{path}: not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise PlanError(f"{path}: not a usable plan: lists or objects nested too deeply "
                        f"(a plan needs at most {MAX_NESTING} levels)") from None
    if not isinstance(data, dict):
        raise PlanError(f"{path}: a plan file must hold a JSON object")
    if _depth(data) > MAX_NESTING:
        raise PlanError(f"{path}: not a usable plan: lists or objects nested too deeply "
                        f"(a plan needs at most {MAX_NESTING} levels)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data`` (without recursion: linear, any depth)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_NESTING:
                break
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


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
            f"this version reads up to {SCHEMA_VERSION}): open it with that version; "
            "the file is left as it is"
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
    backup = _keep_older_schema(path)
    try:
        return atomic_write_text(path, plan_json(plan))
    except BaseException:
        if backup is not None:  # the old plan stays in place: no backup of it is needed
            backup.unlink(missing_ok=True)
        raise


def older_schema(path: Path) -> int | None:
    """The schema version of the plan file at ``path`` if it is older than this planner's
    (None if it is current, missing or unreadable)."""
    found = _older_schema_bytes(path)
    return None if found is None else found[0]


def _older_schema_bytes(path: Path) -> tuple[int, bytes] | None:
    try:
        raw = read_plan_bytes(path)
        version = _schema_of(raw)
    except PlanError:
        return None
    if version is not None and version < SCHEMA_VERSION:
        return version, raw
    return None


def _schema_of(raw: bytes) -> int | None:
    """The whole-number schema_version of plan JSON, or None (PlanError if no JSON)."""
    version = parse_plan_bytes(raw).get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    return None


def _keep_older_schema(path: Path) -> Path | None:
    """Before an upgraded plan replaces ``path``, keep the older file as NAME.vN.bak,
    written atomically. A backup already there is kept unless it is not that version's plan
    (a truncated copy left by a crash of an older planner): then it is written again.
    Returns the backup if this call created it (not if it was there or repaired)."""
    found = _older_schema_bytes(path)
    if found is None:
        return None
    version, raw = found
    backup = path.with_name(f"{path.name}.v{version}.bak")
    existed = os.path.lexists(backup)
    try:
        intact = _schema_of(read_plan_bytes(backup)) == version
    except PlanError:
        intact = False
    if intact:
        return None
    atomic_write_bytes(backup, raw)
    return None if existed else backup


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
