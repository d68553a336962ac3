"""Joining a row's facts into a sentence: outcome connectors, scope, stronger verbs."""

from __future__ import annotations

import re

from promopacket.core.models import Achievement
from promopacket.rewrite.grammar import clause_kind, is_plural, singular_noun
from promopacket.rewrite.numbers import normalise_words
from promopacket.rewrite.rules import Connector, RuleSet, VerbUpgrade


def clean(text: str) -> str:
    """Trim, drop a trailing full stop, collapse spaces."""
    return re.sub(r"\s+", " ", (text or "").strip()).rstrip(".").strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def decapitalise(text: str) -> str:
    """'Enabling x' → 'enabling x', but acronyms ('NDCG', 'A/B') keep their case."""
    if len(text) > 1 and (text[1].isupper() or not text[1].isalpha()):
        return text
    words = text.split()
    if len(words) > 1 and words[1][:1].isupper():  # "Black Friday ran …": a name
        return text
    return text[:1].lower() + text[1:]


def connect(outcome: str | None, rules: RuleSet) -> tuple[str, Connector | None]:
    """The outcome joined by its grammatical kind: ', enabling <noun phrase>', ', <gerund …>',
    ', quickly <gerund …>', ', so <finite clause>' (the first matching connector)."""
    outcome = clean(outcome or "")
    if not outcome:
        return "", None
    outcome = decapitalise(outcome)
    kind = clause_kind(outcome)
    for connector in rules.connectors:
        if connector.grammar is not None and kind not in connector.grammar:
            continue
        if re.search(connector.pattern, outcome, re.IGNORECASE):
            return connector.format.format(outcome=outcome), connector
    return f", {outcome}", None


def scope_phrase(scope: str | None, text_so_far: str, rules: RuleSet | None = None) -> str:
    """' across 3 teams', ' for the fraud team', ' org-wide' — unless the sentence already says
    it ('three teams' = '3 teams')."""
    scope = clean(scope or "")
    if not scope or normalise_words(scope) in normalise_words(text_so_far):
        return ""
    words = scope.lower().split()
    if words[0] in ("every", "all", "each") and len(words) > 1:
        # "which upgraded 14 clusters" + "every production cluster": the count already says it
        said = {singular_noun(w) or w for w in re.findall(r"[\w-]+", text_so_far.lower())}
        if (singular_noun(words[-1]) or words[-1]) in said:
            return ""
    joins = rules.scope if rules is not None else None
    if joins is None:
        return f" across {scope}"
    first = scope.split()[0].lower()
    if first in {w.lower() for w in joins.as_written_words}:
        return joins.as_written.format(scope=scope)
    last = re.sub(r"[^\w-]", "", scope.split()[-1])
    counted = bool(re.match(r"^(\d|all\b|every\b|both\b)", scope.lower()))
    if counted or is_plural(last) or normalise_words(scope).split()[0].isdigit():
        return joins.plural.format(scope=scope)
    return joins.singular.format(scope=scope)


def tidy(text: str, rules: RuleSet) -> str:
    """The person's words with informal abbreviations and common typos put right (`tidy`)."""
    tidied = text
    for rule in rules.tidy:
        tidied = re.sub(rule.pattern, rule.replace, tidied, flags=re.IGNORECASE)
    tidied = clean(tidied)
    if text[:1].isupper():
        tidied = capitalise(tidied)
    return tidied


def _upgrade_applies(upgrade: VerbUpgrade, item: Achievement) -> bool:
    when = upgrade.when
    if (item.role or "").lower() not in {v.lower() for v in when.role}:
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
