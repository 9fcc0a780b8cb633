"""The estate after heirs' tax: the summary strip's estate and tax tiles, the Taxes page's
heirs' tax rate (an undoable edit that moves the figure) and the Compare table's row."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from planner import format as fmt
from planner.core.storage import plans_dir, save_plan
from planner.gui.editor.fields import NumberField
from planner.gui.main_window import MainWindow
from planner.report.comparison import DEFERRED_ROW, LEGACY_ROW
from tests.gui.test_editing import type_number


def idle(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: not w.projection.busy and not w.projection.pending,
                    timeout=20_000)


def test_the_estate_tile_shows_the_estate_after_heirs_tax(qtbot: Any,
                                                           window: MainWindow) -> None:
    w = window
    idle(qtbot, w)
    result = w.results.result
    assert result is not None
    s = result.summary
    strip = w.results.summary
    assert s.deferred_tax > 0  # the sample keeps money in a 401(k) and an IRA
    assert strip.terminal.detail is not None and strip.tax.detail is not None
    assert strip.terminal.detail.text() == f"after heirs' tax {fmt.money(s.legacy_after_tax)}"
    assert strip.texts()["Estate after heirs' tax"] == fmt.money(s.legacy_after_tax)
    assert f"not incl. {fmt.money(s.deferred_tax)} deferred" in strip.tax.detail.text()
    assert strip.texts()["Deferred tax"] == fmt.money(s.deferred_tax)
    assert "taxed as the heirs' income, at 24%" in strip.terminal.toolTip()
    assert "tax deferred in the traditional 401(k)/IRA and HSA money" in strip.tax.toolTip()
    assert "after heirs' tax" in strip.terminal.accessibleName()
    assert "\n" not in strip.tax.accessibleName()

    # Future dollars: each path's after-tax estate at the price level of its end.
    w.nominal_action.trigger()
    paths = np.arange(result.n_paths)
    end_price = result.price_index[paths, result.end_index + 1]
    nominal = float(np.median(result.legacy_after_tax_real * end_price))
    assert strip.terminal.detail.text() == f"after heirs' tax {fmt.money(nominal)}"
    assert nominal > s.legacy_after_tax
    # Lifetime figures stay in today's dollars, the deferred tax with them.
    assert f"not incl. {fmt.money(s.deferred_tax)} deferred" in strip.tax.detail.text()
    w.real_action.trigger()
    assert strip.terminal.detail.text() == f"after heirs' tax {fmt.money(s.legacy_after_tax)}"


def test_editing_the_heirs_tax_rate_moves_the_figure_and_undoes(qtbot: Any,
                                                                window: MainWindow) -> None:
    w = window
    idle(qtbot, w)
    before = w.results.summary.texts()["Estate after heirs' tax"]
    w.editor.show_page(w.editor.taxes)
    field = w.editor.field("taxes.heirs_tax_rate")
    assert isinstance(field, NumberField) and field is w.editor.taxes.heirs
    assert field.spin.value() == pytest.approx(24)
    assert field.spin.minimum() == 0 and field.spin.maximum() == 60
    type_number(qtbot, field, "40")
    assert w.doc.plan.taxes.heirs_tax_rate == pytest.approx(0.40)
    qtbot.waitUntil(lambda: w.results.result is not None
                    and w.results.result.plan.taxes.heirs_tax_rate == pytest.approx(0.40),
                    timeout=20_000)
    idle(qtbot, w)
    result = w.results.result
    assert result is not None
    after = w.results.summary.texts()["Estate after heirs' tax"]
    assert after == fmt.money(result.summary.legacy_after_tax) and after != before
    assert "at 40%" in w.results.summary.terminal.toolTip()

    w.doc.undo_stack.undo()
    assert w.doc.plan.taxes.heirs_tax_rate == pytest.approx(0.24)
    assert field.spin.value() == pytest.approx(24)
    qtbot.waitUntil(lambda: w.results.result is not None
                    and w.results.result.plan.taxes.heirs_tax_rate == pytest.approx(0.24),
                    timeout=20_000)
    idle(qtbot, w)
    assert w.results.summary.texts()["Estate after heirs' tax"] == before


def test_compare_has_the_estate_after_heirs_tax(qtbot: Any, window: MainWindow) -> None:
    w = window
    plan = w.doc.plan
    low = save_plan(plan.with_changes(name="Low heirs' tax", taxes=dataclasses.replace(
        plan.taxes, heirs_tax_rate=0.10)), plans_dir() / "low.json")
    high = save_plan(plan.with_changes(name="High heirs' tax", taxes=dataclasses.replace(
        plan.taxes, heirs_tax_rate=0.40)), plans_dir() / "high.json")
    dialog = w.scenarios.compare([low, high])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table_numbers is not None,
                    timeout=20_000)
    numbers = dialog.table_numbers
    assert numbers is not None
    rows = list(numbers.index)
    assert rows.index(LEGACY_ROW) == rows.index("Estate at the last death") + 1
    assert rows.index(DEFERRED_ROW) == rows.index("Lifetime state income tax") + 1
    by_label = dict(zip(dialog.labels, dialog.results, strict=True))
    first, second = by_label["Low heirs' tax"].summary, by_label["High heirs' tax"].summary
    vs = f"{dialog.labels[1]} vs {dialog.labels[0]}"
    # The same paths (common random numbers): only the heirs' share differs.
    assert first.terminal_balance == pytest.approx(second.terminal_balance)
    assert numbers.at[LEGACY_ROW, "Low heirs' tax"] == pytest.approx(first.legacy_after_tax)
    assert second.legacy_after_tax < first.legacy_after_tax
    shown = dialog.model.frame
    assert shown is not None
    assert shown.at[LEGACY_ROW, "High heirs' tax"] == fmt.money(second.legacy_after_tax)
    assert shown.at[DEFERRED_ROW, "Low heirs' tax"] == fmt.money(first.deferred_tax)
    assert shown.at[LEGACY_ROW, vs] == fmt.money_delta(numbers.at[LEGACY_ROW, vs])
    assert abs(numbers.at[LEGACY_ROW, vs]) > 0
