"""Compare scenarios side by side: the plans to compare (the open one with its unsaved edits,
and any in the plans folder), their medians overlaid, and the key figures with differences.

Every plan is run in the chosen mode with its own path count and seed (Simulation ▸ Paths
and Seed), so each shows the figure the window, the library, the PDF and ``planner-cli``
show for it. Scenarios made from one another share their count and seed, and so their random
paths (common random numbers): their differences come from the plans, not from luck; the note
under the table says when they do not. A ticked plan that cannot be used (it does not load or
does not validate) is left out, and the message above the table names it, its file and why.
The runs happen on the worker pool.
"""

from __future__ import annotations

import html
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

from planner import format as fmt
from planner.charts.comparison import draw_comparison, hover_comparison
from planner.charts.style import make_figure
from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan
from planner.core.result import Result
from planner.core.storage import list_plans, load_plan, plans_dir
from planner.core.validate import validate
from planner.gui import theme
from planner.gui.files.file_state import regular_file_problem
from planner.gui.results.answer_parts import plain_tip
from planner.gui.worker import Cancel, Progress, TaskRunner
from planner.report.comparison import comparison_table, comparison_text

if TYPE_CHECKING:
    import pandas as pd

    from planner.gui.main_window import MainWindow

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
        self.readout.setTextFormat(Qt.TextFormat.PlainText)  # hover text names plans
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
        self.skipped = QLabel("")
        self.skipped.setAccessibleName("Plans left out of the comparison")
        self.skipped.setWordWrap(True)
        self.skipped.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped.setStyleSheet(theme.error_style())
        self.skipped.hide()
        self.note = QLabel(MONEY_NOTE)
        self.note.setTextFormat(Qt.TextFormat.RichText)  # plan names in it are escaped
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.skipped)
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
        try:
            files = [p for p in list_plans(plans_dir()) if p != doc.path]
        except OSError:  # an unusable data folder: the open plan alone (the window says why)
            files = []
        self.choices.blockSignals(True)
        self.choices.clear()
        open_label = f"{doc.plan.name or 'Untitled'} (open{', unsaved' if doc.modified else ''})"
        self._add_choice(open_label, OPEN_PLAN,
                         wanted is None or (doc.path is not None and str(doc.path) in wanted))
        for path in files:
            name, usable = path.stem, False
            if not regular_file_problem(path):  # a pipe or a device is never opened
                try:
                    plan = load_plan(path)
                    name = plan.name or path.stem
                    usable = not validate(plan)
                except Exception:  # noqa: BLE001 - any unreadable file is just not usable
                    pass
            # Ticked when asked for (a bad one is then named), else only when it can be
            # compared.
            default = str(path) in wanted if wanted is not None else usable and len(files) <= 3
            # Listed even when it cannot be used: ticked, it is named in the message.
            self._add_choice(name if usable else f"{name} (cannot be used)", str(path), default)
        self.choices.blockSignals(False)
        self._choices_changed()

    def _add_choice(self, text: str, key: str, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(plain_tip(key) if key != OPEN_PLAN
                        else "The plan open in the window, as it is now")
        self.choices.addItem(item)

    def set_checked(self, keys: list[str]) -> None:
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[tuple[str, Plan]]:
        """The ticked plans that can be run, with distinct labels."""
        return self.gather()[0]

    def gather(self) -> tuple[list[tuple[str, Plan]], list[str]]:
        """(the ticked plans that can be run, a line for each ticked one that cannot:
        its name, its file and why)."""
        out: list[tuple[str, Plan]] = []
        left_out: list[str] = []
        doc = self.main.doc
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            key = str(item.data(Qt.ItemDataRole.UserRole))
            path = doc.path if key == OPEN_PLAN else Path(key)
            file = path.name if path is not None else "not saved"
            problem = "" if key == OPEN_PLAN else regular_file_problem(Path(key))
            if problem:
                left_out.append(_left_out(Path(key).stem, file, problem))
                continue
            try:
                plan = doc.plan if key == OPEN_PLAN else load_plan(Path(key))
            except PlanError as exc:
                left_out.append(_left_out(Path(key).stem, file, _reason(exc.lines(), path)))
                continue
            except Exception as exc:  # noqa: BLE001 - unreadable in any other way
                left_out.append(_left_out(Path(key).stem, file, str(exc) or type(exc).__name__))
                continue
            name = plan.name or (path.stem if path is not None else "Untitled")
            problems = validate(plan)
            if problems:
                left_out.append(_left_out(name, file, _reason([str(p) for p in problems])))
                continue
            out.append((name, plan))
        return _distinct_labels(out), left_out

    def _choices_changed(self) -> None:
        chosen, left_out = self.gather()
        self.run_button.setEnabled(len(chosen) >= 2)
        self._show_left_out(left_out)

    def _show_left_out(self, lines: list[str]) -> None:
        self.skipped.setText("\n".join(lines))
        self.skipped.setVisible(bool(lines))

    # ----- running
    def run_if_ready(self) -> None:
        if len(self.chosen()) >= 2:
            self.run()

    def run(self) -> None:
        chosen, left_out = self.gather()
        self._show_left_out(left_out)
        if len(chosen) < 2:
            return
        self.generation += 1
        generation = self.generation
        mode = self.mode.currentData()

        def job(progress: Progress, cancel: Cancel) -> tuple[list[Result], list[str]]:
            results = []
            for k, (_label, plan) in enumerate(chosen):

                def part(fraction: float, k: int = k) -> None:
                    progress((k + fraction) / len(chosen))

                # The plan's own count and seed: the figure the window shows for it.
                results.append(project(plan, mode=mode, paths=plan.simulation.paths,
                                       seed=plan.simulation.seed, cancel=cancel,
                                       progress=part))
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
        self.note.setText(html.escape(f"{MONEY_NOTE} {runs_note(self.results, self.labels)}"
                                      .strip()))
        self._draw()

    def _failed(self, _n: int, exc: BaseException) -> None:
        self.progress.hide()
        message = "; ".join(exc.lines()) if isinstance(exc, PlanError) else str(exc)
        self.note.setText(f"<span style='{theme.error_style()}'>Could not compare: "
                          f"{html.escape(message)}</span>")

    def _draw(self) -> None:
        if self.results:
            self.canvas.show(self.results, self.labels, self.real.currentIndex() == 0)

    def done(self, code: int) -> None:
        self.generation += 1
        super().done(code)


MONEY_NOTE = "Money in today's dollars. Differences are against the first plan."
REASON_LINES = 3  # of a plan's problems in the message; the rest are counted


def _reason(lines: list[str], path: Path | None = None) -> str:
    prefix = f"{path}: "
    lines = [line[len(prefix):] if path is not None and line.startswith(prefix) else line
             for line in lines]
    more = len(lines) - REASON_LINES
    return "; ".join(lines[:REASON_LINES]) + (f"; and {more} more" if more > 0 else "")


def _left_out(name: str, file: str, reason: str) -> str:
    return f"Left out: “{name}” ({file}) cannot be used: {reason}"


def runs_note(results: list[Result], labels: list[str]) -> str:
    """How the plans were run: the plans' own path counts and seeds, and whether they share
    their random paths (Monte Carlo; history is the same years for every plan)."""
    if not results or results[0].mode != Mode.MONTE_CARLO.value:
        return "Each plan runs on the same historical years." if results and \
            results[0].mode == Mode.HISTORICAL.value else ""
    bases = [(r.n_paths, r.plan.simulation.seed) for r in results]
    if len(set(bases)) == 1:
        n, seed = bases[0]
        return (f"Each plan runs its own {fmt.count(n)} Monte Carlo paths with seed {seed} "
                "(as in the window): the same random paths, so the differences come from the "
                "plans.")
    each = "; ".join(f"{label}: {fmt.count(n)} paths, seed {seed}"
                     for label, (n, seed) in zip(labels, bases, strict=True))
    return (f"Each plan runs its own Monte Carlo paths and seed, as in the window ({each}): "
            "not the same random paths, so part of the differences is chance.")


def _distinct_labels(items: list[tuple[str, Plan]]) -> list[tuple[str, Plan]]:
    seen: dict[str, int] = {}
    out = []
    for label, plan in items:
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append((label if n == 1 else f"{label} ({n})", plan))
    return out
