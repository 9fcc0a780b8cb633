"""Plan <-> plain JSON data. Reading checks every type and names the field that is wrong.

A plan file is untrusted data: nothing here evaluates or imports anything from it.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, fields
from enum import Enum
from typing import Any, TypeVar

from planner.core.errors import PlanError, Problem
from planner.core.model import (
    MAX_ACCOUNTS,
    MAX_CONVERSIONS,
    MAX_INCOME_STREAMS,
    MAX_INFLOWS,
    MAX_MAGNITUDE,
    MAX_ONE_OFFS,
    MAX_PEOPLE,
    MAX_SPENDING_PHASES,
    SCHEMA_VERSION,
    Account,
    AccountKind,
    Allocation,
    AssetClass,
    Assumptions,
    ContributionUnit,
    Conversion,
    ConversionCap,
    ConversionMode,
    CryptoModel,
    CryptoOutlook,
    Growth,
    Health,
    HistoryBonds,
    IncomeKind,
    IncomeStream,
    Inflow,
    InflowTax,
    MarketDraws,
    Mode,
    Mortality,
    OneOff,
    Person,
    Plan,
    Rebalancing,
    ReturnSeries,
    Sex,
    Simulation,
    SocialSecurity,
    Spending,
    SpendingPhase,
    StateMove,
    Strategy,
    TaxSettings,
    WithdrawalOrder,
)

E = TypeVar("E", bound=Enum)
MAX_SERIES_YEARS = 1000  # as return_series.MAX_ROWS: the most years a series file may hold
_MISSING = object()


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data = asdict(plan)
    return _plain(data)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Reader:
    """Reads fields out of nested dicts, collecting every problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, data: Any, path: str, shape: type | None = None) -> dict[str, Any]:
        """``data`` as a dict; with ``shape`` (a dataclass), unknown keys are problems too,
        so that a misspelt field is reported instead of silently taking its default."""
        if not isinstance(data, dict):
            self.fail(path, f"must be an object, not {_kind(data)}")
            return {}
        if shape is not None:
            known = [f.name for f in fields(shape)]
            for key in data:
                if key not in known:
                    close = difflib.get_close_matches(str(key), known, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    self.fail(_join(path, _shown(str(key))), f"unknown field{hint}")
        return data

    def number(self, d: dict[str, Any], key: str, path: str, default: Any = _MISSING) -> float:
        value = d.get(key, default)
        if value is _MISSING:
            self.fail(_join(path, key), "is required")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(path, key), f"must be a number, not {_kind(value)}")
            return 0.0
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(_join(path, key), "must be a finite number")
            return 0.0
        if abs(value) > MAX_MAGNITUDE:
            self.fail(_join(path, key), _too_large(value))
            return 0.0
        return float(value)

    def optional_number(self, d: dict[str, Any], key: str, path: str) -> float | None:
        if d.get(key) is None:
            return None
        return self.number(d, key, path)

    def integer(self, d: dict[str, Any], key: str, path: str, default: Any = _MISSING) -> int:
        value = d.get(key, default)
        if value is _MISSING:
            self.fail(_join(path, key), "is required")
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(path, key), f"must be a whole number, not {_kind(value)}")
            return 0
        if abs(value) > MAX_MAGNITUDE:
            self.fail(_join(path, key), _too_large(value))
            return 0
        return value

    def optional_integer(self, d: dict[str, Any], key: str, path: str) -> int | None:
        if d.get(key) is None:
            return None
        return self.integer(d, key, path)

    def text(self, d: dict[str, Any], key: str, path: str, default: Any = _MISSING) -> str:
        value = d.get(key, default)
        if value is _MISSING:
            self.fail(_join(path, key), "is required")
            return ""
        if not isinstance(value, str):
            self.fail(_join(path, key), f"must be text, not {_kind(value)}")
            return ""
        lone = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
        if lone is not None:  # JSON's "\ud800" escapes can hold what no UTF-8 file can
            self.fail(_join(path, key), f"holds a lone surrogate ({ascii(lone)[1:-1]}), which "
                      "is not a character: retype the text")
            return ""
        return value

    def flag(self, d: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(path, key), f"must be true or false, not {_kind(value)}")
            return default
        return value

    def choice(self, d: dict[str, Any], key: str, path: str, enum: type[E], default: Any) -> E:
        value = d.get(key, default)
        if value is _MISSING:
            self.fail(_join(path, key), "is required")
            return next(iter(enum))
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum)
            self.fail(_join(path, key), f"must be one of {allowed}, not {value!r}")
            return next(iter(enum))

    def items(
        self, d: dict[str, Any], key: str, path: str, shape: type | None = None,
        cap: int = MAX_ACCOUNTS,
    ) -> list[tuple[str, dict[str, Any]]]:
        value = d.get(key, [])
        if not isinstance(value, list):
            self.fail(_join(path, key), f"must be a list, not {_kind(value)}")
            return []
        if len(value) > cap:  # not read at all: a hostile file could hold millions
            self.fail(_join(path, key), f"{len(value):,} entries; a plan holds at most {cap}")
            return []
        out = []
        for i, item in enumerate(value):
            item_path = f"{_join(path, key)}[{i}]"
            out.append((item_path, self.obj(item, item_path, shape)))
        return out


def _too_large(value: float) -> str:
    return f"{float(value):.3g} is beyond any real value (at most {MAX_MAGNITUDE:g} in size)"


def _shown(key: str) -> str:
    """A key as printable text: control, format and unpaired characters escaped."""
    return key if key.isprintable() else ascii(key)[1:-1]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", str: "text", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def plan_from_dict(data: Any) -> Plan:
    """Build a Plan from JSON data; raise PlanError listing every type problem."""
    r = _Reader()
    d = r.obj(data, "", Plan)
    version = d.get("schema_version")
    if version != SCHEMA_VERSION:
        raise PlanError(
            f"schema_version {version!r} is not supported (this version reads {SCHEMA_VERSION})",
            [Problem("schema_version", f"must be {SCHEMA_VERSION}, not {version!r}")],
        )
    people = tuple(_person(r, p, path) for path, p in r.items(d, "people", "", Person,
                                                                MAX_PEOPLE))
    accounts = tuple(_account(r, a, path) for path, a in r.items(d, "accounts", "", Account))
    plan = Plan(
        name=r.text(d, "name", ""),
        start_year=r.integer(d, "start_year", ""),
        people=people,
        accounts=accounts,
        income=tuple(_income(r, i, path) for path, i in r.items(d, "income", "", IncomeStream,
                                                                      MAX_INCOME_STREAMS)),
        inflows=tuple(_inflow(r, i, path) for path, i in r.items(d, "inflows", "", Inflow,
                                                                  MAX_INFLOWS)),
        spending=_spending(r, r.obj(d.get("spending", {}), "spending", Spending), "spending"),
        health=_health(r, r.obj(d.get("health", {}), "health", Health)),
        assumptions=_assumptions(r, r.obj(d.get("assumptions", {}), "assumptions", Assumptions)),
        taxes=_taxes(r, r.obj(d.get("taxes", {}), "taxes", TaxSettings)),
        simulation=_simulation(r, r.obj(d.get("simulation", {}), "simulation", Simulation)),
        notes=r.text(d, "notes", "", default=""),
    )
    if r.problems:
        raise PlanError(f"the plan has {len(r.problems)} problem(s)", r.problems)
    return plan


def _person(r: _Reader, d: dict[str, Any], path: str) -> Person:
    ss = r.obj(d.get("social_security", {}), _join(path, "social_security"), SocialSecurity)
    ss_path = _join(path, "social_security")
    defaults = SocialSecurity()
    return Person(
        name=r.text(d, "name", path),
        birth_year=r.integer(d, "birth_year", path),
        retirement_age=r.integer(d, "retirement_age", path),
        horizon_age=r.integer(d, "horizon_age", path, default=95),
        salary=r.number(d, "salary", path, default=0.0),
        salary_growth_rate=r.number(d, "salary_growth_rate", path, default=0.03),
        social_security=SocialSecurity(
            monthly_benefit_at_fra=r.number(
                ss, "monthly_benefit_at_fra", ss_path, default=defaults.monthly_benefit_at_fra
            ),
            claim_age=r.number(ss, "claim_age", ss_path, default=defaults.claim_age),
        ),
        public_safety_employee=r.flag(d, "public_safety_employee", path, False),
        death_age=r.optional_integer(d, "death_age", path),
        sex=r.choice(d, "sex", path, Sex, Sex.UNSPECIFIED),
        birth_month=r.integer(d, "birth_month", path, default=1),
        birth_day=r.integer(d, "birth_day", path, default=15),
        health_coverage_until_age=r.optional_integer(d, "health_coverage_until_age", path),
    )


def _income(r: _Reader, d: dict[str, Any], path: str) -> IncomeStream:
    return IncomeStream(
        name=r.text(d, "name", path),
        kind=r.choice(d, "kind", path, IncomeKind, _MISSING),
        owner=r.integer(d, "owner", path, default=0),
        amount=r.number(d, "amount", path),
        todays_dollars=r.flag(d, "todays_dollars", path, True),
        growth=r.choice(d, "growth", path, Growth, Growth.INFLATION),
        growth_rate=r.number(d, "growth_rate", path, default=0.0),
        start_age=r.optional_integer(d, "start_age", path),
        start_year=r.optional_integer(d, "start_year", path),
        end_age=r.optional_integer(d, "end_age", path),
        end_year=r.optional_integer(d, "end_year", path),
        # Rent goes on for a survivor (the property passes); other kinds stop unless said.
        survivor_share=r.number(d, "survivor_share", path,
                                default=1.0 if d.get("kind") == IncomeKind.RENTAL.value else 0.0),
    )


def _inflow(r: _Reader, d: dict[str, Any], path: str) -> Inflow:
    return Inflow(
        year=r.integer(d, "year", path),
        amount=r.number(d, "amount", path),
        label=r.text(d, "label", path, default=""),
        taxable_amount=r.number(d, "taxable_amount", path, default=0.0),
        taxed_as=r.choice(d, "taxed_as", path, InflowTax, InflowTax.CAPITAL_GAIN),
    )


def _account(r: _Reader, d: dict[str, Any], path: str) -> Account:
    alloc_path = _join(path, "allocation")
    alloc = r.obj(d.get("allocation", {}), alloc_path, Allocation)
    if "allocation" not in d:  # no mix given: the model's default, not 0% of everything
        default = Allocation()
        alloc = {"stocks": default.stocks, "bonds": default.bonds, "cash": default.cash,
                 "crypto": default.crypto}
    return Account(
        name=r.text(d, "name", path),
        kind=r.choice(d, "kind", path, AccountKind, _MISSING),
        owner=r.integer(d, "owner", path, default=0),
        balance=r.number(d, "balance", path, default=0.0),
        joint=r.flag(d, "joint", path, False),
        cost_basis=r.optional_number(d, "cost_basis", path),
        contribution=r.number(d, "contribution", path, default=0.0),
        contribution_unit=r.choice(
            d, "contribution_unit", path, ContributionUnit, ContributionUnit.DOLLARS
        ),
        employer_match_rate=r.number(d, "employer_match_rate", path, default=0.0),
        employer_match_cap=r.number(d, "employer_match_cap", path, default=0.0),
        hsa_family_coverage=r.flag(d, "hsa_family_coverage", path, False),
        allocation=Allocation(
            stocks=r.number(alloc, "stocks", alloc_path, default=0.0),
            bonds=r.number(alloc, "bonds", alloc_path, default=0.0),
            cash=r.number(alloc, "cash", alloc_path, default=0.0),
            crypto=r.number(alloc, "crypto", alloc_path, default=0.0),
        ),
        crypto_cap=r.optional_number(d, "crypto_cap", path),
        rebalancing=r.choice(d, "rebalancing", path, Rebalancing, Rebalancing.YEARLY),
        rebalance_band=r.number(d, "rebalance_band", path, default=0.05),
    )


def _spending(r: _Reader, d: dict[str, Any], path: str) -> Spending:
    base = Spending()
    return Spending(
        annual=r.number(d, "annual", path, default=base.annual),
        phases=tuple(
            SpendingPhase(
                start_age=r.integer(p, "start_age", pp), annual=r.number(p, "annual", pp)
            )
            for pp, p in r.items(d, "phases", path, SpendingPhase,
                              MAX_SPENDING_PHASES)
        ),
        one_offs=tuple(
            OneOff(
                year=r.integer(o, "year", op),
                amount=r.number(o, "amount", op),
                label=r.text(o, "label", op, default=""),
            )
            for op, o in r.items(d, "one_offs", path, OneOff, MAX_ONE_OFFS)
        ),
        strategy=r.choice(d, "strategy", path, Strategy, base.strategy),
        withdrawal_rate=r.number(d, "withdrawal_rate", path, default=base.withdrawal_rate),
        floor=r.optional_number(d, "floor", path),
        ceiling=r.optional_number(d, "ceiling", path),
        guardrail_band=r.number(d, "guardrail_band", path, default=base.guardrail_band),
        guardrail_adjustment=r.number(
            d, "guardrail_adjustment", path, default=base.guardrail_adjustment
        ),
        pre_retirement_annual=r.optional_number(d, "pre_retirement_annual", path),
        survivor_change=r.number(d, "survivor_change", path, default=base.survivor_change),
        phase_person=r.optional_integer(d, "phase_person", path),
        surplus_account=r.text(d, "surplus_account", path, default=""),
    )


def _assumptions(r: _Reader, d: dict[str, Any]) -> Assumptions:
    base = Assumptions()
    classes = {}
    for name in ("stocks", "bonds", "cash"):
        path = f"assumptions.{name}"
        default = base.asset(name)
        c = r.obj(d.get(name, {}), path, AssetClass)
        classes[name] = AssetClass(
            expected_return=r.number(c, "expected_return", path, default=default.expected_return),
            volatility=r.number(c, "volatility", path, default=default.volatility),
        )
    return Assumptions(
        inflation_rate=r.number(d, "inflation_rate", "assumptions", default=base.inflation_rate),
        inflation_volatility=r.number(
            d, "inflation_volatility", "assumptions", default=base.inflation_volatility
        ),
        correlation=_matrix(r, d, "correlation", "assumptions", base.correlation),
        fee_rate=r.number(d, "fee_rate", "assumptions", default=base.fee_rate),
        stock_dividend_yield=r.number(
            d, "stock_dividend_yield", "assumptions", default=base.stock_dividend_yield
        ),
        social_security_cut=r.flag(d, "social_security_cut", "assumptions",
                                   base.social_security_cut),
        social_security_cut_year=r.integer(d, "social_security_cut_year", "assumptions",
                                           default=base.social_security_cut_year),
        social_security_payable_share=r.number(d, "social_security_payable_share", "assumptions",
                                               default=base.social_security_payable_share),
        crypto=_crypto(r, d.get("crypto", {})),
        market_preset=r.text(d, "market_preset", "assumptions", default=base.market_preset),
        inflation_persistence=r.number(d, "inflation_persistence", "assumptions",
                                       default=base.inflation_persistence),
        **classes,
    )


def _crypto(r: _Reader, value: Any) -> CryptoOutlook:
    """The plan's crypto outlook. A named outlook given by its name alone takes that
    outlook's numbers; a name that is no outlook is a problem (not a silent default)."""
    from planner.core.outlooks import CUSTOM, named, named_outlooks

    p = "assumptions.crypto"
    d = r.obj(value, p, CryptoOutlook)
    name = r.text(d, "name", p, default=CryptoOutlook().name)
    found = named(name)
    if found is None and name != CUSTOM:
        keys = ", ".join([o.key for o in named_outlooks()] + [CUSTOM])
        r.fail(_join(p, "name"), f"{name!r} is not an outlook (one of {keys})")
    numbers = ("median", "volatility", "collapse_chance", "model")
    if found is not None and not any(k in d for k in numbers):
        return found.outlook
    base = found.outlook if found is not None else CryptoOutlook()
    return CryptoOutlook(
        name=name,
        median=r.number(d, "median", p, default=base.median),
        volatility=r.number(d, "volatility", p, default=base.volatility),
        collapse_chance=r.number(d, "collapse_chance", p, default=base.collapse_chance),
        model=r.choice(d, "model", p, CryptoModel, base.model),
    )


def _matrix(
    r: _Reader, d: dict[str, Any], key: str, path: str, default: tuple[tuple[float, ...], ...]
) -> tuple[tuple[float, ...], ...]:
    value = d.get(key)
    if value is None:
        return default
    size = len(default)
    if not (isinstance(value, list) and len(value) == size
            and all(isinstance(row, list) and len(row) == size for row in value)):
        r.fail(_join(path, key), f"must be a {size}x{size} list of lists of numbers")
        return default
    rows = []
    for i, row in enumerate(value):
        cells = {str(j): cell for j, cell in enumerate(row)}
        rows.append(tuple(r.number(cells, str(j), f"{_join(path, key)}[{i}]") for j in range(size)))
    return tuple(rows)


def _taxes(r: _Reader, d: dict[str, Any]) -> TaxSettings:
    base = TaxSettings()
    p = "taxes"
    return TaxSettings(
        enabled=r.flag(d, "enabled", p, True),
        state=r.text(d, "state", p, default="").strip().upper(),
        state_rate=r.number(d, "state_rate", p, default=0.0),
        state_move=_state_move(r, d.get("state_move"), "taxes.state_move"),
        index_brackets=r.flag(d, "index_brackets", p, True),
        withdrawal_order=r.choice(d, "withdrawal_order", p, WithdrawalOrder,
                                  base.withdrawal_order),
        fill_bracket_rate=r.number(d, "fill_bracket_rate", p, default=base.fill_bracket_rate),
        roth_conversion=r.choice(d, "roth_conversion", p, ConversionMode, base.roth_conversion),
        conversion_bracket_rate=r.number(
            d, "conversion_bracket_rate", p, default=base.conversion_bracket_rate
        ),
        conversions=tuple(
            Conversion(year=r.integer(c, "year", cp), amount=r.number(c, "amount", cp))
            for cp, c in r.items(d, "conversions", p, Conversion,
                                       MAX_CONVERSIONS)
        ),
        conversion_cap=r.choice(d, "conversion_cap", p, ConversionCap, base.conversion_cap),
        conversion_irmaa_tier=r.integer(d, "conversion_irmaa_tier", p,
                                        default=base.conversion_irmaa_tier),
        conversion_start_age=r.optional_integer(d, "conversion_start_age", p),
        conversion_stop_age=r.optional_integer(d, "conversion_stop_age", p),
        conversion_keep_mix=r.flag(d, "conversion_keep_mix", p, base.conversion_keep_mix),
        heirs_tax_rate=r.number(d, "heirs_tax_rate", p, default=base.heirs_tax_rate),
    )


def _state_move(r: _Reader, value: Any, path: str) -> StateMove | None:
    if value is None:
        return None
    d = r.obj(value, path, StateMove)
    return StateMove(year=r.integer(d, "year", path),
                     state=r.text(d, "state", path).strip().upper())


def _health(r: _Reader, d: dict[str, Any]) -> Health:
    base = Health()
    p = "health"
    return Health(
        premiums=r.flag(d, "premiums", p, base.premiums),
        aca_benchmark_monthly=r.optional_number(d, "aca_benchmark_monthly", p),
        own_premium_annual=r.optional_number(d, "own_premium_annual", p),
        medicare_part_d=r.flag(d, "medicare_part_d", p, base.medicare_part_d),
        irmaa=r.flag(d, "irmaa", p, base.irmaa),
        out_of_pocket_annual=r.number(d, "out_of_pocket_annual", p,
                                      default=base.out_of_pocket_annual),
        cost_growth=r.number(d, "cost_growth", p, default=base.cost_growth),
    )


def _simulation(r: _Reader, d: dict[str, Any]) -> Simulation:
    base = Simulation()
    p = "simulation"
    return Simulation(
        mode=r.choice(d, "mode", p, Mode, base.mode),
        paths=r.integer(d, "paths", p, default=base.paths),
        seed=r.integer(d, "seed", p, default=base.seed),
        market_draws=r.choice(d, "market_draws", p, MarketDraws, base.market_draws),
        block_years=r.integer(d, "block_years", p, default=base.block_years),
        crypto_t_dof=r.number(d, "crypto_t_dof", p, default=base.crypto_t_dof),
        crypto_stock_correlation=r.number(
            d, "crypto_stock_correlation", p, default=base.crypto_stock_correlation
        ),
        history_bonds=r.choice(d, "history_bonds", p, HistoryBonds, base.history_bonds),
        history_first=r.optional_integer(d, "history_first", p),
        history_last=r.optional_integer(d, "history_last", p),
        mortality=r.choice(d, "mortality", p, Mortality, base.mortality),
        return_series=_return_series(r, d.get("return_series"), "simulation.return_series"),
        stress_crypto_zero_year=r.optional_integer(d, "stress_crypto_zero_year", p),
    )


def _return_series(r: _Reader, value: Any, path: str) -> ReturnSeries | None:
    if value is None:
        return None
    d = r.obj(value, path, ReturnSeries)

    def column(key: str) -> tuple[float, ...]:
        cells = d.get(key, [])
        if not isinstance(cells, list):
            r.fail(_join(path, key), f"must be a list of numbers, not {_kind(cells)}")
            return ()
        if len(cells) > MAX_SERIES_YEARS:
            r.fail(_join(path, key), f"{len(cells):,} values; a series holds at most "
                   f"{MAX_SERIES_YEARS} years")
            return ()
        numbered = {str(i): cell for i, cell in enumerate(cells)}
        return tuple(r.number(numbered, str(i), _join(path, key)) for i in range(len(cells)))

    years = column("years")
    return ReturnSeries(
        name=r.text(d, "name", path, default=""),
        years=tuple(int(y) for y in years),
        stocks=column("stocks"), bonds=column("bonds"), cash=column("cash"),
        inflation=column("inflation"), crypto=column("crypto"),
    )
