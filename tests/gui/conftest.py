"""GUI test setup: offscreen Qt, a temporary plan folder and settings, no real dialogs."""

from __future__ import annotations

import dataclasses
import os
import tempfile

# Before anything imports Qt: no display needed, and never a person's real plans.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-gui-tests-")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QLocale, QSettings  # noqa: E402

from planner.core.storage import sample_plan  # noqa: E402
from planner.gui import collector, dialogs, projection, templates  # noqa: E402
from planner.gui.files import recovery  # noqa: E402
from planner.gui.main_window import DEFAULT_SIZE, MainWindow  # noqa: E402

# Small runs keep the suite fast; the stages and their order are what the tests check.
PREVIEW_PATHS = 60
FULL_PATHS = 240


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collector(qapp: Any) -> Iterator[None]:
    """As in the app (``app.main``): cycles are collected on the GUI thread only."""
    collector.install()
    yield
    collector.uninstall()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Iterator[None]:
    """Each test gets its own plan folder and QSettings file; dialogs fail loudly if opened."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    QCoreApplication.setOrganizationName("planner-tests")
    QCoreApplication.setApplicationName("planner-tests")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QSettings().clear()

    def unexpected(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a dialog opened that the test did not expect: {args}")

    for name in ("ask_open_path", "ask_save_path", "ask_export_path", "ask_returns_path",
                 "show_error", "show_about", "ask_restore", "ask_text", "confirm",
                 "ask_conflict"):
        monkeypatch.setattr(dialogs, name, unexpected)
    monkeypatch.setattr(dialogs, "ask_discard", lambda parent, name: "discard")
    monkeypatch.setattr(dialogs, "show_welcome", lambda parent: "sample")
    monkeypatch.setattr(dialogs, "ask_setup", lambda parent: templates.blank_plan())
    monkeypatch.setattr(projection, "PREVIEW_PATHS", PREVIEW_PATHS)
    monkeypatch.setattr(projection, "GATE_MAX_MS", 0)  # the full run need not wait for charts
    monkeypatch.setattr(recovery, "AUTOSAVE_MS", 50)
    yield


@pytest.fixture
def window(qtbot: Any) -> Iterator[MainWindow]:
    """The main window on the sample plan, with its first projection shown."""
    plan = sample_plan()
    plan = plan.with_changes(simulation=dataclasses.replace(plan.simulation, paths=FULL_PATHS))
    w = MainWindow(plan, None)
    # The offscreen screen is 800 x 600, which the first window now fits: the tests read
    # charts and panes at the size a desktop gives.
    w.resize(*DEFAULT_SIZE)
    w.projection.extras_enabled = False  # the tests of the extra charts turn them on
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.results.result is not None and not w.projection.pending)
    yield w
    w.stop_work()  # as closing it does: no job left running when the tests end


@pytest.fixture
def settle(qtbot: Any) -> Any:
    """settle(window): wait until the plan on screen is validated and, if valid, projected;
    a problem of the field being typed in is shown after the pause a person would make."""

    def wait(w: MainWindow) -> None:
        qtbot.waitUntil(lambda: not w.projection.pending and not w.problems_held,
                        timeout=10_000)

    return wait
