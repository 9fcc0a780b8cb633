"""The Taxes page's state income tax (the state, the custom flat rate, a move) and the cap on
Roth conversions, driven through their widgets."""

from __future__ import annotations

from typing import Any

import pytest

from planner import format as fmt
from planner.core import health, state_tax
from planner.core.model import ConversionCap, ConversionMode, StateMove
from planner.gui.editor.fields import CheckField, ChoiceField, NumberField
from planner.gui.editor.state_group import CUSTOM_LABEL, default_move_year
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number
from tests.gui.test_income import choose


def choice(w: MainWindow, path: str) -> ChoiceField:
    field = w.editor.field(path)
    assert isinstance(field, ChoiceField)
    return field


def taxed_state() -> str:
    """A state with an income tax and nothing left out of the model."""
    return next(code for code, _name in state_tax.state_names()
                if state_tax.has_income_tax(code) and code not in state_tax.NOT_MODELLED)


def untaxed_state() -> str:
    return next(code for code, _name in state_tax.state_names()
                if not state_tax.has_income_tax(code))


def partly_modelled_state() -> str:
    return next(code for code, _name in state_tax.state_names()
                if state_tax.has_income_tax(code) and code in state_tax.NOT_MODELLED)


def rate_shown(w: MainWindow) -> bool:
    group = w.editor.taxes.state
    return not group.rate.isHidden()


def test_the_state_combo_lists_the_custom_rate_then_every_state(window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    combo = choice(w, "taxes.state").combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[0] == CUSTOM_LABEL
    assert names[1:] == [name for _code, name in state_tax.state_names()]


def test_choosing_a_state_and_the_custom_rate(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    state = choice(w, "taxes.state")
    code = taxed_state()
    choose(state, code)
    assert w.doc.plan.taxes.state == code
    assert not rate_shown(w)  # the flat rate is for the custom choice only
    note = w.editor.taxes.state.note.text()
    assert state_tax.state_name(code) in note and "no income tax" not in note

    choose(state, "")
    assert state.combo.currentText() == CUSTOM_LABEL
    assert w.doc.plan.taxes.state == ""
    assert rate_shown(w)
    rate = w.editor.field("taxes.state_rate")
    assert isinstance(rate, NumberField) and rate.isEnabled()
    type_number(qtbot, rate, "4.75")
    assert w.doc.plan.taxes.state_rate == pytest.approx(0.0475)


def test_a_state_without_income_tax_says_so(window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    code = untaxed_state()
    choose(choice(w, "taxes.state"), code)
    assert f"{state_tax.state_name(code)} has no income tax" in w.editor.taxes.state.note.text()


def test_what_is_not_modelled_for_a_state_is_noted(window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    code = partly_modelled_state()
    choose(choice(w, "taxes.state"), code)
    note = w.editor.taxes.state.note.text()
    assert f"Not modelled for this state: {state_tax.NOT_MODELLED[code]}" in note


def test_a_move_is_set_changed_and_cleared(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    home = taxed_state()
    choose(choice(w, "taxes.state"), home)
    move = w.editor.field("taxes.state_move")
    assert isinstance(move, CheckField)
    to_state = choice(w, "taxes.state_move.state")
    year = w.editor.field("taxes.state_move.year")
    assert isinstance(year, NumberField)
    assert not to_state.isEnabled() and not year.isEnabled()  # no move yet

    move.box.click()
    plan = w.doc.plan
    assert plan.taxes.state_move == StateMove(year=default_move_year(plan), state=home)
    assert to_state.isEnabled() and year.isEnabled()
    settle(w)  # the state shown is where they live: the field asks for another
    assert [p.field for p in w.projection.problems] == ["taxes.state_move.state"]
    there = untaxed_state()
    choose(to_state, there)
    type_number(qtbot, year, str(plan.start_year + 5))
    assert w.doc.plan.taxes.state_move == StateMove(year=plan.start_year + 5, state=there)
    assert "no income tax" in w.editor.taxes.state.move_note.text()
    assert w.doc.plan.taxes.state_in(plan.start_year + 5) == there
    settle(w)
    assert w.projection.problems == []

    move.box.click()
    assert w.doc.plan.taxes.state_move is None
    assert not to_state.isEnabled() and not year.isEnabled()
    w.doc.undo_stack.undo()  # the move comes back, as it was
    assert w.doc.plan.taxes.state_move == StateMove(year=plan.start_year + 5, state=there)
    assert to_state.value() == there and year.value() == plan.start_year + 5


def test_a_move_to_the_custom_rate_shows_the_rate(window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    choose(choice(w, "taxes.state"), taxed_state())
    w.editor.field("taxes.state_move").box.click()  # type: ignore[attr-defined]
    assert not rate_shown(w)
    choose(choice(w, "taxes.state_move.state"), "")
    assert w.doc.plan.taxes.state_move is not None
    assert w.doc.plan.taxes.state_move.state == ""
    assert rate_shown(w)


def test_a_move_year_outside_the_plan_is_shown_and_show_opens_taxes(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    w.editor.field("taxes.state_move").box.click()  # type: ignore[attr-defined]
    choose(choice(w, "taxes.state_move.state"), untaxed_state())
    year = w.editor.field("taxes.state_move.year")
    assert isinstance(year, NumberField)
    type_number(qtbot, year, str(w.doc.plan.end_year + 1))
    settle(w)
    assert [p.field for p in w.projection.problems] == ["taxes.state_move.year"]
    assert year.error.isVisible() and "outside the plan" in year.error.text()
    assert "Year of the move: " in w.status_label.text()
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.taxes)).endswith("•")
    w.editor.show_page(w.editor.household)
    w.status_label.linkActivated.emit("taxes.state_move.year")  # "Show"
    assert w.editor.current_page() is w.editor.taxes
    w.editor.field("taxes.state_move").box.click()  # type: ignore[attr-defined]
    settle(w)
    assert w.projection.problems == [] and not year.error.isVisible()


@pytest.mark.parametrize("path", ["taxes.state", "taxes.state_move.state"])
def test_a_code_that_is_not_a_state_is_shown_as_it_is(
    window: MainWindow, settle: Any, path: str
) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    if path == "taxes.state_move.state":
        w.doc.set_value("taxes.state_move", StateMove(w.doc.plan.start_year + 1, "ZZ"))
    else:
        w.doc.set_value(path, "ZZ")  # as a plan file might hold it
    settle(w)
    field = choice(w, path)
    assert field.combo.currentText().startswith("ZZ")
    assert field.error.isVisible() and "not a state" in field.error.text()
    w.editor.show_page(w.editor.health)
    assert not field.isVisible()
    w.editor.reveal(path)
    assert w.editor.current_page() is w.editor.taxes


def test_a_bad_flat_rate_is_shown_even_with_a_state_chosen(window: MainWindow, settle) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    w.doc.set_value("taxes.state", taxed_state())
    assert not rate_shown(w)
    w.doc.set_value("taxes.state_rate", 0.5)
    settle(w)
    rate = w.editor.field("taxes.state_rate")
    assert rate_shown(w) and rate.error.isVisible()
    w.doc.set_value("taxes.state_rate", 0.05)
    settle(w)
    assert not rate_shown(w)


def test_the_conversion_cap_is_for_conversions(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    cap = choice(w, "taxes.conversion_cap")
    tier = choice(w, "taxes.conversion_irmaa_tier")
    assert w.doc.plan.taxes.roth_conversion is ConversionMode.NONE
    assert not cap.isEnabled() and not tier.isEnabled()

    choose(choice(w, "taxes.roth_conversion"), ConversionMode.FILL_BRACKET)
    assert cap.isEnabled() and not tier.isEnabled()
    choose(cap, ConversionCap.ACA_CLIFF)
    assert w.doc.plan.taxes.conversion_cap is ConversionCap.ACA_CLIFF
    assert not tier.isEnabled()
    choose(cap, ConversionCap.IRMAA_TIER)
    assert tier.isEnabled()
    choose(tier, 2)
    assert w.doc.plan.taxes.conversion_irmaa_tier == 2
    # Each tier says where it ends, from the same table the engine uses.
    table = health.medicare(health.DATA_YEAR)
    for k in range(5):
        top = fmt.money(table.tier_top(w.doc.plan.filing_status, k))
        assert top in tier.combo.itemText(k)
    choose(cap, ConversionCap.NONE)
    assert not tier.isEnabled()
    choose(choice(w, "taxes.roth_conversion"), ConversionMode.NONE)
    assert not cap.isEnabled()


def test_removed_fields_are_gone(window: MainWindow) -> None:
    fields = window.editor.all_fields()
    assert "spending.healthcare_annual" not in fields
    assert "taxes.medicare_irmaa" not in fields
    assert "health.out_of_pocket_annual" in fields and "health.irmaa" in fields
