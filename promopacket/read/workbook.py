"""Workbook → raw tables with Excel row numbers; problems that stop a workbook are returned."""

from __future__ import annotations

import itertools
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from promopacket.core.contract import CONTRACT, SheetSpec, closest, normalise_name
from promopacket.core.fsutil import display_name
from promopacket.core.messages import problem_text
from promopacket.core.models import Problem, Severity
from promopacket.read.cells import shown_value
from promopacket.read.safety import inspect_package
from promopacket.read.sniff import SheetLayout, merged_fill, sheet_layout, sniff
from promopacket.read.text import excel_text
from promopacket.settings import Settings

HEADER_SEARCH_ROWS = 10
# What a cell shows when its formula failed; data_only gives these as text.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
)

# What openpyxl raises on a damaged package or sheet XML. SyntaxError covers the XML parsers'
# errors, among them expat refusing entity expansion ("billion laughs").
UNREADABLE = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError, SyntaxError)


@dataclass
class RawRow:
    excel_row: int
    values: dict[str, Any]  # contract column name → cell value (None when blank)
    # contract column name → (problem code, what the cell holds) for cells whose value is
    # unknown: a formula with no saved result, or an Excel error such as #DIV/0!; or, as an
    # advice only (CELL_ADVICE), text that lost characters Word cannot hold.
    flags: dict[str, tuple[str, str]] = field(default_factory=dict)


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
    file: str,
    code: str,
    sheet: str | None = None,
    column: str | None = None,
    severity: Severity = "workbook",
    **fields: object,
) -> Problem:
    message, fix = problem_text(code, sheet=sheet, column=column, **fields)
    return Problem(
        file=file,
        sheet=sheet,
        column=column,
        message=message,
        fix=fix,
        severity=severity,
        code=code,
    )


def _check_file(path: Path, settings: Settings) -> Problem | None:
    name = display_name(path.name)
    try:
        mode = path.stat().st_mode
    except OSError:
        return _workbook_problem(name, "not_found")
    # Checked before anything opens or hashes it: a FIFO or /dev/stdin would block forever.
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        return _workbook_problem(name, "not_a_file", detail=kind)
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > settings.max_file_mb:
        return _workbook_problem(
            name, "too_big", detail=f"{size_mb:.1f} MB", limit=settings.max_file_mb
        )
    sniffed = sniff(path)
    if sniffed:
        code, detail = sniffed
        return _workbook_problem(name, code, detail=detail)
    # A zip that is not a workbook (.ods, .docx), or a zip bomb: refused before openpyxl.
    issue = inspect_package(path, settings.max_unpacked_mb)
    if issue:
        return _workbook_problem(
            name, issue.code, detail=issue.detail, limit=settings.max_unpacked_mb
        )
    return None


def _why(exc: BaseException) -> str:
    if isinstance(exc, IndexError):
        return "a cell refers to text that is not in the workbook's shared strings"
    return type(exc).__name__


def read_workbook(path: Path, settings: Settings | None = None) -> RawWorkbook:
    """Read every contract sheet of a workbook into raw rows keyed by contract column name."""
    settings = settings or Settings()
    path = Path(path)
    raw = RawWorkbook(file=display_name(path.name))
    problem = _check_file(path, settings)
    if problem:
        raw.problems.append(problem)
        return raw
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except UNREADABLE as exc:
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=type(exc).__name__))
        return raw
    except Exception as exc:  # openpyxl raises many kinds on odd packages; all mean "unreadable"
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=type(exc).__name__))
        return raw
    try:
        _read_contract_sheets(book, path, raw, settings)
    except Exception as exc:  # damaged sheet XML (a shared-string index out of range, …)
        raw.problems.append(_workbook_problem(raw.file, "corrupt", detail=_why(exc)))
    finally:
        book.close()
    return raw


def _has_data(ws) -> bool:
    """More than one non-blank row (a header alone, or nothing, is no data)."""
    filled = 0
    for values in ws.iter_rows(values_only=True):
        filled += any(not _is_blank(v) for v in values)
        if filled > 1:
            return True
    return False


def _pick_tab(tabs: list, spec: SheetSpec, raw: RawWorkbook):
    """The one tab to read for a contract sheet, or None (reported) when the choice is unclear.

    Tabs whose names normalise alike ("People", "people ", "PEOPLE"): tabs without data are
    skipped, a hidden tab gives way to a visible one (reported as advice, never silently), and
    two visible tabs with data stop the workbook: reading either alone would lose the other.
    """
    if len(tabs) == 1:
        return tabs[0]
    with_data = [ws for ws in tabs if _has_data(ws)] or tabs[:1]
    visible = [ws for ws in with_data if ws.sheet_state == "visible"] or with_data
    names = ", ".join(f"'{ws.title}'" for ws in tabs)
    if len(visible) > 1:
        raw.problems.append(
            _workbook_problem(raw.file, "duplicate_sheet", sheet=spec.name, detail=names)
        )
        return None
    chosen = visible[0]
    for ws in with_data:
        if ws is not chosen:
            raw.problems.append(
                _workbook_problem(
                    raw.file,
                    "duplicate_sheet_skipped",
                    sheet=spec.name,
                    severity="advice",
                    detail=names,
                    value=ws.title,
                    suggestion=chosen.title,
                )
            )
    return chosen


def _read_contract_sheets(book, path: Path, raw: RawWorkbook, settings: Settings) -> None:
    tabs: dict[str, list] = {}
    for ws in book.worksheets:
        # The declared <dimension> is not trusted: some exporters write "A1" for any size,
        # and openpyxl would then read one cell. Rows and columns are read as they are.
        ws.reset_dimensions()
        tabs.setdefault(normalise_name(ws.title), []).append(ws)
    formula_book = None
    try:
        for spec in CONTRACT:
            candidates = tabs.get(normalise_name(spec.name), [])
            if not candidates:
                if spec.required:
                    raw.problems.append(
                        _workbook_problem(raw.file, "missing_sheet", sheet=spec.name)
                    )
                continue
            ws = _pick_tab(candidates, spec, raw)
            if ws is None:
                continue
            if ws.sheet_state != "visible":
                raw.problems.append(
                    _workbook_problem(raw.file, "sheet_hidden", sheet=spec.name, severity="advice")
                )
            layout = sheet_layout(path, getattr(ws, "_worksheet_path", None))
            formulas = None
            if layout.has_formulas:
                # A second, formula-text view of the same sheet, only when it has formulas:
                # data_only gives None for a formula Excel never calculated.
                if formula_book is None:
                    formula_book = load_workbook(
                        path, read_only=True, data_only=False, keep_links=False
                    )
                formula_sheet = formula_book[ws.title]
                formula_sheet.reset_dimensions()
                formulas = formula_sheet.iter_rows(values_only=True)
            sheet = _read_sheet(ws, spec, raw, settings, layout, formulas)
            if sheet is not None:
                raw.sheets[spec.name] = sheet
    finally:
        if formula_book is not None:
            formula_book.close()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_formula(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or hasattr(value, "text")


def _header_positions(
    header: tuple, spec: SheetSpec, raw: RawWorkbook
) -> tuple[dict[str, int], list[str]]:
    """Contract column → index in the header; and the header texts that matched nothing."""
    positions: dict[str, int] = {}
    unmatched: list[str] = []
    wanted = {normalise_name(c.name): c.name for c in spec.columns}
    for index, title in enumerate(header):
        if _is_blank(title):
            continue
        name = wanted.get(normalise_name(str(title)))
        if name is None:
            unmatched.append(str(title).strip())  # unknown extra columns are ignored
        elif name not in positions:
            positions[name] = index
        else:
            raw.problems.append(
                _workbook_problem(
                    raw.file,
                    "duplicate_header",
                    sheet=spec.name,
                    column=name,
                    severity="advice",
                    detail=f"columns {get_column_letter(positions[name] + 1)} and "
                    f"{get_column_letter(index + 1)}",
                    value=get_column_letter(positions[name] + 1),
                )
            )
    return positions, unmatched


def _missing_columns(spec, positions, unmatched, raw: RawWorkbook, header_row: int) -> bool:
    missing = [c.name for c in spec.required_columns if c.name not in positions]
    for column in missing:
        near = closest(column, unmatched, cutoff=0.6)
        raw.problems.append(
            _workbook_problem(
                raw.file,
                "missing_column",
                sheet=spec.name,
                column=column,
                detail=f" (row {header_row})" + (f"; there is a column '{near}'" if near else ""),
                suggestion=f", or rename '{near}' to '{column}'" if near else "",
            )
        )
    return bool(missing)


def _repeats_header(record: dict[str, Any], header_keys: dict[str, set[str]]) -> bool:
    """Most filled cells of the row name their own column: the header row again."""
    filled = [(n, v) for n, v in record.items() if not _is_blank(v)]
    same = sum(1 for n, v in filled if normalise_name(str(v)) in header_keys[n])
    return same >= 2 and same * 2 >= len(filled)


def _header_score(values: tuple, spec: SheetSpec) -> int:
    wanted = {normalise_name(c.name) for c in spec.columns}
    return sum(1 for v in values if not _is_blank(v) and normalise_name(str(v)) in wanted)


def _find_header(rows, formulas, spec: SheetSpec) -> tuple[tuple | None, int, list[tuple]]:
    """The header among the first rows: the one naming most contract columns (title rows above
    it are skipped); with no such row, the first non-blank one (so missing columns get named).
    Returns the header, its Excel row and the rows read past it (to be read as data)."""
    seen: list[tuple] = []
    for values in rows:
        seen.append(values)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    scores = [_header_score(v, spec) for v in seen]
    if scores and max(scores) > 0:
        index = scores.index(max(scores))
    else:
        index = next((i for i, v in enumerate(seen) if any(not _is_blank(x) for x in v)), None)
    if index is None:
        return None, len(seen) or 1, []
    if formulas is not None:
        for _ in range(index + 1):
            next(formulas, None)  # keep the formula view on the same row as the values
    return seen[index], index + 1, seen[index + 1 :]


def _read_sheet(
    ws,
    spec: SheetSpec,
    raw: RawWorkbook,
    settings: Settings,
    layout: SheetLayout,
    formulas=None,
) -> RawSheet | None:
    # The sheet's declared dimension is not trusted (a file may claim a million rows and hold
    # three): data rows are counted as they are read, and reading stops past the limit.
    # Values as the user sees them: 0.82 in a `0%` cell is 82 (percent), see cells.py.
    rows = (tuple(shown_value(cell) for cell in row) for row in ws.iter_rows())
    header, header_row, before = _find_header(rows, formulas, spec)
    rows = itertools.chain(before, rows)
    positions, unmatched = _header_positions(header or (), spec, raw)
    if _missing_columns(spec, positions, unmatched, raw, header_row or 1):
        return None
    sheet = RawSheet(
        spec=spec,
        title=ws.title,
        letters={n: get_column_letter(i + 1) for n, i in positions.items()},
    )
    header_keys = {
        name: {normalise_name(name), normalise_name(str(header[index]))}
        for name, index in positions.items()
    }
    fill = merged_fill(layout, header_row)
    anchors = set(fill.values())
    anchor_values: dict[tuple[int, int], Any] = {}
    data_rows = 0
    for excel_row, values in enumerate(rows, start=header_row + 1):
        formula_values = next(formulas, ()) if formulas is not None else ()
        record: dict[str, Any] = {}
        flags: dict[str, tuple[str, str]] = {}
        for name, index in positions.items():
            value = values[index] if index < len(values) else None
            where = (excel_row, index + 1)
            if where in anchors:
                anchor_values[where] = value
            if value is None and where in fill:
                value = anchor_values.get(fill[where])
            if value is None and index < len(formula_values) and _is_formula(formula_values[index]):
                formula = formula_values[index]
                flags[name] = ("no_cached_value", str(getattr(formula, "text", formula)))
            elif isinstance(value, str) and value.strip() in EXCEL_ERRORS:
                flags[name] = ("excel_error", value.strip())
                value = None
            elif isinstance(value, str):
                value, removed = excel_text(value)
                if removed:
                    flags[name] = ("text_cleaned", removed)
            record[name] = value
        if not flags and all(_is_blank(v) for v in record.values()):
            continue  # blank rows are layout, not data
        if _repeats_header(record, header_keys):
            # A header pasted again mid-sheet (two tables stacked): not a person called "name".
            first = next(iter(positions))
            flags = {first: ("repeated_header", f"row {header_row}")}
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
        sheet.rows.append(RawRow(excel_row=excel_row, values=record, flags=flags))
    return sheet
