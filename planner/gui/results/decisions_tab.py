"""The "Decisions and goals" tab under the charts: the Decisions panel above the Goals panel,
scrolling together when the window is short.

It follows the open plan itself (``bind``), so the window only hands it the plan document and
the ways to save and open a scenario.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from planner.core.goals import Goals
from planner.core.model import Plan
from planner.core.optimize import Answer
from planner.gui.document import PlanDocument
from planner.gui.results.decisions import DecisionsPanel, OpenPath, SaveScenario
from planner.gui.results.goals import GoalsPanel
from planner.gui.worker import TaskRunner


class DecisionsTab(QScrollArea):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Decisions and goals")
        self.decisions = DecisionsPanel(runner)
        self.goals = GoalsPanel(runner)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(10)
        layout.addWidget(self.decisions)
        layout.addWidget(self.goals)
        layout.addStretch(1)
        self.setWidget(body)
        # An answer that arrives is brought into view (the panel may be scrolled elsewhere).
        self.decisions.answered.connect(lambda: self._reveal(self.decisions))
        self.goals.answered.connect(lambda: self._reveal(self.goals))

    def _reveal(self, panel: QWidget) -> None:
        """Scroll to the top of ``panel``, once the layout has made room for its answer."""

        def scroll() -> None:
            body = self.widget()
            if body is not None:
                self.verticalScrollBar().setValue(panel.mapTo(body, QPoint(0, 0)).y())

        QTimer.singleShot(0, self, scroll)

    def bind(self, doc: PlanDocument, save_scenario: SaveScenario, open_path: OpenPath) -> None:
        """Follow ``doc``'s plan; "Apply to a new scenario" saves with ``save_scenario`` (which
        asks for the name) and its link opens the copy with ``open_path``."""
        self.decisions.save_scenario = save_scenario
        self.decisions.open_path = open_path
        doc.changed.connect(lambda: self.set_plan(doc.plan))
        self.set_plan(doc.plan)

    def set_plan(self, plan: Plan) -> None:
        self.decisions.set_plan(plan)
        self.goals.set_plan(plan)

    def answers_for(self, plan: Plan) -> tuple[Answer, ...]:
        return self.decisions.answers_for(plan)

    def goals_for(self, plan: Plan) -> Goals | None:
        return self.goals.goals_for(plan)

    def cancel(self) -> None:
        """Stop both searches (closing the window)."""
        self.decisions.cancel()
        self.goals.cancel()

