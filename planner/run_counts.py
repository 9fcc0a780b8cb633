"""How many runs a result holds and its success rate, said the same way in the CLI, charts,
report and window.

Historical mode is not "1,000 paths": it is every window of history that fits the plan, and,
when the plan holds crypto, each window once per alignment of Bitcoin's few years against it
(planner.core.montecarlo.aligned_crypto). Its success rate then comes with the range over
those alignments (Summary.success_range), which is printed beside it wherever it appears.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from planner import format as fmt
from planner.core.result import Result

EN_DASH = "\u2013"
TIMES = "\u00d7"


@lru_cache(maxsize=1)
def bitcoin_years() -> int:
    """How many yearly returns of Bitcoin historical mode aligns (one alignment each)."""
    from planner.core.market import btc_returns

    return len(btc_returns()[1])


def alignments(result: Result) -> int | None:
    """The number of Bitcoin alignments of a historical run with crypto, else None."""
    if result.path_groups is None:
        return None
    return len(np.unique(result.path_groups))


def runs_text(result: Result) -> str:
    """'1,000 paths', '1 path', '98 historical windows' or '98 windows × 11 Bitcoin
    alignments' (the GUI's wording, planner.gui.results.run_count)."""
    return runs_count_text(result.mode, result.n_paths, alignments(result))


def runs_count_text(mode: str, n: int, k: int | None = None) -> str:
    """The same from a mode and a count of runs (windows × alignments when k is given)."""
    if mode == "historical":
        if k and k > 1 and n % k == 0:
            return f"{fmt.count(n // k)} windows {TIMES} {k} Bitcoin alignments"
        return f"{fmt.count(n)} historical window{'s' if n != 1 else ''}"
    return f"{fmt.count(n)} path{'s' if n != 1 else ''}"


def runs_total_text(result: Result) -> str:
    """'1,000 paths', '98 windows' or '1,078 runs' (a count to say "37 of ...")."""
    if result.mode == "historical":
        noun = "run" if alignments(result) else "window"
        return f"{fmt.count(result.n_paths)} {noun}{'s' if result.n_paths != 1 else ''}"
    return f"{fmt.count(result.n_paths)} path{'s' if result.n_paths != 1 else ''}"


def runs_noun(result: Result) -> str:
    """'paths', 'windows' or 'runs' (windows in every alignment)."""
    if result.mode == "historical":
        return "runs" if alignments(result) else "windows"
    return "paths"


def range_text(rng: tuple[float, float]) -> str:
    """'76–85%'."""
    low, high = rng
    return f"{fmt.pct(low)[:-1]}{EN_DASH}{fmt.pct(high)}"


def _flat(rng: tuple[float, float]) -> bool:
    """Whether the range prints as one number (every alignment alike)."""
    return fmt.pct(rng[0]) == fmt.pct(rng[1])


def success_text(rate: float, rng: tuple[float, float] | None = None,
                 k: int | None = None) -> str:
    """'81%' or '81% (76–85% over the 11 alignments of Bitcoin's years)'."""
    if rng is None:
        return fmt.pct(rate)
    k = k or bitcoin_years()
    if _flat(rng):
        return f"{fmt.pct(rate)} (the same in all {k} alignments of Bitcoin's years)"
    return f"{fmt.pct(rate)} ({range_text(rng)} over the {k} alignments of Bitcoin's years)"


def success_short(rate: float, rng: tuple[float, float] | None = None) -> str:
    """'81%' or '81% (76–85%)': for table cells, with the range explained beside the table
    (no range when every alignment gives the same rounded rate)."""
    if rng is None or _flat(rng):
        return fmt.pct(rate)
    return f"{fmt.pct(rate)} ({range_text(rng)})"


def result_success_text(result: Result) -> str:
    """The result's success rate with its range over alignments when it has one."""
    s = result.summary
    return success_text(s.success_rate, s.success_range, alignments(result))
