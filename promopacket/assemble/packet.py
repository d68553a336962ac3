"""A person's records and statements → the packet's context, section by section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..models import PersonBundle, Statement
from . import analysis
from . import rules as rule_files
from .contexts import (
    CompensationCtx,
    PacketContext,
    PhaseCtx,
    PlanCtx,
    TeamCtx,
)
from .evidence import Evidence, collect, groups, lever_table, ranked, value_proposition
from .letter import follow_up_date, long_date, person_ctx


def _summary(evidence: list[Evidence], levers, coverage, strong_score: int, wording) -> str:
    return wording["summary"].format(
        statements=len(evidence),
        periods=len({ev.achievement.period for ev in evidence}),
        quantified=sum(ev.measured for ev in evidence),
        strong=sum(ev.score >= strong_score for ev in evidence),
        levers=sum(lever.count > 0 for lever in levers),
        expectations=sum(c.count > 0 for c in coverage),
        expectations_total=len(coverage),
    )


def _plan(bundle: PersonBundle, coverage, rules_dir: Path, wording) -> PlanCtx | None:
    """A development plan / timeline when the latest meeting's outcome calls for one."""
    plans = rule_files.letters(rules_dir).plans
    meetings = [m for m in sorted(bundle.meetings, key=lambda m: m.date) if m.outcome in plans]
    if not meetings:
        return None
    meeting = meetings[-1]
    gap_label = rule_files.expectations(rules_dir).coverage.labels["gap"]
    return PlanCtx(
        outcome=meeting.outcome,
        meeting_date=long_date(meeting.date),
        with_name=meeting.with_name,
        intro=plans[meeting.outcome],
        commitments=meeting.commitments,
        focus=[c.expectation for c in coverage if c.status == gap_label],
        timeline=[PhaseCtx(**phase) for phase in wording["timeline"]],
        checkpoint=long_date(follow_up_date(meeting, rules_dir)),
    )


def assemble_packet(
    bundle: PersonBundle,
    statements: list[Statement],
    today: dt.date,
    rules_dir: Path | None = None,
    compensation: bool = False,
) -> PacketContext:
    """Every packet section the person's rows support; numbers are counts or the rows' own."""
    if rules_dir is None:
        from ..settings import Settings

        rules_dir = Settings().rules_dir
    wording = rule_files.packet_wording(rules_dir)
    readiness_rules = rule_files.readiness(rules_dir)
    expectation_rules = rule_files.expectations(rules_dir)
    competencies = rule_files.vocabulary(rules_dir, "competency")
    lever_names = rule_files.vocabulary(rules_dir, "lever")

    evidence = collect(bundle.achievements, statements, wording["metric_missing"])
    levers = lever_table(evidence, lever_names)
    coverage = analysis.coverage(evidence, expectation_rules)
    signals, gaps = analysis.readiness(evidence, readiness_rules, expectation_rules)
    team = bundle.team
    return PacketContext(
        person=person_ctx(bundle.person),
        team=TeamCtx(**team.model_dump(include=set(TeamCtx.model_fields))) if team else None,
        workbook=bundle.workbook,
        generated_on=long_date(today),
        summary=_summary(evidence, levers, coverage, readiness_rules.strong_score, wording),
        value_proposition=value_proposition(evidence, team, bundle.person, wording, competencies),
        highlights=[ev.row for ev in ranked(evidence) if not ev.row.needs_metric][
            : wording["highlights"]
        ],
        statements=[ev.row for ev in evidence],
        by_competency=groups(evidence, "competency", competencies, wording["untagged"]),
        by_lever=groups(evidence, "lever", lever_names, wording["untagged"]),
        levers=levers,
        coverage=coverage,
        coverage_chart=analysis.coverage_chart(
            coverage, wording["chart_title"], wording["chart_x_label"]
        )
        if evidence
        else None,
        signals=signals,
        gaps=gaps,
        archetype=analysis.archetype(evidence, bundle.person.archetype, readiness_rules),
        flags=analysis.flags(evidence, readiness_rules),
        objections=analysis.objections(evidence, rule_files.objections(rules_dir), compensation),
        needs_metric=[ev.row for ev in evidence if ev.row.needs_metric],
        plan=_plan(bundle, coverage, rules_dir, wording),
        compensation=CompensationCtx(**rule_files.compensation(rules_dir))
        if compensation
        else None,
    )
