"""The window at 1366x768 and 1920x1080: chart words never overlap, no label is cut off, the
window fits the screen, Expected mode opens on a chart with data, the dark palette keeps
text readable, and the words about history name the data's first year."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from planner.charts.registry import chart
from planner.core.market import us_market
from planner.core.model import Mode
from planner.gui import about, theme
from planner.gui.editor import simulation_group
from planner.gui.main_window import MODES, MainWindow
from tests.gui.test_coverage import filled_plan
from tests.gui.test_editing import show_chart
from tests.report.test_charts import overlaps

SIZES = ((1366, 768), (1920, 1080))
# A 1366x768 screen less a desktop's top panel and the window's title bar.
SMALL_SCREEN_ROOM = 700


def settle_charts(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: not w.projection.busy and not w.results.charts.busy,
                    timeout=30_000)


def at_size(qtbot: Any, w: MainWindow, size: tuple[int, int]) -> None:
    w.resize(*size)
    qtbot.waitUntil(lambda: w.width() == size[0] and w.height() == size[1])
    QApplication.processEvents()
    settle_charts(qtbot, w)


# ----- chart words


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_chart_words_never_overlap_in_the_window(qtbot: Any, window: MainWindow,
                                                 size: tuple[int, int]) -> None:
    """At 1366x768 the charts are about 800x250 pixels: the axis title sat under the legend.
    Every chart of the registry, as the window draws it (its size, its figure), is checked
    for overlapping legend, axis title, tick labels and labels."""
    w = window
    w.projection.extras_enabled = True  # the crypto chart with its outlook labels
    w.projection.run_now(w.doc.plan)
    at_size(qtbot, w, size)
    qtbot.waitUntil(lambda: w.results.extras is not None, timeout=30_000)
    found = {}
    for key in w.results.charts.chart_keys():
        show_chart(w, key)
        canvas = w.results.charts.canvas(key)
        qtbot.waitUntil(lambda c=canvas: c.rendered is not None and not c.busy)
        figure = canvas.figure
        assert figure is not None
        assert abs(figure.get_figwidth() * 100 - max(canvas.width(), 200)) < 2, key
        if problems := overlaps(figure):
            found[key] = problems
    assert found == {}


# ----- a chart is never empty


def test_expected_mode_opens_on_a_chart_with_data(qtbot: Any, window: MainWindow,
                                                  settle: Any) -> None:
    """The range of outcomes needs many paths: in Expected mode its tab is greyed out with
    the reason, and the window shows the first chart that has data; back in Monte Carlo the
    chart the person chose returns."""
    w = window
    charts = w.results.charts
    charts.select("fan")
    w.mode_actions[Mode.EXPECTED].trigger()
    settle(w)
    qtbot.waitUntil(lambda: w.results.result is not None and w.results.result.n_paths == 1)
    settle_charts(qtbot, w)
    inputs = charts.inputs
    key = charts.current_key()
    assert key != "fan" and chart(key).available(inputs)
    ax = charts.canvas(key).axes
    assert ax is not None and (ax.lines or ax.collections or ax.patches)  # data, no message
    tabs = charts.tabs
    for spec_key in ("fan", "depletion"):
        i = tabs.indexOf(charts.canvas(spec_key))
        assert not tabs.isTabEnabled(i)
        assert "Monte Carlo" in tabs.tabToolTip(i)
    assert all(charts.usable(k) == chart(k).available(inputs) for k in charts.chart_keys())

    w.mode_actions[Mode.MONTE_CARLO].trigger()
    settle(w)
    qtbot.waitUntil(lambda: w.results.result is not None and w.results.result.n_paths > 1)
    assert charts.current_key() == "fan"
    assert charts.usable("fan")


# ----- nothing cut off, and the window fits the screen


def clipped(top: QWidget) -> list[str]:
    """Visible words that do not fit their widget, and scroll areas that scroll sideways
    (their right edge cut off)."""
    out = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.text().strip():
            if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
                continue  # cut on purpose (a one-line summary whose tooltip holds it all)
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    out.append(f"label cut at the bottom: {widget.text()[:60]!r}")
            elif widget.sizeHint().width() > widget.width() + 1:
                out.append(f"label cut at the right: {widget.text()[:60]!r}")
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            words = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
            if words + 8 > widget.width() + 1:
                out.append(f"button cut: {widget.text()!r}")
        elif isinstance(widget, QComboBox | QLineEdit | QAbstractSpinBox):
            if widget.minimumSizeHint().width() > widget.width() + 1:
                out.append(f"input narrower than its text: {widget.accessibleName()!r}")
        elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            out.append(f"scrolls sideways: {type(widget.widget()).__name__}")
    return out


@pytest.fixture
def font_size(request: pytest.FixtureRequest) -> Iterator[float]:
    """The application font at the given point size (the desktop's, e.g. GNOME's 11 pt)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    font = QFont(before)
    if request.param:
        font.setPointSizeF(request.param)
        app.setFont(font)
    yield font.pointSizeF()
    app.setFont(before)


@pytest.mark.parametrize("font_size", [0, 11], indirect=True, ids=["default font", "11 pt"])
def test_no_editor_label_is_cut_off_at_1366x768(qtbot: Any, font_size: float,
                                                window: MainWindow) -> None:
    """Every editor tab, with every optional part shown (a partner, income streams, money
    received, spending phases, conversions, a state move). The font is the desktop's before
    the window opens, as on a real desktop."""
    w = window
    w.doc.replace(filled_plan(w), "fill every list")
    at_size(qtbot, w, SIZES[0])
    found = {}
    for i, form in enumerate(w.editor.forms):
        w.editor.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        if problems := clipped(w.editor):
            found[form.title] = problems
    assert found == {}


def test_no_results_label_is_cut_off_at_1366x768(qtbot: Any, window: MainWindow) -> None:
    w = window
    at_size(qtbot, w, SIZES[0])
    lower = w.results.lower_tabs
    found = {}
    for i in range(lower.count()):
        lower.setCurrentIndex(i)
        QApplication.processEvents()
        if problems := clipped(w.results):
            found[lower.tabText(i)] = problems
    assert found == {}


@pytest.mark.parametrize("font_size", [0, 11], indirect=True, ids=["default font", "11 pt"])
def test_the_window_fits_a_1366x768_screen(qtbot: Any, font_size: float,
                                           window: MainWindow) -> None:
    """Its smallest size fits the screen less a top panel and a title bar (with GNOME's
    11-point font it was 824 pixels tall: its bottom was cut off). With the default font the
    results need no scrolling there, the year table's note about its path included; with a
    larger font they scroll rather than push the window off the screen."""
    w = window
    at_size(qtbot, w, (SIZES[0][0], SMALL_SCREEN_ROOM))
    smallest = w.minimumSizeHint()
    assert smallest.width() <= SIZES[0][0]
    assert smallest.height() <= SMALL_SCREEN_ROOM
    assert w.results.path_note.isVisible()
    if not font_size or font_size <= 9:
        assert not w.results.scroll_area.verticalScrollBar().isVisible()


# ----- the dark palette


def contrast(widget: QWidget) -> float:
    """The contrast ratio (WCAG) between a widget's most common colour (its background) and
    the colour farthest from it (its text), as drawn."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8)
    rgb = raw.reshape(height, image.bytesPerLine() // 4, 4)[:, :width, 2::-1]
    pixels = rgb.reshape(-1, 3).astype(float)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    light = luminance(pixels)
    back = float(luminance(colours[counts.argmax()][None, :])[0])
    return float(((np.maximum(light, back) + 0.05) / (np.minimum(light, back) + 0.05)).max())


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return np.asarray(0.2126 * c[:, 0] + 0.7152 * c[:, 1] + 0.0722 * c[:, 2])


@pytest.fixture
def dark(qapp: Any) -> Iterator[None]:
    before = QPalette(qapp.palette())
    qapp.setPalette(theme.dark_palette())
    yield
    qapp.setPalette(before)


def test_the_dark_palette_keeps_every_label_readable(qtbot: Any, dark: None,
                                                     window: MainWindow) -> None:
    """Every label with words, in every editor tab and results table, stands out from its
    background by at least 3:1 (large or bold text; hints included)."""
    w = window
    assert theme.is_dark()
    at_size(qtbot, w, SIZES[0])
    faint = set()
    lower = w.results.lower_tabs
    for i in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(i)
        lower.setCurrentIndex(min(i, lower.count() - 1))
        QApplication.processEvents()
        for label in w.findChildren(QLabel):
            if (label.isVisible() and label.isEnabled() and label.text().strip()
                    and label.width() > 4 and contrast(label) < 3.0):
                faint.add(label.text()[:60])
    assert faint == set()


def test_accounts_with_a_problem_stay_readable_on_a_dark_list(qtbot: Any, dark: None,
                                                              window: MainWindow) -> None:
    w = window
    form = w.editor.accounts
    form.mark_problems({"accounts[1].balance"})
    red = form.list.item(1).foreground().color()
    base = form.list.palette().color(QPalette.ColorRole.Base)

    def lum(c: QColor) -> float:
        return float(luminance(np.array([[c.red(), c.green(), c.blue()]], dtype=float))[0])

    high, low = max(lum(red), lum(base)), min(lum(red), lum(base))
    assert (high + 0.05) / (low + 0.05) >= 4.5


# ----- words


def test_history_is_said_to_start_with_the_datas_first_year() -> None:
    """'since 1871' and '1872' both appeared; the first year with a return is 1872."""
    first = int(us_market().years[0])
    assert first == 1872
    tip = next(tip for mode, _text, tip, _key in MODES if mode is Mode.HISTORICAL)
    label = next(text for text, mode in simulation_group.MODE_LABELS
                 if mode is Mode.HISTORICAL)
    for words in (tip, label, about.WELCOME):
        assert f"since {first}" in words
        assert "1871" not in words
