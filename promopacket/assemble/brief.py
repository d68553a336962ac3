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
from promopacket.assemble import rules as rule_files
from promopacket.assemble.contexts import (
    BriefContext,
    BriefStatementCtx,
    CompensationCtx,
    QuestionCtx,
)
from promopacket.assemble.letter import long_date, person_ctx
from promopacket.assemble.packet import Case, build_case, first_name
from promopacket.core.models import PersonBundle, Statement


def assemble_brief(
    bundle: PersonBundle,
    statements: list[Statement],
    today: dt.date,
    rules_dir: Path | None = None,
    compensation: bool = False,
    case: Case | None = None,
) -> BriefContext:
    if rules_dir is None:
        from promopacket.settings import Settings

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
        gaps=case.readiness.gaps or [words["no_gaps"]],
        flags=analysis.flags(evidence, ladder) or [words["no_flags"]],
        archetype=patterns["archetype"](
            text=analysis.archetype(evidence, bundle.person.archetype, ladder)
        ),
        objections=analysis.objections(
            evidence, ladder, case.readiness.concerns, compensation, long_date
        ),
        delegation=analysis.delegation(evidence, ladder, bundle.meetings, long_date)
        or [words["no_delegation"]],
        compensation=CompensationCtx(**rule_files.compensation(rules_dir))
        if compensation
        else None,
    )
