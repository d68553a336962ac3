"""Excel number formats read as the user sees them.

Excel stores what a person types into a formatted cell as a plain number: 82% is 0.82 in a
`0%` cell, $120,000 is 120000 in a `"$"#,##0` cell, 4 March is a date serial in a `d-mmm` cell.
Reading only the stored value loses what the person meant ("0.82%" in a packet). A cell whose
format changes the meaning is read into a `ShownNumber` or `ShownDate`: the value as the person
sees it, and the text the cell shows (for messages). `parse.py` accepts both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from promopacket.rewrite.arithmetic import format_number, is_percent_unit  # one formatter

CURRENCY_SYMBOLS = ("$", "€", "£", "¥")
CURRENCY_CODES = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}
# A currency-formatted cell may carry a period in the unit column ("per year", "/month").
PERIOD_UNIT = re.compile(r"^(per\b|/|a (year|month|week|day|quarter)\b|annual|monthly)", re.I)
_QUOTED = re.compile(r'"[^"]*"|\\.')
_LOCALE = re.compile(r"\[\$([^\]-]*)(?:-[^\]]*)?\]")
_BRACKETS = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class ShownNumber:
    """A number whose cell format changes what it means: `number` is what the user sees."""

    number: Decimal
    text: str  # what the cell shows: "82%", "$120,000"
    kind: Literal["percent", "currency"]
    symbol: str  # "%" or the currency symbol

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ShownDate:
    """A date cell, with the text the cell shows ("4-Mar", "Mar-26")."""

    value: dt.date
    text: str

    def __str__(self) -> str:
        return self.text


def _sections(number_format: str) -> str:
    """The positive section of a format, quoted literals kept apart from format codes."""
    return number_format.split(";")[0]


def currency_symbol(number_format: str | None) -> str | None:
    """'"$"#,##0' → '$'; '[$€-407] #,##0.00' → '€'; '0.00' → None."""
    fmt = _sections(number_format or "")
    locale = _LOCALE.search(fmt)
    if locale and locale[1]:
        symbol = locale[1].strip()
        return CURRENCY_CODES.get(symbol.lower(), symbol) if symbol else None
    bare = _BRACKETS.sub("", fmt)
    for symbol in CURRENCY_SYMBOLS:
        if symbol in bare:
            return symbol
    return None


def is_percent_format(number_format: str | None) -> bool:
    fmt = _BRACKETS.sub("", _QUOTED.sub("", _sections(number_format or "")))
    return "%" in fmt


def _format_number(value: Decimal) -> str:
    return format_number(value)


_DATE_TOKENS = re.compile(
    r'"[^"]*"|\\.|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.', re.I
)


def date_text(value: dt.date, number_format: str | None) -> str:
    """A date as Excel shows it with its format: 'd-mmm' → '4-Mar'; unknown codes → ISO."""
    fmt = _BRACKETS.sub("", _sections(number_format or ""))
    if not fmt or fmt.lower() == "general":
        return value.isoformat()
    tokens = _DATE_TOKENS.findall(fmt)
    out: list[str] = []
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    for i, token in enumerate(tokens):
        low = token.lower()
        near_time = any(t.lower().startswith(("h", "s")) for t in tokens[max(0, i - 2) : i + 3])
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif low == "yyyy":
            out.append(f"{stamp.year:04d}")
        elif low == "yy":
            out.append(f"{stamp.year % 100:02d}")
        elif low in ("mmmm", "mmmmm"):
            out.append(stamp.strftime("%B") if low == "mmmm" else stamp.strftime("%B")[0])
        elif low == "mmm":
            out.append(stamp.strftime("%b"))
        elif low in ("mm", "m"):
            number = stamp.minute if near_time else stamp.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low == "dddd":
            out.append(stamp.strftime("%A"))
        elif low == "ddd":
            out.append(stamp.strftime("%a"))
        elif low == "dd":
            out.append(f"{stamp.day:02d}")
        elif low == "d":
            out.append(str(stamp.day))
        elif low in ("hh", "h"):
            out.append(f"{stamp.hour:02d}" if low == "hh" else str(stamp.hour))
        elif low in ("ss", "s"):
            out.append(f"{stamp.second:02d}")
        elif low in ("am/pm", "a/p"):
            out.append("AM" if stamp.hour < 12 else "PM")
        else:
            out.append(token)
    return "".join(out)


def shown_value(cell: Any) -> Any:
    """A read-only cell's value as the user sees it; plain values are returned unchanged."""
    value = cell.value
    number_format = getattr(cell, "number_format", None)
    if value is None or isinstance(value, bool) or not number_format:
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        midnight = isinstance(value, dt.datetime) and value.time() == dt.time()
        return ShownDate(value.date() if midnight else value, date_text(value, number_format))
    if not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return value
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if is_percent_format(number_format):
        seen = (number * 100).normalize()
        return ShownNumber(seen, f"{_format_number(seen)}%", "percent", "%")
    symbol = currency_symbol(number_format)
    if symbol:
        sign = "-" if number < 0 else ""
        text = f"{sign}{symbol}{_format_number(abs(number))}"
        return ShownNumber(number, text, "currency", symbol)
    return value


# ---- a row's unit, reconciled with how its baseline and result cells are formatted ----

NUMBER_COLUMNS = ("baseline", "result")


def _shown(values: dict[str, Any]) -> dict[str, ShownNumber]:
    return {c: v for c in NUMBER_COLUMNS if isinstance(v := values.get(c), ShownNumber)}


def _unit_text(values: dict[str, Any]) -> str:
    unit = values.get("unit")
    return "" if unit is None else str(unit).strip()


def format_conflicts(values: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Cells whose format and the row disagree: (problem code, what the cells show) by column."""
    shown = _shown(values)
    if not shown:
        return {}
    conflicts: dict[str, tuple[str, str]] = {}
    kinds = {v.kind for v in shown.values()}
    plain = [c for c in NUMBER_COLUMNS if c not in shown and isinstance(values.get(c), int | float)]
    if "percent" in kinds and plain:
        # 0.82 in a percent cell beside a plain 0.88: the two cannot both mean percent.
        first, other = next(iter(shown)), plain[0]
        described = f"{first} shows {shown[first]}, {other} shows {values[other]}"
        if not is_percent_unit(_unit_text(values)) or abs(values[other]) <= 1:
            conflicts[other] = ("percent_mixed", described)
    unit = _unit_text(values)
    for column, value in shown.items():
        if value.kind == "percent" and unit and not is_percent_unit(unit):
            conflicts[column] = ("percent_unit_conflict", f"{value} (unit: {unit})")
        if value.kind == "currency" and unit and currency_of_unit(unit) not in (None, value.symbol):
            conflicts[column] = ("currency_unit_conflict", f"{value} (unit: {unit})")
        if value.kind == "currency" and unit and currency_of_unit(unit) is None:
            if not PERIOD_UNIT.match(unit):
                conflicts[column] = ("currency_unit_conflict", f"{value} (unit: {unit})")
    return conflicts


def currency_of_unit(unit: str) -> str | None:
    text = unit.strip()
    for symbol in CURRENCY_SYMBOLS:
        if symbol in text:
            return symbol
    first = text.split()[0].lower() if text.split() else ""
    return CURRENCY_CODES.get(first)


def _typed_currency(values: dict[str, Any], unit: str | None) -> str | None:
    """A currency typed in a number cell ("$120k", "€80k") keeps its symbol as the unit when the
    unit column says none ("per year" → "$ per year"); a unit that names a currency wins. A
    percent typed as text ("6.2%") with no unit is '%' (it printed as a bare 6.2)."""
    typed = [
        symbol
        for column in NUMBER_COLUMNS
        if isinstance(values.get(column), str)
        for symbol in CURRENCY_SYMBOLS
        if values[column].strip().lstrip("(-−").startswith(symbol)
    ]
    text = (unit or "").strip()
    percent = any(
        isinstance(values.get(column), str) and values[column].strip().endswith("%")
        for column in NUMBER_COLUMNS
    )
    if percent and not text and not typed:  # "6.2%" typed as text: the unit is '%'
        return "%"
    if not typed or currency_of_unit(text) is not None:
        return unit
    return f"{typed[0]} {text}" if text else typed[0]


def unit_from_formats(values: dict[str, Any], unit: str | None) -> str | None:
    """The unit a row means: '%' for percent cells, the currency symbol kept for money cells.

    Called after `format_conflicts` found none, so the formats agree with the unit column.
    """
    shown = _shown(values)
    if not shown:
        return _typed_currency(values, unit)
    value = next(iter(shown.values()))
    text = (unit or "").strip()
    if value.kind == "percent":
        return text or "%"
    if not text:
        return value.symbol
    if currency_of_unit(text) is None:  # "per year" → "$ per year"
        return f"{value.symbol} {text}"
    return text
