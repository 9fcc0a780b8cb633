"""How every number is written, in the PDF, the charts and the GUI alike.

One module so that the summary line in the window, a chart's tick labels and the printed
report show the same string for the same number. Pure functions on plain floats; no Qt, no
matplotlib. Negative amounts use an ASCII hyphen so copied text stays searchable.
"""

from __future__ import annotations

import math
from datetime import date

MISSING = "n/a"


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def money(x: float | None) -> str:
    """Whole dollars with thousands separators: $1,234,567 (cents are noise in a plan)."""
    if not _finite(x):
        return MISSING
    assert x is not None
    value = round(x)
    if value == 0:  # never print "-$0" for a tiny negative rounding residue
        return "$0"
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,}"


def money_short(x: float | None) -> str:
    """Compact money for axes and headlines: $1.2M, $850k, $4,500, $0."""
    if not _finite(x):
        return MISSING
    assert x is not None
    sign = "-" if x < 0 else ""
    v = abs(x)
    if v >= 999_500_000:
        text = f"${v / 1e9:.3g}B"
    elif v >= 999_500:
        text = f"${v / 1e6:.3g}M" if v < 10e6 else f"${v / 1e6:.0f}M"
    elif v >= 10_000:
        text = f"${v / 1e3:.0f}k"
    else:
        text = f"${v:,.0f}"
    return "$0" if text == "$0" else sign + text


def pct(x: float | None, digits: int = 0) -> str:
    """A share (0.87) as a percent ("87%"). Success rates print without decimals."""
    if not _finite(x):
        return MISSING
    assert x is not None
    return f"{x * 100:.{digits}f}%"


def pct_some(x: float) -> str:
    """A share of paths or years that is never printed as 0% or 100% when it is not:
    "under 1%", "26%", "over 99%"."""
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return pct(x)


def share(x: float | None) -> str:
    """A share as people write it, without trailing zeros: 10%, 7.5%, 0.25%."""
    if not _finite(x):
        return MISSING
    assert x is not None
    text = f"{x * 100:.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text}%"


def rate(x: float | None) -> str:
    """A yearly rate (returns, inflation, fees) with the precision people quote them: 2.94%."""
    return pct(x, digits=2)


def count(n: int) -> str:
    return f"{n:,}"


def age(a: float | None) -> str:
    """Whole ages as "67"; claim ages with months as "67 and 6 months", "69 and 1 month"."""
    if not _finite(a):
        return MISSING
    assert a is not None
    years = int(a)
    months = round((a - years) * 12)
    if months == 12:
        years, months = years + 1, 0
    if months == 0:
        return f"{years}"
    return f"{years} and {months} month{'s' if months != 1 else ''}"


def day(d: date) -> str:
    """A date as people write it in the US, without locale surprises: November 29, 2026."""
    return f"{d:%B} {d.day}, {d.year}"


def dollars_kind(real: bool) -> str:
    """Which dollars a figure is in, said the same way everywhere."""
    return "today's dollars" if real else "future (nominal) dollars"


def money_delta(x: float | None) -> str:
    """A difference in money, always signed: +$12,000, -$3,400, $0."""
    if not _finite(x):
        return MISSING
    assert x is not None
    text = money(x)
    return text if text.startswith("-") or text == "$0" else f"+{text}"


def points_delta(x: float | None) -> str:
    """A difference of two shares in percentage points: +5 pts, -12 pts, 0 pts."""
    if not _finite(x):
        return MISSING
    assert x is not None
    value = round(x * 100)
    return f"{value:+d} pts" if value else "0 pts"


def years_delta(x: float | None) -> str:
    """A difference in years: +3 years, -1 year, 0 years."""
    if not _finite(x):
        return MISSING
    assert x is not None
    value = round(x)
    unit = "year" if abs(value) == 1 else "years"
    return f"{value:+d} {unit}" if value else f"0 {unit}"
