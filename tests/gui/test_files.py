"""File menu: save/open round trip, unreadable files, unsaved changes, exports."""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from planner.core.storage import load_plan
from planner.gui import dialogs, ui_settings
from planner.gui.main_window import MainWindow


def test_save_and_open_round_trip(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    target = tmp_path / "mine.json"
    w.doc.set_value("spending.annual", 55_000.0)
    assert w.isWindowModified()

    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    w.menus["save"].trigger()  # an unsaved plan: Save asks where
    assert target.exists()
    assert w.doc.path == target
    assert not w.isWindowModified()
    assert load_plan(target) == w.doc.plan
    assert ui_settings.recent_files()[0] == target.resolve()

    saved = w.doc.plan
    w.menus["new"].trigger()
    assert w.doc.path is None
    assert w.doc.plan != saved
    settle(w)
    assert w.projection.problems == []  # the template is valid

    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: target)
    w.menus["open"].trigger()
    assert w.doc.plan == saved
    assert w.doc.path == target
    assert w.editor.field("spending.annual").spin.value() == 55_000  # type: ignore[attr-defined]
    assert w.windowTitle().startswith(saved.name)
    settle(w)
    assert w.results.result is not None and w.results.result.plan == saved

    # Save again goes to the same file without asking.
    w.doc.set_value("spending.annual", 56_000.0)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: pytest.fail("asked again"))
    w.menus["save"].trigger()
    assert load_plan(target).spending.annual == 56_000


def test_a_bad_file_is_reported_and_left_alone(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    bad = tmp_path / "broken.json"
    bad.write_bytes(b'{"schema_version": 1, "name": "broken')
    before = bad.read_bytes()
    before_plan = w.doc.plan
    shown: list[tuple[str, str, list[str]]] = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: bad)
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text, lines=None: shown.append(
            (title, text, list(lines or []))
        )
    )
    w.menus["open"].trigger()
    assert len(shown) == 1
    title, text, lines = shown[0]
    assert title == "Cannot open plan"
    assert "broken.json" in text
    assert any("not valid JSON" in line for line in lines)
    assert bad.read_bytes() == before
    assert w.doc.plan is before_plan
    assert w.doc.path is None

    # A file with the right shape but wrong types: every field at fault is listed.
    typed = tmp_path / "typed.json"
    typed.write_text('{"schema_version": 1, "name": 3, "start_year": "x", "people": []}')
    typed_before = typed.read_bytes()
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: typed)
    w.menus["open"].trigger()
    assert len(shown) == 2
    assert any("name" in line for line in shown[1][2])
    assert any("start_year" in line for line in shown[1][2])
    assert typed.read_bytes() == typed_before


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"schema_version": 1' + b"9" * 5000 + b"}"])
def test_a_hostile_file_is_reported_not_a_crash(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    """Too deep for the parser (RecursionError), a number too long (ValueError): File ▸ Open
    says so like any bad file, and so does the start-up's reopening of the last plan."""
    w = window
    bad = tmp_path / "hostile.json"
    bad.write_bytes(content)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: bad)
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, lines=None: shown.append(title))
    w.menus["open"].trigger()
    assert shown == ["Cannot open plan"]
    assert bad.read_bytes() == content and w.doc.path is None
    assert not w.files.open_path(bad, ask=False, quiet=True)


def test_unsaved_changes_are_asked_about(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window
    w.doc.set_value("spending.annual", 61_000.0)
    answers = ["cancel"]
    asked: list[str] = []

    def ask(parent: Any, name: str) -> str:
        asked.append(name)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_discard", ask)
    w.menus["new"].trigger()
    assert asked and w.doc.plan.spending.annual == 61_000  # cancelled: nothing replaced

    answers.append("save")
    target = tmp_path / "kept.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    w.menus["new"].trigger()
    assert load_plan(target).spending.annual == 61_000  # saved first...
    assert w.doc.plan.name == "New plan"  # ...then replaced

    w.doc.set_value("spending.annual", 1.0)
    answers.append("cancel")
    assert not w.close()  # closing asks too, and can be cancelled
    answers.append("discard")


@pytest.mark.skipif(importlib.util.find_spec("planner.report.csv_export") is None,
                    reason="report.csv_export not written yet")
def test_export_csv(qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    w = window
    target = tmp_path / "years.csv"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_csv"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=10_000)
    assert target.exists() and target.stat().st_size > 0
    assert "Exported" in w.status_label.text()


@pytest.mark.skipif(importlib.util.find_spec("planner.report.pdf") is None,
                    reason="report.pdf not written yet")
def test_export_pdf_runs_off_the_gui_thread(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.projection.full_paths = 200
    w.doc.set_value("simulation.paths", 200)  # a small run keeps the test quick
    settle(w)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_pdf"].trigger()
    assert w.files.exports.busy  # returned at once; the worker writes the file
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")
    # Every figure the summary strip shows appears, identically, in the PDF's text.
    from tests.report.pdf_text import pdf_text

    text = " ".join(pdf_text(target).split())
    shown = w.results.summary.texts()
    shown.pop("headline")
    assert shown and all(value in text for value in shown.values()), (shown, text[:400])


def test_export_refuses_while_the_plan_is_invalid(
    qtbot: Any, window: MainWindow, settle: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.doc.set_value("people[0].retirement_age", 20)
    settle(w)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, lines=None:
                        shown.append(title))
    w.menus["export_pdf"].trigger()
    assert shown == ["Nothing to export yet"]


def test_an_older_plan_says_it_will_be_upgraded_and_keeps_its_original(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    w = window
    path = tmp_path / "old.json"
    shutil.copy(Path(__file__).resolve().parent.parent / "fixtures" / "v1" / "retiree.json",
                path)
    original = path.read_bytes()
    assert w.files.open_path(path, ask=False)
    assert "older version" in w.status_bar.label.text()
    assert "old.json.v1.bak" in w.status_bar.label.text()
    assert path.read_bytes() == original  # opening writes nothing
    w.menus["save"].trigger()
    assert (tmp_path / "old.json.v1.bak").read_bytes() == original
    assert "older original is kept" in w.status_bar.label.text()
    settle(w)


# ----- exports: where they go, which runs they use, and that they are all or nothing
def documents() -> Path:
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def test_export_dialogs_open_in_documents_and_remember_the_folder(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.core.storage import data_dir

    w = window
    chosen = tmp_path / "exports"
    chosen.mkdir()
    suggested: list[tuple[Path, str]] = []

    def ask(parent: Any, path: Path, what: str) -> Path:
        suggested.append((path, what))
        return chosen / f"years.{what}"

    monkeypatch.setattr(dialogs, "ask_export_path", ask)
    w.menus["export_csv"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=20_000)
    first, what = suggested[0]
    assert what == "csv" and first.suffix == ".csv"
    assert first.parent == documents()  # not the hidden folder the plans live in
    assert data_dir() not in first.parents
    # The next export opens where the last one went, in this session and the next.
    w.menus["export_xlsx"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=20_000)
    assert suggested[1][0].parent == chosen and suggested[1][1] == "xlsx"
    assert ui_settings.export_folder() == chosen
    assert (chosen / "years.csv").exists() and (chosen / "years.xlsx").exists()


def test_the_pdf_export_uses_the_plans_own_paths_and_seed(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.report.inputs as inputs_module
    import planner.report.pdf as pdf_module
    from planner.charts.inputs import ChartInputs

    w = window
    w.projection.full_paths = 240  # the window's run: not the plan's count
    w.doc.set_value("simulation.paths", 150)
    w.doc.set_value("simulation.seed", 99)
    settle(w)
    asked: list[dict[str, Any]] = []

    def report_inputs(plan: Any, **kw: Any) -> ChartInputs:
        asked.append(kw)
        return ChartInputs(w.results.result)

    def write_report(inputs: Any, path: Path, *a: Any, **kw: Any) -> Path:
        Path(path).write_bytes(b"%PDF-1.4 stand-in")
        return Path(path)

    monkeypatch.setattr(inputs_module, "report_inputs", report_inputs)
    monkeypatch.setattr(pdf_module, "write_report", write_report)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_pdf"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=20_000)
    assert len(asked) == 1
    assert asked[0]["paths"] == 150 and asked[0]["seed"] == 99  # as planner-cli report
    assert target.exists()


def blocking(started: threading.Event, go: threading.Event, inner: Any) -> Any:
    """``inner`` that, the first time, says it started and waits for the test's go-ahead."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not started.is_set():
            started.set()
            assert go.wait(30)
        return inner(*args, **kwargs)

    return wrapped


def test_a_cancelled_pdf_export_writes_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.report.inputs as inputs_module
    import planner.report.pdf as pdf_module
    from planner.charts.inputs import ChartInputs

    w = window
    monkeypatch.setattr(inputs_module, "report_inputs",
                        lambda plan, **kw: ChartInputs(w.results.result))
    started, go = threading.Event(), threading.Event()
    monkeypatch.setattr(pdf_module, "page_footer", blocking(started, go, pdf_module.page_footer))
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.pdf"
    target.write_bytes(b"the report of last week")
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_pdf"].trigger()
    try:
        qtbot.waitUntil(started.is_set, timeout=30_000)
        # Mid-export: the previous file is whole, and no partial report sits in its place.
        assert target.read_bytes() == b"the report of last week"
        assert w.files.cancel_export()
    finally:
        go.set()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=30_000)
    assert target.read_bytes() == b"the report of last week"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]  # no temporary file left
    assert "cancelled" in w.status_label.text()


def test_a_cancelled_table_export_leaves_no_file(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.report.table_export as table_module

    w = window
    started, go = threading.Event(), threading.Event()
    monkeypatch.setattr(table_module, "write_csv_table",
                        blocking(started, go, table_module.write_csv_table))
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "years.csv"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_csv"].trigger()
    try:
        qtbot.waitUntil(started.is_set, timeout=30_000)
        assert w.files.cancel_export()
    finally:
        go.set()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=30_000)
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one


def test_third_party_info_lines_stay_out_of_the_log(tmp_path: Path) -> None:
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from planner.gui import app

    root = logging.getLogger()
    names = ("planner", "matplotlib", "fontTools")
    levels = (root.level, {n: logging.getLogger(n).level for n in names})
    before = list(root.handlers)
    app.setup_logging()
    added = [h for h in root.handlers if h not in before]
    try:
        # What a PDF export does: fontTools subsets the font, saying so at INFO per glyph set.
        fig = Figure()
        fig.text(0.5, 0.5, "Balance at retirement")
        with mpl.rc_context({"pdf.fonttype": 42}):
            fig.savefig(tmp_path / "page42.pdf", format="pdf")
        logging.getLogger("planner.gui.files").info("exported years.csv")
        logging.getLogger("fontTools.subset").warning("a font problem worth knowing")
        for handler in added:
            handler.flush()
        text = app.log_path().read_text(encoding="utf-8")
    finally:
        for handler in added:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(levels[0])
        for name, level in levels[1].items():
            logging.getLogger(name).setLevel(level)
    assert "INFO planner.gui.files: exported years.csv" in text
    assert "WARNING fontTools.subset: a font problem worth knowing" in text
    assert "INFO fontTools" not in text and "INFO matplotlib" not in text, text[:600]
