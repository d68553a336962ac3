import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promopacket.validate.parse import ParseError, clean_text, parse_date, parse_number


@pytest.mark.parametrize(
    "text, number",
    [
        ("40%", "40"),
        ("1,200", "1200"),
        (" 30 ", "30"),
        ("$120k", "120000"),
        ("€ 3m", "3000000"),
        ("1.5M", "1500000"),
        ("(30)", "-30"),
        ("−2.5", "-2.5"),
        ("12,345.67", "12345.67"),
        (7, "7"),
        (0.1, "0.1"),
    ],
)
def test_forgiving_numbers(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("lots", "there are no digits in it"),
        ("30 min", "it has 'min' after the number"),
        ("about 40", "it has 'about' before the number"),
        ("30-40", "it is a range"),
        ("1,20", "the commas are not thousands separators"),
        ("1.234,5", "it uses a decimal comma"),
        (True, "a true/false value"),
        (dt.date(2026, 1, 1), "a date, not a number"),
    ],
)
def test_bad_numbers_say_exactly_why(text, reason):
    with pytest.raises(ParseError) as caught:
        parse_number(text)
    assert str(caught.value).startswith(reason)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 3, 15),
        dt.datetime(2026, 3, 15, 0, 0),
        "2026-03-15",
        "15/03/2026",
        "15 Mar 2026",
        "March 15, 2026",
        46096,  # the Excel serial of 2026-03-15
    ],
)
def test_dates_in_common_forms(value):
    assert parse_date(value) == dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    "value, reason",
    [("next Tuesday", "no day or year"), ("15 March", "no year"), ("31/02/2026", "not a date")],
)
def test_bad_dates_say_why(value, reason):
    with pytest.raises(ParseError, match=reason):
        parse_date(value)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_thousands_separated_text_reads_back_exactly(number):
    text = f"{number:,.2f}"
    assert parse_number(f"  {text} ") == number


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.dates(), st.booleans()))
def test_parsers_only_ever_raise_parse_error(value):
    for parse in (parse_number, parse_date):
        try:
            parse(value)
        except ParseError:
            pass
    assert clean_text(value) is None or clean_text(value) == clean_text(value).strip()
