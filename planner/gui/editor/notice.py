"""A note above the editor that stays until it is closed or another plan is opened: what the
status bar says passes with the next run, and some things (an upgraded plan) must not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

NOTICE_STYLE = (
    "#notice { background: palette(alternate-base); border: 1px solid palette(mid);"
    " border-radius: 4px; }"
)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Notice(QFrame):
    """Plain text and, optionally, a link that brings a field into view (``reveal``)."""

    def __init__(self, reveal: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setStyleSheet(NOTICE_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName("Notice")
        self.label.linkActivated.connect(reveal)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close this note")
        self.close_button.setAccessibleName("Close the note")
        self.close_button.clicked.connect(lambda _=False: self.clear())
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 2, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_text(self, text: str, link: tuple[str, str] | None = None) -> None:
        """Show ``text``; ``link`` (words, field path) makes those words of it a link that
        brings the field into view."""
        html = escape(text)
        if link is not None:
            words, path = (escape(part) for part in link)
            html = html.replace(words, f"<a href='{path}'>{words}</a>", 1)
        self.label.setText(html)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def clear(self) -> None:
        self.label.clear()
        self.hide()
