"""Choose a template by what a row provides, fill it with exact arithmetic, score before/after."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..models import Achievement, Source, Statement
from .arithmetic import Change, compute_change, with_unit
from .rules import RuleSet, Template
from .score import score_text

_GERUND = re.compile(r"^\s*\w+ing\b", re.IGNORECASE)


def _consequence(outcome: str | None) -> str:
    if not outcome:
        return ""
    outcome = outcome.strip().rstrip(".")
    if _GERUND.match(outcome):
        return f", {outcome[0].lower()}{outcome[1:]}"
    return f", enabling {outcome}"


def _clean_statement(text: str) -> str:
    return text.strip().rstrip(".")


def _matches(template: Template, present: set[str], change: Change | None) -> bool:
    when = template.when
    if any(field not in present for field in when.has):
        return False
    if any(field in present for field in when.lacks):
        return False
    directions = when.directions()
    if directions is not None and (change is None or change.direction not in directions):
        return False
    if when.change is not None and (change is None or change.kind not in when.change):
        return False
    return True


def _verb(rules: RuleSet, metric: str, change: Change, better: str | None) -> str:
    if better == "higher" and any(w in metric.lower() for w in rules.quality_words):
        return rules.verbs.higher_quality
    if change.direction == "improved" and better in ("lower", "higher"):
        return getattr(rules.verbs, better)
    return rules.verbs.unknown


def _question(rules: RuleSet, item: Achievement) -> str:
    questions = rules.questions
    metric = (item.metric or "").lower()
    for word, question in questions.by_metric_word.items():
        if word in metric or word in item.statement.lower():
            return question.format(metric=item.metric or word)
    if item.competency and item.competency in questions.by_competency:
        return questions.by_competency[item.competency]
    if item.lever and item.lever in questions.by_lever:
        return questions.by_lever[item.lever]
    return questions.default


def rewrite_achievement(item: Achievement, rules: RuleSet) -> Statement:
    """One achievement → one statement. Every number comes from the row or the arithmetic."""
    present = {
        name
        for name in ("metric", "baseline", "result", "outcome", "unit", "better", "scope")
        if getattr(item, name) not in (None, "")
    }
    change = None
    if item.baseline is not None and item.result is not None:
        change = compute_change(item.baseline, item.result, item.unit, item.better)
    template = next((t for t in rules.templates if _matches(t, present, change)), None)
    weak_before = rules.weak_matches(item.statement)
    score_before, reasons_before = score_text(item.statement, weak_before)
    if template is None:  # no rule fits: keep the person's words as they are
        return Statement(
            person_id=item.person_id,
            source=item.source,
            original=item.statement,
            text=item.statement,
            rule_id="none",
            rewritten=False,
            score_before=score_before,
            score_after=score_before,
            reasons_before=reasons_before,
            reasons_after=reasons_before,
        )
    metric = (item.metric or "").strip()
    fields: dict[str, Any] = {
        "metric": metric,
        "metric_cap": metric[:1].upper() + metric[1:],
        "statement": _clean_statement(item.statement),
        "statement_clean": _clean_statement(item.statement),
        "project": item.project,
        "consequence": _consequence(item.outcome),
        "before": change.before if change else "",
        "after": change.after
        if change
        else (with_unit(item.result, item.unit) if item.result is not None else ""),
        "amount": change.amount if change else "",
        "verb": _verb(rules, metric, change, item.better) if change else "",
        "scope_phrase": f" across {item.scope}" if item.scope else "",
    }
    text = template.template.format(**fields).strip()
    text = text[:1].upper() + text[1:]
    weak_after = rules.weak_matches(text) if template.needs_metric else []
    score_after, reasons_after = score_text(
        text, weak_after, has_baseline_result=change is not None, scope=item.scope
    )
    return Statement(
        person_id=item.person_id,
        source=item.source,
        original=item.statement,
        text=text,
        rule_id=template.id,
        rewritten=text != item.statement,
        arithmetic=change.working if change else None,
        score_before=score_before,
        score_after=score_after,
        reasons_before=reasons_before,
        reasons_after=reasons_after,
        needs_metric=template.needs_metric,
        question=_question(rules, item) if template.needs_metric else None,
        review_flag=template.review,
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
