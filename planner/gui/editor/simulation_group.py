"""Assumptions ▸ market model: correlations and how Monte Carlo and history draw returns."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from planner.core.model import (
    CryptoModel,
    HistoryBonds,
    MarketDraws,
    Mode,
    Mortality,
    Plan,
    ReturnSeries,
)
from planner.gui.editor import binding, fields
from planner.gui.editor.fields_compound import OptionalNumberField, OptionalWholeField
from planner.gui.editor.form_base import (
    HINT_STYLE,
    Form,
    form_group,
    hint,
    row_label,
    small_button,
    unit,
)

MODE_LABELS = (
    ("Expected returns (one path)", Mode.EXPECTED),
    ("Monte Carlo (random paths)", Mode.MONTE_CARLO),
    ("Historical sequences since 1872", Mode.HISTORICAL),
)
DRAW_LABELS = (
    ("Correlated lognormal", MarketDraws.PARAMETRIC),
    ("Blocks of historical years", MarketDraws.BLOCK_BOOTSTRAP),
)
BOND_LABELS = (
    ("10-year Treasuries", HistoryBonds.TREASURY_10Y),
    ("Baa corporate bonds (1928 on)", HistoryBonds.CORPORATE_BAA),
)
MORTALITY_LABELS = (
    ("Fixed: age at death, else plan-to age", Mortality.FIXED),
    ("Drawn from the SSA life table", Mortality.LIFE_TABLE),
)
CORRELATED = ("Stocks", "Bonds", "Cash", "Inflation")


def describe_series(series: ReturnSeries) -> str:
    years = series.years
    span = f"{years[0]}-{years[-1]}" if years else "no years"
    crypto = ", with crypto" if series.crypto else ""
    return f"“{series.name}”: {len(years)} years {span}{crypto}"


class ReturnSeriesField(fields.Field):
    """The return series imported into the plan (File ▸ Import Returns…), with Remove."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.setAccessibleName("Your return series")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.remove = small_button("Remove", "Go back to US market history")
        self.remove.setAccessibleName("Remove the imported return series")
        self.remove.clicked.connect(lambda _=False: self._emit(None))
        self.row.addWidget(self.text, 1)
        self.row.addWidget(self.remove)
        self.load(None)

    def load(self, value: Any) -> None:
        if isinstance(value, ReturnSeries):
            self.text.setText(f"{describe_series(value)}. History mode replays it, and "
                              "Monte Carlo's blocks of historical years draw from it.")
            self.text.setStyleSheet("")
        else:
            self.text.setText("None: US market history. File ▸ Import Returns… reads your "
                              "own yearly returns from a CSV file.")
            self.text.setStyleSheet(HINT_STYLE)
        self.remove.setVisible(value is not None)


def history_year(path: str, text: str, initial: int) -> OptionalNumberField:
    field = OptionalNumberField(
        path, check_text=text, prefix="", minimum=1800, maximum=2200, step=1, integer=True,
        width=80, initial=initial,
    )
    field.known.setMinimumWidth(64)  # "From" and "To" boxes line up
    field.set_default_hint("all years")
    return field


def correlation(path: str, i: int, j: int) -> fields.NumberField:
    return fields.NumberField(
        f"{path}[{i}][{j}]", minimum=-9, maximum=9, decimals=3, step=0.05, width=70
    )


class SimulationGroups:
    """The "Simulation" and "Correlations" groups of the Assumptions form."""

    def __init__(self, form: Form) -> None:
        self.form = form
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("Simulation")
        rows.addRow(row_label("Mode"), add(fields.ChoiceField("simulation.mode", MODE_LABELS)))
        self.paths = add(fields.whole("simulation.paths", maximum=10_000_000, width=100))
        rows.addRow(row_label("Paths"), self.paths)
        self.seed = add(fields.whole("simulation.seed", minimum=-1, maximum=2**31 - 1, width=100))
        self.seed.row.insertWidget(1, unit("same seed, same result"))
        rows.addRow(row_label("Random seed"), self.seed)
        self.mortality = add(fields.ChoiceField("simulation.mortality", MORTALITY_LABELS))
        self.mortality.setToolTip("Monte Carlo runs can draw each person's age at death for "
                                  "each path from the SSA period life table (by sex); an age "
                                  "at death set on the Household page is kept. Expected and "
                                  "historical runs use the fixed ages.")
        rows.addRow(row_label("Lifespans"), self.mortality)
        self.mortality_hint = hint()
        rows.addRow("", self.mortality_hint)
        self.draws = add(fields.ChoiceField("simulation.market_draws", DRAW_LABELS))
        rows.addRow(row_label("Market draws"), self.draws)
        self.block = add(fields.whole("simulation.block_years", maximum=200, suffix=" years"))
        rows.addRow(row_label("Block length"), self.block)
        self.dof = add(fields.NumberField(
            "simulation.crypto_t_dof", minimum=0, maximum=1000, decimals=1, step=0.5, width=90
        ))
        self.dof.row.insertWidget(1, unit("degrees of freedom"))
        self.dof.setToolTip("Student-t degrees of freedom of the crypto draws: lower means "
                            "fatter tails (the Student-t shape of the crypto outlook)")
        rows.addRow(row_label("Crypto tails"), self.dof)
        self.crypto_corr = add(fields.NumberField(
            "simulation.crypto_stock_correlation", minimum=-9, maximum=9, decimals=2, step=0.05,
            width=90,
        ))
        self.crypto_corr.row.insertWidget(1, unit("correlation of crypto with stocks"))
        self.crypto_corr.setToolTip("Of yearly log returns (the Student-t and Bitcoin's-years "
                                    "shapes; the regime model has its own in each regime)")
        rows.addRow(row_label("Crypto ~ stocks"), self.crypto_corr)
        self.crypto_hint = hint()
        rows.addRow("", self.crypto_hint)
        self.bonds = add(fields.ChoiceField("simulation.history_bonds", BOND_LABELS))
        rows.addRow(row_label("History bonds"), self.bonds)
        self.first = add(history_year("simulation.history_first", "From", 1872))
        self.last = add(history_year("simulation.history_last", "To", 2024))
        rows.addRow(row_label("History years"), self.first)
        rows.addRow("", self.last)
        self.series = add(ReturnSeriesField("simulation.return_series"), self._remove_series)
        rows.addRow(row_label("Your returns"), self.series)
        self.zero_year = add(OptionalWholeField(
            "simulation.stress_crypto_zero_year", suffix="stress-test year; blank: retirement",
            maximum=9999, width=80))
        self.zero_year.setToolTip("The stress test \"crypto to zero\" loses the crypto sleeve "
                                  "for good in this year; it earns cash's return after.")
        rows.addRow(row_label("Crypto to zero"), self.zero_year)

        self.corr_box: QGroupBox
        self.corr_box, rows = form_group("Correlations (Monte Carlo)")
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for col, name in enumerate(CORRELATED[:-1], start=1):
            grid.addWidget(QLabel(name), 0, col)
        path = "assumptions.correlation"
        for i in range(1, len(CORRELATED)):
            grid.addWidget(row_label(CORRELATED[i]), i, 0)
            for j in range(i):
                grid.addWidget(add(correlation(path, i, j), self._set_pair), i, j + 1)
        grid.setColumnStretch(len(CORRELATED), 1)
        rows.addRow(grid)
        rows.addRow(add(fields.NoteField(path)))
        rows.addRow(hint("Of yearly log returns and inflation; each pair is set once."))

    def _remove_series(self, path: str, _value: Any) -> None:
        plan = binding.set_value(self.form.doc.plan, path, None)
        self.form.edit_plan(plan, "Remove return series")

    def _set_pair(self, path: str, value: float) -> None:
        """A correlation is symmetric: set [i][j] and [j][i] in one step."""
        i, j = (int(k) for k in binding.parse(path)[-2:])
        plan = binding.set_value(self.form.doc.plan, path, value)
        plan = binding.set_value(plan, f"assumptions.correlation[{j}][{i}]", value)
        self.form.edit_plan(plan, "Change correlation")

    def update(self, plan: Plan) -> None:
        sim = plan.simulation
        random = sim.mode is Mode.MONTE_CARLO
        history = sim.mode is Mode.HISTORICAL
        self.paths.setEnabled(random)
        self.seed.setEnabled(random)
        self.draws.setEnabled(random)
        self.mortality_hint.setText(
            "Applies to Monte Carlo runs; this mode uses the fixed ages." if not random
            else "Each path draws its own ages at death (unless set on the Household page); "
            "the plan ends at the last death." if sim.mortality is Mortality.LIFE_TABLE
            else "Everyone lives to their age at death (or plan-to age) on every path.")
        self.block.setEnabled(random and sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP)
        shape = plan.assumptions.crypto.model
        self.dof.setEnabled(random and shape is CryptoModel.STUDENT_T)
        self.crypto_corr.setEnabled(random and shape is not CryptoModel.REGIME)
        self.crypto_hint.setText(
            "The regime model ties crypto to stocks with its own correlation in each regime."
            if shape is CryptoModel.REGIME else "")
        self.crypto_hint.setVisible(shape is CryptoModel.REGIME)
        self.zero_year.set_placeholder(str(max(plan.retirement_year, plan.start_year)))
        own = sim.return_series is not None
        self.bonds.setEnabled(not own and (history
                                           or sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP))
        self.first.setEnabled(history and not own)
        self.last.setEnabled(history and not own)
        self.corr_box.setEnabled(random and sim.market_draws is MarketDraws.PARAMETRIC)
