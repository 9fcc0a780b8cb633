"""Never lose work: unsaved edits are written to a recovery file a few seconds after the last
edit, removed on save or clean close, and offered back on the next start after a crash.

Each window owns one file ``data_dir()/recovery/<session>.json`` and holds a ``QLockFile``
next to it while it lives. At start-up a recovery file whose lock can be taken belongs to a
session that ended without cleaning up (a crash, a power cut): that is the one to offer. The
file is written atomically (temporary file, then ``os.replace``), like a plan.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, QTimer

from planner.core.errors import PlanError
from planner.core.model import Plan
from planner.core.serialize import plan_from_dict, plan_to_dict
from planner.core.storage import atomic_write_text, data_dir, migrate
from planner.gui.document import PlanDocument

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3_000
FORMAT = "planner-recovery"


def recovery_dir() -> Path:
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Recovered:
    file: Path  # the recovery file
    plan: Plan  # the plan with the unsaved edits
    path: Path | None  # the plan file it was opened from (None: never saved)
    saved_at: datetime


def write_recovery(plan: Plan, path: Path | None, file: Path) -> Path:
    data = {
        "format": FORMAT,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "path": str(path) if path is not None else None,
        "plan": plan_to_dict(plan),
    }
    text = json.dumps(data, indent=1, ensure_ascii=False)
    return atomic_write_text(file, text)


def read_recovery(file: Path) -> Recovered:
    """Raises PlanError when the file is not a usable recovery file."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanError(f"{file}: unreadable recovery file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanError(f"{file}: not a recovery file")
    plan_data = data.get("plan")
    if not isinstance(plan_data, dict):
        raise PlanError(f"{file}: the recovery file holds no plan")
    plan = plan_from_dict(migrate(plan_data))
    path = data.get("path")
    try:
        saved_at = datetime.fromisoformat(str(data.get("saved_at")))
    except ValueError:
        saved_at = datetime.fromtimestamp(file.stat().st_mtime)
    return Recovered(file, plan, Path(path) if isinstance(path, str) else None, saved_at)


def orphaned_files() -> list[Path]:
    """Recovery files of sessions that are gone, newest first."""
    out: list[tuple[float, Path]] = []
    for file in recovery_dir().glob("*.json"):
        lock = QLockFile(str(file.with_suffix(".lock")))
        if lock.tryLock(0):  # nobody holds it: its session ended without cleaning up
            lock.unlock()
            out.append((file.stat().st_mtime, file))
    return [f for _t, f in sorted(out, reverse=True)]


def discard(file: Path) -> None:
    file.unlink(missing_ok=True)
    file.with_suffix(".lock").unlink(missing_ok=True)


class RecoveryWriter(QObject):
    """Writes the document's unsaved state to this session's recovery file."""

    def __init__(self, doc: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        session = uuid.uuid4().hex[:12]
        self.file = recovery_dir() / f"{session}.json"
        self.lock = QLockFile(str(self.file.with_suffix(".lock")))
        self.lock.setStaleLockTime(0)  # only a dead process's lock is stale
        if not self.lock.tryLock(0):
            log.warning("could not lock %s", self.lock)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.write_now)
        doc.changed.connect(self._changed)
        doc.modified_changed.connect(self._modified_changed)

    def _changed(self) -> None:
        # (Whether the plan is still unsaved is known only once the undo stack has taken the
        # edit, after this signal: write_now looks again when the timer fires.)
        self.timer.start()

    def _modified_changed(self, modified: bool) -> None:
        if modified:
            self.timer.start()
        else:
            self.clear()

    def write_now(self) -> None:
        self.timer.stop()
        if not self.doc.modified:
            self.clear()
            return
        try:
            write_recovery(self.doc.plan, self.doc.path, self.file)
        except OSError:
            log.exception("could not write the recovery file %s", self.file)

    def clear(self) -> None:
        """Saved, or closed cleanly: nothing to recover."""
        self.timer.stop()
        self.file.unlink(missing_ok=True)

    def close(self) -> None:
        self.clear()
        self.lock.unlock()

    def abandon(self) -> None:
        """Let go of the lock but keep the file, as a crash would (for tests)."""
        self.timer.stop()
        self.lock.unlock()


def describe(rec: Recovered) -> dict[str, Any]:
    return {
        "name": rec.plan.name or "Untitled",
        "path": str(rec.path) if rec.path else "",
        "saved_at": rec.saved_at.strftime("%Y-%m-%d %H:%M"),
    }
