"""Writing input-shaped workbooks (starter, example, test fixtures) with openpyxl."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from promopacket.core.contract import SHEETS
from promopacket.core.fsutil import atomic_write
from promopacket.core.xlsxcell import set_cell


def write_input_workbook(
    path: Path,
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    headers: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write sheets of row dicts; headers default to the contract's columns for known sheets.

    Text is written as text (never as a formula); numbers, dates and None as they are.
    """
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if headers and name in headers:
            columns = list(headers[name])
        elif name in SHEETS:
            columns = [c.name for c in SHEETS[name].columns]
        else:
            columns = list(dict.fromkeys(k for row in rows for k in row))
        for c, header in enumerate(columns, start=1):
            set_cell(sheet.cell(row=1, column=c), header)
            sheet.cell(row=1, column=c).font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, header in enumerate(columns, start=1):
                value = row.get(header)
                if value is not None:
                    set_cell(sheet.cell(row=r, column=c), value)
    return atomic_write(Path(path), lambda tmp: book.save(tmp))
