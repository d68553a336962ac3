"""Joining a row's facts into a sentence: outcome connectors, scope, stronger verbs."""

from __future__ import annotations

import re

from ..models import Achievement
from .numbers import normalise_words
from .rules import Connector, RuleSet, VerbUpgrade


def clean(text: str) -> str:
    """Trim, drop a trailing full stop, collapse spaces."""
    return re.sub(r"\s+", " ", (text or "").strip()).rstrip(".").strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def decapitalise(text: str) -> str:
    """'Enabling x' → 'enabling x', but acronyms ('NDCG', 'A/B') keep their case."""
    if len(text) > 1 and (text[1].isupper() or not text[1].isalpha()):
        return text
    return text[:1].lower() + text[1:]


def connect(outcome: str | None, rules: RuleSet) -> tuple[str, Connector | None]:
    """', enabling <outcome>' (or another connector by what the outcome starts with)."""
    outcome = clean(outcome or "")
    if not outcome:
        return "", None
    outcome = decapitalise(outcome)
    for connector in rules.connectors:
        if re.search(connector.pattern, outcome, re.IGNORECASE):
            return connector.format.format(outcome=outcome), connector
    return f", {outcome}", None


def scope_phrase(scope: str | None, text_so_far: str) -> str:
    """' across <scope>', unless the sentence already says it ('three teams' = '3 teams')."""
    scope = clean(scope or "")
    if not scope or normalise_words(scope) in normalise_words(text_so_far):
        return ""
    return f" across {scope}"


def _upgrade_applies(upgrade: VerbUpgrade, item: Achievement) -> bool:
    when = upgrade.when
    if when.lever is not None and (item.lever or "").lower() not in {v.lower() for v in when.lever}:
        return False
    if when.competency is not None and (item.competency or "").lower() not in {
        v.lower() for v in when.competency
    }:
        return False
    return True


def upgrade_verb(statement: str, item: Achievement, rules: RuleSet) -> tuple[str, str | None]:
    """A stronger opening verb where a fact of the row supports it; else the words unchanged."""
    for upgrade in rules.verb_upgrades:
        match = re.search(upgrade.pattern, statement, re.IGNORECASE)
        if match and _upgrade_applies(upgrade, item):
            groups = {k: v or "" for k, v in match.groupdict().items()}
            text = statement[: match.start()] + upgrade.replace.format(**groups)
            return capitalise(text + statement[match.end() :]), upgrade.id
    return statement, None
