"""The report's text written straight into the PDF (planner.report.fast_text) reads and sits
as matplotlib's own Text would: the same characters, the same origin for each line (left
and right aligned, top aligned, plain and bold), one embedded copy of each font; and what
it cannot draw itself, matplotlib draws."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from matplotlib.backends.backend_pdf import PdfPages, RendererPdf
from matplotlib.figure import Figure

from planner.report.fast_text import FastText, add_text
from planner.report.pdf import report_style
from tests.report.pdf_text import _objects, pdf_text

# (text, inches from the left, inches from the bottom, points, bold, alignment)
LINES = [
    ("Balance at retirement (2051)", 0.8, 9.0, 9.5, False, "left"),
    ("$1,697,793", 7.7, 9.0, 9.5, False, "right"),
    ("-$12,345", 7.7, 8.6, 7.0, False, "right"),
    ("Year by year: cash flow, balances and spending goal", 0.8, 8.2, 16.0, True, "left"),
    ("Total balance", 7.7, 7.8, 8.5, True, "right"),
    ("AVATAR Tower: To Yr. 7.0% (kerned pairs)", 0.8, 7.4, 8.0, False, "left"),
    ("Health care \u2212 credit \u2014 \u2022 65 (2051)", 7.7, 7.0, 8.0, False, "right"),
]
# The origin of each text object: "a b c d x y cm" just before BT.
ORIGIN = re.compile(rb"([-\d.]+) ([-\d.]+) cm\s+BT")


def write(path: Path, make: Any) -> None:
    with report_style(), PdfPages(path) as pdf:
        fig = Figure(figsize=(8.5, 11.0))
        for text, x, y, size, bold, ha in LINES:
            make(fig, x, y, text, transform=fig.dpi_scale_trans, fontsize=size,
                 fontweight="bold" if bold else "normal", ha=ha, va="top",
                 color="#222222", parse_math=False)
        pdf.savefig(fig)


def origins(path: Path) -> list[tuple[float, float]]:
    found = []
    for _, data in _objects(path.read_bytes()).values():
        if data is not None:
            found += [(float(x), float(y)) for x, y in ORIGIN.findall(data)]
    return found


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fast_text")
    old, new = folder / "matplotlib.pdf", folder / "fast.pdf"
    write(old, lambda fig, *a, **kw: fig.text(*a, **kw))
    write(new, add_text)
    return old, new


def test_the_same_text_is_written(pdfs: tuple[Path, Path]) -> None:
    old, new = pdfs
    assert pdf_text(new) == pdf_text(old)
    assert pdf_text(new).splitlines() == [line[0] for line in LINES]


def test_each_line_starts_where_matplotlib_starts_it(pdfs: tuple[Path, Path]) -> None:
    """Within a quarter of a point (0.09 mm): matplotlib's kerning comes from the font's
    GPOS table through HarfBuzz, ours from its kern table; they differ by a few hundredths
    of a point a pair, which a right-aligned line adds up."""
    old, new = origins(pdfs[0]), origins(pdfs[1])
    assert len(old) == len(new) == len(LINES)
    for (x0, y0), (x1, y1), line in zip(old, new, LINES, strict=True):
        assert x1 == pytest.approx(x0, abs=0.25), line
        assert y1 == pytest.approx(y0, abs=0.01), line


def test_one_embedded_font_per_face(pdfs: tuple[Path, Path]) -> None:
    fonts = re.findall(rb"/BaseFont /\w+\+([\w-]+)", pdfs[1].read_bytes())
    assert sorted(set(fonts)) == [b"DejaVuSans", b"DejaVuSans-Bold"]
    assert len(fonts) == 4  # each as a Type0 font and its CID font: one subset each


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_what_the_font_cannot_draw_goes_to_matplotlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    draw_text = RendererPdf.draw_text

    def counted(self: RendererPdf, gc: Any, x: float, y: float, s: str, *a: Any,
                **kw: Any) -> Any:
        drawn.append(s)
        return draw_text(self, gc, x, y, s, *a, **kw)

    monkeypatch.setattr(RendererPdf, "draw_text", counted)
    with report_style(), PdfPages(tmp_path / "t.pdf") as pdf:
        fig = Figure(figsize=(4, 2))
        add_text(fig, 0.5, 1.5, "plain", fontsize=9, va="top", parse_math=False)
        add_text(fig, 0.5, 1.0, "Tokyo \u6771\u4eac", fontsize=9, va="top", parse_math=False)
        add_text(fig, 0.5, 0.5, "turned", fontsize=9, va="top", rotation=90,
                 parse_math=False)
        pdf.savefig(fig)
    assert drawn == ["Tokyo \u6771\u4eac", "turned"]


def test_a_fast_text_is_a_text_for_every_other_reader() -> None:
    fig = Figure(figsize=(4, 2))
    t = add_text(fig, 0.5, 1.0, "$1,234", fontsize=9, ha="right", va="top")
    assert isinstance(t, FastText) and fig.texts == [t] and t.get_text() == "$1,234"
    t.remove()
    assert fig.texts == []
