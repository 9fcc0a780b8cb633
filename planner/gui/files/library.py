"""The plan library: the plans in the plans folder with their name, last change and chance of
success, which a quick Monte Carlo run computes in the background. Rates are cached by the
file's modification time (in memory and in ``data_dir()/cache``), so only changed plans run.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QPoint, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import Mode
from planner.core.storage import data_dir, list_plans, load_plan, plans_dir
from planner.gui.worker import Cancel, Progress, TaskRunner

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

log = logging.getLogger(__name__)

LIBRARY_PATHS = 500
PATH_ROLE = Qt.ItemDataRole.UserRole


def cache_file() -> Path:
    return data_dir() / "cache" / "library.json"


class PlanLibrary(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.main = window
        self.paths = LIBRARY_PATHS
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)  # one quick run at a time: the open plan's run comes first
        self.runner = TaskRunner(pool, self)
        self.generation = 0
        # path -> (mtime_ns, plan name, success rate or None while unknown)
        self.cache: dict[str, tuple[int, str, float | None]] = self._load_cache()
        self._queued: set[str] = set()

        title = QLabel("<b>Plans</b>")
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Compare two or more plans side by side (Ctrl+K)")
        self.compare_button.setAccessibleName("Compare plans")
        self.compare_button.clicked.connect(lambda _=False: self.main.scenarios.compare())
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.compare_button)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Plan library")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Plan", "Modified", "Success"])
        self.tree.headerItem().setToolTip(
            2, f"Chance the savings last, from a quick run of {self.paths:,} Monte Carlo paths"
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.tree.setToolTip("Double-click a plan to open it")
        self.empty = QLabel("Saved plans appear here. Save this one (Ctrl+S) or use "
                            "File ▸ Duplicate as Scenario.")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)

        self.watcher = QFileSystemWatcher([str(plans_dir())], self)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self.watcher.directoryChanged.connect(lambda _p: self._refresh_timer.start())
        self.refresh()

    # ----- listing
    def refresh(self) -> None:
        files = list_plans(plans_dir())
        self.tree.clear()
        for path in files:
            self.tree.addTopLevelItem(self._item(path))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setVisible(bool(files))
        self.empty.setVisible(not files)
        self.mark_current()

    def _item(self, path: Path) -> QTreeWidgetItem:
        key = str(path)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        cached = self.cache.get(key)
        if cached is None or cached[0] != mtime:
            try:
                name = load_plan(path).name or path.stem
                cached = (mtime, name, None)
            except PlanError:
                cached = (mtime, f"{path.stem} (cannot be read)", -1.0)
            self.cache[key] = cached
        _mtime, name, rate = cached
        item = QTreeWidgetItem([name, _when(mtime), _rate_text(rate)])
        item.setData(0, PATH_ROLE, key)
        item.setToolTip(0, key)
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if rate is None:
            self._queue(path, mtime)
        return item

    def items(self) -> list[QTreeWidgetItem]:
        count = self.tree.topLevelItemCount()
        return [it for i in range(count) if (it := self.tree.topLevelItem(i)) is not None]

    def item_for(self, path: Path | str) -> QTreeWidgetItem | None:
        key = str(path)
        return next((it for it in self.items() if it.data(0, PATH_ROLE) == key), None)

    def mark_current(self) -> None:
        current = str(self.main.doc.path) if self.main.doc.path else None
        for item in self.items():
            font = QFont(item.font(0))
            font.setBold(item.data(0, PATH_ROLE) == current)
            item.setFont(0, font)

    def selected_paths(self) -> list[Path]:
        return [Path(str(it.data(0, PATH_ROLE))) for it in self.tree.selectedItems()]

    # ----- success rates in the background
    def _queue(self, path: Path, mtime: int) -> None:
        key = str(path)
        if key in self._queued:
            return
        self._queued.add(key)
        generation = self.generation
        paths = self.paths

        def job(progress: Progress, cancel: Cancel) -> tuple[str, int, float]:
            try:
                plan = load_plan(path)
                result = project(plan, mode=Mode.MONTE_CARLO, paths=paths, cancel=cancel)
            except PlanError:  # unreadable or invalid: no rate to show
                return key, mtime, -1.0
            return key, mtime, result.summary.success_rate

        self.runner.start(job, self._rate_done, lambda _n, _e: self._queued.discard(key),
                          cancel=lambda: self.generation != generation)

    def _rate_done(self, _number: int, value: Any, _seconds: float) -> None:
        key, mtime, rate = value
        self._queued.discard(key)
        cached = self.cache.get(key)
        if cached is None or cached[0] != mtime:
            return  # the file changed meanwhile; its new version is queued
        self.cache[key] = (mtime, cached[1], rate)
        item = self.item_for(key)
        if item is not None:
            item.setText(2, _rate_text(rate))
        self._save_cache()

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def stop(self) -> None:
        self.generation += 1
        self.runner.wait()

    # ----- cache on disk
    def _load_cache(self) -> dict[str, tuple[int, str, float | None]]:
        try:
            data = json.loads(cache_file().read_text(encoding="utf-8"))
            return {str(k): (int(v[0]), str(v[1]), None if v[2] is None else float(v[2]))
                    for k, v in data.items()}
        except (OSError, ValueError, TypeError, IndexError, AttributeError):
            return {}

    def _save_cache(self) -> None:
        known = {k: list(v) for k, v in self.cache.items() if v[2] is not None}
        try:
            cache_file().parent.mkdir(parents=True, exist_ok=True)
            cache_file().write_text(json.dumps(known), encoding="utf-8")
        except OSError:
            log.warning("could not write the library cache", exc_info=True)

    # ----- acting
    def open_item(self, item: QTreeWidgetItem) -> None:
        path = Path(str(item.data(0, PATH_ROLE)))
        if self.main.doc.path is not None and path == self.main.doc.path:
            return
        self.main.files.open_path(path)

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        menu = QMenu(self)
        if item is not None:
            menu.addAction("Open", lambda: self.open_item(item))
        if len(self.tree.selectedItems()) >= 2:
            menu.addAction("Compare Selected",
                           lambda: self.main.scenarios.compare(self.selected_paths()))
        menu.addAction("Refresh", self.refresh)
        menu.exec(self.tree.viewport().mapToGlobal(pos))


def _when(mtime_ns: int) -> str:
    if not mtime_ns:
        return ""
    stamp = datetime.fromtimestamp(mtime_ns / 1e9)
    if stamp.date() == datetime.now().date():
        return stamp.strftime("today %H:%M")
    return stamp.strftime("%Y-%m-%d")


def _rate_text(rate: float | None) -> str:
    if rate is None:
        return "…"
    if rate < 0:
        return ""
    return f"{rate:.0%}"
