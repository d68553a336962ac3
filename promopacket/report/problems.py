"""problems.xlsx and friends: one row per problem, user text always written as text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from promopacket.core.fsutil import atomic_write
from promopacket.core.models import Problem
from promopacket.core.problems import sorted_problems
from promopacket.core.xlsxcell import set_cell

PROBLEM_COLUMNS = (
    "severity",
    "file",
    "sheet",
    "row",
    "column",
    "cell",
    "value",
    "message",
    "fix",
    "code",
)


def add_table_sheet(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    first: bool = False,
) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    for col, header in enumerate(headers, start=1):
        set_cell(sheet.cell(row=1, column=col), header)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    widths = [len(h) for h in headers]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            set_cell(sheet.cell(row=r, column=c), value)
            widths[c - 1] = max(widths[c - 1], min(60, len(str(value or ""))))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width + 2
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def problem_rows(problems: Iterable[Problem]) -> list[list[Any]]:
    return [[getattr(p, name) for name in PROBLEM_COLUMNS] for p in sorted_problems(problems)]


def write_problems(
    problems: Iterable[Problem], path: Path, sources: dict[str, str] | None = None
) -> Path:
    """problems.xlsx: one row per problem, sorted by file, severity, sheet and row.

    sources maps a workbook's file name to its path: each problem's cell then links to that
    cell of the source workbook (Excel opens it there), by a path relative to problems.xlsx.
    """
    book = Workbook()
    ordered = sorted_problems(problems)
    add_table_sheet(book, "Problems", PROBLEM_COLUMNS, problem_rows(ordered), first=True)
    if sources:
        _link_cells(book.active, ordered, sources, Path(path).parent)
    return atomic_write(path, lambda tmp: book.save(tmp))


def _link_cells(sheet, problems: list[Problem], sources: dict[str, str], here: Path) -> None:
    column = PROBLEM_COLUMNS.index("cell") + 1
    for row, problem in enumerate(problems, start=2):
        source = sources.get(problem.file)
        if not (source and problem.cell and problem.sheet and "!" in problem.cell):
            continue
        try:
            target = os.path.relpath(Path(source).resolve(), here.resolve())
        except ValueError:  # another drive (Windows): an absolute link
            target = Path(source).resolve().as_uri()
        quoted = problem.sheet.replace("'", "''")
        cell = sheet.cell(row=row, column=column)
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate,
            target=Path(target).as_posix(),
            location=f"'{quoted}'!{problem.cell.split('!', 1)[1]}",
            tooltip=f"Open {problem.file} at {problem.cell}",
        )
        cell.style = "Hyperlink"
