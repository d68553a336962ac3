"""Evidence against the role's expectations, archetype fit, reviewer flags, objections, delegation.

Each analysis is a rule from the ladder applied to the person's own rows; every number it prints
is a count of those rows or a row's own value.
"""

from __future__ import annotations

from promopacket.assemble import feedback as feedback_quotes
from promopacket.assemble.concerns import Concern, names
from promopacket.assemble.contexts import ExpectationCtx, ObjectionCtx
from promopacket.assemble.evidence import Evidence, in_names, matches, plural, ranked
from promopacket.assemble.ladder import Ladder
from promopacket.assemble.model import Coverage, counting
from promopacket.profiles.ladder_rules import lever_of


def expectation_table(
    coverage: list[Coverage], ladder: Ladder, cite, feedback=None
) -> list[ExpectationCtx]:
    """Each expectation with its best counting entries (cited, not repeated) or "not yet
    shown"; a manager's concern about it is noted beside, never overruled. Quotes about it are
    named after the entries, marked as feedback (with feedback, feedback.yaml's rules)."""
    rules = ladder.expectations

    def quoted(row: Coverage) -> str | None:
        if feedback is None or not row.feedback:
            return None
        authors = dict.fromkeys(feedback_quotes.author(q, feedback) for q in row.feedback)
        return feedback.patterns["table_note"](authors="; ".join(authors))

    return [
        ExpectationCtx(
            expectation=row.expectation,
            evidence=[cite(ev) for ev in row.cited]
            or [_elsewhere(row, rules) if row.shown else rules.not_shown],
            feedback=quoted(row),
            shown=row.shown,
            note="; ".join(rules.concern_note(with_name=n) for n in row.raised_by) or None,
        )
        for row in coverage
    ]


def _elsewhere(row: Coverage, rules) -> str:
    return rules.cited_elsewhere(refs=", ".join(ev.ref for ev in row.entries[:2]))


def archetype(evidence: list[Evidence], stated: str | None, ladder: Ladder) -> str:
    """The archetype the evidence supports best, compared with the one stated (if any)."""
    rules = ladder.readiness
    counts = {
        name: sum(matches(arch, ev) for ev in evidence) for name, arch in rules.archetypes.items()
    }
    suggested = max(counts, key=lambda n: counts[n]) if any(counts.values()) else None
    text = rules.archetype_text
    stated_name = next((n for n in rules.archetypes if stated and in_names(stated, [n])), stated)
    if suggested is None:
        return text["none"]()
    fields = dict(
        stated=stated_name,
        suggested=suggested,
        count=counts[suggested],
        reason=rules.archetypes[suggested].reason,
        stated_count_entries=plural(counts.get(stated_name or "", 0)),
        total=len(evidence),
    )
    if stated_name and counts.get(stated_name, 0) >= counts[suggested]:
        fields.update(count=counts[stated_name], reason=rules.archetypes[stated_name].reason)
        key = "stated_agrees"
    else:
        key = "stated_differs" if stated_name else "suggested"
    return text[key](**fields)


def flags(evidence: list[Evidence], ladder: Ladder) -> list[str]:
    """Anti-patterns a reviewer should look at, each with the count that raised it."""
    rules = ladder.readiness
    raised = []
    for rule in rules.flags:
        check = rule.check
        count = 0
        if "many_small" in check:
            spec = check["many_small"]
            count = len(evidence)
            owned = any(in_names(lever_of(ev), [spec["end_to_end_lever"]]) for ev in evidence)
            hit = count >= int(spec["min_items"]) and not owned
        elif "no_leverage" in check:
            hit = bool(evidence) and not any(
                in_names(lever_of(ev), rules.leverage_levers) for ev in evidence
            )
        elif "unmeasured_leadership" in check:
            rows = [
                ev
                for ev in evidence
                if in_names(ev.achievement.lever, check["unmeasured_leadership"])
                and not ev.measured
                and not ev.achievement.outcome
                and ev.achievement.result is None
            ]
            count = len(rows)
            hit = count > 0
        elif "worsened" in check:
            count = sum(ev.setback for ev in evidence)
            hit = count > 0
        elif "competencies_absent" in check:
            hit = bool(evidence) and not any(
                in_names(ev.achievement.competency, check["competencies_absent"]) for ev in evidence
            )
        else:
            raise ValueError(f"readiness.yaml: flag {rule.id}: unknown check {check}")
        if hit:
            raised.append(rule.text(count=count, level=ladder.level_name))
    return raised


def _cite(ev: Evidence, ladder: Ladder) -> str:
    return ladder.objections.cite(
        ref=ev.ref, project=ev.achievement.project, score=ev.score, text=ev.text
    )


def objections(
    evidence: list[Evidence],
    ladder: Ladder,
    concerns: list[Concern],
    compensation: bool,
    long_date,
    quotes=(),
    feedback=None,
) -> list[ObjectionCtx]:
    """The manager's own concerns first, then the ladder's usual objections, each with the
    person's strongest entries that answer it (never a worsened result), then the quotes that
    answer it, marked as feedback (quotes and feedback.yaml's rules, when given)."""
    rules = ladder.objections
    usable = counting(evidence, ladder.readiness.evidence_score)  # never a setback or weak entry
    answered = []
    for concern in concerns:
        # The readiness signal the concern names says best what answers it; else expectations.
        matchers = [s for s in ladder.readiness.signals if names(concern, s.concerns)] or [
            e for e in ladder.expectations.expectations if names(concern, e.concerns)
        ]
        rows = [ev for ev in ranked(usable) if any(matches(m, ev) for m in matchers)]
        cited = [_cite(ev, ladder) for ev in rows[: rules.max_evidence]]
        meeting = concern.meeting
        if not cited and meeting.commitments:  # e.g. a team dependency: what was agreed
            cited = [rules.concern_commitments(commitments=meeting.commitments.strip())]
        if feedback is not None:
            cited += [
                feedback.patterns["objection_quote"](line=feedback_quotes.line(q, feedback))
                for q in quotes
                if concern in q.answers
            ]
        answered.append(
            ObjectionCtx(
                objection=rules.concern_objection(
                    with_name=meeting.with_name, date=long_date(meeting.date), words=concern.words
                ),
                stance=rules.concern_stance,
                evidence=cited or [rules.no_evidence],
            )
        )
    for obj in rules.objections:
        if obj.compensation:
            cited = [rules.compensation_answer if compensation else rules.compensation_off]
        else:
            rows = [ev for ev in ranked(usable) if matches(obj, ev)]
            cited = [_cite(ev, ladder) for ev in rows[: rules.max_evidence]]
        answered.append(
            ObjectionCtx(
                objection=obj.objection, stance=obj.stance, evidence=cited or [rules.no_evidence]
            )
        )
    return answered


def delegation(evidence: list[Evidence], ladder: Ladder, meetings, long_date) -> list[str]:
    """Any handover already agreed, then running work the person built (measured, strongest
    first) to hand over when stepping up; never an entry they only took part in."""
    rules = ladder.plan.delegation
    lines = [
        rules.handover(
            with_name=m.with_name, date=long_date(m.date), commitments=m.commitments.strip()
        )
        for m in sorted(meetings, key=lambda m: m.date, reverse=True)
        if m.outcome == "needed here now" and m.commitments
    ]
    running = [
        ev
        for ev in ranked(evidence)
        if ev.improved and not ev.statement.participation and matches(rules, ev)
    ]
    for ev in running[: rules.max_items]:
        lines.append(rules.text(project=ev.achievement.project, ref=ev.ref))
    return lines
