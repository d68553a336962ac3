"""Coverage of the Lead expectations, readiness, archetype fit, reviewer flags, objections.

Each analysis is a rule from templates/rules/ applied to the person's own rows; every number it
prints is a count of those rows.
"""

from __future__ import annotations

from .contexts import ArchetypeCtx, ChartCtx, CoverageCtx, ObjectionCtx
from .evidence import Evidence, in_names, matches, ranked
from .rules import ExpectationRules, ObjectionRules, ReadinessRules


def coverage(evidence: list[Evidence], rules: ExpectationRules) -> list[CoverageCtx]:
    labels = rules.coverage.labels
    table = []
    for exp in rules.expectations:
        rows = [ev for ev in evidence if matches(exp, ev)]
        if len(rows) >= rules.coverage.covered_at:
            status = labels["covered"]
        else:
            status = labels["thin"] if rows else labels["gap"]
        projects = list(dict.fromkeys(ev.achievement.project for ev in rows))
        table.append(
            CoverageCtx(
                expectation=exp.label, count=len(rows), status=status, projects=", ".join(projects)
            )
        )
    return table


def coverage_chart(table: list[CoverageCtx], title: str, x_label: str) -> ChartCtx:
    return ChartCtx(
        title=title,
        labels=[c.expectation for c in table],
        counts=[c.count for c in table],
        x_label=x_label,
    )


def _expectation_rows(evidence, rules: ExpectationRules, exp_id: str) -> list[Evidence]:
    exp = next(e for e in rules.expectations if e.id == exp_id)
    return [ev for ev in evidence if matches(exp, ev)]


def readiness(
    evidence: list[Evidence], rules: ReadinessRules, expectations: ExpectationRules
) -> tuple[list[str], list[str]]:
    """Signals that hold and gaps that remain, each worded by its rule."""
    signals, gaps = [], []
    total = len(evidence)
    for rule in rules.signals:
        check = rule.check
        if "levers" in check:
            count = sum(in_names(ev.achievement.lever, check["levers"]) for ev in evidence)
            holds = count > 0
        elif "expectation" in check:
            count = len(_expectation_rows(evidence, expectations, check["expectation"]))
            holds = count > 0
        elif "strong_share" in check:
            count = sum(ev.score >= rules.strong_score for ev in evidence)
            holds = total > 0 and count / total >= float(check["strong_share"])
        else:
            raise ValueError(f"readiness.yaml: signal {rule.id}: unknown check {check}")
        text = rule.signal if holds else rule.gap
        (signals if holds else gaps).append(text.format(count=count, total=total))
    return signals, gaps


def archetype(evidence: list[Evidence], stated: str | None, rules: ReadinessRules) -> ArchetypeCtx:
    """The archetype the evidence supports best, compared with the one stated (if any)."""
    counts = {
        name: sum(matches(arch, ev) for ev in evidence) for name, arch in rules.archetypes.items()
    }
    suggested = max(counts, key=lambda n: counts[n]) if any(counts.values()) else None
    text = rules.archetype_text
    stated_name = next((n for n in rules.archetypes if stated and in_names(stated, [n])), stated)
    if suggested is None:
        return ArchetypeCtx(stated=stated_name, text=text["none"])
    fields = dict(
        stated=stated_name,
        suggested=suggested,
        count=counts[suggested],
        reason=rules.archetypes[suggested].reason,
        stated_count=counts.get(stated_name or "", 0),
        total=len(evidence),
    )
    if stated_name and counts.get(stated_name, 0) >= counts[suggested]:
        fields.update(count=counts[stated_name], reason=rules.archetypes[stated_name].reason)
        key = "stated_agrees"
        suggested = stated_name
    else:
        key = "stated_differs" if stated_name else "suggested"
    return ArchetypeCtx(stated=stated_name, suggested=suggested, text=text[key].format(**fields))


def flags(evidence: list[Evidence], rules: ReadinessRules) -> list[str]:
    """Anti-patterns a reviewer should look at, each with the count that raised it."""
    raised = []
    for rule in rules.flags:
        check = rule.check
        count = 0
        if "many_small" in check:
            spec = check["many_small"]
            count = len(evidence)
            owned = any(
                in_names(ev.achievement.lever, [spec["end_to_end_lever"]]) for ev in evidence
            )
            hit = count >= int(spec["min_items"]) and not owned
        elif "no_leverage" in check:
            hit = bool(evidence) and not any(
                in_names(ev.achievement.lever, rules.leverage_levers) for ev in evidence
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
        elif "competencies_absent" in check:
            hit = bool(evidence) and not any(
                in_names(ev.achievement.competency, check["competencies_absent"]) for ev in evidence
            )
        else:
            raise ValueError(f"readiness.yaml: flag {rule.id}: unknown check {check}")
        if hit:
            raised.append(rule.text.format(count=count))
    return raised


def objections(
    evidence: list[Evidence], rules: ObjectionRules, compensation: bool
) -> list[ObjectionCtx]:
    """Each objection with the person's own strongest statements that answer it."""
    answered = []
    for obj in rules.objections:
        if obj.compensation:
            cited = [rules.compensation_answer if compensation else rules.compensation_off]
        else:
            rows = ranked([ev for ev in evidence if matches(obj, ev)])
            cited = [f"{ev.row.text} ({ev.row.source})" for ev in rows[: rules.max_evidence]]
        answered.append(
            ObjectionCtx(
                objection=obj.objection, stance=obj.stance, evidence=cited or [rules.no_evidence]
            )
        )
    return answered
