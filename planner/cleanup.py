"""Remove what a crashed run of the app left behind, and nothing else.

A run that dies mid-write leaves its temporary file; one that dies while autosaving can leave
its recovery lock. Each has a name only the app makes:

- ``.<name>.<8 random>.tmp``: a plan, recovery file or backup being saved
  (``planner.core.storage.atomic_write_bytes``, via ``tempfile.mkstemp``);
- ``.<stem>.<pid>-<8 hex>.part<suffix>``: a PDF, CSV or XLSX being exported
  (``planner.atomic.temp_path``);
- ``.probe-<8 hex>``: the data folder's write probe (``gui.files.recovery.folder_problem``);
- ``<12 hex>.lock``: a recovery session's ``QLockFile`` (in ``data_dir()/recovery``).

``clean_leftovers`` removes only regular files (never a folder, never through a symlink) that
match one of those names exactly and are older than a safe age, so a save or export in
progress in another window is never touched. A lock, and an export's temporary file, are
removed only when the process they name is gone (checked on POSIX only; elsewhere locks are
left to QLockFile and exports go by age alone). Nothing here raises: a folder that cannot be
read is simply skipped, so the app always starts.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from pathlib import Path

from planner.core.storage import data_dir

log = logging.getLogger(__name__)

# A save or export takes seconds, a huge report minutes: a temporary file this old is a
# crashed run's, not one being written.
SAFE_AGE_S = 6 * 3600.0

STORAGE_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
EXPORT_TEMP = re.compile(r"\..*\.(?P<pid>\d+)-[0-9a-f]{8}\.part(\.[^./\\]*)?")
PROBE = re.compile(r"\.probe-[0-9a-f]{8}")
RECOVERY_LOCK = re.compile(r"[0-9a-f]{12}\.lock")


def clean_leftovers(folder: str | Path, older_than_s: float = SAFE_AGE_S,
                    now: float | None = None) -> list[Path]:
    """Remove the app's own leftover temporary and stale lock files directly in ``folder``
    (not in its subfolders) last changed more than ``older_than_s`` seconds ago; returns
    what was removed."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than_s:
                continue
            if not _leftover(path, entry.name):
                continue
            path.unlink()
        except OSError:
            continue
        log.info("removed a leftover of a crashed run: %s", path)
        removed.append(path)
    return removed


def clean_data_folders(older_than_s: float = SAFE_AGE_S) -> list[Path]:
    """``clean_leftovers`` on the data folder, its plans and its recovery folders (what the
    GUI calls at start; never raises)."""
    try:
        root = data_dir()
    except Exception:  # a broken environment must not stop the app from starting
        return []
    removed: list[Path] = []
    for folder in (root, root / "plans", root / "recovery"):
        removed += clean_leftovers(folder, older_than_s)
    return removed


def _leftover(path: Path, name: str) -> bool:
    if STORAGE_TEMP.fullmatch(name) or PROBE.fullmatch(name):
        return True
    export = EXPORT_TEMP.fullmatch(name)
    if export:  # an export whose process still runs may be a long one: wait for it
        return os.name != "posix" or not _alive(int(export["pid"]))
    if RECOVERY_LOCK.fullmatch(name):
        return os.name == "posix" and _lock_is_stale(path)
    return False


def _lock_is_stale(path: Path) -> bool:
    """A QLockFile holds "<pid>\\n<app name>\\n<host name>\\n..."; it is stale when that
    process is gone (a lock that cannot be read is left alone)."""
    try:
        first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        pid = int(first.strip())
    except (OSError, ValueError):
        return False
    return not _alive(pid)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (asked on POSIX only: elsewhere os.kill would end it)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists, owned by someone else
        return True
    return True
