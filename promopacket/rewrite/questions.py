"""The concrete question a statement raises: which measurement is missing, or what it enabled."""

from __future__ import annotations

import re

from promopacket.core.models import Achievement
from promopacket.rewrite.numbers import NUMBER_WORDS
from promopacket.rewrite.rules import RuleSet


def _has_word(word: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(word.lower())}", text.lower()) is not None


_COUNT = re.compile(
    r"\b(\d[\d,.]*|" + "|".join(NUMBER_WORDS) + r")\s+(?:[a-z-]+\s+)?[a-z-]+s\b", re.IGNORECASE
)


def _asks_what_is_given(question: str, item: Achievement) -> bool:
    """'How many people …' for an entry that already says 'for 25 analysts': the row gives it."""
    given = " ".join(x for x in (item.statement, item.scope or "") if x)
    return question.lower().startswith("how many") and bool(_COUNT.search(given))


def missing_metric_question(item: Achievement, rules: RuleSet) -> str:
    """About the entry's own object: the statement's words first (a design review is asked what
    it decided), then the competency, then the lever; never for a figure the row already gives."""
    questions = rules.questions
    words = f"{item.metric or ''} {item.statement}"
    candidates = [
        question.format(metric=item.metric or word)
        for word, question in questions.by_word.items()
        if _has_word(word, words)
    ]
    for key, table in (
        (item.competency, questions.by_competency),
        (item.lever, questions.by_lever),
    ):
        found = {k.lower(): v for k, v in table.items()}.get((key or "").lower())
        if found:
            candidates.append(found)
    candidates.append(questions.default)
    return next(
        (q for q in candidates if not _asks_what_is_given(q, item)), questions.no_figure_needed
    )


def consequence_question(item: Achievement, rules: RuleSet, named: bool = True) -> str:
    """What the change made possible; without a metric that names a thing ("adopted by"),
    the question asks about the work rather than filling a template hole with it."""
    if not item.metric or not named:
        return rules.questions.no_consequence_unnamed
    return rules.questions.no_consequence.format(metric=item.metric)
