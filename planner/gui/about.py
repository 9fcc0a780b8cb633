"""The About dialog (version, data sources, not advice) and the first-run welcome."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.resources import resource_path

NOT_ADVICE = (
    "planner is an educational tool, not financial, tax or legal advice. Its projections "
    "rest on assumptions about returns, inflation, taxes and rules that will not hold "
    "exactly; check important decisions with a qualified professional."
)


def data_attributions() -> list[tuple[str, str]]:
    """(data file, source and licence) rows from resources/data/README.md's table."""
    try:
        text = resource_path("data", "README.md").read_text(encoding="utf-8")
    except OSError:
        return []
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows.append((cells[0].replace("`", ""), cells[2]))
    return rows


def _markdown_inline(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def about_html(header: str) -> str:
    rows = "".join(
        f"<tr><td valign='top'><code>{_markdown_inline(f)}</code></td>"
        f"<td>{_markdown_inline(src)}</td></tr>"
        for f, src in data_attributions()
    )
    return (
        f"{header}<h3>Not financial advice</h3><p>{NOT_ADVICE}</p>"
        f"<h3>Data sources</h3><table cellspacing='6'>{rows}</table>"
        "<p>Licensed under the MIT licence.</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About planner")
        self.resize(640, 520)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(header))
        self.text.setAccessibleName("About planner")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


WELCOME = (
    "<h2>Welcome to planner</h2>"
    "<p>Will your savings last? planner shows how a plan plays out: with expected returns, "
    "thousands of random markets (Monte Carlo), or every real market sequence since 1872.</p>"
    "<ol>"
    "<li><b>Edit</b> the plan on the left: ages, balances, income, spending. Results on the "
    "right follow as you type.</li>"
    "<li><b>Try ideas</b> with <i>File ▸ Duplicate as Scenario</i> and compare them with "
    "<i>File ▸ Compare Scenarios</i>.</li>"
    "<li><b>Print</b> a report with <i>File ▸ Export PDF Report</i>.</li>"
    "</ol>"
    "<p>Everything stays on this computer. Undo is Ctrl+Z.</p>"
)


class WelcomeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to planner")
        self.setMinimumWidth(480)
        text = QLabel(WELCOME)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        note = QLabel(f"<small>{NOT_ADVICE}</small>")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox()
        sample = QPushButton("Explore the sample plan")
        sample.setDefault(True)
        blank = QPushButton("Start a blank plan")
        buttons.addButton(sample, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(blank, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def choice(self) -> str:
        return "sample" if self.exec() == QDialog.DialogCode.Accepted else "blank"
