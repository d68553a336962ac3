"""A realistic two-person cohort (ML and SRE ladders), built into real .xlsx files with openpyxl,
and the committee's hand in summary.xlsx, edited with openpyxl as a person would in Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment

from promopacket.read.writer import write_input_workbook
from tests.profiles.people import sheets_for

CONCERN = "wants more evidence of influence beyond the Ranking team"


def write_cohort(folder: Path, cohort: str = "2026-H1", extra_entry: bool = False, **meeting):
    """ranking.xlsx: Ana (ML) and Alex (SRE) in `cohort`; Ana's manager states a concern."""
    ml, sre = sheets_for("ml-engineering"), sheets_for("sre")
    sheets = {name: ml[name] + sre[name] for name in ml}
    for person in sheets["People"]:
        person["cohort"] = cohort
    ana_meeting = sheets["Meetings"][0]
    ana_meeting.update({"outcome": "not yet", "key_points": "Strong platform work; " + CONCERN})
    ana_meeting.update(meeting)
    if extra_entry:
        sheets["Achievements"].append(
            dict(
                person_id="ana.ruiz",
                period="2027-Q1",
                project="Ranking guild",
                statement="Ran the cross-team ranking guild for five teams",
                lever="Share knowledge",
                scope="5 teams",
                outcome="shared evaluation standards across search and feed",
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    return write_input_workbook(folder / "ranking.xlsx", sheets)


def calibration(path: Path) -> dict[str, dict]:
    """Calibration rows by person_id, with their Excel row number."""
    sheet = load_workbook(path)["Calibration"]
    rows = list(sheet.iter_rows(values_only=True))
    found = {}
    for n, values in enumerate(rows[1:], start=2):
        row = dict(zip(rows[0], values, strict=False))
        row["_row"] = n
        found[row["person_id"]] = row
    return found


def committee_types(path: Path, typed: dict[str, dict], note: tuple | None = None, **cells):
    """Open summary.xlsx with openpyxl, type into Calibration by person and column (a column
    not there yet is added at the end, as a person adds one), add a note, save."""
    book = load_workbook(path)
    sheet = book["Calibration"]
    headers = {c.value: c.column for c in sheet[1] if c.value}
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for person_id, values in typed.items():
        for header, value in values.items():
            if header not in headers:
                headers[header] = sheet.max_column + 1
                sheet.cell(1, headers[header]).value = header
            sheet.cell(rows[person_id], headers[header]).value = value
    if note:
        person_id, header, text = note
        sheet.cell(rows[person_id], headers[header]).comment = Comment(text, "Dana Cruz")
    for ref, value in cells.items():  # other cells typed anywhere: "People!Q2" → value
        title, cell = ref.split("!")
        book[title][cell] = value
    book.save(path)


DAY = dt.date.today()
