"""Window layout kept between runs in QSettings: size and place, splitters, the last tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

from planner.gui import ui_settings

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

GEOMETRY = "window/geometry"
CHART_TAB = "window/chart_tab"
EDITOR_TAB = "window/editor_tab"


def save(w: MainWindow) -> None:
    s = ui_settings.settings()
    s.setValue(GEOMETRY, w.saveGeometry())
    for name, splitter in _splitters(w).items():
        s.setValue(f"window/{name}", splitter.saveState())
    s.setValue(CHART_TAB, w.results.chart_pane.current_key())
    s.setValue(EDITOR_TAB, w.editor.current_page().title)  # by name: pages get added


def restore(w: MainWindow) -> None:
    geometry = ui_settings.settings().value(GEOMETRY)
    if isinstance(geometry, QByteArray):
        w.restoreGeometry(geometry)
    restore_layout(w)


def restore_layout(w: MainWindow) -> None:
    """Splitters and tabs (after the window has its size: splitters share out its width)."""
    s = ui_settings.settings()
    for name, splitter in _splitters(w).items():
        state = s.value(f"window/{name}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)
    key = s.value(CHART_TAB)
    if isinstance(key, str) and key:
        w.results.chart_pane.select(key)
    tab = s.value(EDITOR_TAB)
    pages = {form.title: form for form in w.editor.forms}
    if isinstance(tab, str) and tab in pages:
        w.editor.show_page(pages[tab])
        return
    try:  # an index, as saved before the Health page was added
        index = int(tab) if tab is not None else -1  # type: ignore[call-overload]
    except (TypeError, ValueError):
        index = -1
    if 0 <= index < w.editor.tabs.count():
        w.editor.tabs.setCurrentIndex(index)


def _splitters(w: MainWindow) -> dict[str, QSplitter]:
    return {"main_splitter": w.splitter, "left_splitter": w.left,
            "results_splitter": w.results.body}
