"""One plan, one success rate: the window's summary, the library, Compare, the window's PDF
and ``planner-cli report`` all run the plan's own path count and seed.

Seen when the app was tried: the sample showed 88%, 74%, 73%, 57% and 87.4% in different
places (the window ran 10,000 paths whatever the plan said, the library 500, Compare 2,000).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from planner import cli
from planner import format as fmt
from planner.core.engine import project
from planner.core.storage import plans_dir, sample_plan, save_plan
from planner.gui import dialogs
from planner.gui.files.library import SUCCESS_COL
from planner.gui.main_window import MainWindow
from planner.report.comparison import SUCCESS_ROW
from tests.report.pdf_text import pdf_text

HEADLINE = re.compile(r"in (\d+)% of ([\d,]+) paths")


def pdf_success(path: Path) -> tuple[str, str]:
    """(the success rate, the path count) the report's first page states."""
    found = HEADLINE.search(pdf_text(path))
    assert found is not None, "the report states no success rate"
    return f"{found.group(1)}%", found.group(2)


def test_the_sample_shows_one_success_rate_everywhere(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = sample_plan()
    assert plan.simulation.paths == 1000  # the sample's own count, not a test's
    # Worked out independently of every view: the engine on the plan's own count and seed.
    expected = fmt.pct(project(plan).summary.success_rate)
    path = save_plan(plan, plans_dir() / "sample.json")
    save_plan(plan.with_changes(name="Same plan again"), plans_dir() / "again.json")

    w = MainWindow(plan, path)
    w.projection.extras_enabled = False
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.results.result is not None and not w.projection.pending,
                        timeout=60_000)
        result = w.results.result
        assert result is not None and result.n_paths == 1000
        assert w.results.summary.success.value.text() == expected
        assert "preview" not in w.results.summary.success.text()

        item = w.library.item_for(path)
        assert item is not None
        qtbot.waitUntil(lambda: item.text(SUCCESS_COL) != "…", timeout=60_000)
        assert item.text(SUCCESS_COL) == expected

        dialog = w.scenarios.compare([path, plans_dir() / "again.json"])
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.busy and dialog.model.frame is not None,
                        timeout=60_000)
        frame = dialog.model.frame
        assert frame is not None
        assert list(frame.iloc[SUCCESS_ROW, :2]) == [expected, expected]

        gui_pdf = tmp_path / "window.pdf"
        monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: gui_pdf)
        w.menus["export_pdf"].trigger()
        qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=120_000)
        assert pdf_success(gui_pdf) == (expected, "1,000")
    finally:
        w.projection.cancel()
        w.library.stop()
        w.runner.wait()

    cli_pdf = tmp_path / "cli.pdf"
    assert cli.main(["report", str(path), "-o", str(cli_pdf)]) in (0, None)
    assert pdf_success(cli_pdf) == (expected, "1,000")


def test_a_preview_is_labelled_until_the_full_run_lands(qtbot: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.gui import projection

    monkeypatch.setattr(projection, "PREVIEW_PATHS", 50)
    w = MainWindow(sample_plan(), None)
    w.projection.extras_enabled = False
    qtbot.addWidget(w)
    seen: list[tuple[int, str]] = []
    w.projection.finished.connect(
        lambda result, _s: seen.append((result.n_paths, w.results.summary.success.text())))
    w.show()
    try:
        qtbot.waitUntil(lambda: len(seen) == 2 and not w.projection.pending, timeout=60_000)
    finally:
        w.projection.cancel()
        w.library.stop()
        w.runner.wait()
    (first, preview), (full, final) = seen
    assert (first, full) == (50, 1000)
    assert "preview: 50 of 1,000 paths" in preview
    assert "preview" not in final
