"""The plan: what a person tells the planner, as frozen dataclasses.

Units are explicit and fixed everywhere:
- money is US dollars per year unless a field name says ``monthly``;
- rates and shares are decimals (0.04 is 4%), never percents;
- ages are whole years attained by 31 December of a calendar year (the IRS convention
  for catch-ups and RMDs);
- "today's dollars" means dollars of the plan's start year; they grow with inflation.

The JSON file format mirrors these classes field for field (see ``storage``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

# 2: income streams, inflows, deaths (Step 5); 3: health, state (Step 6);
# 4: crypto outlooks, market presets, holding rules, your own return series (Step 7);
# 5: the heirs' tax rate for the after-tax legacy (Step 8)
SCHEMA_VERSION = 5

# Caps on what a plan can hold, far above any real household (a family with 50 accounts
# or 100 income streams is already extraordinary): they keep a hostile or corrupt file from
# costing gigabytes or minutes, and are checked when a plan is read and when it is validated.
MAX_PEOPLE = 2  # a household of one or a couple; the tax rules know no other
MAX_ACCOUNTS = 50
MAX_INCOME_STREAMS = 100
MAX_INFLOWS = 100
MAX_SPENDING_PHASES = 50
MAX_ONE_OFFS = 100
MAX_CONVERSIONS = 120  # one a year over the longest plan (ages 18 to 120 is 103 years)
MAX_NAME_CHARS = 120  # names and labels: a plan, person, account, income, one-off, ...
MAX_NOTES_CHARS = 20_000  # the plan's free-text notes
# The largest magnitude of any number in a plan: money tops out at 1e11 (a balance) and
# rates at a few units, so anything past this is a corrupt file, never a real value; it
# also keeps inf, 1e308 and their overflows out of every sum.
MAX_MAGNITUDE = 1e15

ASSET_CLASSES: tuple[str, ...] = ("stocks", "bonds", "cash", "crypto")


class AccountKind(StrEnum):
    TRADITIONAL_401K = "traditional_401k"
    ROTH_401K = "roth_401k"
    TRADITIONAL_IRA = "traditional_ira"
    ROTH_IRA = "roth_ira"
    HSA = "hsa"
    TAXABLE = "taxable"

    @property
    def label(self) -> str:
        return ACCOUNT_LABELS[self]

    @property
    def is_401k(self) -> bool:
        return self in (AccountKind.TRADITIONAL_401K, AccountKind.ROTH_401K)

    @property
    def is_ira(self) -> bool:
        return self in (AccountKind.TRADITIONAL_IRA, AccountKind.ROTH_IRA)

    @property
    def is_traditional(self) -> bool:
        """Pre-tax money: withdrawals are ordinary income and RMDs apply."""
        return self in (AccountKind.TRADITIONAL_401K, AccountKind.TRADITIONAL_IRA)

    @property
    def is_roth(self) -> bool:
        return self in (AccountKind.ROTH_401K, AccountKind.ROTH_IRA)


ACCOUNT_LABELS = {
    AccountKind.TRADITIONAL_401K: "Traditional 401(k)",
    AccountKind.ROTH_401K: "Roth 401(k)",
    AccountKind.TRADITIONAL_IRA: "Traditional IRA",
    AccountKind.ROTH_IRA: "Roth IRA",
    AccountKind.HSA: "HSA",
    AccountKind.TAXABLE: "Taxable brokerage",
}


class ContributionUnit(StrEnum):
    DOLLARS = "dollars"  # today's dollars a year, grown with inflation
    PERCENT_OF_SALARY = "percent_of_salary"  # a decimal share of the owner's salary
    MAX = "max"  # the IRS limit for the account kind and the owner's age


class Mode(StrEnum):
    EXPECTED = "expected"
    MONTE_CARLO = "monte-carlo"
    HISTORICAL = "historical"


class Strategy(StrEnum):
    FIXED = "fixed"  # the planned spending, grown with inflation
    CONSTANT_DOLLAR = "constant-dollar"  # rate x portfolio at retirement, then + inflation
    CONSTANT_PERCENT = "constant-percent"  # rate x this year's portfolio
    GUARDRAILS = "guardrails"  # Guyton-Klinger decision rules
    VPW = "vpw"  # variable percentage: annuity payment over the years left
    RMD = "rmd"  # portfolio / IRS Uniform Lifetime divisor for the age


STRATEGY_LABELS = {
    Strategy.FIXED: "Planned spending (inflation-adjusted)",
    Strategy.CONSTANT_DOLLAR: "Constant dollar (the 4% rule)",
    Strategy.CONSTANT_PERCENT: "Constant percentage of the portfolio",
    Strategy.GUARDRAILS: "Guyton-Klinger guardrails",
    Strategy.VPW: "Variable percentage withdrawal (VPW)",
    Strategy.RMD: "RMD-based (portfolio / IRS divisor)",
}


class WithdrawalOrder(StrEnum):
    CONVENTIONAL = "conventional"  # taxable, then traditional, then Roth, then HSA
    PROPORTIONAL = "proportional"  # from every account in proportion to its balance
    BRACKET_FILLING = "bracket-filling"  # traditional up to a bracket's top, then taxable...


class ConversionMode(StrEnum):
    NONE = "none"
    FIXED = "fixed"  # the amounts listed by year
    FILL_BRACKET = "fill-bracket"  # fill a bracket each retired year before RMDs start


class CryptoModel(StrEnum):
    STUDENT_T = "student-t"  # fat-tailed parametric draws around the median return
    BOOTSTRAP = "bootstrap"  # Bitcoin's own yearly log returns, re-centred on the median
    REGIME = "regime"  # two-state Markov switching (rally, ordinary) fitted to Bitcoin's months


class Rebalancing(StrEnum):
    YEARLY = "yearly"  # back to the target mix every year
    BANDS = "bands"  # only when a class drifts more than the band from its target
    NONE = "none"  # never: the mix drifts with returns


class MarketDraws(StrEnum):
    PARAMETRIC = "parametric"  # correlated lognormal stocks/bonds/cash, normal inflation
    BLOCK_BOOTSTRAP = "block-bootstrap"  # blocks of consecutive historical years


class Mortality(StrEnum):
    FIXED = "fixed"  # each person dies at their fixed age (death age, else horizon age)
    LIFE_TABLE = "life-table"  # Monte Carlo: ages drawn per path from the SSA life table


class HistoryBonds(StrEnum):
    TREASURY_10Y = "treasury-10y"  # 10-year Treasury total return (Shiller, Damodaran)
    CORPORATE_BAA = "corporate-baa"  # Baa corporate bonds (Damodaran), 1928 on


# Correlation of yearly log returns of stocks, bonds, cash and of inflation, 1926-2024,
# estimated from resources/data/us_market_annual.csv (tests/core/test_market.py recomputes it).
DEFAULT_CORRELATION: tuple[tuple[float, ...], ...] = (
    (1.0, 0.02, -0.005, 0.028),
    (0.02, 1.0, 0.257, -0.112),
    (-0.005, 0.257, 1.0, 0.358),
    (0.028, -0.112, 0.358, 1.0),
)


@dataclass(frozen=True)
class Allocation:
    """Shares of an account in each asset class; they sum to 1. Rebalanced every year."""

    stocks: float = 0.6
    bonds: float = 0.4
    cash: float = 0.0
    crypto: float = 0.0

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.stocks, self.bonds, self.cash, self.crypto)


@dataclass(frozen=True)
class Account:
    name: str
    kind: AccountKind
    owner: int = 0  # index into Plan.people
    balance: float = 0.0  # dollars at the start of the plan's first year
    # Taxable accounts of a couple: held jointly (half its basis steps up at a death).
    joint: bool = False
    # Taxable: total cost basis (a withdrawal realises only its gain). Roth: contributions,
    # which come out tax- and penalty-free before 59 1/2. Traditional IRA: after-tax
    # (nondeductible) contributions, paid out tax-free pro rata. None means: taxable ->
    # balance, Roth -> 0 (every dollar treated as earnings, the cautious choice), IRA -> 0.
    cost_basis: float | None = None
    contribution: float = 0.0  # per year while the owner works; unit below
    contribution_unit: ContributionUnit = ContributionUnit.DOLLARS
    employer_match_rate: float = 0.0  # 401(k): employer adds this share of each dollar deferred
    employer_match_cap: float = 0.0  # 401(k): ...on deferrals up to this share of salary
    hsa_family_coverage: bool = False  # HSA: family limit instead of self-only
    allocation: Allocation = field(default_factory=Allocation)
    # Holding rules: the largest crypto share the account may hold (None: no cap), and how
    # it returns to its target mix.
    crypto_cap: float | None = None
    rebalancing: Rebalancing = Rebalancing.YEARLY
    rebalance_band: float = 0.05  # bands: rebalance when a class is this far off target


@dataclass(frozen=True)
class SocialSecurity:
    monthly_benefit_at_fra: float = 0.0  # PIA, today's dollars a month (from ssa.gov statement)
    claim_age: float = 67.0  # 62..70, in years; months as fractions (67.5 = 67 and 6 months)


class IncomeKind(StrEnum):
    WAGES = "wages"  # employee pay: income tax and payroll tax (Social Security, Medicare)
    SELF_EMPLOYMENT = "self-employment"  # net earnings: income tax and self-employment tax
    PENSION = "pension"  # a pension or annuity: ordinary income; may continue to a survivor
    RENTAL = "rental"  # net rental income: ordinary income (and net investment income)
    TAX_FREE = "tax-free"  # received but never taxed (a gift, a tax-free benefit)

    @property
    def label(self) -> str:
        return INCOME_LABELS[self]

    @property
    def earned(self) -> bool:
        """Pay for work: it stops at the owner's death and counts as compensation."""
        return self in (IncomeKind.WAGES, IncomeKind.SELF_EMPLOYMENT)


INCOME_LABELS = {
    IncomeKind.WAGES: "Wages (part-time or bridge job)",
    IncomeKind.SELF_EMPLOYMENT: "Self-employment",
    IncomeKind.PENSION: "Pension or annuity",
    IncomeKind.RENTAL: "Rental income",
    IncomeKind.TAX_FREE: "Tax-free income",
}


class Growth(StrEnum):
    INFLATION = "inflation"  # rises with each path's inflation
    FIXED = "fixed"  # the same number of dollars every year
    COLA = "cola"  # rises by ``growth_rate`` a year (a fixed cost-of-living adjustment)


@dataclass(frozen=True)
class IncomeStream:
    """Income besides the salary of the main job and Social Security.

    Paid from ``start`` to ``end`` inclusive (each an age of the owner or a calendar year;
    none means from the plan's start and for the owner's life). ``amount`` is a year's
    payment in the first year paid: in today's dollars (grown with the path's prices to
    that year) or, with ``todays_dollars`` false, in dollars of that year. After a death,
    ``survivor_share`` of it continues to the surviving spouse (never for pay for work; in a
    plan file it defaults to 100% for rent, whose property passes on, and 0% otherwise).
    """

    name: str
    kind: IncomeKind
    owner: int = 0
    amount: float = 0.0
    todays_dollars: bool = True
    growth: Growth = Growth.INFLATION
    growth_rate: float = 0.0  # COLA: yearly increase (decimal)
    start_age: int | None = None
    start_year: int | None = None
    end_age: int | None = None
    end_year: int | None = None
    survivor_share: float = 0.0


class InflowTax(StrEnum):
    ORDINARY = "ordinary"  # taxed like wages (an inherited IRA paid out at once, a bonus)
    CAPITAL_GAIN = "capital-gain"  # long-term gain (the gain on a home sale above the exclusion)


@dataclass(frozen=True)
class Inflow:
    """Money received once: an inheritance, a home sale. It pays the year's needs and the
    rest is saved like any surplus."""

    year: int
    amount: float  # today's dollars received
    label: str = ""
    taxable_amount: float = 0.0  # today's dollars of it that are taxed (0 for most inheritances)
    taxed_as: InflowTax = InflowTax.CAPITAL_GAIN


class Sex(StrEnum):
    """For the life table only (SSA publishes it by sex); unspecified averages the two."""

    UNSPECIFIED = "unspecified"
    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True)
class Person:
    name: str
    birth_year: int
    retirement_age: int
    horizon_age: int = 95  # plan to this age: the money must last to the end of that year
    salary: float = 0.0  # dollars a year, in the start year
    salary_growth_rate: float = 0.03  # nominal raise a year until retirement
    social_security: SocialSecurity = field(default_factory=SocialSecurity)
    # Rule of 55: no 10% penalty on a 401(k) left in or after the year one turns 55; for
    # qualified public-safety employees the age is 50 (IRC 72(t)(10)).
    public_safety_employee: bool = False
    # Dies at the end of the year this age is reached. None: at the horizon age, or, with
    # life-table mortality in Monte Carlo runs, at an age drawn for each path.
    death_age: int | None = None
    sex: Sex = Sex.UNSPECIFIED
    # Social Security counts in months from the birthday (20 CFR 404.102: an age is attained
    # the day before the birthday, so someone born on the 1st attains it in the month before).
    birth_month: int = 1  # 1-12
    birth_day: int = 15  # 1-31; only the 1st and 2nd change Social Security's months
    # An employer (or retiree) health plan covers this person until this age (the start of
    # the year it is reached); None: until they retire. After it and before Medicare the
    # household buys marketplace (ACA) coverage.
    health_coverage_until_age: int | None = None

    @property
    def fixed_death_age(self) -> int:
        return self.horizon_age if self.death_age is None else self.death_age


@dataclass(frozen=True)
class SpendingPhase:
    start_age: int  # age (of Spending.phase_person) when this level of spending begins
    annual: float  # today's dollars a year


@dataclass(frozen=True)
class OneOff:
    year: int
    amount: float  # today's dollars spent that year (money received is an Inflow)
    label: str = ""


@dataclass(frozen=True)
class Spending:
    """What the household spends, after tax, in today's dollars.

    Before the household retires it spends ``pre_retirement_annual`` (None: the same as
    ``annual``); income pays taxes, the employee's contributions and spending, a surplus
    is saved and a shortfall withdrawn. From retirement, with the ``fixed`` strategy,
    ``annual`` (and its phases) is the whole spending, which income and the portfolio fund
    together. The other strategies set each retired year the portfolio's *gross*
    withdrawal (its tax comes out of it; income is spent on top), scaled by the phases
    relative to ``annual``. One-offs always apply. After the first death the survivor's
    spending changes by ``survivor_change``.
    """

    annual: float = 60_000.0  # today's dollars a year
    phases: tuple[SpendingPhase, ...] = ()
    one_offs: tuple[OneOff, ...] = ()
    strategy: Strategy = Strategy.FIXED
    withdrawal_rate: float = 0.04  # first-year share of the portfolio (strategies but fixed)
    floor: float | None = None  # today's dollars a year from the portfolio, at least
    ceiling: float | None = None  # ...and at most
    guardrail_band: float = 0.20  # Guyton-Klinger: act when the rate drifts 20% off
    guardrail_adjustment: float = 0.10  # ...by cutting or raising spending 10%
    pre_retirement_annual: float | None = None  # today's dollars a year while anyone works
    survivor_change: float = -0.20  # change in spending after the first death (-20%)
    # Whose age starts the phases: a person's index, or None for the household (the first
    # of the two to reach the age).
    phase_person: int | None = None
    surplus_account: str = ""  # taxable account that receives surpluses ("": the first)


@dataclass(frozen=True)
class AssetClass:
    """A yearly return assumption, nominal.

    expected_return is the mean (arithmetic average) yearly return: the expected path
    earns it every year, and Monte Carlo draws average to it. volatility is the standard
    deviation of yearly log returns. Defaults: 1926-2024 US data (resources/data); other
    presets in planner.core.presets.
    """

    expected_return: float
    volatility: float


@dataclass(frozen=True)
class CryptoOutlook:
    """What the plan believes about crypto's yearly returns.

    median: the median (geometric) yearly return; volatility: the standard deviation of
    yearly log returns; collapse_chance: a yearly chance that crypto collapses to nothing
    for good (the sleeve then earns what cash earns). The implied mean return follows from
    these and the model's shape (planner.core.outlooks.implied_mean). ``name`` is a named
    outlook of planner.core.outlooks (its numbers are copied here) or "custom".
    """

    # The default, "no premium": the stock mean 1926-2024 (12.06%) with Bitcoin's 2015-2025
    # monthly volatility (outlooks.default_outlook(); tests/core/test_outlooks.py checks it).
    name: str = "no-premium"
    median: float = -0.09085429800973333
    volatility: float = 0.684
    collapse_chance: float = 0.0
    model: CryptoModel = CryptoModel.STUDENT_T


@dataclass(frozen=True)
class ReturnSeries:
    """Yearly nominal returns (decimals) the person imported, stored in the plan so that it
    travels with it: historical mode replays its windows, the block bootstrap draws from it."""

    name: str  # where it came from, e.g. the file name
    years: tuple[int, ...]
    stocks: tuple[float, ...]
    bonds: tuple[float, ...]
    cash: tuple[float, ...]
    inflation: tuple[float, ...]
    crypto: tuple[float, ...] = ()  # optional; empty when the series has no crypto


@dataclass(frozen=True)
class Health:
    """Health care, paid on top of the spending goal (resources/data/us_health_rules.json).

    Before Medicare, once a person's employer coverage ends, the household buys marketplace
    coverage: the benchmark (second-lowest-cost silver) premium, age-rated on the federal
    default curve, less the premium tax credit of IRC 36B on the year's income. From 65 each
    person pays Medicare Part B and Part D premiums and, on the income of two years before,
    IRMAA. Out-of-pocket costs start when the household retires; an HSA pays them first.
    Premiums and out-of-pocket costs grow at ``cost_growth`` a year (nominal).
    """

    premiums: bool = True  # model marketplace and Medicare premiums
    # Benchmark premium for a 40-year-old in your area, today's dollars a month; None: the
    # national average (KFF, 2026: $625).
    aca_benchmark_monthly: float | None = None
    # Your own marketplace premium for the household, today's dollars a year, after any
    # credit; None: computed from the benchmark and the premium tax credit.
    own_premium_annual: float | None = None
    medicare_part_d: bool = True  # a drug plan at the Part D base beneficiary premium
    irmaa: bool = True  # Part B and Part D income-related surcharges
    # The household's, today's dollars a year from retirement (a survivor: half of it).
    out_of_pocket_annual: float = 0.0
    # CMS National Health Expenditure projections 2024-33: 5.8% a year, less about 0.5
    # point of population growth (us_health_rules.md section 3).
    cost_growth: float = 0.05


@dataclass(frozen=True)
class Assumptions:
    inflation_rate: float = 0.0302  # mean yearly CPI-U inflation 1926-2024
    inflation_volatility: float = 0.0394  # standard deviation of yearly CPI-U 1926-2024
    fee_rate: float = 0.0  # yearly fund and advice fees on every balance
    # Part of the stock return paid as qualified dividends, taxed yearly in taxable accounts:
    # the mean January S&P dividend yield 2015-2025 (Shiller). Bond and cash returns are
    # taxed yearly as interest.
    stock_dividend_yield: float = 0.0174
    stocks: AssetClass = AssetClass(0.1206, 0.1889)
    bonds: AssetClass = AssetClass(0.0480, 0.0738)
    cash: AssetClass = AssetClass(0.0337, 0.0283)
    crypto: CryptoOutlook = field(default_factory=lambda: CryptoOutlook())
    # Which published outlook (or history) stocks, bonds, cash and inflation come from:
    # a key of planner.core.presets, or "custom" once edited.
    market_preset: str = "history"
    # Inflation is an AR(1): this year's deviation from the mean is this share of last
    # year's plus a fresh shock (fitted to CPI-U 1926-2024, see planner.core.presets).
    inflation_persistence: float = 0.62
    # stocks, bonds, cash, inflation (Monte Carlo); crypto is tied to stocks separately.
    correlation: tuple[tuple[float, ...], ...] = DEFAULT_CORRELATION
    # The Social Security trust fund's shortfall (2026 Trustees Report, intermediate): from
    # the depletion year, benefits are cut to the share continuing income can pay.
    social_security_cut: bool = False
    social_security_cut_year: int = 2034
    social_security_payable_share: float = 0.83

    def asset(self, name: str) -> AssetClass:
        """Stocks, bonds or cash (crypto is a CryptoOutlook: see planner.core.outlooks)."""
        value = getattr(self, name)
        assert isinstance(value, AssetClass)
        return value


@dataclass(frozen=True)
class Conversion:
    year: int
    amount: float  # today's dollars moved from traditional to Roth that year


class ConversionCap(StrEnum):
    NONE = "none"
    IRMAA_TIER = "irmaa_tier"  # keep the year's MAGI within an IRMAA tier
    ACA_CLIFF = "aca_cliff"  # keep household income at or under 400% of the poverty line


@dataclass(frozen=True)
class StateMove:
    year: int  # first year taxed by the new state
    state: str  # postal code ("" for the custom flat rate)


@dataclass(frozen=True)
class TaxSettings:
    enabled: bool = True
    # State of residence, a postal code (resources/data/us_state_rules.json); "" taxes
    # federal taxable income at the custom flat ``state_rate`` instead.
    state: str = ""
    state_rate: float = 0.0
    state_move: StateMove | None = None
    index_brackets: bool = True  # index 2026 brackets by inflation in later years
    withdrawal_order: WithdrawalOrder = WithdrawalOrder.CONVENTIONAL
    fill_bracket_rate: float = 0.12  # bracket-filling: draw traditional up to this bracket's top
    roth_conversion: ConversionMode = ConversionMode.NONE
    conversion_bracket_rate: float = 0.22  # fill-bracket conversions: up to this bracket's top
    conversions: tuple[Conversion, ...] = ()  # fixed conversions by year
    conversion_cap: ConversionCap = ConversionCap.NONE
    conversion_irmaa_tier: int = 0  # IRMAA_TIER cap: highest tier allowed (0: no surcharge)
    # Fill-bracket conversions run from the first person's age ``conversion_start_age`` (None:
    # the household's first retired year) through ``conversion_stop_age`` (None: until each
    # holder's RMDs start).
    conversion_start_age: int | None = None
    conversion_stop_age: int | None = None
    # Converted money keeps the asset mix it had in the traditional account (the Roth's own
    # mix applies to the rest of it); False: it takes the Roth account's mix.
    conversion_keep_mix: bool = True
    # The after-tax legacy: traditional 401(k)/IRA and HSA money left to heirs other than a
    # spouse is taxed as their income; this is their rate (24%: a middle bracket).
    heirs_tax_rate: float = 0.24

    def state_in(self, year: int) -> str:
        """The state whose tax applies in ``year`` ("" for the custom flat rate)."""
        move = self.state_move
        return move.state if move is not None and year >= move.year else self.state


@dataclass(frozen=True)
class Simulation:
    mode: Mode = Mode.EXPECTED
    paths: int = 1000
    seed: int = 2026
    market_draws: MarketDraws = MarketDraws.PARAMETRIC
    block_years: int = 5  # block length of the block bootstrap
    crypto_t_dof: float = 4.0  # degrees of freedom of the Student-t (lower = fatter tails)
    # Correlation of crypto and stock yearly log returns: 0.71 over 2015-2024 (10 years only).
    crypto_stock_correlation: float = 0.71
    history_bonds: HistoryBonds = HistoryBonds.TREASURY_10Y  # the bond series of history
    history_first: int | None = None  # restrict historical data to these years (inclusive)
    history_last: int | None = None
    mortality: Mortality = Mortality.FIXED
    # Your own yearly returns: used instead of US history when set.
    return_series: ReturnSeries | None = None
    # The "crypto to zero" stress test: the year crypto is lost (None: the retirement year).
    stress_crypto_zero_year: int | None = None


@dataclass(frozen=True)
class Plan:
    name: str
    start_year: int
    people: tuple[Person, ...]
    accounts: tuple[Account, ...] = ()
    income: tuple[IncomeStream, ...] = ()
    inflows: tuple[Inflow, ...] = ()
    spending: Spending = field(default_factory=Spending)
    health: Health = field(default_factory=Health)
    assumptions: Assumptions = field(default_factory=Assumptions)
    taxes: TaxSettings = field(default_factory=TaxSettings)
    simulation: Simulation = field(default_factory=Simulation)
    notes: str = ""
    schema_version: int = SCHEMA_VERSION

    @property
    def is_couple(self) -> bool:
        return len(self.people) == 2

    @property
    def filing_status(self) -> str:
        return "married_filing_jointly" if self.is_couple else "single"

    @property
    def end_year(self) -> int:
        """Last projected year with fixed ages at death: the year of the last death.
        (With life-table mortality each Monte Carlo path has its own.)"""
        return max(p.birth_year + p.fixed_death_age for p in self.people)

    @property
    def retirement_year(self) -> int:
        """The household retires when its last earner does (or dies before retiring, with
        the fixed ages at death); retirement spending starts that year."""
        return max(p.birth_year + min(p.retirement_age, p.fixed_death_age + 1)
                   for p in self.people)

    def with_changes(self, **changes: object) -> Plan:
        return replace(self, **changes)  # type: ignore[arg-type]
