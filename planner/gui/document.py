"""The open plan: the current Plan value, its file, and an undo stack of edits.

Every edit makes a new frozen Plan (``binding.set_value`` or a whole replacement) and goes
through the QUndoStack, so Undo/Redo and the "modified" flag (the stack's clean state) come
for free. Widgets listen to ``changed`` and never hold plan values of their own.

The keystrokes of one visit to a field are one undo step: they merge until the field says
its edit is over (``end_edit``: Enter or focus-out), and Undo first takes (or refuses) what
a field still holds typed (``commit_hook``), so that edit is undone as one step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

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
        self.session = doc._session

    def redo(self) -> None:
        self.doc._apply(self.new)

    def undo(self) -> None:
        self.doc._apply(self.old)

    def id(self) -> int:
        # Consecutive keystrokes in one field merge into one undo step.
        return _SET_VALUE_ID if self.path else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, _Edit) or other.path != self.path
                or other.session != self.session):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # typed back to where it was: no step at all
        return True


class PlanDocument(QObject):
    changed = Signal()  # the plan value changed (edit, undo, redo, open)
    edit_ended = Signal()  # a field's edit is over (Enter, focus-out, undo)
    stepped = Signal()  # Undo or Redo went a step (what a field refused is past)
    reset_done = Signal()  # a different plan was opened or created
    modified_changed = Signal(bool)
    path_changed = Signal()

    def __init__(self, plan: Plan, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.plan = plan
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._session = 0  # edits merge only within one session (see end_edit)
        # Takes what a field holds typed before an undo or redo; True when it refused it
        # (the field went back to its value: that was the undo). Set by the editor.
        self.commit_hook: Callable[[], bool] | None = None

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

    def end_edit(self) -> None:
        """The edit of a field is over (Enter, focus-out): its next keystrokes are a new step."""
        self._session += 1
        self.edit_ended.emit()

    def undo(self) -> None:
        """Edit ▸ Undo: what a field holds typed is taken first, then undone with the rest
        of that edit; typing that was refused is just taken back."""
        if not self._take_pending():
            self.undo_stack.undo()
            self.stepped.emit()

    def redo(self) -> None:
        if not self._take_pending():
            self.undo_stack.redo()
            self.stepped.emit()

    def create_undo_action(self, parent: QObject) -> QAction:
        """Like QUndoStack.createUndoAction, through ``undo`` (a field's typing first)."""
        return self._action(parent, "&Undo", self.undo, self.undo_stack.canUndoChanged,
                            self.undo_stack.undoTextChanged, self.undo_stack.canUndo(),
                            self.undo_stack.undoText())

    def create_redo_action(self, parent: QObject) -> QAction:
        return self._action(parent, "&Redo", self.redo, self.undo_stack.canRedoChanged,
                            self.undo_stack.redoTextChanged, self.undo_stack.canRedo(),
                            self.undo_stack.redoText())

    def reset(self, plan: Plan, path: Path | None) -> None:
        """Open a different plan: forget the undo history, mark unmodified."""
        self.end_edit()
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

    def _take_pending(self) -> bool:
        refused = self.commit_hook() if self.commit_hook is not None else False
        self.end_edit()
        return refused

    @staticmethod
    def _action(parent: QObject, name: str, slot: Callable[[], None], can: Any, what: Any,
                enabled: bool, text: str) -> QAction:
        action = QAction(f"{name} {text}".rstrip(), parent)
        action.setEnabled(enabled)
        action.triggered.connect(lambda _=False: slot())
        can.connect(action.setEnabled)
        what.connect(lambda words: action.setText(f"{name} {words}".rstrip()))
        return action

    def _apply(self, plan: Plan) -> None:
        self.plan = plan
        self.changed.emit()


class UndoKeys(QObject):
    """Ctrl+Z and Ctrl+Shift+Z (the shortcuts of ``undo`` and ``redo``) undo and redo the plan
    wherever focus is in ``window``. A text or number input takes those keys for its own text
    otherwise: after Tab, the next, untouched field would swallow them. Each widget of the
    window that takes focus gets this filter and keeps it: only the focused widget receives
    keys, and a filter is never removed from a widget that may be gone (an input Qt made
    itself, such as a spin box's line edit, can be deleted without Python knowing, so
    touching it later would crash)."""

    def __init__(self, window: QWidget, undo: QAction, redo: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.actions = (undo, redo)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, QApplication.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.window):
            return  # the window is gone (its children with it)
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)  # once per widget: Qt keeps no duplicates

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        keys = QKeySequence(event.keyCombination())
        action = next((a for a in self.actions
                       if any(keys.matches(s) == QKeySequence.SequenceMatch.ExactMatch
                              for s in a.shortcuts())), None)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # "the widget wants this key": it comes back as a KeyPress, here
        else:
            action.trigger()  # does nothing while there is nothing to undo
        return True
