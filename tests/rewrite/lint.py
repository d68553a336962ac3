"""A prose lint for generated statements: what a careful reader would circle in red.

Run over every generated statement in the tests (the corpus, the rule examples, hypothesis
rows). Each check returns a short reason; an empty list means the statement reads clean.
"""

from __future__ import annotations

import re

from promopacket.core.models import Achievement, Statement
from promopacket.rewrite.arithmetic import format_number, is_percent_unit
from promopacket.rewrite.grammar import (
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    clause_kind,
    singular_noun,
)
from promopacket.rewrite.numbers import invented_numbers
from promopacket.rewrite.rules import RuleSet
from promopacket.rewrite.sentences import enabling_someone_to, fragment_without_verb
from promopacket.rewrite.statement import parse_statement

_DOUBLED = re.compile(r"\b([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)?)\s+\1\b", re.IGNORECASE)
_DUMP = re.compile(r"\(([^()]*?[A-Za-z][^()]*?):\s*[^()]*\d[^()]*\)")
_ENABLING = re.compile(r"\benabling\s+([^,;:()]+)", re.IGNORECASE)
STOP = DETERMINERS | PREPOSITIONS | PRONOUNS | {"and", "or", "some", "work", "things", "stuff"}


def _singular(word: str) -> str:
    return singular_noun(word) or word


def _content(text: str) -> set[str]:
    words = re.findall(r"[\w@/+-]+", text.lower())
    return {_singular(w) for w in words if len(w) > 2 and w not in STOP and not w.isdigit()}


def lint_statement(statement: Statement, item: Achievement, rules: RuleSet) -> list[str]:
    """Reasons a generated statement would not be signed as written; [] when it reads clean."""
    text = statement.text
    found: list[str] = []
    doubled = _DOUBLED.search(text)
    if doubled:
        found.append(f"doubled words: '{doubled.group(0)}'")
    for match in _ENABLING.finditer(text):
        head = match.group(1).split()
        if enabling_someone_to(head):
            continue
        if clause_kind(" ".join(head[:6])) != "noun-phrase":
            found.append(f"'enabling' before a verb form: '{match.group(0).strip()}'")
    dump = _DUMP.search(text)
    if dump:
        found.append(f"raw field dump: '{dump.group(0)}'")
    if fragment_without_verb(text):
        found.append(f"a fragment without a verb: '{text[:60]}'")
    found += _unit_twice(text, item, rules)
    found += _metric_twice(text, item)
    if statement.direction == "improved":
        opening = parse_statement(text, rules)
        if opening.kind == "vague":
            found.append(f"weak opening kept ({opening.opening_id}) for a measured improvement")
    invented = invented_numbers(text, item, statement.derived_numbers)
    if invented:
        found.append(f"numbers not in the row or the arithmetic: {sorted(invented)}")
    original = parse_statement(item.statement, rules)
    wanted = _content(original.obj)
    if wanted and not wanted & _content(text):
        found.append(f"the object of the original is gone (none of {sorted(wanted)})")
    return found


def _metric_twice(text: str, item: Achievement) -> list[str]:
    """The metric named twice in one sentence ("Worked on inference cost: inference cost per
    million requests rose …"): its first two words, or itself when it is one word (not a
    short one like 'cost', which a consequence may use on its own)."""
    words = (item.metric or "").lower().split()
    head = (
        " ".join(words[:2])
        if len(words) >= 2
        else (words[0] if words and len(words[0]) > 5 else "")
    )
    if head and len(re.findall(rf"(?<!\w){re.escape(head)}(?!\w)", text.lower())) > 1:
        return [f"the metric twice: '{head}'"]
    return []


def _unit_twice(text: str, item: Achievement, rules: RuleSet) -> list[str]:
    unit = (item.unit or "").strip()
    metric = (item.metric or "").lower()
    if not unit or is_percent_unit(unit):
        return []
    found = []
    lowered = text.lower()
    for period, words in rules.period_words.items():
        named = [w for w in words if w.lower() != period and w.lower() in metric]
        if unit.lower().endswith(period) and named and period in lowered:
            found.append(f"the period twice: '{named[0]}' in the metric and '{period}' after it")
    bare = re.sub(r"^[$€£¥]\s*", "", unit).strip()
    if (
        bare
        and not bare.startswith("per ")
        and _content(bare)
        and _content(bare) <= _content(metric)
    ):
        said = metric and metric in lowered  # "teams using the store from 0 teams to 4 teams"
        values = [format_number(v) for v in (item.baseline, item.result) if v is not None]
        pattern = "|".join(re.escape(v) for v in values)
        if said and values and re.search(rf"\b({pattern})\s*{re.escape(bare)}\b", text, re.I):
            found.append(f"the unit '{bare}' twice: the metric already names it")
    return found
