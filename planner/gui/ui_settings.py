"""Window-only state kept in QSettings: recent plan files (most recent first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

RECENT_KEY = "recent/files"
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
