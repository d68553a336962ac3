"""Choose a template by what a row provides, fill it with exact arithmetic, score before/after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..models import Achievement, Source, Statement
from .arithmetic import Change, compute_change, with_unit
from .numbers import invented_numbers
from .phrasing import capitalise, clean, connect, scope_phrase, upgrade_verb
from .questions import consequence_question, missing_metric_question
from .rules import RuleSet, Template
from .score import Known, score_text

FACT_FIELDS = ("period", "project", "competency", "lever", "outcome", "scope", "evidence")
GUARD_FLAG = "The generated text held a number not in the row; the original words were kept."


def present_fields(item: Achievement) -> set[str]:
    names = ("metric", "baseline", "result", "outcome", "unit", "better", "scope")
    return {n for n in names if getattr(item, n) not in (None, "")}


def _matches(template: Template, present: set[str], change: Change | None, metric: str) -> bool:
    when = template.when
    if any(f not in present for f in when.has) or any(f in present for f in when.lacks):
        return False
    if when.direction is not None and (change is None or change.direction not in when.direction):
        return False
    if when.change is not None and (change is None or change.kind not in when.change):
        return False
    if when.metric_like is not None and not any(
        w.lower() in metric.lower() for w in when.metric_like
    ):
        return False
    return True


def choose_template(rules: RuleSet, item: Achievement, change: Change | None) -> Template | None:
    present, metric = present_fields(item), item.metric or ""
    return next((t for t in rules.templates if _matches(t, present, change, metric)), None)


def _verb(rules: RuleSet, metric: str, better: str | None) -> str:
    if better == "higher" and any(w in metric.lower() for w in rules.verbs.quality_words):
        return rules.verbs.higher_quality
    return rules.verbs.lower if better == "lower" else rules.verbs.higher


def _fields(item: Achievement, rules: RuleSet, change: Change | None, statement: str) -> dict:
    metric = clean(item.metric or "")
    consequence, _ = connect(item.outcome, rules)
    single = with_unit(item.result, item.unit) if item.result is not None else ""
    baseline = with_unit(item.baseline, item.unit) if item.baseline is not None else ""
    return {
        "metric": metric,
        "metric_cap": capitalise(metric),
        "statement": statement,
        "consequence": consequence,
        "before": change.before if change else baseline,
        "after": change.after if change else single,
        "amount": change.amount if change else "",
        "moved": change.moved if change else "",
        "better": item.better or "",
        "verb": _verb(rules, metric, item.better),
        "scope_phrase": "",
    }


def facts_of(item: Achievement) -> dict[str, str]:
    return {n: str(getattr(item, n)) for n in FACT_FIELDS if getattr(item, n) not in (None, "")}


def rewrite_achievement(item: Achievement, rules: RuleSet) -> Statement:
    """One achievement → one statement. Every number comes from the row or the arithmetic."""
    change = None
    if item.baseline is not None and item.result is not None:
        absolute = rules.is_absolute(item.metric or "")
        change = compute_change(item.baseline, item.result, item.unit, item.better, absolute)
    template = choose_template(rules, item, change)
    weak_before = rules.weak_matches(item.statement)
    measured = item.result is not None
    before = score_text(
        item.statement, rules.strong_verbs, weak_before, Known(measured=measured), rules.subjects
    )
    base = dict(
        person_id=item.person_id,
        source=item.source,
        original=item.statement,
        score_before=before.value,
        reasons_before=before.reasons,
        facts=facts_of(item),
    )
    if template is None:  # no rule fits: keep the person's words as they are
        return Statement(
            **base,
            text=item.statement,
            rule_id="none",
            rewritten=False,
            score_after=before.value,
            reasons_after=before.reasons,
        )
    statement, upgrade_id = upgrade_verb(clean(item.statement), item, rules)
    fields = _fields(item, rules, change, statement)
    draft = template.template.format(**fields)
    fields["scope_phrase"] = scope_phrase(item.scope, draft)
    text = capitalise(clean(template.template.format(**fields)))
    derived = list(change.derived) if change else []
    review = template.review
    if invented_numbers(text, item, derived):  # defence in depth: never ship an invented number
        text, review, template_id = item.statement, GUARD_FLAG, "guard"
    else:
        template_id = template.id
    known = Known(
        baseline_and_result=change is not None and "{before}" in template.template,
        consequence=bool(fields["consequence"]) and "{consequence}" in template.template,
        scope=bool(item.scope),
        improved=None if change is None else change.direction == "improved",
        measured=measured and not template.needs_metric,
    )
    after = score_text(text, rules.strong_verbs, rules.weak_matches(text), known, rules.subjects)
    needs_metric = template.needs_metric
    question = None
    if needs_metric:
        question = missing_metric_question(item, rules)
    elif not fields["consequence"] and review is None:
        question = consequence_question(item, rules)
    return Statement(
        **base,
        text=text,
        rule_id=template_id,
        upgrade_id=upgrade_id,
        rewritten=text != item.statement,
        arithmetic=change.working if change else None,
        derived_numbers=derived,
        score_after=after.value,
        reasons_after=after.reasons,
        needs_metric=needs_metric,
        question=question,
        review_flag=review,
        direction=change.direction if change else None,
    )


def rewrite_all(items: list[Achievement], rules: RuleSet) -> list[Statement]:
    return [rewrite_achievement(item, rules) for item in items]


def example_achievement(row: dict[str, Any]) -> Achievement:
    """Build an Achievement from a rule example's row (for tests and `explain`)."""
    values = {"person_id": "example", "period": "example", "project": "example", **row}
    for key in ("baseline", "result"):
        if values.get(key) is not None:
            values[key] = Decimal(str(values[key]))
    return Achievement(**values, source=Source(sheet="example", row=0))
