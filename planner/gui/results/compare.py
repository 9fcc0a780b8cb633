"""Compare scenarios side by side: the plans to compare (the open one with its unsaved edits,
and any in the plans folder), their medians overlaid, and the key figures with differences.

Every plan is run with the same mode, path count and seed (common random numbers), so the
differences come from the plans, not from luck. The runs happen on the worker pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.backend_bases import Event, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.charts.comparison import draw_comparison, hover_comparison
from planner.charts.style import make_figure
from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan
from planner.core.result import Result
from planner.core.storage import list_plans, load_plan, plans_dir
from planner.gui.worker import Cancel, Progress, TaskRunner
from planner.report.comparison import comparison_table, comparison_text

if TYPE_CHECKING:
    import pandas as pd

    from planner.gui.main_window import MainWindow

COMPARE_PATHS = 2_000
OPEN_PLAN = "(open)"
Index = QModelIndex | QPersistentModelIndex
MODE_CHOICES = (("Monte Carlo", Mode.MONTE_CARLO), ("History", Mode.HISTORICAL),
                ("Expected", Mode.EXPECTED))


class TextFrameModel(QAbstractTableModel):
    """A read-only model of a DataFrame of strings (row labels from its index)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.frame: pd.DataFrame | None = None

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.frame is None else len(self.frame.index)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.frame is None else len(self.frame.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.frame is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.frame.iat[index.row(), index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.frame is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            text = str(self.frame.columns[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return text
            if role == Qt.ItemDataRole.DisplayRole:  # "B vs A" on two lines: narrower columns
                return text.replace(" vs ", "\nvs ")
            return None
        return str(self.frame.index[section]) if role == Qt.ItemDataRole.DisplayRole else None


class ComparisonCanvas(FigureCanvasQTAgg):
    def __init__(self, readout: QLabel) -> None:
        super().__init__(make_figure(8.0, 4.0))
        self.figure.set_facecolor("white")
        self.readout = readout
        self.results: list[Result] = []
        self.labels: list[str] = []
        self.real = True
        self.setAccessibleName("Scenarios compared chart")
        self.setMinimumHeight(260)
        self.mpl_connect("motion_notify_event", self._motion)

    def show(self, results: list[Result], labels: list[str], real: bool) -> None:  # type: ignore[override]
        self.results, self.labels, self.real = results, labels, real
        self.figure.clear()
        draw_comparison(self.figure.add_subplot(), results, labels, real)
        self.draw_idle()

    @property
    def axes(self) -> Any:
        return self.figure.axes[0] if self.figure.axes else None

    def _motion(self, event: Event) -> None:
        text = ""
        if isinstance(event, MouseEvent) and event.inaxes is not None and self.results:
            text = hover_comparison(self.results, self.labels, event.xdata, self.real)
        self.readout.setText(text or " ")


class CompareDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.setWindowTitle("Compare scenarios")
        self.resize(1200, 760)
        self.runner = TaskRunner(parent=self)
        self.paths = COMPARE_PATHS
        self.generation = 0
        self.results: list[Result] = []
        self.labels: list[str] = []
        self.table_numbers: pd.DataFrame | None = None

        self.choices = QListWidget()
        self.choices.setAccessibleName("Plans to compare")
        self.choices.setToolTip("Tick two or more plans")
        self.choices.itemChanged.connect(lambda _item: self._choices_changed())
        self.mode = QComboBox()
        self.mode.setAccessibleName("Returns mode of the comparison")
        for text, mode in MODE_CHOICES:
            self.mode.addItem(text, mode)
        self.mode.currentIndexChanged.connect(lambda _i: self.run_if_ready())
        self.real = QComboBox()
        self.real.addItems(["Today's $", "Future $"])
        self.real.setAccessibleName("Dollars of the chart")
        self.real.currentIndexChanged.connect(lambda _i: self._draw())
        self.run_button = QPushButton("Compare")
        self.run_button.setAccessibleName("Compare the ticked plans")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(lambda _=False: self.run())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>Plans</b> (tick two or more)"))
        lv.addWidget(self.choices, 1)
        lv.addWidget(QLabel("Returns"))
        lv.addWidget(self.mode)
        lv.addWidget(QLabel("Chart in"))
        lv.addWidget(self.real)
        lv.addWidget(self.run_button)

        self.readout = QLabel(" ")
        self.readout.setStyleSheet("color: palette(placeholder-text);")
        self.canvas = ComparisonCanvas(self.readout)
        self.model = TextFrameModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Key figures compared")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(2 * header.fontMetrics().lineSpacing() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel("Money in today's dollars. Differences are against the first plan.")
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.canvas, 1)
        rv.addWidget(self.readout)
        rv.addWidget(self.table)
        rv.addWidget(self.note)
        rv.addWidget(self.progress)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 940])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

    # ----- choosing
    def load_choices(self, checked: list[Path] | None = None) -> None:
        """The open plan first, then every plan in the plans folder."""
        doc = self.main.doc
        wanted = {str(p) for p in checked} if checked else None
        files = [p for p in list_plans(plans_dir()) if p != doc.path]
        self.choices.blockSignals(True)
        self.choices.clear()
        open_label = f"{doc.plan.name or 'Untitled'} (open{', unsaved' if doc.modified else ''})"
        self._add_choice(open_label, OPEN_PLAN,
                         wanted is None or (doc.path is not None and str(doc.path) in wanted))
        for path in files:
            try:
                name = load_plan(path).name or path.stem
            except PlanError:
                continue
            default = len(files) <= 3 if wanted is None else str(path) in wanted
            self._add_choice(name, str(path), default)
        self.choices.blockSignals(False)
        self._choices_changed()

    def _add_choice(self, text: str, key: str, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(key if key != OPEN_PLAN else "The plan open in the window, as it is now")
        self.choices.addItem(item)

    def set_checked(self, keys: list[str]) -> None:
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[tuple[str, Plan]]:
        out: list[tuple[str, Plan]] = []
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            key = str(item.data(Qt.ItemDataRole.UserRole))
            try:
                plan = self.main.doc.plan if key == OPEN_PLAN else load_plan(Path(key))
            except PlanError:
                continue
            out.append((plan.name or Path(key).stem, plan))
        return _distinct_labels(out)

    def _choices_changed(self) -> None:
        self.run_button.setEnabled(len(self.chosen()) >= 2)

    # ----- running
    def run_if_ready(self) -> None:
        if len(self.chosen()) >= 2:
            self.run()

    def run(self) -> None:
        chosen = self.chosen()
        if len(chosen) < 2:
            return
        self.generation += 1
        generation = self.generation
        mode = self.mode.currentData()
        paths = self.paths

        def job(progress: Progress, cancel: Cancel) -> tuple[list[Result], list[str]]:
            results = []
            seed = chosen[0][1].simulation.seed
            for k, (_label, plan) in enumerate(chosen):

                def part(fraction: float, k: int = k) -> None:
                    progress((k + fraction) / len(chosen))

                results.append(project(plan, mode=mode, paths=paths, seed=seed,
                                       cancel=cancel, progress=part))
            return results, [label for label, _plan in chosen]

        self.progress.show()
        self.progress.setValue(0)

        def done(n: int, value: Any, seconds: float) -> None:
            if generation == self.generation:
                self._done(n, value, seconds)

        def failed(n: int, exc: BaseException) -> None:
            if generation == self.generation:
                self._failed(n, exc)

        def progressed(_n: int, fraction: float) -> None:
            self.progress.setValue(int(fraction * 1000))

        self.runner.start(job, done, failed, progressed,
                          cancel=lambda: self.generation != generation)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _done(self, _n: int, value: Any, _seconds: float) -> None:
        self.progress.hide()
        self.results, self.labels = value
        self.table_numbers = comparison_table(self.results, self.labels)
        self.model.set_frame(comparison_text(self.results, self.labels))
        rows = self.model.rowCount()
        header = self.table.horizontalHeader().height()
        self.table.setFixedHeight(header + sum(self.table.rowHeight(r) for r in range(rows)) + 4)
        self._draw()

    def _failed(self, _n: int, exc: BaseException) -> None:
        self.progress.hide()
        message = "; ".join(exc.lines()) if isinstance(exc, PlanError) else str(exc)
        self.note.setText(f"<span style='color:#b3261e'>Could not compare: {message}</span>")

    def _draw(self) -> None:
        if self.results:
            self.canvas.show(self.results, self.labels, self.real.currentIndex() == 0)

    def done(self, code: int) -> None:
        self.generation += 1
        super().done(code)


def _distinct_labels(items: list[tuple[str, Plan]]) -> list[tuple[str, Plan]]:
    seen: dict[str, int] = {}
    out = []
    for label, plan in items:
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append((label if n == 1 else f"{label} ({n})", plan))
    return out
