"""Social Security's fine print in the editor: the birthday (month and day) on Household, the
trust fund's shortfall on Assumptions, and "Show" opening the page that holds a field."""

from __future__ import annotations

import calendar
from typing import Any

import pytest

from planner.gui.editor.fields import CheckField, ChoiceField, NumberField
from planner.gui.editor.form_household import add_partner
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number
from tests.gui.test_income import choose


def test_birth_month_and_day_set_the_plan(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.household)
    month = w.editor.field("people[0].birth_month")
    assert isinstance(month, ChoiceField)
    assert [month.combo.itemText(i) for i in range(12)] == list(calendar.month_name[1:])
    choose(month, 3)
    assert month.combo.currentText() == "March"
    assert w.doc.plan.people[0].birth_month == 3

    day = w.editor.field("people[0].birth_day")
    assert isinstance(day, NumberField)
    type_number(qtbot, day, "2")
    assert w.doc.plan.people[0].birth_day == 2
    hint = w.editor.household.age_hints[0]
    assert "2nd" in hint.text()
    type_number(qtbot, day, "1")
    assert w.doc.plan.people[0].birth_day == 1
    assert "1st" in hint.text() and "Medicare" in hint.text()
    type_number(qtbot, day, "20")
    assert "Born on" not in hint.text()  # the general rule again


def test_a_day_the_month_does_not_have_is_shown_next_to_it(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.doc.replace(add_partner(w.doc.plan), "Add partner")
    settle(w)
    choose(w.editor.field("people[1].birth_month"), 2)
    day = w.editor.field("people[1].birth_day")
    assert isinstance(day, NumberField)
    type_number(qtbot, day, "30")
    settle(w)
    assert [p.field for p in w.projection.problems] == ["people[1].birth_day"]
    assert day.error.isVisible() and "February" in day.error.text()
    assert not w.editor.field("people[0].birth_day").error.isVisible()
    assert "Birth day, person 2: " in w.status_label.text()  # names the field at fault
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.household)).endswith("•")
    w.editor.show_page(w.editor.assumptions)
    w.status_label.linkActivated.emit("people[1].birth_day")
    assert w.editor.current_page() is w.editor.household
    type_number(qtbot, day, "28")
    settle(w)
    assert w.projection.problems == []


def test_a_month_out_of_range_from_a_file_is_shown(window: MainWindow, settle: Any) -> None:
    w = window
    w.doc.set_value("people[0].birth_month", 13)
    settle(w)
    month = w.editor.field("people[0].birth_month")
    assert month.error.isVisible() and "13" in month.error.text()
    w.editor.show_page(w.editor.taxes)
    w.editor.reveal("people[0].birth_month")
    assert w.editor.current_page() is w.editor.household


def test_the_trust_fund_cut(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.show_page(w.editor.assumptions)
    cut = w.editor.field("assumptions.social_security_cut")
    year = w.editor.field("assumptions.social_security_cut_year")
    share = w.editor.field("assumptions.social_security_payable_share")
    assert isinstance(cut, CheckField)
    assert isinstance(year, NumberField) and isinstance(share, NumberField)
    assert w.doc.plan.assumptions.social_security_cut is False
    assert not year.isEnabled() and not share.isEnabled()
    assert year.spin.value() == w.doc.plan.assumptions.social_security_cut_year
    assert share.spin.value() == pytest.approx(
        100 * w.doc.plan.assumptions.social_security_payable_share)

    cut.box.click()
    assert w.doc.plan.assumptions.social_security_cut is True
    assert year.isEnabled() and share.isEnabled()
    type_number(qtbot, year, "2036")
    type_number(qtbot, share, "77")
    a = w.doc.plan.assumptions
    assert a.social_security_cut_year == 2036
    assert a.social_security_payable_share == pytest.approx(0.77)
    settle(w)
    assert w.projection.problems == []


def test_a_cut_year_before_the_rules_is_shown_and_show_opens_assumptions(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.assumptions)
    w.editor.field("assumptions.social_security_cut").box.click()  # type: ignore[attr-defined]
    year = w.editor.field("assumptions.social_security_cut_year")
    assert isinstance(year, NumberField)
    type_number(qtbot, year, "2001")
    settle(w)
    assert [p.field for p in w.projection.problems] == ["assumptions.social_security_cut_year"]
    assert year.error.isVisible() and "outside" in year.error.text()
    w.editor.show_page(w.editor.household)
    w.status_label.linkActivated.emit("assumptions.social_security_cut_year")
    assert w.editor.current_page() is w.editor.assumptions


@pytest.mark.parametrize(("path", "page"), [
    ("people[0].social_security.claim_age", "income"),  # not Household's "people" note
    ("people[0].salary", "income"),
    ("people[0].birth_day", "household"),
    ("people[0].health_coverage_until_age", "household"),
    ("health.cost_growth", "health"),
    ("health", "health"),  # a problem with no field of its own: by its first key
    ("taxes.state_move", "taxes"),
    ("taxes.state_move.year", "taxes"),
    ("taxes.conversion_irmaa_tier", "taxes"),
    ("assumptions.social_security_payable_share", "assumptions"),
    ("spending.annual", "spending"),
])
def test_each_path_opens_the_page_that_holds_it(window: MainWindow, path: str, page: str):
    w = window
    target = getattr(w.editor, page)
    other = w.editor.accounts
    w.editor.show_page(other)
    w.editor.reveal(path)
    assert w.editor.current_page() is target
