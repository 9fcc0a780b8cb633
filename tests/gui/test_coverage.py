"""Every value of the plan model has a field in the editor (so every value is editable)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from planner.core.model import (
    Conversion,
    IncomeKind,
    IncomeStream,
    Inflow,
    OneOff,
    SpendingPhase,
    StateMove,
)
from planner.gui.editor.binding import get_value, set_value
from planner.gui.editor.form_household import add_partner
from planner.gui.main_window import MainWindow

NOT_EDITED = {"schema_version"}  # written by the program, not by a person


def leaf_paths(value: Any, path: str = "") -> Iterator[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from leaf_paths(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple) and value and isinstance(value[0], tuple):
        for i, row in enumerate(value):  # a matrix: the correlations
            for j in range(len(row)):
                if i != j:
                    yield f"{path}[{i}][{j}]"
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from leaf_paths(item, f"{path}[{i}]")
    else:
        yield path


def filled_plan(w: MainWindow) -> Any:
    """The window's plan with every list and optional value filled."""
    plan = add_partner(w.doc.plan)
    plan = set_value(plan, "income", (IncomeStream("Pension", IncomeKind.PENSION, owner=1),))
    plan = set_value(plan, "inflows", (Inflow(2040, 100_000.0),))
    spending = dataclasses.replace(
        plan.spending, phases=(SpendingPhase(80, 50_000.0),), one_offs=(OneOff(2040, 1.0),)
    )
    plan = dataclasses.replace(plan, spending=spending)
    plan = set_value(plan, "taxes.conversions", (Conversion(2050, 10_000.0),))
    return set_value(plan, "taxes.state_move", StateMove(2050, "FL"))


def test_every_plan_value_has_an_editor_field(window: MainWindow) -> None:
    w = window
    plan = filled_plan(w)
    w.doc.replace(plan, "fill every list")
    registry = w.editor.all_fields()
    missing = []
    for path in leaf_paths(plan):
        if path in NOT_EDITED:
            continue
        mirrored = path[: path.rfind("[", 0, path.rfind("["))] if path.endswith("]") else None
        if path in registry:
            continue
        if mirrored is not None:
            i, j = path[len(mirrored):].strip("[]").split("][")
            if f"{mirrored}[{j}][{i}]" in registry:
                continue
        missing.append(path)
    assert missing == []


def test_every_editor_field_edits_a_plan_value(window: MainWindow) -> None:
    """No field is left behind for a value the model no longer has."""
    w = window
    plan = filled_plan(w)
    w.doc.replace(plan, "fill every list")
    stale = []
    for path in w.editor.all_fields():
        try:
            get_value(plan, path)
        except (AttributeError, IndexError, KeyError):
            stale.append(path)
    assert stale == []


def test_a_correlation_edit_stays_symmetric(window: MainWindow) -> None:
    w = window
    field = w.editor.field("assumptions.correlation[1][0]")
    field.spin.setValue(0.3)  # type: ignore[attr-defined]
    corr = w.doc.plan.assumptions.correlation
    assert corr[1][0] == corr[0][1] == 0.3
