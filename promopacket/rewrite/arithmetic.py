"""Exact, direction-aware change arithmetic on Decimals.

Rounding (documented in the README, "Rewriting and scores"):
- a relative change is rounded half-up to a whole percent when it is 10% or more, else to one
  decimal; when that rounding would print 0% or 100% for a change that is neither, one and then
  two more decimals are kept; if it still would, the change is stated from/to only;
- a multiple (result ≥ 2× baseline, higher is better) is rounded half-up to one decimal;
- percentage points and absolute differences are exact (no rounding);
- values print as written: trailing zeros dropped, thousands separated, never an exponent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

CURRENCY_PREFIXES = ("$", "€", "£", "¥")
PERCENT_UNITS = ("%", "pct", "percent", "pp", "percentage points")

Direction = Literal["improved", "worsened", "unchanged", "unknown"]
Kind = Literal["percent", "points", "absolute", "multiple", "from_to"]


def format_number(value: Decimal) -> str:
    """1200 → '1,200'; 30.50 → '30.5'; 1E+3 → '1,000'; no exponent, no invented digits."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = format(value.normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}.{frac}"


def _currency(unit: str) -> tuple[str, str] | None:
    for prefix in CURRENCY_PREFIXES:
        if unit.startswith(prefix):
            return prefix, unit[len(prefix) :].strip()
    return None


def with_unit(value: Decimal, unit: str | None, suffix: bool = True) -> str:
    """A value with its unit as people write it: '$120,000', '82%', '50 min', '4 teams'.

    A currency's trailing words ('$ per year') print only when `suffix` is true, so a pair
    reads '$120,000 → $80,000 per year'.
    """
    number = format_number(value)
    unit = (unit or "").strip()
    if not unit:
        return number
    money = _currency(unit)
    if money:
        prefix, rest = money
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return f"{sign}{prefix}{digits}" + (f" {rest}" if rest and suffix else "")
    if is_percent_unit(unit):
        return f"{number}%"
    if value == 1:
        unit = singular_unit(unit)
    return f"{number} {unit}"


def singular_unit(unit: str) -> str:
    """'days' → 'day' for a value of 1 ('1 day'); units that are not plain plurals stay."""
    first, _, rest = unit.partition(" ")
    if not re.fullmatch(r"[a-z]{3,}s", first) or first.endswith("ss"):
        return unit
    # lemminflect's word tables, loaded only when a unit may be a plural noun
    from promopacket.rewrite.grammar import singular_noun

    single = singular_noun(first)
    return f"{single} {rest}".strip() if single else unit


def is_percent_unit(unit: str | None) -> bool:
    return bool(unit) and unit.strip().lower() in PERCENT_UNITS


def round_pct(value: Decimal, exact_is_zero: bool, exact_is_hundred: bool) -> Decimal | None:
    """Round a relative change; None when no precision up to 0.001 avoids a misleading 0/100."""
    first = Decimal("1") if abs(value) >= 10 else Decimal("0.1")
    for step in (first, first / 10, first / 100):
        shown = value.quantize(step, rounding=ROUND_HALF_UP)
        if (shown == 0 and not exact_is_zero) or (shown == 100 and not exact_is_hundred):
            continue
        return shown
    return None


@dataclass(frozen=True)
class Change:
    """What the row's numbers support saying, and how each number was derived."""

    direction: Direction
    kind: Kind
    amount: str  # "40%", "6 percentage points", "0.08", "3×", "" for from_to
    before: str
    after: str
    working: str  # the documented arithmetic, e.g. "|30 − 50| / 50 × 100 = 40%"
    derived: tuple[str, ...]  # numbers produced by arithmetic (for the never-invent check)
    moved: str  # "rose", "fell", "stayed"


def direction_of(baseline: Decimal, result: Decimal, better: str | None) -> Direction:
    if result == baseline:
        return "unchanged"
    if better not in ("lower", "higher"):
        return "unknown"
    return "improved" if (result < baseline) == (better == "lower") else "worsened"


def compute_change(
    baseline: Decimal,
    result: Decimal,
    unit: str | None,
    better: str | None,
    absolute: bool = False,
) -> Change:
    """The change from baseline to result: points, absolute, multiple, percent or from/to."""
    direction = direction_of(baseline, result, better)
    moved = "stayed" if result == baseline else ("fell" if result < baseline else "rose")
    before = with_unit(baseline, unit, suffix=False)
    after = with_unit(result, unit)
    b, r = format_number(baseline), format_number(result)
    diff = abs(result - baseline)
    shown_diff = format_number(diff)

    def make(kind: Kind, amount: str, working: str, derived: tuple[str, ...] = ()) -> Change:
        return Change(direction, kind, amount, before, after, working, derived, moved)

    if is_percent_unit(unit):
        label = "percentage point" if diff == 1 else "percentage points"
        return make(
            "points", f"{shown_diff} {label}", f"|{r} − {b}| = {shown_diff} points", (shown_diff,)
        )
    if absolute:
        return make("absolute", shown_diff, f"|{r} − {b}| = {shown_diff}", (shown_diff,))
    if baseline == 0:
        return make("from_to", "", "baseline is 0: no ratio, stated from/to")
    if baseline < 0 or result < 0:
        return make("from_to", "", "a negative value: no ratio, stated from/to")
    if result == 0:
        return make("from_to", "", "a drop to 0: stated from/to (not 'by 100%')")
    if better == "higher" and direction == "improved" and result / baseline >= 2:
        ratio = (result / baseline).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        shown = format_number(ratio)
        return make(
            "multiple", f"{shown}×", f"{r} / {b} = {shown}× (one decimal, half-up)", (shown,)
        )
    exact = diff / baseline * 100
    pct = round_pct(exact, exact == 0, exact == 100)
    if pct is None:
        return make("from_to", "", f"|{r} − {b}| / {b} × 100 rounds to 0% or 100%: from/to")
    shown = format_number(pct)
    return make("percent", f"{shown}%", f"|{r} − {b}| / {b} × 100 = {shown}%", (shown,))
