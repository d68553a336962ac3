"""The typed contexts templates are rendered with: one pydantic model per template.

`promopacket templates check` compares the variables a template uses with these fields, so a
field renamed here or a variable misspelt in Word is caught before any batch starts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Ctx(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonCtx(Ctx):
    person_id: str
    name: str
    current_title: str
    target_title: str
    team: str
    manager_name: str
    location: str | None = None
    archetype: str | None = None
    cohort: str | None = None


class TeamCtx(Ctx):
    team: str
    mission: str | None = None
    priorities: str | None = None
    stakeholders: str | None = None


class StatementCtx(Ctx):
    period: str
    project: str
    text: str
    original: str
    rewritten: bool
    rule_id: str
    score_before: int
    score_after: int
    needs_metric: bool
    question: str | None = None
    competency: str | None = None
    lever: str | None = None
    metric: str
    source: str


class GroupCtx(Ctx):
    """Statements sharing a competency or a lever."""

    name: str
    rows: list[StatementCtx]


class LeverCtx(Ctx):
    name: str
    count: int
    strongest: str | None = None  # the highest-scoring statement for this lever


class CoverageCtx(Ctx):
    expectation: str
    count: int
    status: str
    projects: str


class ChartCtx(Ctx):
    """A chart described as data; render.py draws it (matplotlib) into the document."""

    kind: Literal["bar_chart"] = "bar_chart"
    title: str
    labels: list[str]
    counts: list[int]
    x_label: str


class ArchetypeCtx(Ctx):
    stated: str | None = None
    suggested: str | None = None
    text: str


class ObjectionCtx(Ctx):
    objection: str
    stance: str
    evidence: list[str]


class PhaseCtx(Ctx):
    phase: str
    duration: str


class PlanCtx(Ctx):
    outcome: str
    meeting_date: str
    with_name: str
    intro: str
    commitments: str | None = None
    focus: list[str]
    timeline: list[PhaseCtx]
    checkpoint: str


class CompensationRowCtx(Ctx):
    role: str
    range: str
    note: str = ""


class CompensationCtx(Ctx):
    title: str
    as_of: str
    region: str
    basis: str
    notice: str
    rows: list[CompensationRowCtx]


class PacketContext(Ctx):
    person: PersonCtx
    team: TeamCtx | None = None
    workbook: str
    generated_on: str
    summary: str
    value_proposition: str
    highlights: list[StatementCtx]
    statements: list[StatementCtx]
    by_competency: list[GroupCtx]
    by_lever: list[GroupCtx]
    levers: list[LeverCtx]
    coverage: list[CoverageCtx]
    coverage_chart: ChartCtx | None = None
    signals: list[str]
    gaps: list[str]
    archetype: ArchetypeCtx
    flags: list[str]
    objections: list[ObjectionCtx]
    needs_metric: list[StatementCtx]
    plan: PlanCtx | None = None
    compensation: CompensationCtx | None = None


class MeetingCtx(Ctx):
    with_name: str
    with_role: str | None = None
    outcome: str
    key_points: str
    commitments: str | None = None


class EarlierMeetingCtx(Ctx):
    """An earlier meeting's commitments, restated in a later letter."""

    intro: str
    commitments: list[str]


class LetterContext(Ctx):
    """A follow-up letter: every text already in the candidate's voice (assemble/letter.py)."""

    person: PersonCtx
    meeting: MeetingCtx
    greeting: str  # the name after "Dear"
    subject: str
    meeting_date: str
    letter_date: str
    follow_up_date: str
    thanks: str
    discussed: str  # the key points restated, one paragraph
    achievement: str | None = None
    agreed: list[str]  # this meeting's commitments, one sentence each
    earlier: list[EarlierMeetingCtx]
    next_step: str
    closing: str
    # Key-point clauses no rule could restate: a Word comment for the sender, never letter text.
    not_restated: list[str] = []


# Which model each template file is rendered with (templates check and the pipeline agree).
TEMPLATE_CONTEXTS: dict[str, type[Ctx]] = {
    "packet.docx": PacketContext,
    "follow_up.docx": LetterContext,
}
