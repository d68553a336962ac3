"""The concrete question a statement raises: which measurement is missing, or what it enabled."""

from __future__ import annotations

import re

from promopacket.core.models import Achievement
from promopacket.rewrite.rules import RuleSet


def _has_word(word: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(word.lower())}", text.lower()) is not None


def missing_metric_question(item: Achievement, rules: RuleSet) -> str:
    """Shaped by the metric or statement words first, then the competency, then the lever."""
    questions = rules.questions
    words = f"{item.metric or ''} {item.statement}"
    for word, question in questions.by_word.items():
        if _has_word(word, words):
            return question.format(metric=item.metric or word)
    for key, table in (
        (item.competency, questions.by_competency),
        (item.lever, questions.by_lever),
    ):
        found = {k.lower(): v for k, v in table.items()}.get((key or "").lower())
        if found:
            return found
    return questions.default


def consequence_question(item: Achievement, rules: RuleSet, named: bool = True) -> str:
    """What the change made possible; without a metric that names a thing ("adopted by"),
    the question asks about the work rather than filling a template hole with it."""
    if not item.metric or not named:
        return rules.questions.no_consequence_unnamed
    return rules.questions.no_consequence.format(metric=item.metric)
