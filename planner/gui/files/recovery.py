"""Never lose work: unsaved edits are written to a recovery file a few seconds after the last
edit, removed on save or clean close, and offered back on the next start after a crash.

Each window owns one file ``data_dir()/recovery/<session>.json`` and holds a ``QLockFile``
next to it while it lives. At start-up a recovery file whose lock can be taken belongs to a
session that ended without cleaning up (a crash, a power cut): that is the one to offer. The
file is written atomically (temporary file, then ``os.replace``), like a plan.

The recovery file records the content hash of the plan file the edits were made on, so the
offer to restore can say truthfully whether that file has changed since. A recovery file that
cannot be read is never deleted: it is set aside (``*.unreadable``) and the person told where.
A data folder that cannot be used (not a folder, not writable) turns autosave off, with a
warning in the status bar, instead of stopping the app.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from planner.core.errors import PlanError
from planner.core.model import Plan
from planner.core.serialize import plan_from_dict, plan_to_dict
from planner.core.storage import atomic_write_text, data_dir, migrate
from planner.gui import theme
from planner.gui.document import PlanDocument
from planner.gui.files.file_state import FileState, file_hash, regular_file_problem

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3_000
FORMAT = "planner-recovery"


MAX_RECOVERY_BYTES = 20_000_000
UNREADABLE_SUFFIX = ".unreadable"
FileChange = Literal["same", "changed", "missing", "unknown"]


def recovery_dir() -> Path:
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def folder_problem() -> str:
    """Why autosave cannot use the data folder ("" when it can): it must be a folder (or
    creatable as one) that this user can write to."""
    try:
        folder = recovery_dir()
        probe = folder / f".probe-{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return f"{data_dir()}: {exc.strerror or exc}"
    return ""


@dataclass(frozen=True)
class Recovered:
    file: Path  # the recovery file
    plan: Plan  # the plan with the unsaved edits
    path: Path | None  # the plan file it was opened from (None: never saved)
    saved_at: datetime
    plan_hash: str | None = None  # that file's content hash when the edits began

    def file_change(self) -> FileChange:
        """Has the plan file changed since the edits began? "unknown" when the recovery
        file does not say (written by an older planner)."""
        if self.path is None:
            return "unknown"
        if not self.path.exists():
            return "missing"
        if self.plan_hash is None:
            return "unknown"
        return "same" if file_hash(self.path) == self.plan_hash else "changed"


def write_recovery(plan: Plan, path: Path | None, file: Path,
                   plan_hash: str | None = None) -> Path:
    """``plan_hash``: the content hash of the plan file at ``path`` the edits were made on."""
    data = {
        "format": FORMAT,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "path": str(path) if path is not None else None,
        "plan_sha256": plan_hash,
        "plan": plan_to_dict(plan),
    }
    text = json.dumps(data, indent=1, ensure_ascii=False)
    return atomic_write_text(file, text)


def read_recovery(file: Path) -> Recovered:
    """Raises PlanError when the file is not a usable recovery file (whatever is wrong with
    it: not a regular file, too large, too deep, not JSON, not a plan)."""
    try:
        return _read_recovery(file)
    except PlanError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file must never stop the start
        raise PlanError(f"{file}: unreadable recovery file ({type(exc).__name__}: "
                        f"{str(exc)[:200]})") from None


def _read_recovery(file: Path) -> Recovered:
    problem = regular_file_problem(file)
    if problem:
        raise PlanError(f"{file}: unreadable recovery file ({problem})")
    with open(file, "rb") as handle:
        raw = handle.read(MAX_RECOVERY_BYTES + 1)
    if len(raw) > MAX_RECOVERY_BYTES:
        raise PlanError(f"{file}: too large for a recovery file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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
    plan_hash = data.get("plan_sha256")
    return Recovered(file, plan, Path(path) if isinstance(path, str) and path else None,
                     saved_at, plan_hash if isinstance(plan_hash, str) else None)


def orphaned_files() -> list[Path]:
    """Recovery files of sessions that are gone, newest first (none when the data folder
    cannot be used)."""
    out: list[tuple[float, Path]] = []
    try:
        files = list(recovery_dir().glob("*.json"))
    except OSError:
        return []
    for file in files:
        lock = QLockFile(str(file.with_suffix(".lock")))
        if lock.tryLock(0):  # nobody holds it: its session ended without cleaning up
            lock.unlock()
            try:
                out.append((file.stat().st_mtime, file))
            except OSError:
                continue
    return [f for _t, f in sorted(out, reverse=True)]


def discard(file: Path) -> None:
    file.unlink(missing_ok=True)
    file.with_suffix(".lock").unlink(missing_ok=True)


def set_aside(file: Path) -> Path:
    """Keep a recovery file that cannot be read, out of the way of the next start's offer
    (renamed ``*.unreadable``; left where it is if even that fails). Returns where it is."""
    kept = file.with_suffix(UNREADABLE_SUFFIX)
    try:
        file.replace(kept)
    except OSError:
        kept = file
    with contextlib.suppress(OSError):
        file.with_suffix(".lock").unlink(missing_ok=True)
    return kept


class RecoveryWriter(QObject):
    """Writes the document's unsaved state to this session's recovery file."""

    def __init__(self, doc: PlanDocument, parent: QObject | None = None,
                 disk: FileState | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.disk = disk  # the plan file as this window knows it: its hash is recorded
        session = uuid.uuid4().hex[:12]
        # Why autosave is off ("" while it is on): a data folder that cannot be used.
        self.problem = folder_problem()
        folder = data_dir() / "recovery"
        self.file = folder / f"{session}.json"
        self.lock = QLockFile(str(self.file.with_suffix(".lock")))
        self.lock.setStaleLockTime(0)  # only a dead process's lock is stale
        if self.problem:
            log.warning("autosave is off: %s", self.problem)
        elif not self.lock.tryLock(0):
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

    @property
    def enabled(self) -> bool:
        return not self.problem

    def write_now(self) -> None:
        self.timer.stop()
        if not self.enabled:
            return
        if not self.doc.modified:
            self.clear()
            return
        path = self.doc.path
        plan_hash = self.disk.base_hash(path) if self.disk is not None else None
        try:
            write_recovery(self.doc.plan, path, self.file, plan_hash)
        except OSError:
            log.exception("could not write the recovery file %s", self.file)

    def clear(self) -> None:
        """Saved, or closed cleanly: nothing to recover."""
        self.timer.stop()
        try:
            self.file.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", self.file, exc_info=True)

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
        "change": rec.file_change() if rec.path else "unknown",
    }


AUTOSAVE_OFF = "Autosave off"


def warn_if_off(writer: RecoveryWriter, bar: QStatusBar) -> QLabel | None:
    """A lasting mark in the status bar while autosave is off (its tooltip says why). None
    when autosave is on."""
    if writer.enabled:
        return None
    text = (f"Autosave is off: the data folder cannot be used ({writer.problem}). "
            "Unsaved changes will not be kept after a crash; the plans folder is not shown. "
            "Plans can still be opened and saved elsewhere.")
    label = QLabel(f"⚠ {AUTOSAVE_OFF}: the data folder cannot be used")
    label.setObjectName("autosave_off")
    label.setToolTip(theme.plain_tip(text))
    label.setAccessibleName(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    bar.addPermanentWidget(label)
    return label
