"""The typed contexts templates are rendered with: one pydantic model per template.

`promopacket templates check` compares the variables a template uses with these fields, so a
field renamed here or a variable misspelt in Word is caught before any batch starts.
"""

from __future__ import annotations

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
    tenure_months: int | None = None
    months_in_level: int | None = None


class TeamCtx(Ctx):
    team: str
    mission: str | None = None
    priorities: str | None = None
    stakeholders: str | None = None


class HighlightCtx(Ctx):
    text: str  # the statement, as rewritten
    source: str  # project, period and entry number


class ExpectationCtx(Ctx):
    expectation: str
    evidence: list[str]  # the best one or two entries, cited; or "not yet shown"
    # Who is quoted about it (the Feedback sheet), marked as feedback: never an entry.
    feedback: str | None = None
    shown: bool
    note: str | None = None  # a manager's concern about this expectation


class PhaseCtx(Ctx):
    phase: str
    duration: str


class MeetingPlanCtx(Ctx):
    heading: str  # date · with · outcome
    discussed: str
    concerns: str | None = None  # the Meetings concerns column, as written
    agreed: str | None = None
    checkpoint: str  # the next checkpoint (said as passed when it is), and a handover date


class PlanCtx(Ctx):
    meetings: list[MeetingPlanCtx]  # newest first
    none: str | None = None  # when no meeting is recorded
    timeline_intro: str
    timeline: list[PhaseCtx]


class EntryCtx(Ctx):
    """One appendix row: every entry once, grouped by competency."""

    ref: str
    group: str  # the competency, on the group's first row only
    text: str
    measure: str
    project: str
    period: str
    evidence: str = ""  # the row's evidence cell (a design doc, an RFC, a link), beside its entry


class BriefStatementCtx(Ctx):
    ref: str
    project: str
    original: str
    text: str
    score: str
    rule: str


class QuestionCtx(Ctx):
    entry: str
    question: str


class ObjectionCtx(Ctx):
    objection: str
    stance: str
    evidence: list[str]


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


# --- the committee's decision and the previous cycle (issue 26 parts 3 and 4) ----------------


class SinceCtx(Ctx):
    """The brief's "since the previous cycle": its decision, overall line, what changed."""

    heading: str
    decision: str  # the packet's previous-cycle line
    overall: str | None = None
    added_intro: str | None = None
    added: list[str] = []
    closed_intro: str | None = None
    closed: list[str] = []  # concerns then that no open concern now repeats
    still_open_intro: str | None = None
    still_open: list[str] = []


class DecisionLetterContext(Ctx):
    """The letter for a "not yet": the decision, the committee's words, what to show by when."""

    person: PersonCtx
    letter_date: str
    subject: str
    greeting: str
    decision: str
    reason: str  # quoted as typed, or that none was recorded
    show_intro: str | None = None
    to_show: list[str]
    nothing_to_show: str | None = None
    next_step: str
    closing: str
    signature: str


class PacketContext(Ctx):
    """The committee's packet: third person, no scores, questions or coaching."""

    person: PersonCtx
    team: TeamCtx | None = None
    workbook: str
    generated_on: str
    level_name: str
    profile: str  # the role profile used, e.g. "Data engineering (data-engineering), Staff level"
    overall: str
    case: str  # three sentences: who, the evidence, the strongest results
    recommendation: str  # the manager's words, quoted and attributed, or that none is recorded
    time_in_role: str | None = None  # "30 months in role · 18 months at level" when given
    value_proposition: str
    highlights: list[HighlightCtx]
    no_highlights: str | None = None
    expectations: list[ExpectationCtx]
    leadership: list[str]
    archetype: str
    signals: list[str]
    gaps: list[str]
    plan: PlanCtx
    appendix: list[EntryCtx]
    appendix_intro: str
    # "Previous cycle 2026-H1: not yet — “reason”" when the person was in an earlier cycle.
    previous_cycle: str | None = None
    # Up to three attributed quotes (“…” — Name, Role, relationship, month year), feedback only.
    quotes: list[str] = []
    quotes_intro: str | None = None


class FeedbackCtx(Ctx):
    """One Feedback row in the brief: the quote whole, who said it, what it answers."""

    quote: str  # “…” — Name, Role, relationship, month year (never shortened here)
    cell: str  # where it is, e.g. "Feedback!F3"
    notes: list[str]  # speaks to, answers, whether and how the packet shows it


class BriefContext(Ctx):
    """The candidate's and manager's preparation brief: the coaching kept out of the packet."""

    person: PersonCtx
    workbook: str
    generated_on: str
    level_name: str
    profile: str  # the role profile (ladder) used
    audience: str
    overall: str
    notes: list[str] = []  # a change of track; each meeting's checkpoint (passed or ahead)
    statements_intro: str
    statements: list[BriefStatementCtx]
    needs_metric: list[QuestionCtx]
    no_needs_metric: str | None = None
    # Entries whose statement claims more than the person wrote: confirm the part, or change it.
    confirm_part: list[QuestionCtx] = []
    gaps: list[str]
    flags: list[str]
    archetype: str
    objections: list[ObjectionCtx]
    delegation: list[str]
    compensation: CompensationCtx | None = None
    since: SinceCtx | None = None  # what changed since the previous cycle, when there was one
    feedback_intro: str | None = None  # when the Feedback sheet has rows for the person
    feedback: list[FeedbackCtx] = []


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
    "brief.docx": BriefContext,
    "follow_up.docx": LetterContext,
    "decision_letter.docx": DecisionLetterContext,
}
