"""How the report speaks of the end of the plan: the year of the last death.

Ages at death are fixed (a person's death age, else their planning horizon) or, in Monte
Carlo runs with life-table mortality, drawn for each path. Everything here reads the
Result's own deaths (``death_t``, ``death_ages``, ``end_index``), never the plan's ages,
so the words match what the engine ran.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.model import Sex
from planner.core.result import Result

LIFE_TABLE = "the SSA 2023 period life table"
SEX_WORDS = {Sex.FEMALE: "female", Sex.MALE: "male",
             Sex.UNSPECIFIED: "the average of women and men"}


@dataclass(frozen=True)
class PlanEnd:
    """Who ends the plan, at what age and in which year. With drawn deaths the plan ends
    in a different year on each path: ``drawn`` is True and ``year`` is the median year of
    the last death (``name`` and ``age`` are then those of the typical path)."""

    name: str
    age: int
    year: int
    drawn: bool


def is_drawn(result: Result, person: int) -> bool:
    """True when this person's age at death was drawn for each path."""
    return result.deaths_drawn and result.plan.people[person].death_age is None


def plan_end(result: Result) -> PlanEnd:
    path = 0 if result.n_paths == 1 else result.median_path()
    death_t = result.death_t[:, path]
    last = int(np.argmax(death_t))  # the first of those who die last, as people read it
    age = int(result.death_ages()[last, path])
    years = result.years[result.end_index]
    return PlanEnd(result.plan.people[last].name, age, int(np.median(years)),
                   result.deaths_drawn)


def lives_to_text(result: Result, person: int) -> str:
    """'85 (2051)' for a fixed age; 'life table, median 87' when drawn."""
    p = result.plan.people[person]
    if is_drawn(result, person):
        median = float(np.median(result.death_ages()[person]))
        return f"life table, median {median:.0f}"
    age = int(result.death_ages()[person, 0])
    return f"{age} ({p.birth_year + age})"


def death_text(result: Result, person: int) -> str:
    """The assumption in words: '85, at the end of 2051', '95, at the end of 2081 (the
    planning horizon)' or 'drawn for each path from the SSA 2023 period life table (...)'."""
    p = result.plan.people[person]
    if is_drawn(result, person):
        median = float(np.median(result.death_ages()[person]))
        return (f"drawn for each path from {LIFE_TABLE} ({SEX_WORDS[p.sex]}; median "
                f"{median:.0f})")
    age = int(result.death_ages()[person, 0])
    horizon = " (the planning horizon)" if p.death_age is None else ""
    return f"{age}, at the end of {p.birth_year + age}{horizon}"
