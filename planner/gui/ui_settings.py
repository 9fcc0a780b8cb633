"""Window-only state kept in QSettings: recent plan files (most recent first) and the folder
the last export went to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

RECENT_KEY = "recent/files"
EXPORT_FOLDER_KEY = "export/folder"
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings()


def recent_files() -> list[Path]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    if not isinstance(value, list):
        return []
    return [Path(v) for v in value if isinstance(v, str) and v]


def _store(paths: list[Path]) -> None:
    settings().setValue(RECENT_KEY, [str(p) for p in paths[:MAX_RECENT]])


def add_recent(path: Path) -> None:
    path = Path(path).resolve()
    _store([path] + [p for p in recent_files() if p != path])


def remove_recent(path: Path) -> None:
    path = Path(path).resolve()
    _store([p for p in recent_files() if p != path])


def replace_recent(old: Path, new: Path) -> None:
    """A plan file was renamed: its place in the list follows it."""
    old, new = Path(old).resolve(), Path(new).resolve()
    _store([new if p == old else p for p in recent_files() if p != new or p == old])


def documents_folder() -> Path:
    """The person's Documents folder, or their home folder when there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def export_folder() -> Path:
    """Where an export dialog opens: the folder of the last export (if it still exists),
    else Documents. Never the data folder the plans live in, which is hidden."""
    value = settings().value(EXPORT_FOLDER_KEY, "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return documents_folder()


def set_export_folder(folder: Path) -> None:
    settings().setValue(EXPORT_FOLDER_KEY, str(Path(folder)))
