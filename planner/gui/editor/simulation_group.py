"""Assumptions ▸ market model: correlations and how Monte Carlo and history draw returns."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel

from planner.core.model import CryptoModel, HistoryBonds, MarketDraws, Mode, Mortality, Plan
from planner.gui.editor import binding, fields
from planner.gui.editor.fields_compound import OptionalNumberField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

MODE_LABELS = (
    ("Expected returns (one path)", Mode.EXPECTED),
    ("Monte Carlo (random paths)", Mode.MONTE_CARLO),
    ("Historical sequences since 1871", Mode.HISTORICAL),
)
DRAW_LABELS = (
    ("Correlated lognormal", MarketDraws.PARAMETRIC),
    ("Blocks of historical years", MarketDraws.BLOCK_BOOTSTRAP),
)
CRYPTO_LABELS = (
    ("Fat-tailed (Student-t)", CryptoModel.STUDENT_T),
    ("Bitcoin's own years, resampled", CryptoModel.BOOTSTRAP),
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
        self.crypto = add(fields.ChoiceField("simulation.crypto_model", CRYPTO_LABELS))
        rows.addRow(row_label("Crypto returns"), self.crypto)
        self.dof = add(fields.NumberField(
            "simulation.crypto_t_dof", minimum=0, maximum=1000, decimals=1, step=0.5, width=90
        ))
        self.dof.row.insertWidget(1, unit("degrees of freedom"))
        self.dof.setToolTip("Student-t degrees of freedom: lower means fatter tails")
        rows.addRow(row_label("Tails"), self.dof)
        self.crypto_corr = add(fields.NumberField(
            "simulation.crypto_stock_correlation", minimum=-9, maximum=9, decimals=2, step=0.05,
            width=90,
        ))
        self.crypto_corr.row.insertWidget(1, unit("correlation of crypto with stocks"))
        rows.addRow(row_label("Crypto ~ stocks"), self.crypto_corr)
        self.bonds = add(fields.ChoiceField("simulation.history_bonds", BOND_LABELS))
        rows.addRow(row_label("History bonds"), self.bonds)
        self.first = add(history_year("simulation.history_first", "From", 1872))
        self.last = add(history_year("simulation.history_last", "To", 2024))
        rows.addRow(row_label("History years"), self.first)
        rows.addRow("", self.last)

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
        self.crypto.setEnabled(random)
        self.dof.setEnabled(random and sim.crypto_model is CryptoModel.STUDENT_T)
        self.crypto_corr.setEnabled(random)
        self.bonds.setEnabled(history or sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP)
        self.first.setEnabled(history)
        self.last.setEnabled(history)
        self.corr_box.setEnabled(random and sim.market_draws is MarketDraws.PARAMETRIC)
