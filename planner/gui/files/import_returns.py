"""File ▸ Import Returns…: a person's own yearly returns from a CSV file, into the plan.

The file is read by the core (``read_returns_file``), which says how it read the numbers
(fractions or percent) or lists every problem at once. A good file becomes the plan's return
series in one undoable edit; a bad one changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from planner.core.errors import PlanError
from planner.core.model import Plan, ReturnSeries
from planner.core.return_series import read_returns_file
from planner.gui import dialogs
from planner.gui.document import PlanDocument

SERIES_LINK = ("Assumptions", "simulation.return_series")
PROBLEMS_SHOWN = 25  # the core lists at most 20 problems and a count of the rest


def with_series(plan: Plan, series: ReturnSeries | None) -> Plan:
    simulation = dataclasses.replace(plan.simulation, return_series=series)
    return dataclasses.replace(plan, simulation=simulation)


def import_returns(
    parent: QWidget | None,
    doc: PlanDocument,
    status: Callable[[str], None],
    note: Callable[[str, tuple[str, str] | None], None],
) -> bool:
    """Ask for a file and import it; True if the plan now holds its returns."""
    from planner.gui.files.file_actions import plans_folder  # the home folder if unusable

    folder = doc.path.parent if doc.path is not None else plans_folder()
    path = dialogs.ask_returns_path(parent, folder)
    if path is None:
        return False
    try:
        series, sentence = read_returns_file(Path(path))
    except PlanError as exc:
        dialogs.show_error(
            parent, "Returns not imported",
            f"{exc.message}. The plan was not changed; fix these lines and import again:",
            exc.lines(), limit=PROBLEMS_SHOWN,
        )
        status(f"{Path(path).name} was not imported: {len(exc.problems) or 1} problem(s).")
        return False
    except OSError as exc:
        dialogs.show_error(parent, "Returns not imported",
                           f"{Path(path).name} could not be read. The plan was not changed.",
                           [exc.strerror or str(exc)])
        return False
    doc.replace(with_series(doc.plan, series), f"Import returns from {series.name}")
    status(sentence)
    note(f"{sentence} History mode replays it, and Monte Carlo's blocks of historical years "
         f"draw from it; it is shown, and can be removed, under {SERIES_LINK[0]}.", SERIES_LINK)
    return True
