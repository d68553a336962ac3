"""Excel number formats read as the user sees them: percent, currency and date cells."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from promopacket.read.cells import currency_symbol, date_text, is_percent_format
from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.run.workbooks import load_and_validate
from tests.conftest import achievement, person


def _formatted(make_workbook, row: dict, formats: dict[str, str]):
    """A real workbook whose Achievements cells carry the given number formats."""
    path = make_workbook({"People": [person()], "Achievements": [row]})
    book = load_workbook(path)
    sheet = book["Achievements"]
    header = [c.value for c in sheet[1]]
    for column, number_format in formats.items():
        sheet.cell(row=2, column=header.index(column) + 1).number_format = number_format
    book.save(path)
    return path


def test_percent_cells_are_read_as_the_percent_the_user_sees(make_workbook, settings):
    row = achievement(
        statement="Did some model tuning",
        metric="recall",
        baseline=0.82,
        result=0.88,
        unit=None,
        better="higher",
        outcome=None,
    )
    path = _formatted(make_workbook, row, {"baseline": "0%", "result": "0%"})
    data = load_and_validate(path, settings)
    item = data.achievements[0]
    assert (item.baseline, item.result, item.unit) == (Decimal(82), Decimal(88), "%")
    statement = rewrite_achievement(item, load_rules(settings.rules_dir))
    assert "6 percentage points (82% → 88%)" in statement.text
    assert "0.82" not in statement.text


def test_one_decimal_percent_and_a_percent_unit_agree(make_workbook, settings):
    row = achievement(metric="error rate", baseline=0.042, result=0.015, unit="%", better="lower")
    path = _formatted(make_workbook, row, {"baseline": "0.0%", "result": "0.0%"})
    item = load_and_validate(path, settings).achievements[0]
    assert (item.baseline, item.result, item.unit) == (Decimal("4.2"), Decimal("1.5"), "%")


def test_percent_cell_beside_a_plain_fraction_is_reported_with_its_cell(make_workbook, settings):
    row = achievement(metric="recall", baseline=0.82, result=0.88, unit=None, better="higher")
    path = _formatted(make_workbook, row, {"baseline": "0%"})
    data = load_and_validate(path, settings)
    assert data.achievements == []
    (problem,) = [p for p in data.problems if p.code == "percent_mixed"]
    assert (problem.sheet, problem.row, problem.column) == ("Achievements", 2, "result")
    assert "82%" in problem.message and "0.88" in problem.message


def test_percent_cell_with_another_unit_is_reported(make_workbook, settings):
    row = achievement(metric="p99 latency", baseline=0.5, result=0.3, unit="ms")
    path = _formatted(make_workbook, row, {"baseline": "0%", "result": "0%"})
    data = load_and_validate(path, settings)
    codes = {(p.column, p.code) for p in data.problems}
    assert ("baseline", "percent_unit_conflict") in codes and data.achievements == []


@pytest.mark.parametrize(
    "number_format,unit,expected_unit,shown",
    [
        ('"$"#,##0', None, "$", "$120,000 → $80,000"),
        ("[$€-407] #,##0.00", "per year", "€ per year", "€120,000 → €80,000 per year"),
        ("£#,##0", "£ per month", "£ per month", "£120,000 → £80,000 per month"),
    ],
)
def test_currency_cells_keep_their_symbol(
    make_workbook, settings, number_format, unit, expected_unit, shown
):
    row = achievement(
        statement="Cut the inference bill",
        metric="inference cost",
        baseline=120000,
        result=80000,
        unit=unit,
        better="lower",
        outcome=None,
    )
    path = _formatted(make_workbook, row, {"baseline": number_format, "result": number_format})
    item = load_and_validate(path, settings).achievements[0]
    assert (item.baseline, item.unit) == (Decimal(120000), expected_unit)
    statement = rewrite_achievement(item, load_rules(settings.rules_dir))
    assert shown in statement.text


def test_currency_cell_with_a_non_money_unit_is_reported(make_workbook, settings):
    row = achievement(metric="cost", baseline=100, result=80, unit="ms", better="lower")
    path = _formatted(make_workbook, row, {"baseline": '"$"#,##0', "result": '"$"#,##0'})
    data = load_and_validate(path, settings)
    assert {p.code for p in data.problems} >= {"currency_unit_conflict"}


def test_date_in_a_text_column_reads_as_shown_and_in_a_number_column_is_located(
    make_workbook, settings
):
    row = achievement(period=dt.date(2026, 3, 1), baseline=dt.date(2026, 3, 4))
    path = _formatted(make_workbook, row, {"period": "mmm yyyy", "baseline": "d-mmm"})
    data = load_and_validate(path, settings)
    (problem,) = [p for p in data.problems if p.column == "baseline"]
    assert problem.code == "not_number" and problem.value == "4-Mar"
    assert "date" in problem.message and problem.cell.startswith("Achievements!")

    ok = _formatted(make_workbook, achievement(period=dt.date(2026, 3, 1)), {"period": "mmm yyyy"})
    assert load_and_validate(ok, settings).achievements[0].period == "Mar 2026"


@pytest.mark.parametrize(
    "value,number_format,text",
    [
        (dt.date(2026, 3, 4), "d-mmm", "4-Mar"),
        (dt.date(2026, 3, 4), "dd/mm/yyyy", "04/03/2026"),
        (dt.date(2026, 3, 4), "mmmm yy", "March 26"),
        (dt.datetime(2026, 3, 4, 9, 5), "yyyy-mm-dd hh:mm", "2026-03-04 09:05"),
        (dt.date(2026, 3, 4), "General", "2026-03-04"),
    ],
)
def test_date_text_follows_the_format(value, number_format, text):
    assert date_text(value, number_format) == text


@pytest.mark.parametrize(
    "number_format,percent,symbol",
    [
        ("0%", True, None),
        ("0.00%", True, None),
        ('0"%"', False, None),  # a literal percent sign in quotes does not scale the number
        ('"$"#,##0.00', False, "$"),
        ('_("$"* #,##0_);_("$"* (#,##0)', False, "$"),
        ("[$USD] #,##0", False, "$"),
        ("#,##0.00 €", False, "€"),
        ("0.00", False, None),
        ("General", False, None),
    ],
)
def test_format_codes(number_format, percent, symbol):
    assert is_percent_format(number_format) is percent
    assert currency_symbol(number_format) == symbol


def test_a_currency_typed_in_a_number_cell_keeps_its_symbol():
    """'$120k' in baseline with an empty unit: the statement says $120,000, never a bare 120,000."""
    from promopacket.read.cells import unit_from_formats

    assert unit_from_formats({"baseline": "$120k", "result": "$80k"}, None) == "$"
    assert unit_from_formats({"baseline": "€80k", "result": 60000}, "per year") == "€ per year"
    assert unit_from_formats({"baseline": "$120k"}, "USD") == "USD"
    assert unit_from_formats({"baseline": "120", "result": "80"}, None) is None


def test_a_percent_typed_as_text_keeps_its_unit():
    """'6.2%' → '2.1%' typed as text with an empty unit printed 'by 66% (6.2 → 2.1)'; the row
    means percent, so the statement says percentage points (6.2% → 2.1%)."""
    from promopacket.read.cells import unit_from_formats  # beside the test above, same reason

    assert unit_from_formats({"baseline": "6.2%", "result": "2.1%"}, None) == "%"
    assert unit_from_formats({"baseline": "6.2%", "result": "2.1%"}, "pts") == "pts"
    assert unit_from_formats({"baseline": "6.2", "result": "2.1"}, None) is None
