"""A person's build record: their statements and packet sections as text, kept between builds.

Each build writes `outputs/<folder>/records/<person>.json` beside the manifest (owner-only, like
every output): the record of this build and of the build before it, so what changed can be shown
by `promopacket diff`, the summary's Changes sheet and the review page without opening documents.
The record also keeps each input row's values and their cells, so a change names the cells that
caused it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from promopacket.assemble.packet import checkpoint
from promopacket.core.fsutil import atomic_write, ensure_private_dir, safe_name
from promopacket.core.models import (
    Decision,
    PersonBundle,
    PreviousCycle,
    SheetLayout,
    Source,
    Statement,
)

RECORDS_DIR = "records"
RECORD_VERSION = 2


class RowRecord(BaseModel):
    """One input row as read: its values as text and the cell each value came from."""

    sheet: str
    row: int
    values: dict[str, str] = Field(default_factory=dict)  # contract column → value as text
    cells: dict[str, str] = Field(default_factory=dict)  # contract column → "Sheet!D7"


class StatementRecord(BaseModel):
    source: RowRecord  # the Achievements row it was written from
    project: str
    period: str
    original: str
    text: str
    rule_id: str
    rewritten: bool
    arithmetic: str | None = None
    score_before: int
    score_after: int
    needs_metric: bool = False
    measured: bool = False  # the row gives a baseline and a result
    direction: str | None = None  # improved | worsened | unchanged (measured rows)
    question: str | None = None
    review_flag: str | None = None
    competency: str | None = None
    lever: str | None = None

    @property
    def cell(self) -> str:
        return self.source.cells.get("statement") or f"{self.source.sheet} row {self.source.row}"


class CoverageRecord(BaseModel):
    expectation: str
    count: int
    level: str  # none | some | strong


class LeverRecord(BaseModel):
    name: str
    count: int
    strongest: str | None = None


class PersonRecord(BaseModel):
    version: int = RECORD_VERSION
    person_id: str
    workbook: str
    input_hash: str = ""  # the manifest's fingerprint of this build
    built_at: str | None = None
    name: str
    current_title: str
    target_title: str
    team: str
    manager_name: str
    profile: str | None = None  # the role profile judged against (issue 15), when chosen
    target_level: str | None = None
    overall: str | None = None  # the packet's overall readiness line
    manager_outcome: str | None = None  # the latest line-manager meeting's outcome, or "none"
    next_checkpoint: str | None = None  # ISO date: that meeting's next checkpoint
    concerns: list[str] = Field(default_factory=list)  # the concerns the packet shows, verbatim
    person_row: RowRecord
    meeting_rows: list[RowRecord] = Field(default_factory=list)
    feedback_rows: list[RowRecord] = Field(default_factory=list)  # the Feedback sheet's rows
    statements: list[StatementRecord] = Field(default_factory=list)
    coverage: list[CoverageRecord] = Field(default_factory=list)
    levers: list[LeverRecord] = Field(default_factory=list)
    # Packet sections as the committee reads them, each a list of sentences.
    sections: dict[str, list[str]] = Field(default_factory=dict)
    # The committee's decision this build was made with, and the person's previous cycle.
    cohort: str | None = None
    decision: Decision | None = None
    previous_cycle: PreviousCycle | None = None


class RecordFile(BaseModel):
    """What is on disk: this build's record and the one before it (None at the first build)."""

    current: PersonRecord
    previous: PersonRecord | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def row_record(
    source: Source, model: BaseModel, layout: SheetLayout | None, skip=("source",)
) -> RowRecord:
    values = {k: _text(v) for k, v in model.model_dump().items() if k not in skip and v is not None}
    cells = {}
    if layout is not None:
        cells = {k: c for k in values if (c := layout.cell(k, source.row))}
    return RowRecord(sheet=source.sheet, row=source.row, values=values, cells=cells)


def person_record(
    bundle: PersonBundle, statements: list[Statement], case: Any, packet: Any, brief: Any
) -> PersonRecord:
    """The record of one build, from the person's rows, statements, case and documents."""
    layout = bundle.layout
    by_row = {a.source.row: a for a in bundle.achievements}
    records = []
    for s in statements:
        item = by_row.get(s.source.row)
        source = (
            row_record(s.source, item, layout.get("Achievements"))
            if item is not None
            else RowRecord(sheet=s.source.sheet, row=s.source.row)
        )
        records.append(
            StatementRecord(
                source=source,
                project=item.project if item else "",
                period=item.period if item else "",
                original=s.original,
                text=s.text,
                rule_id=s.rule_id,
                rewritten=s.rewritten,
                arithmetic=s.arithmetic,
                score_before=s.score_before,
                score_after=s.score_after,
                needs_metric=s.needs_metric,
                measured=bool(item and item.baseline is not None and item.result is not None),
                direction=s.direction,
                question=s.question,
                review_flag=s.review_flag,
                competency=item.competency if item else None,
                lever=item.lever if item else None,
            )
        )
    person = bundle.person
    ladder = case.ladder
    # Coverage and levers from the case's one evidence model (assemble/model.py), as the
    # packet's table and leadership section show them.
    coverage = [
        CoverageRecord(expectation=row.expectation, count=len(row.entries), level=row.level)
        for row in case.coverage
    ]
    levers = [
        LeverRecord(
            name=lever.name,
            count=len(lever.entries),
            strongest=max(lever.entries, key=lambda ev: ev.score).ref if lever.entries else None,
        )
        for lever in case.levers
    ]
    concerns = list(packet.gaps[: len(case.concerns)])
    sections = {
        "overall": [packet.overall],
        "readiness signals": list(packet.signals),
        "readiness gaps": list(packet.gaps),
        "open concerns": concerns,
        "coverage": [f"{c.expectation}: {c.level}" for c in coverage],
        "reviewer flags": list(brief.flags),
        "archetype": [packet.archetype],
        "feedback quotes": list(packet.quotes),  # as the packet shows them, attributed
    }
    profile = bundle.profile
    return PersonRecord(
        person_id=person.person_id,
        workbook=bundle.workbook,
        name=person.name,
        current_title=person.current_title,
        target_title=person.target_title,
        team=person.team,
        manager_name=person.manager_name,
        profile=profile.label if profile else None,
        target_level=profile.level if profile else ladder.level_name,
        overall=packet.overall,
        manager_outcome=case.manager_outcome,
        next_checkpoint=_next_checkpoint(case),
        concerns=concerns,
        person_row=row_record(person.source, person, layout.get("People")),
        meeting_rows=[row_record(m.source, m, layout.get("Meetings")) for m in bundle.meetings],
        feedback_rows=[row_record(f.source, f, layout.get("Feedback")) for f in bundle.feedback],
        statements=records,
        coverage=coverage,
        levers=levers,
        sections=sections,
        cohort=person.cohort,
        decision=bundle.decision,
        previous_cycle=bundle.previous_cycle,
    )


def _next_checkpoint(case: Any) -> str | None:
    """The latest line-manager meeting's next date (its handover when one is due)."""
    if case.manager_meeting is None:
        return None
    day, handover = checkpoint(case.manager_meeting, case.rules_dir)
    return max(day, handover or day).isoformat()


def record_path(out_dir: Path, person_id: str) -> Path:
    return Path(out_dir) / RECORDS_DIR / f"{safe_name(person_id, 'person')}.json"


def read_record(out_dir: Path, person_id: str) -> RecordFile | None:
    try:
        text = record_path(out_dir, person_id).read_text(encoding="utf-8")
        return RecordFile.model_validate_json(text)
    except (OSError, ValueError):
        return None  # never built, or a record from another version: nothing to compare


def save_record(out_dir: Path, record: PersonRecord) -> Path:
    """Keep this build's record; the last one becomes `previous` unless this build has the same
    fingerprint (a forced rebuild, or a task run twice): then the earlier comparison stands."""
    path = record_path(out_dir, record.person_id)
    old = read_record(out_dir, record.person_id)
    if old is None:
        stored = RecordFile(current=record)
    elif old.current.input_hash == record.input_hash:
        stored = RecordFile(current=record, previous=old.previous)
    else:
        stored = RecordFile(current=record, previous=old.current)
    text = json.dumps(stored.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    ensure_private_dir(path.parent)
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
