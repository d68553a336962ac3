"""Exact, direction-aware change arithmetic on Decimals.

Rounding (documented in the README): relative changes are rounded half-up to a whole percent
when 10% or more, else to one decimal; multiples to one decimal; values are shown as written
(trailing zeros dropped, thousands separated).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

CURRENCY_PREFIXES = ("$", "€", "£", "¥")
PERCENT_UNITS = ("%", "pct", "percent", "pp")


def format_number(value: Decimal) -> str:
    """1200 → '1,200'; 30.50 → '30.5'; no exponent, no invented digits."""
    value = value.normalize() if value == value.to_integral_value() else value
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = format(value, "f").rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def with_unit(value: Decimal, unit: str | None) -> str:
    """A value with its unit as people write it: '$120,000', '82%', '50 min', '4 teams'."""
    number = format_number(value)
    if not unit:
        return number
    unit = unit.strip()
    for prefix in CURRENCY_PREFIXES:
        if unit.startswith(prefix):
            rest = unit[len(prefix) :].strip()
            sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
            return f"{sign}{prefix}{digits}" + (f" {rest}" if rest else "")
    if unit in ("%", "pp"):
        return f"{number}%"
    return f"{number} {unit}"


def is_percent_unit(unit: str | None) -> bool:
    return bool(unit) and unit.strip().lower() in PERCENT_UNITS


def round_pct(value: Decimal) -> Decimal:
    step = Decimal("1") if abs(value) >= 10 else Decimal("0.1")
    return value.quantize(step, rounding=ROUND_HALF_UP)


Direction = Literal["improved", "worsened", "unchanged", "unknown"]


@dataclass(frozen=True)
class Change:
    """What the row's numbers support saying, and how each number was derived."""

    direction: Direction
    kind: Literal["percent", "points", "multiple", "from_to"]
    amount: str  # e.g. "40%", "6 percentage points", "3×", "" for from_to
    before: str
    after: str
    working: str  # the documented arithmetic, e.g. "(50 − 30) / 50 = 40%"
    derived: tuple[str, ...]  # numbers produced by arithmetic (for the never-invent check)


def compute_change(
    baseline: Decimal, result: Decimal, unit: str | None, better: str | None
) -> Change:
    before, after = with_unit(baseline, unit), with_unit(result, unit)
    if result == baseline:
        direction: Direction = "unchanged"
    elif better is None:
        direction = "unknown"
    elif (result < baseline) == (better == "lower"):
        direction = "improved"
    else:
        direction = "worsened"
    diff = abs(result - baseline)
    if is_percent_unit(unit):
        points = format_number(diff)
        label = "percentage point" if diff == 1 else "percentage points"
        return Change(
            direction,
            "points",
            f"{points} {label}",
            before,
            after,
            f"|{format_number(result)} − {format_number(baseline)}| = {points} points",
            (points,),
        )
    if baseline == 0:
        return Change(
            direction, "from_to", "", before, after, "baseline is 0: no ratio, stated from/to", ()
        )
    if better == "higher" and direction == "improved" and baseline > 0 and result / baseline >= 2:
        ratio = (result / baseline).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        shown = format_number(ratio)
        return Change(
            direction,
            "multiple",
            f"{shown}×",
            before,
            after,
            f"{format_number(result)} / {format_number(baseline)} = {shown}×",
            (shown,),
        )
    pct = round_pct(diff / abs(baseline) * 100)
    shown = format_number(pct)
    return Change(
        direction,
        "percent",
        f"{shown}%",
        before,
        after,
        f"|{format_number(result)} − {format_number(baseline)}| / "
        f"{format_number(abs(baseline))} × 100 = {shown}%",
        (shown,),
    )
