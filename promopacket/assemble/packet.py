"""A person's records and statements → the committee's packet, section by section.

Third person, no scores, questions or coaching (those are the brief's). Each statement's text
appears at most twice: once as an impact highlight, once in the appendix; everything else cites
entries by their number (E1…) and their own measure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from promopacket.assemble import analysis
from promopacket.assemble import feedback as feedback_quotes
from promopacket.assemble import rules as rule_files
from promopacket.assemble.case import (
    Case,
    build_case,
    first_name,
    latest_manager_meeting,
)
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
    PairBudget,
    join_words,
    lower_first,
    matches,
    ranked,
)
from promopacket.assemble.ladder import Ladder
from promopacket.assemble.letter import letter_dates, long_date, person_ctx
from promopacket.assemble.letter_rules import letters
from promopacket.core.models import Meeting, PersonBundle, Statement
from promopacket.rewrite.sentences import opens_with_verb
from promopacket.settings import Settings

__all__ = ["Case", "assemble_packet", "build_case", "first_name", "latest_manager_meeting"]


def _cite(ev: Evidence, patterns, budget: PairBudget) -> str:
    return patterns["cite"](ref=ev.ref, project=ev.achievement.project, measure=budget.measure(ev))


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


def _case_text(bundle, case: Case, table, patterns, budget: PairBudget) -> str:
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
            expectations=sum(row.shown for row in case.coverage),
            expectations_total=len(table),
            level=case.ladder.level_name,
        ),
    ]
    if improved:
        items = "; ".join(f"{budget.measure(ev)} ({ev.achievement.project})" for ev in improved)
        sentences.append(patterns["strongest"](items=items))
    if case.track_change:
        was, becomes = case.track_change
        sentences.append(patterns["track_change"](from_ladder=was, to_ladder=becomes))
    return " ".join(sentences)


def _recommendation(person, patterns, words) -> str:
    """The manager's case quoted as written, attributed; never paraphrased or extended."""
    text = (person.recommendation or "").strip()
    if not text:
        return words["no_recommendation"]
    return patterns["recommendation"](manager_name=person.manager_name, recommendation=text)


def _time_in_role(person, patterns) -> str | None:
    parts = []
    if person.tenure_months is not None:
        parts.append(patterns["time_in_role"](months=person.tenure_months))
    if person.months_in_level is not None:
        parts.append(patterns["time_in_level"](months=person.months_in_level))
    return " · ".join(parts) or None


def _mission(bundle: PersonBundle, patterns) -> str:
    team = bundle.team
    if not (team and team.mission):
        return patterns["mission_fallback"](team=bundle.person.team)
    mission = lower_first(team.mission.strip().rstrip("."))
    if opens_with_verb(mission):
        mission = patterns["mission_as_aim"](mission=mission)
    if team.priorities:
        mission = patterns["mission_with_priorities"](
            mission=mission, priorities=team.priorities.strip()
        )
    return mission


def _value_proposition(bundle, case: Case, patterns) -> str:
    """Forward-looking, third person: only the levers the packet shows, for the team's aims;
    team-lead wording only at a level that leads a team (Staff and Principal do not)."""
    benefits_by_lever = case.ladder.plan.lever_benefits
    shown = sorted(case.levers_shown, key=lambda lever: -len(lever.entries))  # stable
    benefits = join_words(
        [benefits_by_lever[lv.name] for lv in shown if lv.name in benefits_by_lever][:2]
    )
    values = dict(
        target_title=bundle.person.target_title,
        first_name=first_name(bundle.person.name),
        team=bundle.person.team,
        benefits=benefits,
        mission=_mission(bundle, patterns),
    )
    if not benefits:
        return patterns["value_proposition_no_levers"](**values)
    key = "value_proposition" if case.ladder.leads_team else "value_proposition_ic"
    return patterns[key](**values)


def _quotes(bundle, case: Case, rules) -> list[str]:
    """Up to three quotes: those answering an open concern first, then those about an
    expectation no entry shows yet; a long one shortened at a word boundary."""
    chosen, _ = feedback_quotes.packet_choice(list(case.quotes), bundle.person, rules)
    return [feedback_quotes.line(q, rules, rules.packet_chars) for q in chosen]


def _leadership(bundle, case: Case, patterns, feedback=None) -> list[str]:
    lines = []
    shown = [f"{lv.name} ({', '.join(ev.ref for ev in lv.entries)})" for lv in case.levers_shown]
    missing = [lv.name for lv in case.levers if not lv.entries]
    if shown:
        lines.append(patterns["levers_shown"](items="; ".join(shown)))
    if missing:
        lines.append(patterns["levers_missing"](items=", ".join(missing)))
    reach = [f"{ev.achievement.scope.strip()} ({ev.ref})" for ev in case.reach]
    if reach:
        lines.append(patterns["reach"](items="; ".join(reach)))
    authors = feedback_quotes.beyond_team(list(case.quotes), feedback) if feedback else []
    if authors:  # influence in colleagues' words: named, never counted as a result
        lines.append(feedback.patterns["reach"](authors="; ".join(authors)))
    team = bundle.team
    if team and team.stakeholders:
        lines.append(patterns["stakeholders"](stakeholders=team.stakeholders.strip()))
    return lines


def checkpoint(meeting: Meeting, rules_dir: Path) -> tuple[dt.date, dt.date | None]:
    """The meeting's next checkpoint (the date its letter proposes), and for a team dependency
    the date the handover completes (never before the horizon the notes give)."""
    rules = letters(rules_dir)
    dates = letter_dates(meeting, rules)
    handover = dates.get("horizon_date") if meeting.outcome == "needed here now" else None
    return dates[rules.outcomes[meeting.outcome].follow_up], handover


def date_line(day: dt.date, today: dt.date, pattern, passed_pattern) -> str:
    """A date as ahead, or as passed when the documents are built after it."""
    if day < today:
        return passed_pattern(date=long_date(day), today=long_date(today))
    return pattern(date=long_date(day))


def _meeting_plan(m: Meeting, rules_dir: Path, today: dt.date, patterns) -> MeetingPlanCtx:
    day, handover = checkpoint(m, rules_dir)
    line = date_line(day, today, patterns["checkpoint"], patterns["checkpoint_passed"])
    if handover:
        line += " " + date_line(handover, today, patterns["handover"], patterns["handover_passed"])
    return MeetingPlanCtx(
        heading=patterns["meeting"](
            date=long_date(m.date),
            with_name=m.with_name,
            role=f", {m.with_role}" if m.with_role else "",
            outcome=m.outcome,
        ),
        discussed=patterns["discussed"](key_points=m.key_points.strip()),
        concerns=patterns["concerns"](concerns=m.concerns.strip()) if m.concerns else None,
        agreed=patterns["agreed"](commitments=m.commitments.strip()) if m.commitments else None,
        checkpoint=line,
    )


def plan(
    bundle: PersonBundle, case: Case, patterns, words, rules_dir: Path, today: dt.date
) -> PlanCtx:
    """The packet's meetings (the line manager's unless a setting includes every meeting),
    newest first, with what was agreed; the timeline the latest manager meeting fits."""
    ladder = case.ladder
    rows = [_meeting_plan(m, rules_dir, today, patterns) for m in case.packet_meetings]
    latest = case.manager_meeting
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


def appendix(evidence: list[Evidence], budget: PairBudget) -> list[EntryCtx]:
    rows, seen = [], set()
    for ev in evidence:
        rows.append(
            EntryCtx(
                ref=ev.ref,
                group="" if ev.group in seen else ev.group,
                text=ev.text,
                measure=budget.measure(ev),
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
        rules_dir = Settings().rules_dir
    wording = rule_files.packet_wording(rules_dir)
    patterns, words = wording.patterns, wording.words
    case = case or build_case(bundle, statements, rules_dir)
    ladder = case.ladder
    feedback = rule_files.feedback_wording(rules_dir)
    quotes = _quotes(bundle, case, feedback)
    chosen = highlights(case.evidence, ladder, wording.highlights)
    # Each statement is printed as a highlight and in the appendix; the strongest results, the
    # expectations table and the appendix's measures then print its pair while under the limit.
    budget = PairBudget(wording.max_pair_mentions, words)
    for ev in [*chosen, *case.evidence]:
        budget.spend(ev, ev.text)
    case_text = _case_text(bundle, case, ladder.expectations.expectations, patterns, budget)
    cite = lambda ev: _cite(ev, patterns, budget)  # noqa: E731
    table = analysis.expectation_table(case.coverage, ladder, cite, feedback)
    entries = appendix(case.evidence, budget)
    team = bundle.team
    return PacketContext(
        person=person_ctx(bundle.person),
        team=TeamCtx(**team.model_dump(include=set(TeamCtx.model_fields))) if team else None,
        workbook=bundle.workbook,
        generated_on=long_date(today),
        level_name=ladder.level_name,
        profile=f"{ladder.profile_label} ({ladder.profile}), {ladder.level_name} level",
        overall=case.overall,
        case=case_text,
        recommendation=_recommendation(bundle.person, patterns, words),
        time_in_role=_time_in_role(bundle.person, patterns),
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
        leadership=_leadership(bundle, case, patterns, feedback),
        archetype=analysis.archetype(case.evidence, bundle.person.archetype, ladder),
        signals=case.readiness.signals or [words["no_signals"]],
        gaps=case.readiness.gaps or [words["no_gaps"]],
        plan=plan(bundle, case, patterns, words, rules_dir, today),
        appendix=entries,
        appendix_intro=words["appendix_intro"],
        quotes=quotes,
        quotes_intro=feedback.words["packet_intro"] if quotes else None,
    )
