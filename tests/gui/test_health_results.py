"""Health care and state tax in the results: the summary's lifetime figures, the year table's
new columns and their group in the column chooser, and the figures folding into two rows
when the window is narrow."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu

from planner import format as fmt
from planner.core.errors import Problem
from planner.core.result import FLOW_COLUMNS, HEALTH_FLOWS
from planner.gui.main_window import MainWindow
from planner.gui.results.column_groups import FLOW_GROUPS, OTHER, group_of
from tests.gui.test_table import column_entries

LABEL = dict(FLOW_COLUMNS)
NEW_COLUMNS = ("health_costs", "state_taxable_income", "aca_premium", "premium_credit",
               "premium_credit_lost", "medicare_premiums", "irmaa", "medical_costs")


def test_the_summary_shows_lifetime_health_and_state_tax(window: MainWindow) -> None:
    w = window
    result = w.results.result
    assert result is not None
    s = result.summary
    texts = w.results.summary.texts()
    assert texts["Lifetime health care"] == fmt.money(s.lifetime_health)
    assert texts["Lifetime state tax"] == fmt.money(s.lifetime_state_tax)
    assert texts["Lifetime taxes, incl. payroll"] == fmt.money(s.lifetime_tax)
    tax = w.results.summary.tax
    assert tax.detail is not None and fmt.money(s.lifetime_state_tax) in tax.detail.text()
    assert tax.isVisible() and w.results.summary.health.isVisible()
    # Both stay in today's dollars in the future-dollars view, and say so.
    w.nominal_action.trigger()
    health = w.results.summary.health
    assert health.value.text() == fmt.money(s.lifetime_health)
    assert health.detail is not None and "today's $" in health.detail.text()
    w.real_action.trigger()


def test_the_summary_says_when_premiums_are_not_modelled(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.doc.set_value("health.premiums", False)
    settle(w)
    qtbot.waitUntil(lambda: w.results.result is not None
                    and not w.results.result.plan.health.premiums)
    detail = w.results.summary.health.detail
    assert detail is not None and "no premiums" in detail.text()
    assert "not modelled" in w.results.summary.health.toolTip()


def test_the_new_columns_are_in_the_table_and_their_groups(window: MainWindow) -> None:
    w = window
    view = w.results.table
    names = view.column_names()
    for key in NEW_COLUMNS:
        assert LABEL[key] in names, key
    for key in HEALTH_FLOWS:
        assert group_of(LABEL[key]) == "Health care"
    assert group_of(LABEL["premium_credit"]) == "Health care"
    assert group_of(LABEL["tax_state"]) == group_of(LABEL["state_taxable_income"]) == (
        "State tax")
    assert group_of(LABEL["health_costs"]) == "Cash flow"
    # Every flow the core has is in a named group (none left to "Other").
    named = {key for _name, keys in FLOW_GROUPS for key in keys}
    assert [key for key, _label in FLOW_COLUMNS if key not in named] == []
    assert all(group_of(label) != OTHER for _key, label in FLOW_COLUMNS)
    # The table's values are the result's, in today's dollars.
    model = w.results.table_model
    result = w.results.result
    assert result is not None
    real = result.year_table(real=True)
    for key in ("health_costs", "irmaa"):
        column = LABEL[key]
        assert [model.value(r, column) for r in range(model.rowCount())] == list(real[column])


def test_a_whole_group_is_hidden_and_shown_from_its_submenu(window: MainWindow) -> None:
    w = window
    view = w.results.table
    menu = QMenu()
    view.fill_column_menu(menu)
    subs = {a.text(): a.menu() for a in menu.actions() if a.menu() is not None}
    assert list(subs)[0] == "Ages and balances" and "Health care" in subs
    health = subs["Health care"]
    entries = column_entries(health)
    expected = [label for key, label in FLOW_COLUMNS if group_of(label) == "Health care"]
    assert list(entries) == expected
    (hide,) = [a for a in health.actions() if a.text() == "Hide All"]
    hide.trigger()
    assert not set(expected) & set(view.visible_columns())
    assert LABEL["tax_state"] in view.visible_columns()  # other groups untouched
    view.fill_column_menu(menu)  # the menu is rebuilt each time it opens
    again = column_entries(menu)
    assert not any(again[label].isChecked() for label in expected)
    (show,) = [a for a in [m for m in (a.menu() for a in menu.actions()) if m
                            and m.title() == "Health care"][0].actions()
               if a.text() == "Show All"]
    show.trigger()
    assert set(expected) <= set(view.visible_columns())


def test_the_figures_fold_into_two_rows_when_narrow(qtbot: Any, window: MainWindow) -> None:
    w = window
    figures = w.results.summary.figures
    tiles = figures.visible()
    assert len(tiles) == 6  # Monte Carlo: the success rate too

    def rows() -> int:
        return len({t.geometry().top() for t in tiles})

    w.resize(1800, 900)
    qtbot.waitUntil(lambda: figures.width() >= figures.width_of(tiles))
    qtbot.waitUntil(lambda: rows() == 1)
    assert figures.columns == 6
    w.resize(1200, 900)  # the editor keeps its width: the results get narrower
    qtbot.waitUntil(lambda: figures.width() < figures.width_of(tiles))
    qtbot.waitUntil(lambda: rows() == 2)
    assert figures.columns == 3
    assert w.width() == 1200  # the window was not pushed wider
    assert all(t.width() >= t.minimumSizeHint().width() for t in tiles)  # nothing cut


def test_at_1366_pixels_nothing_is_pushed_off_the_screen(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.resize(1366, 768)
    qtbot.waitUntil(lambda: w.width() == 1366)
    assert w.minimumSizeHint().width() <= 1366
    tabs = w.editor.tabs.tabBar()
    assert all(tabs.tabRect(i).right() <= tabs.width() for i in range(tabs.count()))
    # ...even with every page marked as needing attention (its title grows by a dot).
    w.editor.show_problems([Problem(form.roots[0], "wrong") for form in w.editor.forms])
    assert all(tabs.tabText(i).endswith("•") for i in range(tabs.count()))
    assert all(tabs.tabRect(i).right() <= tabs.width() for i in range(tabs.count()))
    charts = w.results.charts.tabs.tabBar()
    assert all(charts.tabRect(i).right() <= charts.width() for i in range(charts.count()))
    for form in w.editor.forms:  # no page needs a sideways scroll bar
        scroll = w.editor.tabs.widget(w.editor.page_index(form))
        assert form.minimumSizeHint().width() <= scroll.width(), form.title
