"""The review of one output folder as data: records, changes, calibration, score distribution.

Loaded once per run for summary.xlsx (Calibration, Scores, Changes sheets), `--json` and the
HTML review, so the three always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promopacket.build.record import RecordFile, read_record
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.report.review.calibration import (
    CalibrationRow,
    calibration_rows,
    score_distribution,
)
from promopacket.report.review.changes import PersonChanges, person_changes
from promopacket.run.decisions import DecisionBook

CHANGES_COLUMNS = (
    "person_id",
    "workbook",
    "built_at",
    "previous_build",
    "change",
    "where",
    "before",
    "after",
    "rule",
    "caused_by",
)


def load_records(out_dir: Path, person_ids: list[str]) -> dict[str, RecordFile]:
    """Each person's record file (people never built, or failed at their first build, have none)."""
    records = {}
    for person_id in person_ids:
        stored = read_record(out_dir, person_id)
        if stored is not None and stored.current.person_id == person_id:
            records[person_id] = stored
    return records


@dataclass
class ReviewData:
    records: dict[str, RecordFile]
    changes: dict[str, PersonChanges]
    expectations: list[str]
    calibration: list[CalibrationRow]
    distribution: list[tuple[str, int, int]]
    # How user text is shown: None as written, else the --redact redactor's text function.
    redact: Callable[[str], str] | None = None

    def text(self, value: str) -> str:
        return value if self.redact is None or not value else self.redact(value)


def review_data(
    people: list[PersonResult],
    out_dir: Path,
    redact: Callable[[str], str] | None = None,
    committee: DecisionBook | None = None,
) -> ReviewData:
    ids = [p.person_id for p in people if p.status != PersonStatus.FAILED]
    records = load_records(out_dir, ids)
    changes = {pid: person_changes(stored) for pid, stored in records.items()}
    counts = {pid: len(c.changes) for pid, c in changes.items()}
    data = ReviewData(records, changes, [], [], score_distribution(records), redact)
    data.expectations, data.calibration = calibration_rows(
        people, records, out_dir, counts, data.text, committee=committee
    )
    return data


def changes_rows(data: ReviewData) -> list[list[Any]]:
    """One row per change, people in id order; a person with no change has no row."""
    text = data.text
    rows = []
    for person_id in sorted(data.changes):
        found = data.changes[person_id]
        for change in found.changes:
            rows.append(
                [
                    person_id,
                    text(data.records[person_id].current.workbook),
                    found.built_at,
                    found.previous_built_at,
                    change.kind,
                    change.where,
                    text(change.before),
                    text(change.after),
                    change.rule,
                    text(change.cause_text),
                ]
            )
    return rows
