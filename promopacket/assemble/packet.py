"""A person's records and statements → the committee's packet, section by section.

Third person, no scores, questions or coaching (those are the brief's). Each statement's text
appears at most twice: once as an impact highlight, once in the appendix; everything else cites
entries by their number (E1…) and their own measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from promopacket.assemble import analysis, readiness
from promopacket.assemble import rules as rule_files
from promopacket.assemble.contexts import (
    EntryCtx,
    HighlightCtx,
    MeetingPlanCtx,
    PacketContext,
    PhaseCtx,
    PlanCtx,
    TeamCtx,
)
from promopacket.assemble.evidence import (
    Evidence,
    collect,
    in_names,
    join_words,
    lower_first,
    matches,
    ranked,
)
from promopacket.assemble.ladder import Ladder, ladder_for
from promopacket.assemble.letter import long_date, person_ctx
from promopacket.core.models import Meeting, PersonBundle, Statement


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


@dataclass(frozen=True)
class Case:
    """What both documents share for one person: evidence, readiness and the overall line."""

    ladder: Ladder
    evidence: list[Evidence]
    readiness: readiness.Readiness
    overall: str


def latest_manager_meeting(bundle: PersonBundle) -> Meeting | None:
    """The newest meeting with the person's manager, else the newest meeting."""
    meetings = sorted(bundle.meetings, key=lambda m: m.date, reverse=True)
    own = [m for m in meetings if in_names(m.with_name, [bundle.person.manager_name])]
    return (own or meetings or [None])[0]


def build_case(
    bundle: PersonBundle,
    statements: list[Statement],
    rules_dir: Path,
    profiles_dir: Path | None = None,
) -> Case:
    ladder = ladder_for(bundle.person, rules_dir, profiles_dir)
    wording = rule_files.packet_wording(rules_dir)
    evidence = collect(
        bundle.achievements, statements, ladder.competencies, wording.words["untagged"]
    )
    ready = readiness.readiness(evidence, bundle.meetings, ladder.readiness, long_date)
    meeting = latest_manager_meeting(bundle)
    facts = dict(
        first_name=first_name(bundle.person.name),
        total=len(evidence),
        measured=sum(ev.measured for ev in evidence),
        outcome=meeting.outcome if meeting else None,
        manager=meeting.with_name if meeting else bundle.person.manager_name,
        date=long_date(meeting.date) if meeting else "",
        gaps=len(ready.gaps),
        signals=len(ready.signals),
        signals_total=ready.signals_total,
    )
    return Case(ladder, evidence, ready, readiness.overall_line(wording.overall, facts))


def _cite(ev: Evidence, patterns, words) -> str:
    return patterns["cite"](
        ref=ev.ref, project=ev.achievement.project, measure=ev.measure(words["not_measured"])
    )


def highlights(evidence: list[Evidence], ladder: Ladder, limit: int) -> list[Evidence]:
    """Measured improvements first, then strong unmeasured end-to-end work; never a worsened
    or unchanged result."""
    rule = ladder.plan.highlight_unmeasured
    improved = [ev for ev in ranked(evidence) if ev.improved]
    end_to_end = [
        ev
        for ev in ranked(evidence)
        if ev.statement.direction is None and ev.score >= rule.min_score and matches(rule, ev)
    ]
    # Keep room for one end-to-end item when there is one: a committee reads ownership too.
    chosen = improved[: limit - min(1, len(end_to_end))] + end_to_end
    return chosen[:limit]


def _case_text(bundle, case: Case, table, patterns, words) -> str:
    person = bundle.person
    improved = [ev for ev in ranked(case.evidence) if ev.improved][:2]
    sentences = [
        patterns["who"](
            name=person.name,
            current_title=person.current_title,
            team=person.team,
            target_title=person.target_title,
        ),
        patterns["evidence"](
            improved=sum(ev.improved for ev in case.evidence),
            total=len(case.evidence),
            expectations=sum(row.shown for row in table),
            expectations_total=len(table),
            level=case.ladder.level_name,
        ),
    ]
    if improved:
        items = "; ".join(
            f"{ev.measure(words['not_measured'])} ({ev.achievement.project})" for ev in improved
        )
        sentences.append(patterns["strongest"](items=items))
    return " ".join(sentences)


def _mission(bundle: PersonBundle, patterns) -> str:
    team = bundle.team
    if not (team and team.mission):
        return patterns["mission_fallback"](team=bundle.person.team)
    mission = lower_first(team.mission.strip().rstrip("."))
    if team.priorities:
        mission = patterns["mission_with_priorities"](
            mission=mission, priorities=team.priorities.strip()
        )
    return mission


def _value_proposition(bundle, case: Case, patterns) -> str:
    """Forward-looking, third person: the leadership the evidence shows, for the team's aims."""
    benefits_by_lever = case.ladder.plan.lever_benefits
    counts: dict[str, int] = {}
    for ev in ranked(case.evidence):
        lever = next((n for n in benefits_by_lever if in_names(ev.achievement.lever, [n])), None)
        if lever:
            counts[lever] = counts.get(lever, 0) + 1
    top = sorted(counts, key=lambda n: -counts[n])[:2]  # sorted is stable: strongest first
    benefits = join_words([benefits_by_lever[n] for n in top]) or benefits_by_lever.get(
        case.ladder.levers[0], ""
    )
    return patterns["value_proposition"](
        target_title=bundle.person.target_title,
        first_name=first_name(bundle.person.name),
        team=bundle.person.team,
        benefits=benefits,
        mission=_mission(bundle, patterns),
    )


def _leadership(bundle, case: Case, patterns) -> list[str]:
    lines = []
    shown, missing = [], []
    for lever in case.ladder.levers:
        rows = [ev for ev in case.evidence if in_names(ev.achievement.lever, [lever])]
        rows = [ev for ev in rows if not ev.setback]
        if rows:
            shown.append(f"{lever} ({', '.join(ev.ref for ev in rows)})")
        else:
            missing.append(lever)
    if shown:
        lines.append(patterns["levers_shown"](items="; ".join(shown)))
    if missing:
        lines.append(patterns["levers_missing"](items=", ".join(missing)))
    reach = [
        f"{ev.achievement.scope.strip()} ({ev.ref})"
        for ev in case.evidence
        if ev.achievement.scope and not ev.setback
    ]
    if reach:
        lines.append(patterns["reach"](items="; ".join(reach)))
    team = bundle.team
    if team and team.stakeholders:
        lines.append(patterns["stakeholders"](stakeholders=team.stakeholders.strip()))
    return lines


def checkpoint(meeting: Meeting, ladder: Ladder) -> dt.date:
    """The row's follow-up date, else the meeting date plus the outcome's horizon."""
    days = ladder.plan.horizon_days.get(meeting.outcome, 14)
    return meeting.follow_up_date or meeting.date + dt.timedelta(days=days)


def plan(bundle: PersonBundle, ladder: Ladder, patterns, words) -> PlanCtx:
    """Every meeting, newest first, with what was agreed; the timeline the latest fits."""
    meetings = sorted(bundle.meetings, key=lambda m: m.date, reverse=True)
    rows = [
        MeetingPlanCtx(
            heading=patterns["meeting"](
                date=long_date(m.date),
                with_name=m.with_name,
                role=f", {m.with_role}" if m.with_role else "",
                outcome=m.outcome,
            ),
            discussed=patterns["discussed"](key_points=m.key_points.strip()),
            agreed=patterns["agreed"](commitments=m.commitments.strip()) if m.commitments else None,
            checkpoint=patterns["checkpoint"](date=long_date(checkpoint(m, ladder))),
        )
        for m in meetings
    ]
    latest = latest_manager_meeting(bundle)
    if latest is None:
        intro, phases = words["no_conversation_timeline"], ladder.plan.timelines["no conversation"]
    else:
        intro = patterns["timeline"](
            outcome=latest.outcome, with_name=latest.with_name, date=long_date(latest.date)
        )
        phases = ladder.plan.timelines[latest.outcome]
    return PlanCtx(
        meetings=rows,
        none=None if rows else words["no_meetings"],
        timeline_intro=intro,
        timeline=[PhaseCtx(phase=p.phase, duration=p.duration) for p in phases],
    )


def appendix(evidence: list[Evidence], words) -> list[EntryCtx]:
    rows, seen = [], set()
    for ev in evidence:
        rows.append(
            EntryCtx(
                ref=ev.ref,
                group="" if ev.group in seen else ev.group,
                text=ev.text,
                measure=ev.measure(words["not_measured"]),
                project=ev.achievement.project,
                period=ev.achievement.period,
                evidence=ev.achievement.evidence or "",
            )
        )
        seen.add(ev.group)
    return rows


def assemble_packet(
    bundle: PersonBundle,
    statements: list[Statement],
    today: dt.date,
    rules_dir: Path | None = None,
    compensation: bool = False,  # the brief's section; kept for callers of the old signature
    case: Case | None = None,
) -> PacketContext:
    """The committee's packet; numbers are counts of rows or the rows' own."""
    if rules_dir is None:
        from promopacket.settings import Settings

        rules_dir = Settings().rules_dir
    wording = rule_files.packet_wording(rules_dir)
    patterns, words = wording.patterns, wording.words
    case = case or build_case(bundle, statements, rules_dir)
    ladder = case.ladder
    cite = lambda ev: _cite(ev, patterns, words)  # noqa: E731
    table = analysis.expectation_table(case.evidence, ladder, case.readiness.concerns, cite)
    chosen = highlights(case.evidence, ladder, wording.highlights)
    team = bundle.team
    return PacketContext(
        person=person_ctx(bundle.person),
        team=TeamCtx(**team.model_dump(include=set(TeamCtx.model_fields))) if team else None,
        workbook=bundle.workbook,
        generated_on=long_date(today),
        level_name=ladder.level_name,
        profile=f"{ladder.profile_label} ({ladder.profile}), {ladder.level_name} level",
        overall=case.overall,
        case=_case_text(bundle, case, table, patterns, words),
        value_proposition=_value_proposition(bundle, case, patterns),
        highlights=[
            HighlightCtx(
                text=ev.text,
                source=patterns["highlight_source"](
                    project=ev.achievement.project, period=ev.achievement.period, ref=ev.ref
                ),
            )
            for ev in chosen
        ],
        no_highlights=None if chosen else words["no_highlights"],
        expectations=table,
        leadership=_leadership(bundle, case, patterns),
        archetype=analysis.archetype(case.evidence, bundle.person.archetype, ladder),
        signals=case.readiness.signals or [words["no_signals"]],
        gaps=case.readiness.gaps or [words["no_gaps"]],
        plan=plan(bundle, ladder, patterns, words),
        appendix=appendix(case.evidence, words),
        appendix_intro=words["appendix_intro"],
    )
