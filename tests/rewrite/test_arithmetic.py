"""Exact, direction-aware arithmetic: percent, points, absolute, multiples, from/to, rounding."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promopacket.rewrite.arithmetic import compute_change, format_number, with_unit


@pytest.mark.parametrize(
    "baseline,result,unit,better,absolute,kind,amount,direction",
    [
        ("50", "30", "min", "lower", False, "percent", "40%", "improved"),
        ("82", "88", "%", "higher", False, "points", "6 percentage points", "improved"),
        ("20", "17", "%", "lower", False, "points", "3 percentage points", "improved"),
        ("20", "21", "%", "lower", False, "points", "1 percentage point", "worsened"),
        ("0.78", "0.86", None, "higher", True, "absolute", "0.08", "improved"),
        ("2", "6", None, "higher", False, "multiple", "3×", "improved"),
        ("3", "7", None, "higher", False, "multiple", "2.3×", "improved"),
        ("10", "19", None, "higher", False, "percent", "90%", "improved"),
        ("0", "4", "teams", "higher", False, "from_to", "", "improved"),
        ("-5", "5", None, "higher", False, "from_to", "", "improved"),
        ("18", "21", "$", "lower", False, "percent", "17%", "worsened"),
        ("100", "100", "ms", "lower", False, "percent", "0%", "unchanged"),
        ("40", "25", None, None, False, "percent", "38%", "unknown"),
        ("1000", "999.9", None, "lower", False, "percent", "0.01%", "improved"),
        ("1000", "0.001", None, "lower", False, "from_to", "", "improved"),
    ],
)
def test_change(baseline, result, unit, better, absolute, kind, amount, direction):
    change = compute_change(D(baseline), D(result), unit, better, absolute)
    assert (change.kind, change.amount, change.direction) == (kind, amount, direction)


def test_rounding_never_prints_a_misleading_hundred():
    change = compute_change(D("100000"), D("0.1"), None, "lower")
    assert change.kind == "from_to" and "100%" not in change.amount


def test_currency_keeps_its_symbol_and_period():
    change = compute_change(D("120000"), D("80000"), "$ per year", "lower")
    assert (change.before, change.after) == ("$120,000", "$80,000 per year")


@pytest.mark.parametrize(
    "value,unit,shown",
    [
        ("1200", None, "1,200"),
        ("30.50", "min", "30.5 min"),
        ("1E+3", "ms", "1,000 ms"),
        ("-42000", "€", "-€42,000"),
        ("4.1", "%", "4.1%"),
        ("0.000123", None, "0.000123"),
    ],
)
def test_values_print_as_written(value, unit, shown):
    assert with_unit(D(value), unit) == shown


@given(
    st.decimals(min_value=D("0.001"), max_value=D("1000000"), places=3),
    st.decimals(min_value=D("0"), max_value=D("1000000"), places=3),
)
def test_a_percent_is_within_rounding_of_the_exact_change(baseline, result):
    change = compute_change(baseline, result, "ms", "lower")
    if change.kind != "percent":
        return
    shown = D(change.amount.rstrip("%").replace(",", ""))
    exact = abs(result - baseline) / baseline * 100
    assert abs(shown - exact) <= D("0.5")
    assert shown != 0 or exact == 0
    assert shown != 100 or exact == 100


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=D("-1e9"), max_value=D("1e9")
    )
)
def test_format_number_is_exact(value):
    assert D(format_number(value).replace(",", "")) == value
