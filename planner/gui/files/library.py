"""The plan library: the plans in the plans folder with their name, file name, last change and
chance of success, and what can be done to their files (open, rename, move to the trash,
show in the folder).

The chance of success is the plan's own: a Monte Carlo run of the plan's path count and seed
(Simulation ▸ Paths and Seed), the same figure the window, Compare, the PDF report and
``planner-cli`` show for it. It runs in the background and is cached (in memory and in
``data_dir()/cache``) by the file's modification time and size, with the basis it was
computed on; a cache made by another definition of the figure is dropped. A plan that cannot
be used says so in that column, with the reason: "cannot be read" (not a regular file, too
large, not JSON, not a plan: whatever goes wrong reading it, it is a row, never a crash) or
"cannot be used" (it loads but does not validate). Pipes, devices and folders named
``*.json`` are never opened. A plans folder that cannot be used (a file in its place, no
permission) is said so in place of the list.

The library also watches the open plan's file: when another window or program changes it, a
note in the status bar says that saving will ask (file_actions).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFile, QFileSystemWatcher, QPoint, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QBrush, QDesktopServices, QFont, QPalette
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

import planner
from planner import format as fmt
from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan
from planner.core.storage import PLAN_SUFFIX, data_dir, list_plans, load_plan, plans_dir
from planner.core.validate import validate
from planner.gui import dialogs, theme, ui_settings
from planner.gui.files.file_actions import safe_file_name
from planner.gui.files.file_state import Stamp, regular_file_problem
from planner.gui.files.file_state import stamp as file_stamp
from planner.gui.worker import Cancel, Progress, TaskRunner

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole
RATE_ROLE = Qt.ItemDataRole.UserRole + 1  # the success rate as a number (None: unknown)
COLUMNS = ("Plan", "File", "Modified", "Success")
NAME_COL, FILE_COL, MODIFIED_COL, SUCCESS_COL = range(len(COLUMNS))
# What a cached rate means. Another value (another version of planner, whose engine may
# differ, or an older cache, such as one of a fixed 500-path run) drops the cache.
CACHE_BASIS = (f"the plan's own simulated mode, paths and seed; planner "
               f"{planner.__version__}")
SUCCESS_TIP = ("Chance the savings last, the figure the window shows for each plan: a plan "
               "set to History runs every historical window, any other plan its own Monte "
               "Carlo paths and seed (Assumptions ▸ Simulation); an Expected plan, one path "
               "with no success rate, shows its Monte Carlo figure")
REASON_CHARS = 48  # of the reason shown in the column; the tooltip has all of it
NAME_CHARS = 120  # of a plan's name in the list (a hostile file may hold a megabyte of it)
CHANGED_NOTE = "The plan file changed on disk; saving will ask what to do."


@dataclass(frozen=True)
class Entry:
    """What the library knows of one plan file."""

    mtime: int  # st_mtime_ns of the file it describes
    size: int
    name: str
    paths: int = 0  # the basis of the rate: the plan's Monte Carlo paths and seed
    seed: int = 0
    rate: float | None = None  # None while unknown
    problem: str = ""  # why the plan cannot be used ("" when it can)
    unreadable: bool = False  # the problem is reading the file, not the plan in it
    mode: str = Mode.MONTE_CARLO.value  # the run behind the rate (see rate_mode)

    @property
    def basis(self) -> str:
        if self.mode == Mode.HISTORICAL.value:
            return "History, every window of market years that fits the plan"
        return f"Monte Carlo, {fmt.count(self.paths)} paths, seed {self.seed}"


def rate_mode(plan: Plan) -> Mode:
    """The run whose success rate the library shows: the plan's own when it simulates (as
    the window shows it), Monte Carlo for an expected plan (one path has no rate)."""
    return Mode.HISTORICAL if plan.simulation.mode is Mode.HISTORICAL else Mode.MONTE_CARLO


def cache_file() -> Path:
    return data_dir() / "cache" / "library.json"


def move_to_trash(path: Path) -> bool:
    """Move a file to the system trash (Qt knows how on Windows, macOS and freedesktop
    systems); False where there is no trash to move it to."""
    moved = QFile.moveToTrash(str(path))
    return bool(moved[0] if isinstance(moved, tuple) else moved)


def show_folder(path: Path) -> bool:
    """Open the file manager on the folder holding ``path``."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def plan_problem(plan: Plan) -> str:
    """Why a loaded plan cannot be run ("" when it can)."""
    problems = validate(plan)
    return "; ".join(str(p) for p in problems)


def file_problem(path: Path, exc: BaseException) -> str:
    """A load error's reason without the file's path (the row already says which file).
    Any exception, not only PlanError: a hostile file may make the reader fail in any way
    (too deep, too long a number, not text, out of memory)."""
    if isinstance(exc, PlanError):
        text = "; ".join(exc.lines())
    elif isinstance(exc, RecursionError):
        text = "nested too deeply"
    elif isinstance(exc, MemoryError):
        text = "too large to read"
    else:
        text = f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())[:1000]
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def read_entry(path: Path, mtime: int, size: int) -> Entry:
    """Load ``path`` for the library, whatever it holds: never raises, never opens what is
    not a regular file."""
    problem = regular_file_problem(path)
    if problem:
        return Entry(mtime, size, path.stem, problem=problem, unreadable=True)
    try:
        plan = load_plan(path)
        name = str(plan.name)[:NAME_CHARS] or path.stem
        return Entry(mtime, size, name, plan.simulation.paths, plan.simulation.seed,
                     problem=plan_problem(plan))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the library
        return Entry(mtime, size, path.stem, problem=file_problem(path, exc) or "unreadable",
                     unreadable=True)


class PlanLibrary(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.main = window
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)  # one run at a time: the open plan's run comes first
        self.runner = TaskRunner(pool, self)
        self.generation = 0
        self.cache: dict[str, Entry] = self._load_cache()
        self._queued: set[tuple[str, int, int]] = set()
        self.folder_problem = ""  # why the plans folder cannot be used ("" when it can)
        self._noted: Stamp | None = None  # the open plan's change already noted

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
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.headerItem().setToolTip(FILE_COL, "The plan's file in the plans folder")
        self.tree.headerItem().setToolTip(SUCCESS_COL, SUCCESS_TIP)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.tree.setToolTip("Double-click a plan to open it; right-click to rename, move to "
                             "the trash or show it in its folder")
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

        self.watcher = QFileSystemWatcher(self)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self.watcher.directoryChanged.connect(lambda _p: self._refresh_timer.start())
        self.watcher.fileChanged.connect(lambda _p: self._refresh_timer.start())
        self.main.doc.path_changed.connect(self.watch_open)
        self.refresh()

    # ----- listing
    def _list(self) -> list[Path]:
        """The plan files of the plans folder; [] (and ``folder_problem`` says why) when the
        folder cannot be used."""
        try:
            folder = plans_dir()
            files = list_plans(folder)
        except OSError as exc:
            self.folder_problem = f"{exc.strerror or exc}"
            return []
        self.folder_problem = ""
        if str(folder) not in self.watcher.directories():
            self.watcher.addPath(str(folder))
        return files

    def refresh(self) -> None:
        files = self._list()
        self.tree.clear()
        for path in files:
            self.tree.addTopLevelItem(self._item(path))
        self._fit_columns()
        self.tree.setVisible(bool(files))
        self.empty.setVisible(not files)
        if self.folder_problem:
            self.empty.setText(f"The plans folder cannot be used ({self.folder_problem}): "
                               f"{plans_folder_path()}. Plans can still be opened and saved "
                               "elsewhere (File ▸ Open, Save As).")
        self.mark_current()
        self.watch_open()

    def watch_open(self) -> None:
        """Watch the open plan's file (wherever it is), and say once when another writer
        has changed it since this window opened or saved it."""
        path = self.main.doc.path
        old = [f for f in self.watcher.files() if path is None or f != str(path)]
        if old:  # a plan no longer open
            self.watcher.removePaths(old)
        if path is None:
            return
        if str(path) not in self.watcher.files() and path.exists():
            self.watcher.addPath(str(path))  # again after an atomic replace dropped it
        if not self.main.files.file_changed():
            self._noted = None
            return
        now = file_stamp(path)
        if now is not None and now != self._noted:
            self._noted = now
            self.main.status(CHANGED_NOTE)

    def _fit_columns(self) -> None:
        """The plan's name takes the room left; the others fit their text up to a cap (in
        characters), beyond which Qt elides it (a long file name, a reason a plan cannot be
        used: the tooltips hold all of it), so every column stays in the narrow panel."""
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COL, QHeaderView.ResizeMode.Stretch)
        char = self.tree.fontMetrics().averageCharWidth()
        for col, cap in ((FILE_COL, 18), (MODIFIED_COL, 14), (SUCCESS_COL, 22)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.resizeColumnToContents(col)
            header.resizeSection(col, min(header.sectionSize(col), cap * char + 12))

    def entry(self, path: Path) -> Entry:
        """The cached entry of ``path`` if the file is unchanged, else a fresh one (its rate
        unknown, or its problem when it cannot be used)."""
        key = str(path)
        try:
            stat = path.stat()
            mtime, size = stat.st_mtime_ns, stat.st_size
        except OSError:
            mtime, size = 0, 0
        cached = self.cache.get(key)
        if cached is not None and (cached.mtime, cached.size) == (mtime, size):
            return cached
        fresh = read_entry(path, mtime, size)
        self.cache[key] = fresh
        return fresh

    def _item(self, path: Path) -> QTreeWidgetItem:
        entry = self.entry(path)
        item = QTreeWidgetItem([entry.name, path.name, _when(entry.mtime), ""])
        item.setData(NAME_COL, PATH_ROLE, str(path))
        item.setToolTip(NAME_COL, theme.plain_tip(str(path)))
        item.setToolTip(FILE_COL, theme.plain_tip(str(path)))
        self._show_rate(item, entry)
        if entry.rate is None and not entry.problem:
            self._queue(path, entry)
        return item

    def _show_rate(self, item: QTreeWidgetItem, entry: Entry) -> None:
        item.setData(SUCCESS_COL, RATE_ROLE, entry.rate)
        if entry.problem:
            reason = entry.problem
            short = reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 1] + "…"
            if entry.unreadable:
                item.setText(SUCCESS_COL, f"cannot be read: {short}")
                item.setToolTip(SUCCESS_COL, theme.plain_tip(
                    f"This file cannot be read as a plan: {reason}."))
            else:
                item.setText(SUCCESS_COL, f"cannot be used: {short}")
                item.setToolTip(SUCCESS_COL, theme.plain_tip(
                    f"This plan cannot be used: {reason}. Open it to see and fix what is "
                    "wrong."))
            item.setTextAlignment(SUCCESS_COL, Qt.AlignmentFlag.AlignLeft
                                  | Qt.AlignmentFlag.AlignVCenter)
            grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
            for col in range(len(COLUMNS)):
                item.setForeground(col, grey)
            return
        item.setText(SUCCESS_COL, "…" if entry.rate is None else fmt.pct(entry.rate))
        item.setToolTip(SUCCESS_COL, f"Chance the savings last: {entry.basis} (the plan's "
                                     "own, as in the window)")
        item.setTextAlignment(SUCCESS_COL, Qt.AlignmentFlag.AlignRight
                              | Qt.AlignmentFlag.AlignVCenter)

    def items(self) -> list[QTreeWidgetItem]:
        count = self.tree.topLevelItemCount()
        return [it for i in range(count) if (it := self.tree.topLevelItem(i)) is not None]

    def item_for(self, path: Path | str) -> QTreeWidgetItem | None:
        key = str(path)
        return next((it for it in self.items() if it.data(NAME_COL, PATH_ROLE) == key), None)

    def mark_current(self) -> None:
        current = str(self.main.doc.path) if self.main.doc.path else None
        for item in self.items():
            font = QFont(item.font(NAME_COL))
            font.setBold(item.data(NAME_COL, PATH_ROLE) == current)
            item.setFont(NAME_COL, font)

    def selected_paths(self) -> list[Path]:
        return [Path(str(it.data(NAME_COL, PATH_ROLE))) for it in self.tree.selectedItems()]

    # ----- success rates in the background
    def _queue(self, path: Path, entry: Entry) -> None:
        key = str(path)
        stamp = (key, entry.mtime, entry.size)
        if stamp in self._queued:
            return
        self._queued.add(stamp)
        generation = self.generation

        def job(progress: Progress, cancel: Cancel) -> tuple[tuple[str, int, int], Entry]:
            problem = regular_file_problem(path)
            if problem:  # replaced meanwhile by a pipe or a device: never opened
                return stamp, Entry(entry.mtime, entry.size, entry.name, problem=problem,
                                    unreadable=True)
            try:
                plan = load_plan(path)
            except Exception as exc:  # noqa: BLE001 - changed meanwhile into a bad file
                return stamp, Entry(entry.mtime, entry.size, entry.name,
                                    problem=file_problem(path, exc), unreadable=True)
            try:
                # The plan's own mode, count and seed: the figure the window shows for it.
                mode = rate_mode(plan)
                result = project(plan, mode=mode, paths=plan.simulation.paths,
                                 seed=plan.simulation.seed, cancel=cancel)
            except PlanError as exc:  # changed meanwhile into a plan that cannot be used
                return stamp, Entry(entry.mtime, entry.size, entry.name,
                                    problem=file_problem(path, exc))
            return stamp, Entry(entry.mtime, entry.size, entry.name, plan.simulation.paths,
                                plan.simulation.seed, result.summary.success_rate,
                                mode=mode.value)

        self.runner.start(job, self._rate_done, lambda _n, _e: self._queued.discard(stamp),
                          cancel=lambda: self.generation != generation)

    def _rate_done(self, _number: int, value: Any, _seconds: float) -> None:
        stamp, done = value
        self._queued.discard(stamp)
        key = stamp[0]
        cached = self.cache.get(key)
        if cached is None or (cached.mtime, cached.size) != (done.mtime, done.size):
            return  # the file changed meanwhile; its new version is queued
        self.cache[key] = done
        item = self.item_for(key)
        if item is not None:
            self._show_rate(item, done)
            self._fit_columns()
        self._save_cache()

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def stop(self) -> None:
        self.generation += 1
        self.runner.wait()

    # ----- cache on disk
    def _load_cache(self) -> dict[str, Entry]:
        try:
            data = json.loads(cache_file().read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("basis") != CACHE_BASIS:
                return {}  # made by another definition of the figure (or none): run again
            return {str(k): Entry(**v) for k, v in data["plans"].items()}
        except Exception:  # noqa: BLE001 - a damaged cache is only a slower start
            return {}

    def _save_cache(self) -> None:
        known = {k: asdict(v) for k, v in self.cache.items()
                 if v.rate is not None or v.problem}
        try:
            cache_file().parent.mkdir(parents=True, exist_ok=True)
            cache_file().write_text(json.dumps({"basis": CACHE_BASIS, "plans": known}),
                                    encoding="utf-8")
        except OSError:
            log.warning("could not write the library cache", exc_info=True)

    # ----- acting
    def open_item(self, item: QTreeWidgetItem) -> None:
        path = Path(str(item.data(NAME_COL, PATH_ROLE)))
        if self.main.doc.path is not None and path == self.main.doc.path:
            return
        self.main.files.open_path(path)

    def is_open(self, path: Path) -> bool:
        return self.main.doc.path is not None and Path(self.main.doc.path) == Path(path)

    def rename(self, path: Path) -> Path | None:
        """Rename a plan's file (the plan's name inside stays); the window follows when it is
        the open plan. Returns the new path, or None when nothing was renamed."""
        text = dialogs.ask_text(self, "Rename plan file", f"New name for “{path.name}”:",
                                path.stem)
        if text is None:
            return None
        stem = text[:-len(PLAN_SUFFIX)] if text.lower().endswith(PLAN_SUFFIX) else text
        target = path.with_name(f"{safe_file_name(stem)}{PLAN_SUFFIX}")
        if target == path:
            return None
        same_file = target.exists() and path.exists() and target.samefile(path)  # case only
        if target.exists() and not same_file:
            dialogs.show_error(self, "Cannot rename plan",
                               f"There is already a plan file called “{target.name}”.",
                               ["Choose another name; the plan was not renamed."])
            return None
        try:
            path.rename(target)
        except OSError as exc:
            dialogs.show_error(self, "Cannot rename plan",
                               f"“{path.name}” could not be renamed.",
                               [exc.strerror or str(exc)])
            return None
        entry = self.cache.pop(str(path), None)
        if entry is not None:  # a rename keeps the file's time: its rate still holds
            self.cache[str(target)] = entry
        ui_settings.replace_recent(path, target)
        if self.is_open(path):
            doc = self.main.doc
            doc.path = target  # Save now writes the new file, not the old name again
            disk = self.main.disk
            # The same file, the same version: a change by someone else still shows.
            disk.remember(target, disk.known if disk.path == path else None)
            doc.path_changed.emit()
            self.main.recovery.write_now()  # unsaved edits now belong to the new file
        self.refresh()
        self.main.status(f"Renamed {path.name} to {target.name}")
        return target

    def delete(self, paths: list[Path]) -> list[Path]:
        """Move plan files to the system trash; where there is none, delete them after a
        confirmation. The open plan is only removed after a confirmation, and stays open as
        an unsaved plan (closing the window then asks to save it). Returns what was removed."""
        if not paths:
            return []
        open_one = next((p for p in paths if self.is_open(p)), None)
        if open_one is not None and not dialogs.confirm(
                self, "Delete the open plan?",
                f"“{self.main.doc.plan.name or open_one.stem}” ({open_one.name}) is open.",
                "Its file goes to the trash. The plan stays open in the window as an unsaved "
                "plan: save it to keep it.", "Move to Trash"):
            return []
        removed: list[Path] = []
        for_good: list[Path] = []
        for path in paths:
            if move_to_trash(path):
                removed.append(path)
            elif path.exists():
                for_good.append(path)
        if for_good and dialogs.confirm(
                self, "Delete for good?",
                f"{', '.join(f'“{p.name}”' for p in for_good)} cannot be moved to the trash "
                "here.", "Delete permanently? This cannot be undone.", "Delete"):
            for path in for_good:
                try:
                    path.unlink()
                    removed.append(path)
                except OSError as exc:
                    dialogs.show_error(self, "Cannot delete plan",
                                       f"“{path.name}” could not be deleted.",
                                       [exc.strerror or str(exc)])
        for path in removed:
            self.cache.pop(str(path), None)
            ui_settings.remove_recent(path)
            if self.is_open(path):
                doc = self.main.doc
                doc.path = None  # Save asks where; the plan is no longer on disk
                self.main.disk.forget()
                doc.undo_stack.resetClean()  # modified: closing asks before losing it
                doc.path_changed.emit()
        if removed:
            self.refresh()
            self._save_cache()
            gone = ", ".join(f"“{p.name}”" for p in removed)
            self.main.status(f"Moved {gone} to the trash" if not for_good
                             else f"Deleted {gone}")
        return removed

    def show_in_folder(self, path: Path) -> None:
        if not show_folder(path):
            self.main.status(f"Could not open the folder {path.parent}")

    def menu_for(self, item: QTreeWidgetItem | None) -> QMenu:
        """The context menu of ``item`` (None: the empty space below the plans)."""
        menu = QMenu(self)
        if item is not None:
            path = Path(str(item.data(NAME_COL, PATH_ROLE)))
            menu.addAction("Open", lambda: self.open_item(item))
            menu.addAction("Rename…", lambda: self.rename(path))
            chosen = self.selected_paths() if item.isSelected() else [path]
            menu.addAction("Move to Trash" if len(chosen) == 1
                           else f"Move {len(chosen)} Plans to Trash",
                           lambda: self.delete(chosen))
            menu.addAction("Show in Folder", lambda: self.show_in_folder(path))
            menu.addSeparator()
        if len(self.tree.selectedItems()) >= 2:
            menu.addAction("Compare Selected",
                           lambda: self.main.scenarios.compare(self.selected_paths()))
        menu.addAction("Refresh", self.refresh)
        return menu

    def _menu(self, pos: QPoint) -> None:
        self.menu_for(self.tree.itemAt(pos)).exec(self.tree.viewport().mapToGlobal(pos))


def plans_folder_path() -> Path:
    """The plans folder's path, without creating it."""
    return data_dir() / "plans"


def _when(mtime_ns: int) -> str:
    if not mtime_ns:
        return ""
    try:
        stamp = datetime.fromtimestamp(mtime_ns / 1e9)
    except (OverflowError, OSError, ValueError):
        return ""
    if stamp.date() == datetime.now().date():
        return stamp.strftime("today %H:%M")
    return stamp.strftime("%Y-%m-%d")
