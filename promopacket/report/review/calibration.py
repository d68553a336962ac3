"""Calibration: one row per person, side by side, from their build records and results.

Every figure is a count of the person's own statements or rows, or a mean of their scores, as
the packet itself shows them. Each row holds only its own person's values, so sorting or
filtering the table never mixes people's data across rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from promopacket.build.record import RecordFile
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.report.review.changes import previous_cycle_text
from promopacket.run.decisions import DecisionBook, Entry

STRONG_SCORE = 70  # the "strong" band of the strength score (rewrite/score.py)
SETBACKS = ("worsened", "unchanged")  # a result that got worse or did not move is never strong
BANDS = [(lo, lo + 9 if lo < 90 else 100) for lo in range(0, 100, 10)]  # 0–9 … 90–100


@dataclass
class CalibrationRow:
    person_id: str
    workbook: str
    status: str
    name: str = ""
    team: str = ""
    current_title: str = ""
    target_title: str = ""
    profile: str = ""
    target_level: str = ""
    manager_outcome: str = ""  # the latest line-manager meeting's outcome ("none": no meeting)
    overall: str = ""
    next_checkpoint: str = ""  # "20 October 2026 (passed)" when the run is after it
    concerns: list[str] = field(default_factory=list)
    entries: int | None = None
    measured: int | None = None
    strong: int | None = None
    mean_before: float | None = None
    mean_after: float | None = None
    needs_metric: int | None = None
    coverage: dict[str, str] = field(default_factory=dict)  # expectation → none | some | strong
    levers: list[str] = field(default_factory=list)  # levers with at least one statement
    lever_total: int = 0
    problems: int = 0
    problem_cells: list[str] = field(default_factory=list)
    changes: int = 0
    files: list[str] = field(default_factory=list)  # relative to the output folder
    # The committee's: decision and reason as typed (summary.xlsx), its added columns and notes.
    decision: str = ""
    decision_reason: str = ""
    decided_on: str = ""
    decision_cell: str = ""
    previous_cycle: str = ""  # "2026-H1: not yet — “reason”"
    extra: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)  # column → (text, author)

    @property
    def mean_change(self) -> str:
        if self.mean_before is None or self.mean_after is None:
            return ""
        return f"{self.mean_before:g} → {self.mean_after:g}"

    @property
    def levers_text(self) -> str:
        if not self.lever_total:
            return ""
        return f"{len(self.levers)} of {self.lever_total}" + (
            f": {', '.join(self.levers)}" if self.levers else ""
        )


def checkpoint_text(iso: str | None, today: dt.date) -> str:
    """'20 October 2026', or '20 October 2026 (passed)' when the summary is built after it."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    words = f"{day.day} {day:%B %Y}"
    return f"{words} (passed)" if day < today else words


NO_LONGER_HERE = "no longer in this folder (decision kept)"


def _committee(row: CalibrationRow, entry: Entry | None, text: Callable[[str], str]) -> None:
    if entry is None:
        return
    row.decision = text(entry.decision or "")
    row.decision_reason = text(entry.reason or "")
    row.decided_on = entry.decided_on.isoformat() if entry.decided_on else ""
    row.decision_cell = entry.cell or ""
    row.extra = {k: text(v) if isinstance(v, str) else v for k, v in entry.extra.items()}
    row.comments = {k: (c.text, c.author) for k, c in entry.comments.items()}


def _relative(path: str, out_dir: Path) -> str:
    try:
        return str(Path(path).relative_to(out_dir))
    except ValueError:
        return str(path)


def calibration_rows(
    people: list[PersonResult],
    records: dict[str, RecordFile],
    out_dir: Path,
    changes: dict[str, int] | None = None,
    text: Callable[[str], str] = lambda s: s,
    today: dt.date | None = None,
    committee: DecisionBook | None = None,
) -> tuple[list[str], list[CalibrationRow]]:
    """(expectations in first-seen order, one row per person in id order, then the rows of
    decisions typed for people no longer here, kept so nothing typed leaves the sheet)."""
    today = today or dt.date.today()
    expectations: dict[str, None] = {}
    rows = []
    for person in sorted(people, key=lambda p: (p.person_id.casefold(), p.workbook)):
        row = CalibrationRow(
            person_id=person.person_id,
            workbook=person.workbook,
            status=person.status if person.status == PersonStatus.FAILED else "built",
            problems=person.problems,
            problem_cells=list(person.problem_cells),
            files=[_relative(f, out_dir) for f in person.files],
            changes=(changes or {}).get(person.person_id, 0),
        )
        stored = records.get(person.person_id)
        if stored is not None and person.status != PersonStatus.FAILED:
            record = stored.current
            statements = record.statements
            row.name = text(record.name)
            row.team = text(record.team)
            row.current_title = text(record.current_title)
            row.target_title = text(record.target_title)
            row.profile = record.profile or ""
            row.target_level = record.target_level or ""
            row.overall = text(record.overall or "")
            row.manager_outcome = record.manager_outcome or ""
            row.next_checkpoint = checkpoint_text(record.next_checkpoint, today)
            row.concerns = [text(c) for c in record.concerns]
            row.entries = len(statements)
            row.measured = sum(s.measured for s in statements)
            row.strong = sum(
                s.score_after >= STRONG_SCORE and s.direction not in SETBACKS for s in statements
            )
            row.needs_metric = sum(s.needs_metric for s in statements)
            row.mean_before = person.mean_score_before if statements else None
            row.mean_after = person.mean_score_after if statements else None
            for c in record.coverage:
                expectations.setdefault(c.expectation)
                row.coverage[c.expectation] = c.level
            row.levers = [lv.name for lv in record.levers if lv.count > 0]
            row.lever_total = len(record.levers)
            row.previous_cycle = text(previous_cycle_text(record.previous_cycle) or "")
        if committee is not None:
            _committee(row, committee.entry(person.person_id), text)
        rows.append(row)
    for entry in committee.orphans if committee is not None else []:
        row = CalibrationRow(person_id=entry.person_id, workbook="", status=NO_LONGER_HERE)
        _committee(row, entry, text)
        rows.append(row)
    return list(expectations), rows


def score_distribution(records: dict[str, RecordFile]) -> list[tuple[str, int, int]]:
    """Statements per 10-point band of the strength score: (band, before, after)."""
    before = [0] * len(BANDS)
    after = [0] * len(BANDS)
    for stored in records.values():
        for s in stored.current.statements:
            before[min(s.score_before // 10, 9)] += 1
            after[min(s.score_after // 10, 9)] += 1
    return [(f"{lo}–{hi}", b, a) for (lo, hi), b, a in zip(BANDS, before, after, strict=True)]
