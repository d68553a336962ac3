"""Problems in the order a reader fixes them: by file, severity, sheet, row and column."""

from __future__ import annotations

from collections.abc import Iterable

from promopacket.core.models import Problem

SEVERITY_ORDER = {"workbook": 0, "row": 1, "advice": 2}
# Sheets in contract order: a rejected People row (a root cause) is listed before the rows of
# other sheets it takes with it; those cascaded rows say so and name its cell.
SHEET_ORDER = {
    "People": 0,
    "Achievements": 1,
    "Team": 2,
    "Meetings": 3,
    "Feedback": 4,
    "Settings": 5,
}


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(
        problems,
        key=lambda p: (
            p.file,
            SEVERITY_ORDER[p.severity],
            p.code == "person_rejected",
            SHEET_ORDER.get(p.sheet or "", -1),
            p.sheet or "",
            p.row or 0,
            p.column or "",
        ),
    )
