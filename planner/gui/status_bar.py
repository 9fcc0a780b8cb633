"""The status bar: a message (with a link to a field at fault), progress of the background run
with its Cancel button, and the today's $ / future $ switch."""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from planner.gui import theme

STEPS = 100
PAINT_EVERY = 0.05  # seconds


def escape(text: str) -> str:
    """Text (a plan's or a file's name, a problem) for the rich-text status label."""
    return html.escape(text, quote=True)


class StatusBar:
    """Builds the widgets on a QMainWindow's status bar and says what runs."""

    def __init__(
        self,
        bar: QStatusBar,
        reveal: Callable[[str], None],
        cancel: Callable[[], None],
        dollar_actions: Iterable[QAction],
    ) -> None:
        self.bar = bar
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName("Status")
        self.label.linkActivated.connect(reveal)
        self.activity = QLabel()
        self.activity.setTextFormat(Qt.TextFormat.PlainText)  # e.g. "Writing <file name>…"
        self.activity.setAccessibleName("Background work")
        self.activity.setStyleSheet("color: palette(placeholder-text);")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of the background run")
        self.progress.setRange(0, STEPS)
        self._shown_at = 0.0
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the background run (Esc); the preview stays")
        self.cancel_button.setAccessibleName("Cancel the background run")
        self.cancel_button.clicked.connect(lambda _=False: cancel())
        bar.addWidget(self.label, 1)
        bar.addPermanentWidget(self.activity)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        for action in dollar_actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setAccessibleName(action.text())
            bar.addPermanentWidget(button)
        self.end_busy()

    def show(self, text: str) -> None:
        self.label.setText(escape(text))

    def show_error(self, text: str, more: str = "", link: str | None = None) -> None:
        text_html = (f"<span style='color:{theme.color('error')}'>{escape(text)}</span>"
                     f"{escape(more)}")
        if link is not None:
            text_html += f" &nbsp;<a href='{escape(link)}'>Show</a>"
        self.label.setText(text_html)

    def begin_busy(self, what: str, cancellable: bool = True, fraction: float = 0.0) -> None:
        self.activity.setText(what)
        self.activity.show()
        self.progress.show()
        self._shown_at = 0.0
        self.progress.setValue(int(fraction * STEPS))
        self.cancel_button.setVisible(cancellable)

    def set_fraction(self, fraction: float) -> None:
        """At most every PAINT_EVERY seconds: a progress bar repaints at once on each step."""
        now = time.perf_counter()
        value = int(fraction * STEPS)
        if value == self.progress.value() or (now - self._shown_at < PAINT_EVERY and value < STEPS):
            return
        self._shown_at = now
        self.progress.show()
        self.progress.setValue(value)

    def end_busy(self) -> None:
        self.activity.hide()
        self.progress.hide()
        self.cancel_button.hide()

    @property
    def busy(self) -> bool:
        return not self.progress.isHidden()
