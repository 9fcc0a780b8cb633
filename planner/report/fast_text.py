"""The report's own text (paragraph lines and table cells) written straight into the PDF.

Matplotlib lays every string out with libraqm three times on its way into a PDF (measured
for the layout, measured again to align it, laid out again to draw it) and then writes it
glyph by glyph in Python: for a report of ~3,000 short strings that was a third of the
report's time. A ``FastText`` is an ordinary ``Text`` (tests and the Agg renderer see no
difference) whose PDF drawing places its glyphs from per-character tables read once per
font: advance widths and pair kerning from the font file, as the PDF viewer itself will
place them. What it writes is what matplotlib writes for the same string (one BT/ET text
object per line, in the same embedded font, aligned on the same box: as wide as the pen
moves, as high as the font's ascent), less the ligatures (fi, fl, ffi are drawn as their
letters, so each font is embedded as one subset; a line with one is up to 0.7 pt longer)
and give or take a few hundredths of a point of kerning a pair (the font's kern table
here, its GPOS table through HarfBuzz in matplotlib).

Anything out of the ordinary (a character the font lacks, so a fallback font would draw it;
rotation, mathtext, a bounding box, another backend) is drawn by matplotlib as before.
"""

from __future__ import annotations

import math
import os
import threading
import weakref
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from matplotlib.backends.backend_pdf import Op, RendererPdf
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties, findfont
from matplotlib.ft2font import FT2Font, Kerning, LoadFlags
from matplotlib.text import Text

if TYPE_CHECKING:
    from matplotlib.ft2font import GlyphIndexType


@dataclass(frozen=True)
class Glyph:
    index: GlyphIndexType
    advance: int  # font units
    y_max: int  # the top of its ink, font units above the baseline


class FontTables:
    """One font file's glyphs and kerning, in font units, read lazily and kept (behind a
    lock: reports are written on worker threads, and a FreeType face is not thread-safe)."""

    def __init__(self, path: str) -> None:
        self.font = FT2Font(path)
        self.path = FontPath(os.fsdecode(self.font.fname), self.font.face_index)
        self.units = self.font.units_per_EM
        os2 = self.font.get_sfnt_table("OS/2")
        # What matplotlib aligns a line's top on when no glyph reaches higher.
        self.ascent = os2["sTypoAscender"] if os2 else self.font.ascender
        self._glyphs: dict[str, Glyph | None] = {}
        self._kerns: dict[tuple[GlyphIndexType, GlyphIndexType], int] = {}
        self._lock = threading.Lock()

    def glyph(self, char: str) -> Glyph | None:
        """The glyph of ``char``, or None when this font has none for it."""
        if char not in self._glyphs:
            with self._lock:
                index = self.font.get_char_index(ord(char))
                if index == 0:
                    self._glyphs[char] = None
                else:
                    g = self.font.load_glyph(index, LoadFlags.NO_SCALE)
                    self._glyphs[char] = Glyph(index, g.horiAdvance, g.bbox[3])
        return self._glyphs[char]

    def kern(self, left: GlyphIndexType, right: GlyphIndexType) -> int:
        pair = (left, right)
        if pair not in self._kerns:
            with self._lock:
                self._kerns[pair] = int(self.font.get_kerning(left, right, Kerning.UNSCALED))
        return self._kerns[pair]


@cache
def tables(path: str) -> FontTables:
    return FontTables(path)


@cache
def _font_file(prop: FontProperties) -> str:
    return str(findfont(prop))


@dataclass(frozen=True)
class Run:
    """A line of glyphs: the kerning before each, the width the pen moves (matplotlib's
    width of a text), the top of the ink; font units."""

    text: str  # one glyph per character
    glyphs: tuple[Glyph, ...]
    kerns: tuple[int, ...]
    width: int
    ink_top: int


def layout(font: FontTables, text: str) -> Run | None:
    """The glyphs of ``text`` placed by advance and pair kerning; None if a character is
    missing from the font (matplotlib then finds it in another)."""
    glyphs: list[Glyph] = []
    kerns: list[int] = []
    for char in text:
        g = font.glyph(char)
        if g is None:
            return None
        kerns.append(font.kern(glyphs[-1].index, g.index) if glyphs else 0)
        glyphs.append(g)
    width = sum(g.advance for g in glyphs) + sum(kerns)
    return Run(text, tuple(glyphs), tuple(kerns), width, max(g.y_max for g in glyphs))


class FastText(Text):
    """A ``Text`` that a PDF renderer draws from the font tables (see the module's note)."""

    def draw(self, renderer: Any) -> None:
        # A PDF page is drawn through a MixedModeRenderer, which holds the PDF renderer
        # (or, inside a rasterized part, an Agg one) as its current renderer.
        target = getattr(renderer, "_renderer", renderer)
        if not (isinstance(target, RendererPdf) and self._draw_pdf(target)):
            super().draw(renderer)

    def _plain(self) -> bool:
        """Nothing that only matplotlib's own drawing handles (the report passes none)."""
        return (self.get_rotation() == 0 and not self.get_usetex()
                and self.get_bbox_patch() is None and not self.get_path_effects()
                and self.get_url() is None and self.get_alpha() is None
                and self.get_clip_box() is None and self.get_clip_path() is None
                and "\n" not in self.get_text() and not self.get_parse_math()
                and self.get_verticalalignment() == "top"
                and self.get_horizontalalignment() in ("left", "right"))

    def _draw_pdf(self, renderer: RendererPdf) -> bool:
        """Write the line; False (nothing written) when matplotlib must draw it."""
        if not self.get_visible():
            return True
        text = self.get_text()
        if text == "":
            return True
        if not self._plain():
            return False
        font = tables(_font_file(self.get_fontproperties()))
        run = layout(font, text)
        if run is None:
            return False
        size = self.get_fontproperties().get_size_in_points()
        dpi = self.get_figure(root=True).dpi  # type: ignore[union-attr]
        scale = size / font.units * dpi / 72  # font units to renderer units
        x, y = self.get_transform().transform(self.get_unitless_position())
        if not (math.isfinite(x) and math.isfinite(y)):
            return True
        # Text._get_layout's box for one line: its top at y, as high as the font's ascent
        # or the tallest glyph, and as wide as the pen moves.
        baseline = y - max(run.ink_top, font.ascent) * scale
        if self.get_horizontalalignment() == "right":
            x -= run.width * scale
        codes = _codes(renderer.file._character_tracker, font, run)
        if codes is None:
            return False  # more than one embedded subset: matplotlib places the switch
        gc = renderer.new_gc()
        gc.set_foreground(to_rgba(self.get_color()), isRGBA=True)
        renderer.check_gc(gc, gc._rgb)
        _write(renderer, font, run, codes, x, baseline, size)
        gc.restore()
        self.stale = False
        return True


# Per PDF file: (font, character) -> its code in the embedded font, as the file's
# character tracker gave it (asking the tracker for every character was a fifth of the time).
_tracked: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[int, int]]] = (
    weakref.WeakKeyDictionary())


def _codes(tracker: Any, font: FontTables, run: Run) -> list[int] | None:
    """The glyphs' codes in the font's first embedded subset (None if one is not in it),
    each recorded as used, so the subset embeds it."""
    known = _tracked.setdefault(tracker, {})
    codes = []
    for char, g in zip(run.text, run.glyphs, strict=True):
        key = (font.path.path, char)
        code = known.get(key)
        if code is None:
            code = known[key] = tracker.track_glyph(font.font, char, g.index)
        if code[0] != 0:
            return None
        codes.append(code[1])
    return codes


def _write(renderer: RendererPdf, font: FontTables, run: Run, codes: list[int], x: float,
           y: float, size: float) -> None:
    """What RendererPdf.draw_text writes for a line in one Type 42 subset: the glyph codes
    in one TJ, kerning as TJ adjustments (thousandths of an em), in a text object of its
    own at the line's origin."""
    pdf = renderer.file
    parts: list[Any] = []
    start = 0
    for i, k in enumerate(run.kerns):
        if k and i > start:
            parts.append(_encoded(codes[start:i]))
            parts.append(-1000 * k / font.units)
            start = i
    parts.append(_encoded(codes[start:]))
    pdf.output(Op.gsave, 1, 0, 0, 1, x, y, Op.concat_matrix, Op.begin_text,
               pdf.fontName(font.path, 0), size, Op.selectfont, 0, 0, Op.textpos,
               parts, Op.showkern, Op.end_text, Op.grestore)


def _encoded(codes: list[int]) -> bytes:
    return b"".join(c.to_bytes(2, "big") for c in codes)


def add_text(fig: Figure, x: float, y: float, text: str, **kwargs: Any) -> FastText:
    """``fig.text(x, y, text, **kwargs)``, as a FastText (it is in ``fig.texts`` too)."""
    t = FastText(x, y, text, **kwargs)
    t.set_figure(fig)
    t.stale_callback = _stale_figure
    fig.texts.append(t)
    t._remove_method = fig.texts.remove  # type: ignore[attr-defined]  # as Figure.text does
    fig.stale = True
    return t


def _stale_figure(artist: Any, stale: bool) -> None:
    """A changed text marks its figure for redrawing (Figure.text's callback)."""
    figure = artist.get_figure(root=False)
    if figure is not None:
        figure.stale = stale
