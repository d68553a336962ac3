"""The shapes a role profile's ladder content is written in: patterns with examples, matchers
(levers, competencies, keywords), thresholds, and how an entry matches a matcher. The documents'
rule files (assemble.rules) build on them; a profile (profiles.model) is made of them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from promopacket.core.contract import normalise_name


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Example(RuleModel):
    values: dict[str, Any] = Field(default_factory=dict)
    expect: str


class Pattern(RuleModel):
    """A sentence with {placeholders}, filled only with the person's rows or counts of them."""

    text: str
    examples: list[Example] = Field(min_length=1)

    def __call__(self, **values: Any) -> str:
        return self.text.format(**values)


class Matcher(RuleModel):
    """What in a row counts as evidence: its lever, its competency, or a keyword in its text."""

    levers: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class Expectation(Matcher):
    id: str
    label: str
    # Words in a manager's stated concern that point at this expectation.
    concerns: list[str] = Field(default_factory=list)


class Threshold(RuleModel):
    """When a signal holds: matching entries, strong ones among them, or a share measured."""

    entries: int = 0
    strong: int = 0
    improved_share: float | None = Field(default=None, ge=0, le=1)


class ThresholdExample(RuleModel):
    counts: dict[str, int]  # count, strong, improved, total
    holds: bool


class Signal(Matcher):
    id: str
    threshold: Threshold
    concerns: list[str] = Field(default_factory=list)
    signal: Pattern
    gap: Pattern
    examples: list[ThresholdExample] = Field(min_length=1)


class Archetype(Matcher):
    reason: str


class Flag(RuleModel):
    id: str
    check: dict
    text: Pattern


class Objection(Matcher):
    objection: str
    stance: str
    compensation: bool = False


class Phase(RuleModel):
    phase: str
    duration: str


class Delegation(Matcher):
    max_items: int = Field(default=3, ge=1)
    text: Pattern
    handover: Pattern


class HighlightRule(Matcher):
    """Unmeasured entries strong enough to be an impact highlight (end-to-end ownership)."""

    min_score: int


# --- matching an entry, and a threshold on counts (the documents and the profile checks) ---


def in_names(value: str | None, names: list[str]) -> bool:
    return bool(value) and normalise_name(value) in {normalise_name(n) for n in names}


def lever_of(ev) -> str | None:
    """The row's lever as evidence: none for an entry the person only took part in ('Helped
    with …', no role granting ownership) — taking part is not leading through others."""
    statement = getattr(ev, "statement", None)
    return None if getattr(statement, "participation", False) else ev.achievement.lever


def matches(matcher: Matcher, ev) -> bool:
    """A row is evidence for a matcher by its lever, its competency or a keyword in its words."""
    item = ev.achievement
    if in_names(lever_of(ev), matcher.levers) or in_names(item.competency, matcher.competencies):
        return True
    words = " ".join(x for x in (item.statement, item.project, item.outcome, item.scope) if x)
    words = words.casefold()
    return any(k.casefold() in words for k in matcher.keywords)


def threshold_holds(threshold: Threshold, counts: dict[str, int]) -> bool:
    """The signal's threshold on counts: count, strong, improved, total."""
    if counts.get("count", 0) < threshold.entries or counts.get("strong", 0) < threshold.strong:
        return False
    if threshold.improved_share is not None:
        total = counts.get("total", 0)
        return total > 0 and counts.get("improved", 0) / total >= threshold.improved_share
    return True
