"""One way to put user text into a worksheet cell: always text, never a live formula."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

from promopacket.core.textsafe import xml_safe

# The most characters an Excel cell holds; Excel cuts a longer text without a word.
CELL_LIMIT = 32_767


def set_cell(cell: Cell, value: Any) -> None:
    """Write a value; strings are always text, never a formula (no '=…' injection)."""
    if isinstance(value, str):
        value = xml_safe(value)
        if len(value) > CELL_LIMIT:  # said in the cell, not cut silently by Excel
            keep = CELL_LIMIT - 60  # room for the note
            value = value[:keep] + f"… [{len(value) - keep:,} more characters not shown]"
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
