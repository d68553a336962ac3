"""An Achievement from a rule example's row, read the way a workbook cell is ("$120k" keeps its
"$"): the test fixtures' way to state an entry in a line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from promopacket.core.models import Achievement, Source
from promopacket.read.cells import unit_from_formats
from promopacket.validate.parse import parse_number


def example_achievement(row: dict[str, Any]) -> Achievement:
    """Build an Achievement from a rule example's row (for tests and `explain`)."""
    values = {"person_id": "example", "period": "example", "project": "example", **row}
    values["unit"] = unit_from_formats(values, values.get("unit"))  # "$120k" keeps its "$"
    for key in ("baseline", "result"):
        if values.get(key) is not None:
            raw = values[key]
            values[key] = parse_number(raw) if isinstance(raw, str) else Decimal(str(raw))
    return Achievement(**values, source=Source(sheet="example", row=0))
