"""A person's records and statements → the preparation brief for the candidate and manager.

The coaching the committee's packet leaves out: statements before → after with scores and rules
(Word comments give the arithmetic), questions for entries that need a metric, reviewer flags,
gaps to close, objections to prepare (the manager's own concerns first), what to hand over, and
the compensation reference when it is enabled.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from promopacket.assemble import analysis
from promopacket.assemble import feedback as feedback_quotes
from promopacket.assemble import rules as rule_files
from promopacket.assemble.case import Case, build_case, first_name
from promopacket.assemble.contexts import (
    BriefContext,
    BriefStatementCtx,
    CompensationCtx,
    FeedbackCtx,
    ObjectionCtx,
    QuestionCtx,
)
from promopacket.assemble.evidence import in_names, ranked
from promopacket.assemble.letter import long_date, person_ctx
from promopacket.assemble.model import counting
from promopacket.assemble.packet import checkpoint, date_line
from promopacket.core.models import PersonBundle, Statement
from promopacket.settings import Settings


def assemble_brief(
    bundle: PersonBundle,
    statements: list[Statement],
    today: dt.date,
    rules_dir: Path | None = None,
    compensation: bool = False,
    case: Case | None = None,
) -> BriefContext:
    if rules_dir is None:
        rules_dir = Settings().rules_dir
    wording = rule_files.brief_wording(rules_dir)
    patterns, words = wording.patterns, wording.words
    case = case or build_case(bundle, statements, rules_dir)
    ladder, evidence = case.ladder, case.evidence
    numbered = sorted(evidence, key=lambda ev: int(ev.ref[1:]))
    questions = [
        QuestionCtx(
            entry=patterns["needs_metric"](
                ref=ev.ref, project=ev.achievement.project, original=ev.statement.original
            ),
            question=ev.statement.question,
        )
        for ev in numbered
        if ev.statement.needs_metric and ev.statement.question
    ]
    concern_count = len(case.concerns)
    gaps = (
        case.readiness.gaps[:concern_count] + case.other_gaps + case.readiness.gaps[concern_count:]
    )
    feedback = rule_files.feedback_wording(rules_dir)
    objections = analysis.objections(
        evidence,
        ladder,
        case.concerns + case.other_concerns,
        compensation,
        long_date,
        case.quotes,
        feedback,
    )
    listed = _feedback(bundle, case, feedback)
    track = _track_objection(case, patterns, words)
    if track:
        objections.insert(len(case.concerns) + len(case.other_concerns), track)
    return BriefContext(
        person=person_ctx(bundle.person),
        workbook=bundle.workbook,
        generated_on=long_date(today),
        level_name=ladder.level_name,
        profile=f"{ladder.profile_label} ({ladder.profile}), {ladder.level_name} level",
        audience=patterns["audience"](
            first_name=first_name(bundle.person.name), manager_name=bundle.person.manager_name
        ),
        overall=patterns["overall"](overall=case.overall),
        notes=_notes(bundle, case, patterns, rules_dir, today),
        statements_intro=words["statements_intro"],
        statements=[
            BriefStatementCtx(
                ref=ev.ref,
                project=ev.achievement.project,
                original=ev.statement.original,
                text=ev.text,
                score=patterns["score"](
                    before=ev.statement.score_before, after=ev.statement.score_after
                ),
                rule=ev.statement.rule_label or words["rule_unnamed"],
            )
            for ev in numbered
        ],
        confirm_part=[
            QuestionCtx(
                entry=patterns["needs_metric"](
                    ref=ev.ref, project=ev.achievement.project, original=ev.statement.original
                ),
                question=ev.statement.confirm_part,
            )
            for ev in numbered
            if ev.statement.confirm_part
        ],
        needs_metric=questions,
        no_needs_metric=None if questions else words["no_needs_metric"],
        gaps=gaps or [words["no_gaps"]],
        flags=analysis.flags(evidence, ladder) or [words["no_flags"]],
        archetype=patterns["archetype"](
            text=analysis.archetype(evidence, bundle.person.archetype, ladder)
        ),
        objections=objections,
        delegation=analysis.delegation(evidence, ladder, bundle.meetings, long_date)
        or [words["no_delegation"]],
        compensation=CompensationCtx(**rule_files.compensation(rules_dir))
        if compensation
        else None,
        feedback_intro=feedback.words["brief_intro"] if listed else None,
        feedback=listed,
    )


def _feedback(bundle: PersonBundle, case: Case, rules) -> list[FeedbackCtx]:
    """Every quote whole, in workbook order: what it speaks to, the concerns it answers and
    whether the packet shows it (shortened or not, or why not)."""
    chosen, why = feedback_quotes.packet_choice(list(case.quotes), bundle.person, rules)
    shown = {q.item.source.row for q in chosen}
    sheet = bundle.layout.get("Feedback")
    rows = []
    for quote in case.quotes:
        item = quote.item
        notes = []
        if quote.expectation is not None:
            uncovered = rules.words["uncovered"] if quote.uncovered else ""
            notes.append(
                rules.patterns["speaks_to"](
                    expectation=quote.expectation.label, uncovered=uncovered
                )
            )
        else:
            notes.append(rules.words["general"])
        notes += [
            rules.patterns["answers"](with_name=c.meeting.with_name, words=c.words)
            for c in quote.answers
        ]
        row = item.source.row
        if row in shown:
            whole = feedback_quotes.line(quote, rules)
            cut = feedback_quotes.line(quote, rules, rules.packet_chars) != whole
            notes.append(rules.words["shortened" if cut else "in_packet"])
        else:
            notes.append(why.get(row, rules.words["not_in_packet"]))
        rows.append(
            FeedbackCtx(
                quote=feedback_quotes.line(quote, rules),
                cell=(sheet.cell("quote", row) if sheet else None) or f"Feedback row {row}",
                notes=notes,
            )
        )
    return rows


def _notes(
    bundle: PersonBundle, case: Case, patterns, rules_dir: Path, today: dt.date
) -> list[str]:
    """The manager's position in dates: each meeting's next checkpoint (said as passed when the
    brief is built after it) and the handover date; a change of track first."""
    packet = rule_files.packet_wording(rules_dir).patterns
    notes = []
    if case.track_change:
        was, becomes = case.track_change
        notes.append(packet["track_change"](from_ladder=was, to_ladder=becomes))
    for meeting in sorted(bundle.meetings, key=lambda m: m.date, reverse=True):
        day, handover = checkpoint(meeting, rules_dir)
        line = date_line(day, today, packet["checkpoint"], packet["checkpoint_passed"])
        if handover:
            line += " " + date_line(handover, today, packet["handover"], packet["handover_passed"])
        notes.append(patterns["meeting_dates"](with_name=meeting.with_name, dates=line))
    return notes


def _track_objection(case: Case, patterns, words) -> ObjectionCtx | None:
    """Moving between ladders (software → ML): depth in the new field, and who would manage."""
    if not case.track_change:
        return None
    was, becomes = case.track_change
    ladder = case.ladder
    usable = counting(case.evidence, ladder.readiness.evidence_score)
    rows = [ev for ev in ranked(usable) if in_names(ev.achievement.competency, ladder.competencies)]
    cite = ladder.objections.cite
    return ObjectionCtx(
        objection=patterns["track_objection"](from_ladder=was, to_ladder=becomes),
        stance=words["track_stance"],
        evidence=[
            cite(ref=ev.ref, project=ev.achievement.project, score=ev.score, text=ev.text)
            for ev in rows[: ladder.objections.max_evidence]
        ]
        or [ladder.objections.no_evidence],
    )
