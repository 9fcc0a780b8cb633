"""The Health page and each person's employer coverage, driven through their widgets: the plan
fields they set, blanks that go back to None, problems shown next to their field, and the
note an upgraded plan brings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner import format as fmt
from planner.core import health
from planner.core.model import Health, Plan
from planner.core.serialize import plan_to_dict
from planner.gui.editor.fields import CheckField, NumberField
from planner.gui.editor.fields_compound import OptionalNumberField, OptionalWholeField
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def optional(w: MainWindow, path: str) -> OptionalNumberField:
    field = w.editor.field(path)
    assert isinstance(field, OptionalNumberField)
    return field


def type_into(qtbot: Any, spin: Any, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_premium_fields_set_the_plan_and_clear_to_none(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.health)
    bench = optional(w, "health.aca_benchmark_monthly")
    assert w.doc.plan.health.aca_benchmark_monthly is None
    assert not bench.spin.isEnabled()  # blank: the national average, greyed
    assert bench.spin.value() == pytest.approx(round(health.national_benchmark_monthly()))

    bench.known.click()
    assert w.doc.plan.health.aca_benchmark_monthly == pytest.approx(bench.spin.value())
    type_into(qtbot, bench.spin, "812")
    assert w.doc.plan.health.aca_benchmark_monthly == 812
    bench.known.click()  # back to the national average
    assert w.doc.plan.health.aca_benchmark_monthly is None

    own = optional(w, "health.own_premium_annual")
    own.known.click()
    type_into(qtbot, own.spin, "9400")
    assert w.doc.plan.health.own_premium_annual == 9400
    own.known.click()
    assert w.doc.plan.health.own_premium_annual is None

    pocket = w.editor.field("health.out_of_pocket_annual")
    assert isinstance(pocket, NumberField)
    type_number(qtbot, pocket, "4250")
    assert w.doc.plan.health.out_of_pocket_annual == 4250
    growth = w.editor.field("health.cost_growth")
    assert isinstance(growth, NumberField)
    type_number(qtbot, growth, "6.5")
    assert w.doc.plan.health.cost_growth == pytest.approx(0.065)

    for path in ("health.medicare_part_d", "health.irmaa"):
        check = w.editor.field(path)
        assert isinstance(check, CheckField)
        before = getattr(w.doc.plan.health, path.split(".")[1])
        check.box.click()
        assert getattr(w.doc.plan.health, path.split(".")[1]) is (not before)


def test_premiums_off_greys_what_depends_on_them(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.health)
    premiums = w.editor.field("health.premiums")
    assert isinstance(premiums, CheckField)
    w.doc.set_value("health.premiums", True)
    dependent = ["health.aca_benchmark_monthly", "health.own_premium_annual",
                 "health.medicare_part_d"]
    assert all(w.editor.field(p).isEnabled() for p in dependent)
    premiums.box.click()
    assert w.doc.plan.health.premiums is False
    assert not any(w.editor.field(p).isEnabled() for p in dependent)
    # IRMAA and out-of-pocket costs do not depend on modelling premiums.
    assert w.editor.field("health.irmaa").isEnabled()
    assert w.editor.field("health.out_of_pocket_annual").isEnabled()
    assert "Off" in w.editor.health.premiums_hint.text()
    w.doc.undo_stack.undo()
    assert w.doc.plan.health.premiums is True
    assert all(w.editor.field(p).isEnabled() for p in dependent)


def test_the_benchmark_hint_names_the_national_average_and_where_to_look(
    window: MainWindow,
) -> None:
    text = window.editor.health.benchmark_hint.text()
    assert fmt.money(health.national_benchmark_monthly()) in text
    assert str(health.DATA_YEAR) in text
    assert "40-year-old" in text and "silver" in text
    assert "HealthCare.gov" in text and "See plans &amp; prices" in text


@pytest.mark.parametrize("path", ["health.aca_benchmark_monthly", "health.own_premium_annual"])
def test_a_negative_premium_is_shown_next_to_its_field_and_show_opens_health(
    qtbot: Any, window: MainWindow, settle: Any, path: str
) -> None:
    w = window
    w.editor.show_page(w.editor.health)
    field = optional(w, path)
    field.known.click()
    type_into(qtbot, field.spin, "-50")
    assert getattr(w.doc.plan.health, path.split(".")[1]) == -50  # kept, not clamped
    settle(w)
    assert [p.field for p in w.projection.problems] == [path]
    assert field.error.isVisible() and "below zero" in field.error.text()
    assert w.results.stale_note.isVisible()
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.health)).endswith("•")
    assert f"href='{path}'" in w.status_label.text()
    w.editor.show_page(w.editor.household)
    w.status_label.linkActivated.emit(path)  # "Show"
    assert w.editor.current_page() is w.editor.health
    field.known.click()  # blank again: the problem goes
    settle(w)
    assert w.projection.problems == [] and not field.error.isVisible()


def test_employer_coverage_age_is_optional(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.show_page(w.editor.household)
    cover = w.editor.field("people[0].health_coverage_until_age")
    assert isinstance(cover, OptionalWholeField)
    person = w.doc.plan.people[0]
    assert person.health_coverage_until_age is None
    assert cover.edit.placeholderText() == str(person.retirement_age)  # blank: retirement
    cover.edit.setFocus()
    qtbot.keyClicks(cover.edit, "63")
    assert w.doc.plan.people[0].health_coverage_until_age == 63
    assert f"{person.birth_year + 63 - 1}" in w.editor.health.coverage.text()
    cover.edit.clear()
    assert w.doc.plan.people[0].health_coverage_until_age is None

    qtbot.keyClicks(cover.edit, "12")  # under validate's 18
    settle(w)
    assert cover.error.isVisible() and "12" in cover.error.text()
    w.editor.show_page(w.editor.taxes)
    w.status_label.linkActivated.emit("people[0].health_coverage_until_age")
    assert w.editor.current_page() is w.editor.household


def old_plan_file(tmp_path: Path, version: int) -> Path:
    """A copy of a plan file of schema ``version`` (1 or 2) whose spending covered health
    insurance (tests/fixtures, kept forever)."""
    name = {1: "v1/retiree.json", 2: "v2/early_retirees.json"}[version]
    data = json.loads((FIXTURES / name).read_text())
    assert data["schema_version"] == version
    path = tmp_path / f"old-v{version}.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("version", [1, 2])
def test_an_upgraded_plan_says_premiums_are_off_and_where_to_turn_them_on(
    qtbot: Any, window: MainWindow, tmp_path: Path, version: int
) -> None:
    w = window
    path = old_plan_file(tmp_path, version)
    assert w.files.open_path(path, ask=False)
    assert w.doc.plan.health.premiums is False
    status = w.status_bar.label.text()
    assert "older version" in status and "Health premiums are off" in status
    assert "Model marketplace and Medicare premiums" in status
    # The status bar moves on with the next run; the note above the editor stays.
    notice = w.editor.notice
    assert notice.isVisible() and "Health premiums are off" in notice.text()
    assert f".v{version}.bak" in notice.text()
    assert "href='health.premiums'" in notice.text()
    w.editor.show_page(w.editor.taxes)
    notice.label.linkActivated.emit("health.premiums")
    assert w.editor.current_page() is w.editor.health
    notice.close_button.click()
    assert not notice.isVisible()


def test_a_current_plan_without_premiums_has_no_upgrade_note(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    w = window
    plan: Plan = w.doc.plan
    plan = plan.with_changes(health=Health(premiums=False))
    path = tmp_path / "current.json"
    path.write_text(json.dumps(plan_to_dict(plan)))
    assert w.files.open_path(path, ask=False)
    assert w.doc.plan.health.premiums is False
    assert "Health premiums are off" not in w.status_bar.label.text()
    assert not w.editor.notice.isVisible()


def test_the_note_goes_when_another_plan_is_opened(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    w = window
    assert w.files.open_path(old_plan_file(tmp_path, 2), ask=False)
    assert w.editor.notice.isVisible()
    w.open_sample()
    assert not w.editor.notice.isVisible()


def test_health_page_widgets_have_accessible_names(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    w = window
    w.editor.show_page(w.editor.health)
    page = w.editor.health
    unnamed = [widget for kind in (QAbstractSpinBox, QLineEdit, QComboBox)
               for widget in page.findChildren(kind)
               if widget.isVisibleTo(w) and not widget.objectName().startswith("qt_")
               and not widget.accessibleName()]
    buttons = [b for b in page.findChildren(QAbstractButton)
               if b.isVisibleTo(w) and not (b.accessibleName() or b.text())]
    assert unnamed == [] and buttons == []
    links = Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert page.benchmark_hint.textInteractionFlags() & links
