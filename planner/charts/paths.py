"""Which single path a chart or table shows, and how inflation ran on it, in plain words.

With many paths, the year table and the charts of one sequence of years (balances, income,
taxes, health care) show the typical path: the one whose estate (the balance at the last
death, in today's dollars) is the median. It is one real sequence of years, with its own
inflation, so its today's-dollar figures drift from the plan's own rates: a salary raised 3% a
year falls in today's dollars on a path where prices rise 3.6% a year. Charts, the window's
year table and the report's year pages say so in these words.
"""

from __future__ import annotations

import numpy as np

from planner import format as fmt
from planner.core.result import Result
from planner.run_counts import runs_text, runs_total_text

MEDIAN_ESTATE = "the one with the median estate"
DRIFT = 0.001  # a raise this close to the path's inflation keeps its value: nothing to say


def shown_path(result: Result) -> int:
    """Charts of one sequence of years show the typical path: the one whose estate (the
    balance at the last death) is the median (a real sequence of years, not a mix of
    medians)."""
    return 0 if result.n_paths == 1 else result.median_path()


def chosen_path(result: Result, path: int | None) -> int:
    """The path a chart of one sequence of years shows: the one asked for, or the typical."""
    return shown_path(result) if path is None else path


def shown_years(result: Result, path: int) -> int:
    """How many years a chart of one path shows: up to the year of its last death (with
    ages at death drawn from the life table, paths end in different years)."""
    return int(result.end_index[path]) + 1


def path_name(result: Result, path: int) -> str:
    """'no. 413' for a simulated path, 'the window starting in 1966' for a historical one."""
    labels = result.path_labels
    if result.mode == "historical" and len(labels) == result.n_paths:
        return f"the window starting in {labels[path]}"
    return f"no. {fmt.count(path + 1)}"


def title_note(result: Result, path: int | None = None) -> str:
    """What a chart of one path adds to its title: ', typical path: no. 413 of 1,000 paths'
    or ', typical run: the window starting in 1966' ('' for a run of one path; ', path 5' for
    a path the caller chose)."""
    if path is not None:
        return f", path {fmt.count(path + 1)}"
    if result.n_paths == 1:
        return ""
    name = path_name(result, shown_path(result))
    if name.startswith("no. "):
        return f", typical path: {name} of {runs_total_text(result)}"
    return f", typical run: {name}"


def path_inflation(result: Result, path: int) -> float:
    """The average yearly inflation on a path over the years it shows (to its last death)."""
    years = shown_years(result, path)
    growth = float(result.price_index[path, years] / result.price_index[path, 0])
    return growth ** (1.0 / years) - 1.0


def which_path(result: Result) -> str:
    """'Typical path: no. 413 of 1,000 paths, the one with the median estate at the last
    death.' or, for a run of one path, 'The one expected path (...).'"""
    if result.n_paths == 1:
        return ("The one expected path (each account at the median growth of its mix)."
                if result.mode == "expected" else "The one path.")
    noun = "run" if result.mode == "historical" else "path"
    name = path_name(result, shown_path(result))
    return f"Typical {noun}: {name} of {runs_text(result)}, {MEDIAN_ESTATE}."


def inflation_text(result: Result, real: bool) -> str:
    """'Inflation on it: 1.94% a year; 3.45% while Alex earned a salary (2026-2050), above
    the 3% raises, so the salary falls from $95,000 to $85,893 in today's dollars.' (the
    salary part in today's dollars only, for one earner whose pay moves by more than DRIFT a
    year against prices)."""
    n = shown_path(result)
    text = f"Inflation on it: {fmt.rate(path_inflation(result, n))} a year"
    if not real:
        return text + "."
    earners = [p for p in result.plan.people if p.salary > 0]
    pay = result.path(n).flows["salary"][0, : shown_years(result, n)]
    worked = np.flatnonzero(pay > 0.5)
    if len(earners) != 1 or worked.size < 2:  # a household's pay also moves as people retire
        return f"{text}; today's dollars here follow this path's own prices."
    first, last = int(worked[0]), int(worked[-1])
    prices = float(result.price_index[n, last] / result.price_index[n, first])
    working = prices ** (1.0 / (last - first)) - 1.0
    start = float(pay[first] / result.price_index[n, first])
    end = float(pay[last] / result.price_index[n, last])
    if abs((end / start) ** (1.0 / (last - first)) - 1.0) < DRIFT:
        return text + "."
    person = earners[0]
    side, moves = ("above", "falls") if end < start else ("below", "rises")
    span = f"{int(result.years[first])}\u2013{int(result.years[last])}"
    return (f"{text}; {fmt.rate(working)} while {person.name} earned a salary ({span}), "
            f"{side} the {fmt.share(person.salary_growth_rate)} raises, so the salary {moves} "
            f"from {fmt.money(start)} to {fmt.money(end)} in today's dollars.")


WHY_TYPICAL = ("The estate is the balance at the last death. The typical path is the one "
               "whose estate is the median of all paths: one real sequence of years, with its "
               "own returns and inflation, rather than a mix of each year's medians.")


def path_sentence(result: Result, real: bool) -> str:
    """Which path a year table follows and how inflation ran on it, in two sentences."""
    return f"{which_path(result)} {inflation_text(result, real)}"
