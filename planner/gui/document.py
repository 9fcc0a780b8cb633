"""The open plan: the current Plan value, its file, and an undo stack of edits.

Every edit makes a new frozen Plan (``binding.set_value`` or a whole replacement) and goes
through the QUndoStack, so Undo/Redo and the "modified" flag (the stack's clean state) come
for free. Widgets listen to ``changed`` and never hold plan values of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.core.model import Plan
from planner.gui.editor import binding

_SET_VALUE_ID = 1


class _Edit(QUndoCommand):
    def __init__(self, doc: PlanDocument, old: Plan, new: Plan, text: str, path: str = "") -> None:
        super().__init__(text)
        self.doc = doc
        self.old = old
        self.new = new
        self.path = path

    def redo(self) -> None:
        self.doc._apply(self.new)

    def undo(self) -> None:
        self.doc._apply(self.old)

    def id(self) -> int:
        # Consecutive keystrokes in one field merge into one undo step.
        return _SET_VALUE_ID if self.path else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other.path != self.path:
            return False
        self.new = other.new
        return True


class PlanDocument(QObject):
    changed = Signal()  # the plan value changed (edit, undo, redo, open)
    reset_done = Signal()  # a different plan was opened or created
    modified_changed = Signal(bool)
    path_changed = Signal()

    def __init__(self, plan: Plan, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.plan = plan
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def set_value(self, path: str, value: Any) -> None:
        """One field changed; a no-op when the value is already there."""
        try:
            if binding.get_value(self.plan, path) == value:
                return
            new = binding.set_value(self.plan, path, value)
        except (AttributeError, IndexError, TypeError):
            return  # a widget of a row that was just removed; nothing to change
        label = path.rsplit(".", 1)[-1].replace("_", " ")
        self.undo_stack.push(_Edit(self, self.plan, new, f"Change {label}", path))

    def set_plan(self, plan: Plan, path: str) -> None:
        """An edit of the field at ``path`` that changes other values with it (renaming an
        account renames what refers to it); keystrokes merge into one step like set_value."""
        if plan != self.plan:
            label = path.rsplit(".", 1)[-1].replace("_", " ")
            self.undo_stack.push(_Edit(self, self.plan, plan, f"Change {label}", path))

    def replace(self, plan: Plan, text: str) -> None:
        """A structural edit (add/remove a person, account, row) as one undo step."""
        if plan != self.plan:
            self.undo_stack.push(_Edit(self, self.plan, plan, text))

    def reset(self, plan: Plan, path: Path | None) -> None:
        """Open a different plan: forget the undo history, mark unmodified."""
        self.undo_stack.clear()
        self.plan = plan
        self.path = path
        self.undo_stack.setClean()
        self.reset_done.emit()
        self.changed.emit()
        self.path_changed.emit()
        self.modified_changed.emit(False)

    def restore(self, plan: Plan, path: Path | None, base: Plan) -> None:
        """Open ``base`` (the plan as last saved) and put ``plan``'s edits on top as one
        undoable, unsaved step: a recovered plan is modified until it is saved."""
        self.reset(base, path)
        self.replace(plan, "Restore unsaved changes")

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.path_changed.emit()
        self.modified_changed.emit(False)

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def _apply(self, plan: Plan) -> None:
        self.plan = plan
        self.changed.emit()
