"""Typed records passed between stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["workbook", "row", "advice"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Strict):
    """One located problem, produced by any stage."""

    file: str
    sheet: str | None = None
    row: int | None = None  # as Excel shows it (header is row 1)
    column: str | None = None  # the contract's column name
    cell: str | None = None  # e.g. "Achievements!F7"
    value: str | None = None
    message: str
    fix: str
    severity: Severity
    code: str = "other"

    @property
    def blocking(self) -> bool:
        return self.severity != "advice"


class Source(Strict):
    sheet: str
    row: int


class Person(Strict):
    person_id: str
    name: str
    email: str | None = None
    current_title: str
    target_title: str
    team: str
    manager_name: str
    manager_email: str | None = None
    location: str | None = None
    tenure_months: int | None = None
    months_in_level: int | None = None
    recommendation: str | None = None  # the manager's case, as written
    archetype: str | None = None
    cohort: str | None = None
    # As typed in People.profile; after validation, the role profile chosen for the person.
    profile: str | None = None
    source: Source


class ProfileChoice(Strict):
    """The role profile a person is judged against, and how it was chosen."""

    name: str
    label: str
    how: Literal["column", "target_title", "current_title", "workbook", "default"]
    level: str  # Lead, Staff, Principal, Manager… from the target title
    role: str  # how the documents name the target role, e.g. "Staff engineer"

    @property
    def reason(self) -> str:
        return PROFILE_HOW[self.how]

    @property
    def describe(self) -> str:
        """e.g. "data-engineering (matched from the target title), level Staff"."""
        return f"{self.name} ({self.reason}), level {self.level}"


PROFILE_HOW: dict[str, str] = {
    "column": "People.profile",
    "target_title": "matched from the target title",
    "current_title": "matched from the current title",
    "workbook": "the workbook's default, Settings sheet",
    "default": "the built-in default",
}


class Achievement(Strict):
    person_id: str
    period: str
    project: str
    statement: str
    competency: str | None = None
    lever: str | None = None
    # The person's part (led, owned, built, contributed, supported): the only fact that lets a
    # participation opening ("Worked on …") become an ownership verb. Blank: their words decide.
    role: str | None = None
    metric: str | None = None
    baseline: Decimal | None = None
    result: Decimal | None = None
    unit: str | None = None
    better: Literal["higher", "lower"] | None = None
    outcome: str | None = None
    scope: str | None = None
    evidence: str | None = None
    source: Source


class Team(Strict):
    team: str
    mission: str | None = None
    priorities: str | None = None
    stakeholders: str | None = None
    headcount: int | None = None
    source: Source


class Meeting(Strict):
    person_id: str
    date: dt.date
    with_name: str
    with_role: str | None = None
    outcome: Literal["development plan", "not yet", "needed here now", "vague"]
    key_points: str
    concerns: str | None = None  # stated concerns, ';'-separated; each carried word for word
    commitments: str | None = None
    follow_up_date: dt.date | None = None
    greeting: str | None = None  # the letter's "Dear …" name; blank: with_name's first name
    source: Source


RELATIONSHIPS = ("peer", "stakeholder", "report", "manager", "skip-level")


class Feedback(Strict):
    """An attributed quote (the Feedback sheet): evidence of influence, never a measured result."""

    person_id: str
    from_name: str
    from_role: str | None = None
    relationship: Literal["peer", "stakeholder", "report", "manager", "skip-level"]
    date: dt.date
    quote: str  # word for word; never reworded, only shortened at a word boundary in the packet
    # As typed; after validation, the id of the person's profile expectation it speaks to.
    expectation: str | None = None
    source: Source


class Setting(Strict):
    """A row of the Settings sheet."""

    setting: str
    value: str | None = None
    source: Source


class SheetCount(Strict):
    """Accounting: rows read = rows used + rows rejected."""

    read: int = 0
    used: int = 0
    rejected: int = 0


class SheetLayout(Strict):
    """Where a contract sheet's columns sit, so a value can be named by its cell (D7)."""

    title: str  # the sheet's name as written in the workbook
    letters: dict[str, str] = Field(default_factory=dict)  # contract column → column letter

    def cell(self, column: str, row: int) -> str | None:
        letter = self.letters.get(column)
        return f"{self.title}!{letter}{row}" if letter else None


class WorkbookData(Strict):
    """Clean records of one workbook, plus every problem found and the row accounting."""

    file: str
    layout: dict[str, SheetLayout] = Field(default_factory=dict)  # contract sheet → layout
    people: list[Person] = Field(default_factory=list)
    achievements: list[Achievement] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    feedback: list[Feedback] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    counts: dict[str, SheetCount] = Field(default_factory=dict)
    failed: bool = False  # a workbook-level problem: nothing from it is used
    workbook_settings: list[Setting] = Field(default_factory=list)  # the Settings sheet
    # Settings sheet: the profile for people whose column and titles choose none.
    default_profile: str | None = None
    profiles: dict[str, ProfileChoice] = Field(default_factory=dict)  # person_id → choice


class Statement(Strict):
    """An achievement after rewriting: the strong text, where it came from and why."""

    person_id: str
    source: Source
    original: str
    text: str
    rule_id: str
    # The rule in plain words, as documents name it (readers never see a rule id).
    rule_label: str = ""
    rewritten: bool
    arithmetic: str | None = None
    score_before: int
    score_after: int
    reasons_before: list[str] = Field(default_factory=list)
    reasons_after: list[str] = Field(default_factory=list)
    needs_metric: bool = False
    question: str | None = None
    review_flag: str | None = None
    # Traceability (rewrite engine): the row's facts kept verbatim (project, outcome, scope,
    # evidence…), the verb-upgrade rule applied, and the numbers the arithmetic produced.
    facts: dict[str, str] = Field(default_factory=dict)
    upgrade_id: str | None = None
    # The ownership rule whose role let a participation opening become an ownership verb.
    ownership_id: str | None = None
    # The person's words say they took part (helped, worked on…) and no role grants ownership:
    # never offered as their work to hand over or own.
    participation: bool = False
    # The rewrite's verb claims more than the person wrote: the brief asks them to confirm it.
    confirm_part: str | None = None
    derived_numbers: list[str] = Field(default_factory=list)
    # What the measured change did: None when the row has no baseline and result (unmeasured).
    # Documents keep "worsened" and "unchanged" out of highlights.
    direction: Literal["improved", "worsened", "unchanged", "unknown"] | None = None


# --- the committee's decision and the previous cycle (issue 26 parts 3 and 4) ----------------

DECISIONS = ("promote", "not yet", "defer")  # the Calibration sheet's decision dropdown


class Decision(Strict):
    """The committee's decision on a person, as typed in summary.xlsx's Calibration sheet."""

    decision: Literal["promote", "not yet", "defer"]
    reason: str | None = None  # decision_reason, word for word
    cycle: str | None = None  # the output folder (cohort or workbook) it was typed in
    decided_on: dt.date  # the day promopacket first read it (the letter's date)
    cell: str | None = None  # where it was typed, e.g. "Calibration!J3"


class CycleStatement(Strict):
    """One entry of a past cycle, as the person wrote it and as the packet put it."""

    project: str
    period: str
    original: str
    text: str


class PreviousCycle(Strict):
    """What the person's last cycle ended with (run/history.py keeps it across cohorts)."""

    cycle: str  # People.cohort of that cycle
    decision: str | None = None  # promote | not yet | defer, or None when none was recorded
    reason: str | None = None  # the committee's words
    overall: str | None = None  # the packet's overall line then
    concerns: list[str] = Field(default_factory=list)  # the open concerns then, as shown
    statements: list[CycleStatement] = Field(default_factory=list)
    built_at: str | None = None  # the last build of that cycle


class PersonBundle(Strict):
    """Everything one person's documents are made from."""

    workbook: str
    person: Person
    team: Team | None = None
    achievements: list[Achievement] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    feedback: list[Feedback] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    # Where the person's sheets keep each column: the review names changed input cells.
    layout: dict[str, SheetLayout] = Field(default_factory=dict)
    profile: ProfileChoice | None = None  # None only for bundles built outside validation
    # The committee's decision this cycle (summary.xlsx, read back) and the last cycle's record.
    decision: Decision | None = None
    previous_cycle: PreviousCycle | None = None
