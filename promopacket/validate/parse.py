"""Forgiving cell parsing: numbers like "40%", "1,200", " 30 ", "$120k"; dates in common forms."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil import parser as date_parser

from promopacket.read.cells import ShownDate, ShownNumber

_SUFFIX = {
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
}
_NUMBER = re.compile(
    r"^(?P<sign>[-+−])?\s*(?P<cur>[$€£¥])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)"
    r"\s*(?P<suffix>k|m|bn|b)?\s*(?P<pct>%)?$",
    re.IGNORECASE,
)
# Excel stores dates as days since 1899-12-30 when a cell is not formatted as a date.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class ParseError(ValueError):
    """A value that cannot be read; the message says exactly why."""


def clean_text(value: Any) -> str | None:
    """Cell → stripped text with inner whitespace runs kept; None when blank."""
    if value is None:
        return None
    if isinstance(value, (ShownNumber, ShownDate)):
        return value.text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def parse_number(value: Any) -> Decimal:
    """A cell as an exact Decimal. Accepts 40, "40%", "1,200", " 30 ", "$120k", "1.5M"."""
    if isinstance(value, bool):
        raise ParseError("a true/false value")
    if isinstance(value, ShownNumber):
        return value.number
    if isinstance(value, ShownDate):
        raise ParseError(
            "Excel shows it as a date; format the cell as Number and type the number again"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError("not a finite number")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        raise ParseError("a date, not a number")
    text = str(value).strip().replace("\u00a0", " ")
    if not text:
        raise ParseError("empty")
    negative_parens = text.startswith("(") and text.endswith(")")  # accounting style (30)
    if negative_parens:
        text = text[1:-1].strip()
    match = _NUMBER.match(text)
    if not match:
        raise ParseError(_why_not_number(text))
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise ParseError("unreadable digits") from exc
    if match["suffix"]:
        number *= _SUFFIX[match["suffix"].lower()]
    if match["sign"] in ("-", "−") or negative_parens:
        number = -number
    return number


def _why_not_number(text: str) -> str:
    """The exact reason a text is not one number, worded for the person who typed it."""
    if not re.search(r"\d", text):
        return "there are no digits in it"
    if re.search(r"\d\s*(-|–|to)\s*\d", text):
        return "it is a range; write one number and put the other in the statement"
    if re.fullmatch(r"[-+−]?[$€£¥]?\d[\d,]*(\.\d+)?", text):
        return "the commas are not thousands separators; write e.g. 1200 or 1.5"
    if re.fullmatch(r"[-+−]?\d+,\d+", text) or re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", text):
        return "it uses a decimal comma; write it with a decimal point, e.g. 1.5"
    unit = re.fullmatch(r"[-+−]?[$€£¥]?\s*[\d.,]+\s*([^\d\s].*)", text)
    if unit:
        return (
            f"it has '{unit[1].strip()}' after the number; "
            "write the number here and the unit in the unit column"
        )
    words = re.fullmatch(r"([^\d]+?)\s*[-+−]?[$€£¥]?[\d.,]+", text)
    if words:
        return f"it has '{words[1].strip()}' before the number; write the number alone"
    return "it mixes digits with words or symbols that are not a unit"


def parse_date(value: Any) -> dt.date:
    """A cell as a date: Excel dates, Excel serial numbers, ISO text and common text dates."""
    if isinstance(value, ShownDate):
        value = value.value
    if isinstance(value, ShownNumber):
        raise ParseError(f"a number shown as {value.text}, not a date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # 1954..2119 as an Excel serial
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ParseError("a number, not a date")
    text = str(value).strip()
    if not text:
        raise ParseError("empty")
    if not re.search(r"\d", text):
        raise ParseError("no day or year in it")
    try:
        # ISO first (unambiguous), then day-first text such as 15/03/2026 or 15 Mar 2026.
        if re.match(r"^\d{4}-\d{1,2}-\d{1,2}", text):
            return (
                dt.date.fromisoformat(text[:10])
                if len(text) >= 10
                else date_parser.parse(text).date()
            )
        default = dt.datetime(1900, 1, 1)
        parsed = date_parser.parse(text, dayfirst=True, default=default)
    except (ValueError, OverflowError) as exc:
        raise ParseError("not a date") from exc
    if parsed.year == 1900 and "1900" not in text:
        raise ParseError("no year in it")
    return parsed.date()
