"""Workbook → raw tables with Excel row numbers; problems that stop a workbook are returned."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .contract import CONTRACT, SheetSpec, normalise_name
from .messages import problem_text
from .models import Problem
from .settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 10


@dataclass
class RawRow:
    excel_row: int
    values: dict[str, Any]  # contract column name → cell value (None when blank)


@dataclass
class RawSheet:
    spec: SheetSpec
    title: str  # the sheet's name as written in the workbook
    letters: dict[str, str]  # contract column name → column letter
    rows: list[RawRow] = field(default_factory=list)

    def cell(self, column: str, excel_row: int) -> str:
        return f"{self.title}!{self.letters.get(column, '?')}{excel_row}"


@dataclass
class RawWorkbook:
    file: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)  # contract sheet name → sheet
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity == "workbook" for p in self.problems)


def _workbook_problem(
    file: str, code: str, sheet: str | None = None, column: str | None = None, **fields: object
) -> Problem:
    message, fix = problem_text(code, sheet=sheet, column=column, **fields)
    return Problem(
        file=file,
        sheet=sheet,
        column=column,
        message=message,
        fix=fix,
        severity="workbook",
        code=code,
    )


def _check_file(path: Path, settings: Settings) -> Problem | None:
    name = path.name
    if not path.is_file():
        return _workbook_problem(name, "not_found")
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > settings.max_file_mb:
        return _workbook_problem(
            name, "too_big", detail=f"{size_mb:.1f} MB", limit=settings.max_file_mb
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        return _workbook_problem(name, "old_xls")
    if not head.startswith(ZIP_MAGIC):
        kind = path.suffix.lower() or "no extension"
        return _workbook_problem(name, "not_xlsx", detail=f"a '{kind}' file, not a zip package")
    return None


def read_workbook(path: Path, settings: Settings | None = None) -> RawWorkbook:
    """Read every contract sheet of a workbook into raw rows keyed by contract column name."""
    settings = settings or Settings()
    path = Path(path)
    raw = RawWorkbook(file=path.name)
    problem = _check_file(path, settings)
    if problem:
        raw.problems.append(problem)
        return raw
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=type(exc).__name__))
        return raw
    except Exception as exc:  # openpyxl raises many kinds on odd packages; all mean "unreadable"
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=type(exc).__name__))
        return raw
    try:
        titles = {normalise_name(ws.title): ws.title for ws in book.worksheets}
        for spec in CONTRACT:
            title = titles.get(normalise_name(spec.name))
            if title is None:
                if spec.required:
                    raw.problems.append(
                        _workbook_problem(raw.file, "missing_sheet", sheet=spec.name)
                    )
                continue
            sheet = _read_sheet(book[title], spec, raw, settings)
            if sheet is not None:
                raw.sheets[spec.name] = sheet
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=type(exc).__name__))
    finally:
        book.close()
    return raw


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(ws, spec: SheetSpec, raw: RawWorkbook, settings: Settings) -> RawSheet | None:
    declared = ws.max_row or 0
    if declared > settings.max_rows_per_sheet + HEADER_SEARCH_ROWS:
        raw.problems.append(
            _workbook_problem(
                raw.file,
                "too_many_rows",
                sheet=spec.name,
                detail=declared,
                limit=settings.max_rows_per_sheet,
            )
        )
        return None
    rows = ws.iter_rows(values_only=True)
    header: tuple | None = None
    header_row = 0
    for header_row, values in enumerate(rows, start=1):
        if any(not _is_blank(v) for v in values):
            header = values
            break
        if header_row >= HEADER_SEARCH_ROWS:
            break
    positions: dict[str, int] = {}
    wanted = {normalise_name(c.name): c.name for c in spec.columns}
    for index, title in enumerate(header or ()):
        if title is None:
            continue
        name = wanted.get(normalise_name(str(title)))
        if name and name not in positions:  # unknown extra columns are kept out and ignored
            positions[name] = index
    missing = [c.name for c in spec.required_columns if c.name not in positions]
    for column in missing:
        raw.problems.append(
            _workbook_problem(raw.file, "missing_column", sheet=spec.name, column=column)
        )
    if missing:
        return None
    sheet = RawSheet(
        spec=spec,
        title=ws.title,
        letters={n: get_column_letter(i + 1) for n, i in positions.items()},
    )
    data_rows = 0
    for excel_row, values in enumerate(rows, start=header_row + 1):
        record = {n: (values[i] if i < len(values) else None) for n, i in positions.items()}
        if all(_is_blank(v) for v in record.values()):
            continue  # blank rows are layout, not data
        data_rows += 1
        if data_rows > settings.max_rows_per_sheet:
            raw.problems.append(
                _workbook_problem(
                    raw.file,
                    "too_many_rows",
                    sheet=spec.name,
                    detail=f"more than {data_rows - 1}",
                    limit=settings.max_rows_per_sheet,
                )
            )
            return None
        sheet.rows.append(RawRow(excel_row=excel_row, values=record))
    return sheet
