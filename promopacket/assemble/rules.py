"""The documents' rule files under templates/rules/, loaded and validated once per file version.

Every sentence the packet or the brief writes is a `Pattern` (a text with {placeholders}) and
every threshold carries examples; tests/test_document_rules.py checks each example, so a rule
without one does not load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from promopacket.core.rulefiles import RuleFileError, load_rule_file

# The shapes a profile's ladder content is written in live with the profiles; the documents'
# own rule files build on them.
from promopacket.profiles.ladder_rules import (  # noqa: F401  (re-exported)
    Archetype,
    Delegation,
    Example,
    Expectation,
    Flag,
    HighlightRule,
    Matcher,
    Objection,
    Pattern,
    Phase,
    RuleModel,
    Signal,
    Threshold,
    ThresholdExample,
)

# --- expectations.yaml ------------------------------------------------------------------------


class ExpectationRules(RuleModel):
    best: int = Field(ge=1, le=3)
    # expectations one entry is cited under, at most (the most constrained expectation first)
    max_per_entry: int = Field(default=2, ge=1)
    not_shown: str
    concern_note: Pattern
    # the cell when every entry that shows the expectation is cited under max_per_entry others
    cited_elsewhere: Pattern
    expectations: list[Expectation] = Field(default_factory=list)  # from the person's profile


# --- readiness.yaml ---------------------------------------------------------------------------


class ConcernExample(RuleModel):
    key_points: str
    concerns: list[str]


class ConcernRules(RuleModel):
    """How a manager's concerns are found in Meetings notes: every clause not recognised as
    praise or an agreement (assemble/concerns.py)."""

    separators: list[str]  # key_points → clauses
    column_separators: list[str] = Field(default_factory=lambda: [";", "\n"])  # the concerns column
    praise: list[str]  # a short clause holding one of these words and no doubt is praise
    praise_max_words: int = Field(default=10, ge=1)
    doubts: list[str]  # a clause holding one of these words is never praise nor an agreement
    agreements: list[str] = Field(default_factory=list)  # whole-clause patterns, if no doubt
    status: list[str] = Field(default_factory=list)  # whole-clause patterns, always neutral
    shown_as: Pattern
    examples: list[ConcernExample] = Field(min_length=1)


class ReadinessRules(RuleModel):
    strong_score: int
    # An entry scoring less (or a worsened or unchanged result) never counts as evidence:
    # coverage, levers, reach, signals, objections (assemble/model.py).
    evidence_score: int = Field(default=40, ge=0, le=100)
    concerns: ConcernRules
    archetype_text: dict[str, Pattern]
    # The ladder's own: from the person's role profile (templates/rules/profiles/).
    leverage_levers: list[str] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    archetypes: dict[str, Archetype] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)


# --- objections.yaml --------------------------------------------------------------------------


class ObjectionRules(RuleModel):
    objections: list[Objection] = Field(default_factory=list)  # from the person's profile
    max_evidence: int = Field(ge=1)
    cite: Pattern
    no_evidence: str
    concern_objection: Pattern
    concern_stance: str
    concern_commitments: Pattern
    compensation_answer: str
    compensation_off: str


# --- a profile's plan (templates/rules/profiles/<name>.yaml) ---------------------------------


class LadderRules(RuleModel):
    level_name: str
    lever_benefits: dict[str, str]
    highlight_unmeasured: HighlightRule
    delegation: Delegation
    horizon_days: dict[str, int]
    timelines: dict[str, list[Phase]]


# --- packet.yaml and brief.yaml (wording only; nothing ladder-specific) ----------------------


class OverallRule(RuleModel):
    id: str
    when: dict[str, Any] = Field(default_factory=dict)
    text: Pattern


class OverallExample(RuleModel):
    facts: dict[str, Any]
    expect: str


class PacketRules(RuleModel):
    highlights: int = Field(ge=1, le=5)
    # how often one entry's baseline → result pair is printed in a packet, at most
    max_pair_mentions: int = Field(default=3, ge=2)
    patterns: dict[str, Pattern]
    words: dict[str, str]
    overall: list[OverallRule]
    overall_examples: list[OverallExample] = Field(min_length=1)


class BriefRules(RuleModel):
    patterns: dict[str, Pattern]
    words: dict[str, str]


class DecisionRules(RuleModel):
    """decisions.yaml: the previous-cycle line, the brief's section, the decision letter."""

    patterns: dict[str, Pattern]
    words: dict[str, str]


class FeedbackRules(RuleModel):
    """feedback.yaml: how the packet chooses and shows attributed quotes, and the brief's list."""

    packet_quotes: int = Field(default=3, ge=0, le=3)
    packet_chars: int = Field(default=280, ge=40)
    relationships: list[str] = Field(min_length=1)  # the order within a tier
    beyond_team: list[str] = Field(default_factory=list)  # quotes that speak for reach
    patterns: dict[str, Pattern]
    words: dict[str, str]


# One loader and one error format for every rule file (core.rulefiles).
RulesFileError = RuleFileError


def load(rules_dir: Path, name: str, model: type[BaseModel] | None = None):
    """templates/rules/<name>, validated with model (or the raw mapping when model is None)."""
    return load_rule_file(Path(rules_dir) / name, model)


def expectations(rules_dir: Path) -> ExpectationRules:
    return load(rules_dir, "expectations.yaml", ExpectationRules)


def readiness(rules_dir: Path) -> ReadinessRules:
    return load(rules_dir, "readiness.yaml", ReadinessRules)


def objections(rules_dir: Path) -> ObjectionRules:
    return load(rules_dir, "objections.yaml", ObjectionRules)


def packet_wording(rules_dir: Path) -> PacketRules:
    return load(rules_dir, "packet.yaml", PacketRules)


def brief_wording(rules_dir: Path) -> BriefRules:
    return load(rules_dir, "brief.yaml", BriefRules)


def decision_wording(rules_dir: Path) -> DecisionRules:
    return load(rules_dir, "decisions.yaml", DecisionRules)


def feedback_wording(rules_dir: Path) -> FeedbackRules:
    return load(rules_dir, "feedback.yaml", FeedbackRules)


def compensation(rules_dir: Path) -> dict:
    return load(rules_dir, "compensation.yaml")


def vocabulary(rules_dir: Path, name: str) -> list[str]:
    return list(load(rules_dir, "vocabularies.yaml").get(name) or [])
