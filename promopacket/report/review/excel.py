"""The Calibration sheet of summary.xlsx, Excel-native.

An Excel table (filters and sorting on every column, whole rows move together), a heat map of
coverage by conditional formatting (the words stay in the cells, so colour is never the only
cue), a colour scale on the mean score after, a native bar chart of the score distribution
(its data in a small table on the Scores sheet), a frozen header and id column, and column
widths fitted to their content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from promopacket.core.xlsxcell import set_cell
from promopacket.report.review.calibration import CalibrationRow

FIXED_COLUMNS = (
    "person_id",
    "name",
    "team",
    "current_title",
    "target_title",
    "profile",
    "target_level",
    "manager_outcome",
    "overall_readiness",
    "decision",  # the committee's: a dropdown (promote, not yet, defer), read back next run
    "decision_reason",  # the committee's words, kept as typed
    "previous_cycle",
    "next_checkpoint",
    "entries",
    "measured",
    "strong",
    "mean_score_before",
    "mean_score_after",
    "needs_metric",
)
TAIL_COLUMNS = (
    "levers_with_evidence",
    "open_concerns",
    "problems",
    "problem_cells",
    "changes",
    "status",
)
WRAPPED = (
    "overall_readiness",
    "decision_reason",
    "previous_cycle",
    "levers_with_evidence",
    "open_concerns",
    "problem_cells",
)
# The committee's cells: filled in light yellow, a dropdown on decision (Excel's own).
COMMITTEE_FILL = "FFF9E5"
DECISION_PROMPT = (
    "The committee's decision: promote, not yet or defer. promopacket reads it back at the "
    "next run; 'not yet' writes a decision letter from decision_reason."
)
COVERAGE_PREFIX = "coverage: "
# Excel's own "light fill, dark text" pairs: readable, and the word is in the cell anyway.
HEAT = {
    "none": ("FFC7CE", "9C0006"),
    "feedback": ("DDEBF7", "1F4E78"),  # no entry; only attributed quotes speak to it
    "some": ("FFEB9C", "9C5700"),
    "strong": ("C6EFCE", "006100"),
}
SCORES_COLUMNS = ("score band", "statements before", "statements after")


def calibration_table(
    expectations: list[str], rows: list[CalibrationRow], extra_columns: Sequence[str] = ()
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The sheet as headers and rows (also the JSON form of the calibration); columns the
    committee added come last, each person's value carried."""
    ours = (*FIXED_COLUMNS, *(COVERAGE_PREFIX + e for e in expectations), *TAIL_COLUMNS)
    extra = [c for c in dict.fromkeys(extra_columns) if c not in ours]
    headers = (*ours, *extra)
    table = []
    for r in rows:
        table.append(
            [
                r.person_id,
                r.name,
                r.team,
                r.current_title,
                r.target_title,
                r.profile,
                r.target_level,
                r.manager_outcome,
                r.overall,
                r.decision,
                r.decision_reason,
                r.previous_cycle,
                r.next_checkpoint,
                r.entries,
                r.measured,
                r.strong,
                r.mean_before,
                r.mean_after,
                r.needs_metric,
                *(r.coverage.get(e, "") for e in expectations),
                r.levers_text,
                "\n".join(r.concerns),
                r.problems,
                ", ".join(r.problem_cells),
                r.changes,
                r.status,
                *(r.extra.get(c) for c in extra),
            ]
        )
    return headers, table


def _fit_widths(sheet: Worksheet, headers: Sequence[str], rows: list[list[Any]]) -> None:
    for c, header in enumerate(headers, start=1):
        longest = max([len(str(r[c - 1] or "")) for r in rows] or [0])
        # Excel wraps a header at its spaces only: coverage labels over two or three lines,
        # snake_case names whole; values up to 50 characters, longer ones wrap
        fits_header = min(len(header), 40) / 2.2 + 2 if " " in header else len(header) + 1
        width = min(50, max(longest, fits_header, 8))
        sheet.column_dimensions[get_column_letter(c)].width = width + 2


def add_calibration_sheet(
    book: Workbook,
    headers: Sequence[str],
    rows: list[list[Any]],
    distribution: list[tuple[str, int, int]],
    index: int = 1,
    notes: Sequence[dict[str, tuple[str, str | None]]] = (),
) -> None:
    """Calibration (table, heat map, chart, the committee's columns) at position `index`, and
    its Scores data sheet; notes[i]: the Excel notes of row i by column, carried back."""
    sheet = book.create_sheet("Calibration", index)
    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=c)
        set_cell(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            set_cell(sheet.cell(row=r, column=c), value)
    last_col = get_column_letter(len(headers))
    last_row = max(2, len(rows) + 1)  # an Excel table needs a data row, even an empty one
    sheet.row_dimensions[1].height = 45
    _fit_widths(sheet, headers, rows)
    for c, header in enumerate(headers, start=1):
        if header in WRAPPED:
            for r in range(2, len(rows) + 2):
                sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    _committee_cells(sheet, headers, len(rows), last_row, notes)
    table = Table(displayName="Calibration", ref=f"A1:{last_col}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "B2"  # the header row and the person_id column stay in view

    coverage_cols = [c for c, h in enumerate(headers, start=1) if h.startswith(COVERAGE_PREFIX)]
    if coverage_cols:
        first, last = get_column_letter(coverage_cols[0]), get_column_letter(coverage_cols[-1])
        cells = f"{first}2:{last}{last_row}"
        for word, (fill, font) in HEAT.items():
            sheet.conditional_formatting.add(
                cells,
                CellIsRule(
                    operator="equal",
                    formula=[f'"{word}"'],
                    fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                    font=Font(color=font),
                ),
            )
    mean_after = get_column_letter(headers.index("mean_score_after") + 1)
    sheet.conditional_formatting.add(
        f"{mean_after}2:{mean_after}{last_row}",
        ColorScaleRule(
            start_type="num", start_value=0, start_color="F8696B",
            mid_type="num", mid_value=50, mid_color="FFEB84",
            end_type="num", end_value=100, end_color="63BE7B",
        ),
    )  # fmt: skip

    scores = book.create_sheet("Scores", index + 1)
    for c, header in enumerate(SCORES_COLUMNS, start=1):
        set_cell(scores.cell(row=1, column=c), header)
        scores.cell(row=1, column=c).font = Font(bold=True)
    for r, values in enumerate(distribution, start=2):
        for c, value in enumerate(values, start=1):
            set_cell(scores.cell(row=r, column=c), value)
    for c, width in enumerate((12, 18, 18), start=1):
        scores.column_dimensions[get_column_letter(c)].width = width
    scores.add_table(
        Table(
            displayName="Scores",
            ref=f"A1:C{len(distribution) + 1}",
            tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
        )
    )
    scores.freeze_panes = "A2"

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Statements by strength score, before and after rewriting"
    chart.y_axis.title = "statements"
    chart.x_axis.title = "strength score (weak 0–39, fair 40–69, strong 70–100)"
    chart.x_axis.delete = False  # openpyxl hides axes unless told (Excel then shows none)
    chart.y_axis.delete = False
    data = Reference(scores, min_col=2, max_col=3, min_row=1, max_row=len(distribution) + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(scores, min_col=1, min_row=2, max_row=len(distribution) + 1))
    chart.width, chart.height = 22, 10  # cm
    # Beside the table in the header row, which a filter never hides.
    sheet.add_chart(chart, f"{get_column_letter(len(headers) + 2)}1")


def _committee_cells(
    sheet: Worksheet,
    headers: Sequence[str],
    count: int,
    last_row: int,
    notes: Sequence[dict[str, tuple[str, str | None]]],
) -> None:
    """The decision dropdown (Excel refuses other values; rows added later keep it), the
    committee's columns filled, and the notes typed on a person's cells put back."""
    decision = get_column_letter(headers.index("decision") + 1)
    choices = DataValidation(
        type="list",
        formula1='"promote,not yet,defer"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Not a decision",
        error="Pick promote, not yet or defer.",
        promptTitle="decision",
        prompt=DECISION_PROMPT[:255],  # Excel's limit for a prompt
    )
    sheet.add_data_validation(choices)
    choices.add(f"{decision}2:{decision}{max(last_row, 1000)}")
    fill = PatternFill(start_color=COMMITTEE_FILL, end_color=COMMITTEE_FILL, fill_type="solid")
    for name in ("decision", "decision_reason"):
        c = headers.index(name) + 1
        for r in range(1, count + 2):
            sheet.cell(row=r, column=c).fill = fill
        sheet.column_dimensions[get_column_letter(c)].width = 14 if name == "decision" else 40
    by_header = {h: c for c, h in enumerate(headers, start=1)}
    for r, row_notes in enumerate(notes, start=2):
        for header, (text, author) in row_notes.items():
            if header in by_header:
                sheet.cell(row=r, column=by_header[header]).comment = Comment(text, author or "")
