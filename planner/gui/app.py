"""Start the desktop app: QApplication, settings identity, error handling, main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import planner
from planner.core.storage import data_dir
from planner.gui import collector, theme
from planner.resources import resource_path

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

ORGANIZATION = "planner"
APPLICATION = "planner"

log = logging.getLogger("planner")


def log_path() -> Path:
    return data_dir() / "logs" / "planner.log"


# Libraries that log chatty INFO lines (fontTools lists every glyph it subsets for each PDF
# page, matplotlib every font it looks at): their warnings still reach the log.
QUIET_LOGGERS = ("matplotlib", "fontTools", "PIL", "openpyxl", "asyncio")


def setup_logging() -> logging.Handler:
    """planner's own INFO lines and everyone's warnings go to the log file; other libraries'
    INFO and DEBUG lines do not. Returns the handler added to the root logger."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # any library not named below
    logging.getLogger("planner").setLevel(logging.INFO)
    for name in QUIET_LOGGERS:  # even if the library lowered its own level
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def show_unexpected_error(text: str, details: str) -> None:
    """The message a person sees instead of a traceback (replaceable in tests)."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(text)
    box.setInformativeText(f"Your plan has not been changed on disk. Details are in {log_path()}.")
    box.setDetailedText(details)
    box.exec()


def excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error\n%s", details)
    try:
        if QApplication.instance() is not None:
            show_unexpected_error(f"An unexpected error occurred: {value}", details)
    except Exception:  # noqa: BLE001 - the hook itself must never raise
        log.exception("could not show the error dialog")


SWITCH_INTERVAL_S = 0.0002


def configure_application(app: QApplication) -> None:
    # Background runs hold the GIL in short slices, so the GUI thread waits at most this long
    # each time it needs the GIL. It needs it many times to handle one event (every Python
    # slot or event filter Qt calls takes it again), so with a run and a chart drawing on
    # workers a 2 ms slice let the window stall for 50-60 ms; 0.2 ms halves that (longest
    # stall per edit cycle, medians of 5 edits, 6 and 7 runs alternated: 28.5 against 55 ms) with
    # no slower cycle. A run with the GUI thread idle is not interrupted at all.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("planner")
    app.setApplicationVersion(planner.__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("planner")  # Wayland matches the window to planner.desktop by it
    # US dollars and US number formatting everywhere, whatever the system locale.
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # resources/icons/make_icons.py draws these


def app_icon() -> QIcon:
    """The app's icon at every size drawn, so no platform scales a large one down blurrily."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"planner-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


# .ci/check_bundle.py runs the frozen app with this set to a .png path: once the first results
# and their charts are on screen, the window is saved there and the app quits (exit 0; 2 if
# no result came, 3 if the image could not be written).
SCREENSHOT_ENV = "PLANNER_SCREENSHOT"


def screenshot_when_painted(window: MainWindow, path: str) -> None:
    poll = QTimer(window)
    poll.setInterval(100)

    def charts_drawn() -> None:
        if window.results.chart_pane.busy:
            return
        poll.stop()
        if window.results.result is None:
            QApplication.exit(2)
            return
        QApplication.exit(0 if window.grab().save(path) else 3)

    def done(why: str) -> None:
        if why == "done" and not poll.isActive():
            poll.start()

    poll.timeout.connect(charts_drawn)
    window.projection.idle.connect(done)


def main(argv: Sequence[str] | None = None) -> int:
    from planner.gui import startup_probe
    from planner.gui.main_window import MainWindow  # after QApplication settings are known

    setup_logging()
    sys.excepthook = excepthook
    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)
    configure_application(app)
    collector.install()
    from planner.cleanup import clean_data_folders

    clean_data_folders()  # temp files and locks a crashed run left behind (never raises)
    app.setStyle("Fusion")
    theme.apply(app)
    window = MainWindow()
    window.restore_geometry()
    if startup_probe.wanted():
        startup_probe.ExitOnResults(app, window)
    window.open_startup_plan()
    window.show()
    if shot := os.environ.get(SCREENSHOT_ENV):
        screenshot_when_painted(window, shot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
