"""Upgrades of plan files, one schema version at a time.

``MIGRATIONS[v]`` turns the plain JSON data of a version-v plan into version v+1. Each
migration keeps what the person wrote and gives new fields the value that reproduces what
the older planner did, wherever the model itself did not change. Fixtures of every released
version live in tests/fixtures and must keep loading (tests/core/test_migrations.py).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

Data = dict[str, Any]


def v1_to_v2(data: Data) -> Data:
    """Step 5: pensions become income streams, money received once becomes an inflow.

    - ``people[i].pensions`` -> ``income`` streams of kind "pension" owned by person i, in
      nominal dollars of the first year paid, rising with inflation or by their COLA;
    - a negative one-off expense (money received) -> an untaxed ``inflows`` entry;
    - spending phases followed the first person's age: ``phase_person`` = 0.
    Anything malformed is left as it is, for the reader to report with its path.
    """
    out = copy.deepcopy(data)
    streams: list[Any] = []
    people = out.get("people")
    if isinstance(people, list):
        for i, person in enumerate(people):
            if not isinstance(person, dict) or "pensions" not in person:
                continue
            pensions = person.pop("pensions")
            if not isinstance(pensions, list):
                person["pensions"] = pensions  # not a list: let the reader name it
                continue
            streams += [_pension_stream(p, i) for p in pensions]
    if streams:
        out["income"] = streams
    spending = out.get("spending")
    if isinstance(spending, dict):
        spending.setdefault("phase_person", 0)
        one_offs = spending.get("one_offs")
        if isinstance(one_offs, list):
            kept, received = [], []
            for item in one_offs:
                amount = item.get("amount") if isinstance(item, dict) else None
                if isinstance(amount, int | float) and not isinstance(amount, bool) \
                        and amount < 0:
                    received.append({"year": item.get("year"), "amount": -amount,
                                     "label": item.get("label", ""), "taxable_amount": 0})
                else:
                    kept.append(item)
            spending["one_offs"] = kept
            if received:
                out["inflows"] = received
    elif spending is None:
        out["spending"] = {"phase_person": 0}
    return out


def v2_to_v3(data: Data) -> Data:
    """Step 6: health care becomes its own lines of spending; state tax by state.

    - ``spending.healthcare_annual`` was part of the spending goal: it leaves the goal (and
      each phase) and becomes ``health.out_of_pocket_annual``, growing with inflation as
      before (``health.cost_growth`` = the plan's inflation rate);
    - the older spending goal already covered insurance: ``health.premiums`` is off;
    - ``taxes.medicare_irmaa`` becomes ``health.irmaa``;
    - the flat ``taxes.state_rate`` stays, as the custom flat rate (``taxes.state`` "").
    Birth month and day take the model's defaults (January, the 15th).
    """
    out = copy.deepcopy(data)
    health: Data = {"premiums": False}
    spending = out.get("spending")
    if isinstance(spending, dict) and "healthcare_annual" in spending:
        medical = spending.pop("healthcare_annual")
        if _is_number(medical) and medical > 0:
            health["out_of_pocket_annual"] = medical
            _less(spending, "annual", medical, default=60_000.0)
            phases = spending.get("phases")
            for phase in phases if isinstance(phases, list) else []:  # else: the reader's
                if isinstance(phase, dict):
                    _less(phase, "annual", medical, default=None)
            assumptions = out.get("assumptions")
            inflation = (assumptions.get("inflation_rate")
                         if isinstance(assumptions, dict) else None)
            health["cost_growth"] = inflation if _is_number(inflation) else 0.0302
        elif not _is_number(medical):
            spending["healthcare_annual"] = medical  # let the reader name it
    taxes = out.get("taxes")
    if isinstance(taxes, dict) and "medicare_irmaa" in taxes:
        irmaa = taxes.pop("medicare_irmaa")
        if isinstance(irmaa, bool):
            health["irmaa"] = irmaa
        else:
            taxes["medicare_irmaa"] = irmaa
    out["health"] = health
    return out


def _less(d: Data, key: str, amount: float, default: float | None) -> None:
    value = d.get(key, default)
    if value is not None and _is_number(value):
        d[key] = max(value - amount, 0.0)


def _pension_stream(pension: Any, owner: int) -> Any:
    if not isinstance(pension, dict):
        return pension
    old = dict(pension)
    cola = old.pop("cola_rate", 0.0)
    indexed = old.pop("inflation_indexed", False)
    stream = {
        "name": old.pop("name", "Pension"),
        "kind": "pension",
        "owner": owner,
        "amount": old.pop("annual_amount", None),
        "todays_dollars": False,
        "growth": "inflation" if indexed is True else ("cola" if cola else "fixed"),
        "growth_rate": 0.0 if indexed is True else cola,
        "start_age": old.pop("start_age", None),
        "survivor_share": old.pop("survivor_share", 0.0),
    }
    if stream["amount"] is None:
        del stream["amount"]  # the reader reports the missing amount
    stream.update(old)  # unknown keys stay, so the reader reports them
    return stream


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def v3_to_v4(data: Data) -> Data:
    """Step 7: crypto outlooks, market presets, AR(1) inflation, holding rules.

    - ``assumptions.crypto`` was a mean and a volatility, with the shape in
      ``simulation.crypto_model``: it becomes an outlook with the median that gives the same
      draws. The old default (the stock mean with Bitcoin's yearly volatility) is the
      "cautious" outlook, so its results stay the same and it is named for what it is;
    - inflation was drawn independently each year: ``inflation_persistence`` 0 keeps that
      (choose the fitted persistence in the assumptions to use it);
    - accounts rebalance yearly, as before, with no crypto cap.
    """
    from planner.core.model import CryptoModel, CryptoOutlook
    from planner.core.outlooks import matches, median_for_mean, named

    out = copy.deepcopy(data)
    assumptions = out.setdefault("assumptions", {})
    simulation = out.get("simulation")
    if not isinstance(assumptions, dict):
        return out  # let the reader name it
    assumptions.setdefault("inflation_persistence", 0.0)
    shape = "student-t"
    dof = 4.0
    if isinstance(simulation, dict):
        shape = simulation.pop("crypto_model", shape)
        if _is_number(simulation.get("crypto_t_dof")):
            dof = float(simulation["crypto_t_dof"])
    old = assumptions.get("crypto", {})
    if not isinstance(old, dict):
        return out
    mean = old.get("expected_return", 0.1206)
    volatility = old.get("volatility", 1.093)
    if not (_is_number(mean) and _is_number(volatility)) or shape not in ("student-t",
                                                                          "bootstrap"):
        return out  # malformed: the reader reports the old fields as unknown
    outlook = CryptoOutlook(name="custom", median=0.0, volatility=float(volatility),
                            model=CryptoModel(shape))
    median = float(mean)
    # Past validation's ranges (volatility 0-300%, at most 100 degrees of freedom) the plan
    # is refused anyway, with the field named: keep the mean as the median there rather
    # than overflow in the conversion.
    if 0 <= volatility <= 3 and dof <= 100 and abs(mean) <= 100:
        try:
            median = median_for_mean(float(mean), outlook, dof if dof > 2 else 4.0)
        except (ArithmeticError, ValueError):
            median = float(mean)
        if not math.isfinite(median):
            median = float(mean)
    outlook = CryptoOutlook("custom", median, float(volatility), 0.0, CryptoModel(shape))
    cautious = named("cautious")
    if cautious is not None and matches(cautious.outlook, outlook):
        outlook = CryptoOutlook("cautious", median, float(volatility), 0.0, CryptoModel(shape))
    assumptions["crypto"] = {"name": outlook.name, "median": outlook.median,
                             "volatility": outlook.volatility, "collapse_chance": 0.0,
                             "model": shape}
    return out


def v4_to_v5(data: Data) -> Data:
    """Step 8: ``taxes.heirs_tax_rate`` (the after-tax legacy) takes its default, 24%;
    conversions get ``conversion_start_age``/``conversion_stop_age`` (absent: from retirement
    until RMDs, as before) and ``conversion_keep_mix`` (absent: on). Plans without Roth
    conversions project exactly as before; with conversions, converted money now keeps the
    traditional account's mix instead of silently taking the Roth's (the Step 8 fix), and a
    bracket fill lands on the bracket top to the cent, as it meant to."""
    return copy.deepcopy(data)


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: v1_to_v2, 2: v2_to_v3, 3: v3_to_v4,
                                                 4: v4_to_v5}
