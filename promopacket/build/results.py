"""What a build produced: one person's result and one workbook's, as the summaries read them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from promopacket.build.record import PersonRecord
from promopacket.core.models import Problem, SheetCount


class PersonStatus(StrEnum):
    """What a build did for one person (a str, so JSON and comparisons read "ok" etc.)."""

    OK = "ok"  # documents written
    UNCHANGED = "unchanged"  # skipped: nothing they are made from changed (the manifest)
    FAILED = "failed"  # no documents; the error says why


class PersonResult(BaseModel):
    person_id: str
    workbook: str
    status: PersonStatus = PersonStatus.OK
    error: str | None = None
    files: list[str] = Field(default_factory=list)
    # Files a reviewer edited since they were written: kept, the new version written beside.
    kept_edits: list[str] = Field(default_factory=list)
    # Files found damaged (not a valid document) by this build: kept as '<name>.broken', rebuilt.
    broken: list[str] = Field(default_factory=list)
    # Files of this build's person that no build makes any more (a letter whose meeting is no
    # longer in the workbook): moved to the person's stale/ folder, never deleted.
    stale: list[str] = Field(default_factory=list)
    built_at: str | None = None  # when these documents were last written (ISO, UTC)
    # The role profile used and how it was chosen, e.g. "sre (matched from the target title),
    # level Staff".
    profile: str = ""
    # The person's own input rows (People, Achievements, Meetings), as the cohort summary counts.
    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0
    statements: int = 0
    rewritten: int = 0
    strong_after: int = 0
    needs_metric: int = 0
    mean_score_before: float = 0.0
    mean_score_after: float = 0.0
    problems: int = 0
    problem_cells: list[str] = Field(default_factory=list)  # where those problems are
    # This build's statements and sections as text (review.record), kept beside the manifest
    # by the incremental build; never part of the manifest or the summaries itself.
    record: PersonRecord | None = Field(default=None, exclude=True)


class WorkbookResult(BaseModel):
    file: str
    output_dir: str
    path: str | None = None  # where the workbook was read from (problems.xlsx links its cells)
    failed: bool = False
    counts: dict[str, SheetCount] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)
    people: list[PersonResult] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)

    @property
    def blocking(self) -> int:
        return sum(1 for p in self.problems if p.blocking)
