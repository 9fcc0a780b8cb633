"""When each person dies: a fixed age, or, in Monte Carlo runs with life-table mortality,
an age drawn for every path from the SSA period life table.

The table (resources/data/ssa_period_life_table.csv: SSA Office of the Chief Actuary, the
2023 period life table of the 2026 Trustees Report) gives q(x), the probability of dying
between exact ages x and x+1, by sex. A person is alive at the start of the plan; the chance
of dying in the calendar year in which they reach age a is taken as the mean of q(a-1) and
q(a) (they spend about half of the year at each age), and everyone dies by 119. An
unspecified sex uses the mean of the male and female q. Deaths are drawn by inverse
transform, one uniform number per person and path, from a random stream of their own (seeded
from the run's seed), so they take nothing from the market draws.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.core.model import Plan, Sex
from planner.resources import resource_path

LAST_AGE = 119
MORTALITY_STREAM = 5_172_024  # mixed into the seed: a stream apart from the market draws


@dataclass(frozen=True)
class Deaths:
    """The year of each person's death on each path, as an index into the plan's years
    (the last year they are alive; they die at its end)."""

    death_t: np.ndarray  # [P, N] int
    drawn: bool  # True when drawn from the life table (they differ between paths)

    @property
    def end_t(self) -> np.ndarray:
        """[N] the last year of the plan on each path: the year of the last death."""
        return np.asarray(self.death_t.max(axis=0))

    @property
    def n_years(self) -> int:
        return int(self.death_t.max()) + 1

    def ages(self, plan: Plan) -> np.ndarray:
        """[P, N] age at death."""
        born = np.array([p.birth_year for p in plan.people])[:, None]
        return np.asarray(plan.start_year + self.death_t - born)


@lru_cache(maxsize=1)
def life_table() -> dict[str, np.ndarray]:
    """q(x) for ages 0..119 by sex (female, male, unspecified = their mean)."""
    with open(resource_path("data", "ssa_period_life_table.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    male = np.array([float(r["male_qx"]) for r in rows])
    female = np.array([float(r["female_qx"]) for r in rows])
    return {Sex.MALE.value: male, Sex.FEMALE.value: female,
            Sex.UNSPECIFIED.value: (male + female) / 2}


def death_probabilities(sex: Sex, current_age: int) -> np.ndarray:
    """Probability of dying in each calendar year from the plan's first (age ``current_age``
    at its end) to age 119, for someone alive at the start of the plan; sums to 1."""
    q = life_table()[sex.value]
    ages = np.arange(current_age, LAST_AGE + 1)
    q_year = np.clip((q[np.clip(ages - 1, 0, LAST_AGE)] + q[ages]) / 2, 0.0, 1.0)
    q_year[-1] = 1.0
    survive = np.concatenate([[1.0], np.cumprod(1.0 - q_year)[:-1]])
    return np.asarray(survive * q_year)


def fixed_deaths(plan: Plan, n_paths: int) -> Deaths:
    t = np.array([p.birth_year + p.fixed_death_age - plan.start_year for p in plan.people])
    return Deaths(death_t=np.repeat(t[:, None], n_paths, axis=1), drawn=False)


def drawn_deaths(plan: Plan, n_paths: int, seed: int) -> Deaths:
    """Life-table deaths for people without a fixed death age; the others keep theirs."""
    rng = np.random.default_rng([seed, MORTALITY_STREAM])
    fixed = fixed_deaths(plan, n_paths).death_t.copy()
    u = rng.random((len(plan.people), n_paths))
    for i, p in enumerate(plan.people):
        if p.death_age is not None:
            continue
        cdf = np.cumsum(death_probabilities(p.sex, plan.start_year - p.birth_year))
        fixed[i] = np.minimum(np.searchsorted(cdf, u[i] * cdf[-1], side="left"), len(cdf) - 1)
    return Deaths(death_t=fixed, drawn=True)


def life_expectancy(sex: Sex, current_age: int) -> float:
    """Expected age at death (year of death, by the convention above) for someone alive at
    the start of a year at the end of which they reach ``current_age``."""
    probs = death_probabilities(sex, current_age)
    return float((probs * np.arange(current_age, current_age + len(probs))).sum())
