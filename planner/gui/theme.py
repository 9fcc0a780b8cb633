"""Light and dark palettes that follow the system's colour scheme (Qt 6.5+ style hints).

The Fusion style draws with whatever palette it is given, so the app sets a light or dark
palette to match ``styleHints().colorScheme()`` at start-up and whenever the system switches.
Charts stay on a light card either way (their colours are chosen for white paper), so only
the widgets change. Text colours the app picks itself (verdicts, errors) come from ``color``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QTabBar, QWidget

# name -> (light, dark): readable on the light and on the dark window colour.
COLORS = {
    "ok": ("#2e6b3a", "#7fcf8e"),
    "warn": ("#9a4a00", "#f0a860"),
    "error": ("#b3261e", "#ff8a80"),
}


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return True
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def color(name: str) -> str:
    light, dark = COLORS[name]
    return dark if is_dark() else light


def plain_tip(text: str) -> str:
    """``text`` as a tooltip that shows it as written. Qt takes a tooltip for markup when it
    looks like some (a plan named "<font size=7>"), so it is escaped into explicit rich
    text instead."""
    # Spaces stay spaces (Qt's convertFromPlainText makes them non-breaking, and a long
    # tooltip then never wraps); line breaks become <br>.
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def error_style() -> str:
    """A style sheet's text colour for errors, readable on the palette in use."""
    return f"color: {color('error')};"


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    for r, c in (
        (role.Window, window), (role.WindowText, text), (role.Base, base),
        (role.AlternateBase, QColor(40, 40, 44)), (role.ToolTipBase, QColor(60, 60, 64)),
        (role.ToolTipText, text), (role.Text, text), (role.Button, window),
        (role.ButtonText, text), (role.BrightText, QColor(255, 120, 120)),
        (role.Highlight, QColor(66, 133, 214)), (role.HighlightedText, QColor(255, 255, 255)),
        (role.Link, QColor(120, 170, 255)), (role.PlaceholderText, QColor(160, 160, 160)),
        (role.Mid, QColor(80, 80, 84)), (role.Midlight, QColor(70, 70, 74)),
        (role.Dark, QColor(20, 20, 22)), (role.Light, QColor(90, 90, 94)),
    ):
        p.setColor(r, c)
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(130, 130, 130))
    return p


def apply(app: QApplication) -> None:
    """Set the palette for the current scheme, and again whenever the system switches."""

    def update() -> None:
        dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
        style = app.style()
        app.setPalette(dark_palette() if dark else style.standardPalette())

    update()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: update())


TAB_PADDING = 14  # pixels either side of a tab's title (Fusion: 24)


class CompactTabs(QProxyStyle):
    """The app's style with narrower tab padding: the editor's seven topics and the chart
    tabs fit beside each other on a 1366-pixel screen."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return TAB_PADDING
        return super().pixelMetric(metric, option, widget)


def compact_tabs(bar: QTabBar) -> None:
    style = CompactTabs()
    style.setParent(bar)  # a widget does not own its style: the bar keeps it alive
    bar.setStyle(style)
