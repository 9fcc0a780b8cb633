"""Draw planner's app icon at every size the platforms ask for (run it after changing the design).

    python resources/icons/make_icons.py

Writes, beside this script: planner-<N>.png for the Linux hicolor sizes, planner.ico (Windows,
every size up to 256 in one file) and planner.icns (macOS, up to 1024). The design: a rising
line of savings on a rounded square, with a gold "nest egg" at its end. Each size is drawn on
its own canvas four times larger and scaled down, so edges are smooth; the small sizes drop
the gridlines and thicken the line so it still reads at 16 pixels.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the hicolor theme's usual app sizes
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows reads at most 256 from an .ico
ICNS_SIZE = 1024  # Pillow makes every smaller macOS size from this one
SUPERSAMPLE = 4

TOP = (22, 101, 92)  # deep teal, the background's top
BOTTOM = (12, 58, 72)  # darker blue-teal at the bottom
LINE = (255, 255, 255)
GRID = (255, 255, 255, 46)
EGG = (242, 183, 5)
EGG_EDGE = (255, 226, 130)

# The savings line in units of the square (0..1, y downwards): a dip, then a steady climb.
POINTS = ((0.18, 0.75), (0.34, 0.65), (0.46, 0.69), (0.60, 0.52), (0.72, 0.45))
EGG_CENTRE = (0.77, 0.36)


def _background(size: int) -> Image.Image:
    """A rounded square with a vertical gradient; transparent outside the corners."""
    gradient = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(size - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        gradient.putpixel((0, y), colour)
    image = gradient.resize((size, size)).convert("RGBA")
    margin = round(size * 0.06)  # the platforms' own icons leave this much air
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (margin, margin, size - 1 - margin, size - 1 - margin), radius=round(size * 0.2), fill=255
    )
    image.putalpha(mask)
    return image


def _draw(size: int) -> Image.Image:
    """The icon for a final size of `size` pixels, drawn at SUPERSAMPLE times that."""
    big = size * SUPERSAMPLE
    image = _background(big)
    overlay = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    detailed = size >= 48
    if detailed:  # faint gridlines, as on the app's own charts
        for y in (0.45, 0.60, 0.75):
            draw.line((0.16 * big, y * big, 0.84 * big, y * big), fill=GRID,
                      width=max(1, big // 160))
    width = big * (0.055 if detailed else 0.09)
    points = [(x * big, y * big) for x, y in POINTS]
    draw.line(points, fill=LINE, width=round(width), joint="curve")
    r = width / 2  # round caps: ImageDraw's lines end square
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=LINE)
    ex, ey = EGG_CENTRE[0] * big, EGG_CENTRE[1] * big
    rx, ry = big * 0.085, big * 0.11  # an egg: taller than wide
    edge = max(1, round(big * 0.012))
    draw.ellipse((ex - rx, ey - ry, ex + rx, ey + ry), fill=EGG, outline=EGG_EDGE, width=edge)
    image = Image.alpha_composite(image, overlay)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(out: Path = HERE) -> list[Path]:
    written = []
    for size in PNG_SIZES:
        path = out / f"planner-{size}.png"
        _draw(size).save(path, optimize=True)
        written.append(path)
    ico = out / "planner.ico"
    images = [_draw(s) for s in ICO_SIZES]
    images[-1].save(ico, sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    written.append(ico)
    icns = out / "planner.icns"
    _draw(ICNS_SIZE).save(icns)
    written.append(icns)
    return written


if __name__ == "__main__":
    for written_path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written_path)
