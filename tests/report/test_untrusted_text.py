"""A plan's own words (people, accounts, streams, money received, the plan's name) print as
written in every chart and in the PDF: never parsed as mathtext, never crashing a report.

A person named ``Al $\\foo$`` once raised in matplotlib's math parser, which left a 2-page
PDF and a blank chart in the window; an invisible U+FEFF in a name crashed the PDF writer.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner.charts.registry import CHARTS
from planner.charts.style import drawable, make_figure, plain, plain_text
from planner.cli import main, terminal_safe
from planner.core.model import Plan
from planner.report.inputs import ReportInputs, report_inputs
from planner.report.pdf import write_report
from tests.report.fakes import couple_plan, fake_result
from tests.report.pdf_text import page_count, pdf_text

PEOPLE = ("Al $\\foo$", "$$")
ACCOUNTS = ("4$ \\x^$", "Zo\ufeffe's Roth", "=SUM(A1)", "$\\sqrt{x}$ brokerage")
PLAN_NAME = "Plan $\\frac{1}{2}$ <font size=7>"
STREAM = "$\\bar{x}$-stream-{}"
RECEIVED = "$\\alpha$-gift-{}"


def hostile_plan() -> Plan:
    """The couple (every kind of income, money received, a death) renamed with math text,
    a byte-order mark and a formula."""
    plan = couple_plan()
    people = tuple(dataclasses.replace(p, name=n)
                   for p, n in zip(plan.people, PEOPLE, strict=True))
    renamed = dict(zip((a.name for a in plan.accounts), ACCOUNTS, strict=True))
    accounts = tuple(dataclasses.replace(a, name=renamed[a.name]) for a in plan.accounts)
    spending = dataclasses.replace(
        plan.spending, surplus_account=renamed.get(plan.spending.surplus_account, ""))
    income = tuple(dataclasses.replace(s, name=STREAM.replace("{}", str(k)))
                   for k, s in enumerate(plan.income))
    inflows = tuple(dataclasses.replace(f, label=RECEIVED.replace("{}", str(k)))
                    for k, f in enumerate(plan.inflows))
    return plan.with_changes(name=PLAN_NAME, people=people, accounts=accounts,
                             spending=spending, income=income, inflows=inflows)


@functools.cache
def hostile_inputs() -> ReportInputs:
    """The run of the hostile plan. Validation now refuses a name with U+FEFF, so that one
    is put in after the run: older files and results must still never crash a chart."""
    plan = hostile_plan()
    feff = plan.with_changes(accounts=tuple(
        dataclasses.replace(a, name=a.name.replace("\ufeff", "")) for a in plan.accounts))
    inputs = report_inputs(feff, mode="monte-carlo", paths=60, seed=3)
    result = dataclasses.replace(inputs.result, plan=plan, account_names=ACCOUNTS)
    return dataclasses.replace(inputs, result=result)


def all_text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


@pytest.mark.parametrize("real", [True, False])
def test_every_chart_draws_hostile_names_as_written(real: bool) -> None:
    inputs = hostile_inputs()
    for spec in CHARTS:
        fig = make_figure(8.0, 4.5)  # the figure the window's canvases use
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        spec.draw(ax, inputs, real)
        canvas.draw()  # raised "Unknown symbol: \foo" before
        if spec.key == "balances":
            text = all_text(fig)
            for name in ACCOUNTS:
                assert drawable(name) in text, (spec.key, name)


def test_the_whole_report_is_written_with_hostile_names(tmp_path: Path) -> None:
    path = write_report(hostile_inputs(), tmp_path / "report.pdf")
    assert page_count(path) > 10
    text = " ".join(pdf_text(path).split())  # a wrapped name is one line again
    for name in (*PEOPLE, PLAN_NAME, "4$ \\x^$", "=SUM(A1)", "$\\sqrt{x}$ brokerage",
                 "Zoe's Roth", STREAM.replace("{}", "0"), RECEIVED.replace("{}", "0")):
        assert name in text, name
    assert "\ufeff" not in text


def test_a_report_over_an_old_one_keeps_it_whole_or_replaces_it(tmp_path: Path) -> None:
    """The crash used to leave a 2-page PDF over the previous report."""
    path = tmp_path / "report.pdf"
    write_report(hostile_inputs(), path)
    assert page_count(path) > 10
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_drawable_drops_what_no_font_draws() -> None:
    assert drawable("plain name") == "plain name"
    assert drawable("Zo\ufeffe\u200b\u200e") == "Zoe"
    assert drawable("a\tb\x1b[31mc\nd") == "a b[31mc\nd"
    assert drawable("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert drawable("Zoë 日本") == "Zoë 日本"


def test_plain_escapes_dollars_for_a_text_that_parses_math() -> None:
    fig = Figure()
    canvas = FigureCanvasAgg(fig)
    for name in ("Al $\\foo$", "$$", "4$ \\x^$", "a\\$b$c"):
        t = fig.text(0, 0, plain(name))  # parse_math on, as by default
        canvas.draw()
        assert not t._preprocess_math(t.get_text())[1]  # not math
        assert t._preprocess_math(t.get_text())[0] == name


def test_plain_text_turns_math_off_everywhere_on_a_figure() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("$\\foo$")
    ax.plot([0, 1], label="$\\bar$")
    ax.legend()
    ax.annotate("$$", (0, 0))
    plain_text(fig)
    assert all(not t.get_parse_math() for t in fig.findobj(Text))
    FigureCanvasAgg(fig).draw()


def test_cli_escapes_control_characters_from_a_plan_and_a_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Terminal escape codes in unknown keys (and in a file's name) printed raw."""
    assert main(["sample", "-o", str(tmp_path / "p.json")]) == 0
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    data["\x1b]0;owned\x07\x1b[2J"] = 1
    data["people"][0]["\x1b[31mred"] = 2
    bad = tmp_path / "bad\x1b[1m\u202e.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    code = main(["validate", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2
    said = out + err
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said
    assert "\\x1b]0;owned\\x07\\x1b[2J" in said  # shown, escaped as repr would
    assert "bad\\x1b[1m\\u202e.json" in said


def test_cli_argparse_messages_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "p.json", "\x1b[31mnope"])  # "unrecognized arguments: ..." as given
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mnope" in err


def test_terminal_safe_keeps_ordinary_text() -> None:
    assert terminal_safe("Zoë's plan\n\tok: $1,000 (2030)") == "Zoë's plan\n\tok: $1,000 (2030)"
    assert terminal_safe("a\rb\x00c\x9bd") == "a\\rb\\x00c\\x9bd"


MARKUP = "<font size=7>Big</font> & <b>bold</b>"


def test_window_labels_show_names_as_written(qtbot: Any) -> None:
    """A plan named "<font size=7>" rendered as markup in labels of the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel, QMainWindow

    from planner.gui.results.answer_parts import hint, plain_tip, stale_note, words
    from planner.gui.results.crypto_panel import note, title
    from planner.gui.results.summary import SummaryStrip, Tile
    from planner.gui.results.year_table import PathNote
    from planner.gui.status_bar import StatusBar

    window = QMainWindow()
    qtbot.addWidget(window)
    bar = StatusBar(window.statusBar(), lambda _link: None, lambda: None, [])
    bar.begin_busy(f"Writing {MARKUP}.pdf…")
    assert bar.activity.textFormat() == Qt.TextFormat.PlainText
    bar.show_error(MARKUP, "", "x' onclick='y")
    assert "<font" not in bar.label.text() and "&lt;font size=7&gt;" in bar.label.text()
    assert "href='x&#x27; onclick=&#x27;y'" in bar.label.text()

    strip = SummaryStrip()
    qtbot.addWidget(strip)
    labels: list[QLabel] = [hint(MARKUP), words(MARKUP), stale_note(MARKUP), title(MARKUP),
                            note(), PathNote(), *strip.findChildren(QLabel)]
    tile = Tile(MARKUP, detail=True)
    qtbot.addWidget(tile)
    labels += tile.findChildren(QLabel)
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    tip = plain_tip(MARKUP)  # shown as rich text (Qt would guess so anyway): as written
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText().replace("\xa0", " ") == MARKUP


def test_the_chart_readout_is_plain(qtbot: Any) -> None:
    """The hover readout names accounts (and, in Compare, plans)."""
    from PySide6.QtCore import Qt

    from planner.gui.results.chart_view import ChartTabs

    view = ChartTabs()
    qtbot.addWidget(view)
    assert view.readout.textFormat() == Qt.TextFormat.PlainText


def test_a_report_with_a_lone_surrogate_and_control_characters(tmp_path: Path) -> None:
    """Validation refuses these now, but a result made before (or by other code) must still
    never crash the report: measuring a lone surrogate and the PDF's title both raised."""
    r = fake_result()
    bad = " lone \ud800, \x1b[31m, nul \x00 and bom \ufeff"
    plan = r.plan.with_changes(name="Plan" + bad, people=tuple(
        dataclasses.replace(p, name=p.name + bad) for p in r.plan.people))
    r = dataclasses.replace(r, plan=plan, account_names=tuple(n + bad for n in r.account_names))
    path = write_report(r, tmp_path / "r.pdf")
    text = " ".join(pdf_text(path).split())
    assert "Plan lone \ufffd, [31m, nul and bom" in text
