"""The meta-test: every sentence pattern and threshold in the documents' rule files carries
examples, and every example holds (proselint/sqlfluff style: the rule shows its own use)."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import BaseModel

from promopacket.assemble import ladder_for
from promopacket.assemble import rules as rule_files
from promopacket.assemble.readiness import (
    concern_clauses,
    overall_line,
    overall_rule,
    threshold_holds,
)
from promopacket.settings import Settings

RULES_DIR = Settings().rules_dir
FILES = {
    "packet.yaml": rule_files.PacketRules,
    "brief.yaml": rule_files.BriefRules,
    "decisions.yaml": rule_files.DecisionRules,
    "feedback.yaml": rule_files.FeedbackRules,
    "readiness.yaml": rule_files.ReadinessRules,
    "expectations.yaml": rule_files.ExpectationRules,
    "objections.yaml": rule_files.ObjectionRules,
}
# The ladder's own rules (signals, flags, plan…) live in the role profiles; tests/profiles/ runs
# every profile's examples, patterns and thresholds.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _walk(value, where):
    """(where, Pattern) for every pattern inside a loaded rules model."""
    if isinstance(value, rule_files.Pattern):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{where}[{i}]")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


PATTERNS = [
    pytest.param(pattern, id=where)
    for name, model in FILES.items()
    for where, pattern in _walk(rule_files.load(RULES_DIR, name, model), name)
]


def test_there_are_patterns_in_every_file():
    files = {p.id.split(".yaml")[0] for p in PATTERNS}
    assert files == {name.removesuffix(".yaml") for name in FILES}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_pattern_example_holds(pattern):
    assert pattern.examples  # the model refuses a pattern without one; this says why
    for example in pattern.examples:
        assert pattern(**example.values) == example.expect


@pytest.mark.parametrize("name", FILES)
def test_every_sentence_with_placeholders_is_a_pattern_with_examples(name):
    loaded = rule_files.load(RULES_DIR, name, FILES[name])
    texts = {p.text for _, p in _walk(loaded, name)}
    raw = yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8"))
    loose = [s for s in _strings(raw) if PLACEHOLDER.search(s) and s not in texts]
    # an example's expected text never has a placeholder left; anything else is a loose sentence
    assert not loose, f"{name}: sentences with placeholders outside a pattern: {loose}"


def test_signal_thresholds_hold_on_their_examples():
    rules = ladder_for(None, RULES_DIR).readiness  # the default profile's signals
    assert rules.signals
    for signal in rules.signals:
        for example in signal.examples:
            got = threshold_holds(signal.threshold, example.counts)
            assert got is example.holds, (signal.id, example.counts)


def test_concern_examples_find_the_managers_words():
    rules = rule_files.readiness(RULES_DIR).concerns
    for example in rules.examples:
        assert concern_clauses(example.key_points, rules) == example.concerns


def test_overall_rules_give_their_examples_and_each_is_reached():
    rules = rule_files.packet_wording(RULES_DIR)
    for example in rules.overall_examples:
        assert overall_line(rules.overall, example.facts) == example.expect
    reached = {overall_rule(rules.overall, e.facts).id for e in rules.overall_examples}
    assert reached == {rule.id for rule in rules.overall}


def test_the_committees_wording_holds_no_coaching():
    raw = (RULES_DIR / "packet.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("#"))
    for word in ("question", "prepare", "score", "premium senior", " I ", " my "):
        assert word not in body.casefold() if word.islower() else word not in body, word


def test_the_ladder_accessor_gives_every_ladder_file():
    ladder = ladder_for(None, RULES_DIR)
    assert ladder.level_name == "Lead" and len(ladder.levers) == 8
    assert set(ladder.plan.timelines) >= {"no conversation", "development plan", "not yet"}
    assert set(ladder.plan.horizon_days) == set(ladder.plan.timelines) - {"no conversation"}
    levers = {lever.casefold() for lever in ladder.levers}
    assert {b.casefold() for b in ladder.plan.lever_benefits} == levers
