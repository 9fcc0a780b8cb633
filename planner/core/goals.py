"""Goal-seek: the three questions "how much can I spend", "how much more must I save" and
"when can I retire", each for a target success rate, answered together (the window's Goals
panel, the PDF, ``planner-cli goal``). The searches themselves are in planner.core.analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.core.analysis import (
    RetireAnswer,
    earliest_retirement,
    max_pre_retirement_spending,
    max_spending,
    pre_retirement_ceiling,
)
from planner.core.engine import Cancelled
from planner.core.model import Mode, Plan, Strategy

Progress = Callable[[float], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Goals:
    target: float  # the success rate sought
    mode: str
    paths: int
    fixed: bool  # the plan spends a fixed amount (else a withdrawal strategy's rate)
    spending: float | None  # most retirement spending (today's $) or first-year rate; None: none
    spending_now: float  # the plan's: retirement spending or rate
    pre_retirement: float | None = None  # most pre-retirement spending (today's $); None: none
    pre_retirement_now: float | None = None  # the plan's (None: retired already)
    retire: RetireAnswer | None = None
    retire_now: tuple[int, ...] = ()  # the plan's retirement ages
    pre_retirement_ceiling: float | None = None  # the most the search tries (see analysis)
    phases: int = 0  # spending phases, which the spending search scales with the main level

    @property
    def extra_saving(self) -> float | None:
        """How much more (+) or less (-) to save each year before retiring to reach the
        target: the plan's pre-retirement spending less the most it can be."""
        if self.pre_retirement is None or self.pre_retirement_now is None:
            return None
        return self.pre_retirement_now - self.pre_retirement


def seek(plan: Plan, target: float = 0.9, *, mode: Mode | str | None = None, paths: int = 1000,
         seed: int | None = None, progress: Progress | None = None,
         cancel: Cancel | None = None) -> Goals:
    """All three answers for ``target``; ``progress`` hears 0..1 between the searches, and
    ``cancel`` is asked before every projection (raising Cancelled)."""
    mode = Mode(mode if mode is not None else plan.simulation.mode)
    kw = {"mode": mode, "paths": paths, "seed": seed, "cancel": cancel}
    s = plan.spending
    fixed = s.strategy is Strategy.FIXED
    working = plan.retirement_year > plan.start_year

    def step(done: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled
        if progress is not None:
            progress(done / 3)

    step(0)
    spending = max_spending(plan, target, **kw)  # type: ignore[arg-type]
    step(1)
    pre = max_pre_retirement_spending(plan, target, **kw) if working else None  # type: ignore[arg-type]
    step(2)
    retire = earliest_retirement(plan, target, **kw)  # type: ignore[arg-type]
    step(3)
    pre_now = None
    if working:
        pre_now = s.pre_retirement_annual if s.pre_retirement_annual is not None else s.annual
    return Goals(target, mode.value, paths, fixed, spending,
                 s.annual if fixed else s.withdrawal_rate, pre, pre_now, retire,
                 tuple(p.retirement_age for p in plan.people), pre_retirement_ceiling(plan),
                 len(s.phases))
