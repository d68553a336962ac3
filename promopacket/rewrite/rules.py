"""Rewrite rules as data: a closed set of rule kinds in strict pydantic models.

Kinds: weak_phrases, strong_verbs, verbs (by kind of change), absolute_metrics, verb_upgrades,
connectors, templates, questions. Loading and merging live in `loading.py`.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Has = Literal["metric", "baseline", "result", "outcome", "unit", "better", "scope"]
Direction = Literal["improved", "worsened", "unchanged", "unknown"]
ChangeKind = Literal["percent", "points", "absolute", "multiple", "from_to"]

# What a template may say. Every number a template prints comes through one of these.
PLACEHOLDERS = frozenset(
    {
        "verb",
        "metric",
        "metric_cap",
        "amount",
        "before",
        "after",
        "consequence",
        "statement",
        "scope_phrase",
        "moved",
        "better",
    }
)
_DIGIT = re.compile(r"\d")


class RulesError(ValueError):
    """A rules file that cannot be used, located by file, rule id and field."""

    def __init__(self, file: Path | str, rule_id: str | None, field: str | None, message: str):
        self.file, self.rule_id, self.field = str(file), rule_id, field
        where = ", ".join(
            x
            for x in (
                f"rule '{rule_id}'" if rule_id else None,
                f"field '{field}'" if field else None,
            )
            if x
        )
        super().__init__(f"{file}: {where + ': ' if where else ''}{message}")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return value


def _no_digits(value: str) -> str:
    """Literal rule text never carries a number: numbers come only from the row."""
    literal = "".join(part[0] for part in string.Formatter().parse(value))
    if _DIGIT.search(literal):
        raise ValueError("rule text must not contain digits; numbers come from the row")
    return value


class Example(Rule):
    row: dict[str, Any]
    expect: str


class WeakPhrase(Rule):
    id: str
    pattern: str
    examples: list[str] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))


class Verbs(Rule):
    """The verb a measured change earns, by direction of the better value."""

    lower: str
    higher: str
    higher_quality: str
    quality_words: list[str] = Field(default_factory=list)


class When(Rule):
    has: list[Has] = Field(default_factory=list)
    lacks: list[Has] = Field(default_factory=list)
    direction: list[Direction] | None = None
    change: list[ChangeKind] | None = None
    metric_like: list[str] | None = None  # the metric name contains one of these words

    @field_validator("direction", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Template(Rule):
    id: str
    when: When
    template: str
    review: str | None = None
    needs_metric: bool = False
    examples: list[Example] = Field(default_factory=list)

    @field_validator("template")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        unknown = sorted(names - PLACEHOLDERS)
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}}; use one of {sorted(PLACEHOLDERS)}"
            )
        return _no_digits(value)


class UpgradeWhen(Rule):
    lever: list[str] | None = None
    competency: list[str] | None = None


class VerbUpgrade(Rule):
    """A weak opening replaced by a stronger verb, only when a fact of the row supports it."""

    id: str
    pattern: str
    when: UpgradeWhen = Field(default_factory=UpgradeWhen)
    replace: str
    examples: list[Example] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))
    _literal = field_validator("replace")(lambda cls, v: _no_digits(v))


class Connector(Rule):
    """How an outcome joins the sentence: ', enabling …', ', so …'. First match wins."""

    id: str
    pattern: str
    format: str
    examples: list[Example] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))
    _literal = field_validator("format")(lambda cls, v: _no_digits(v))


class Questions(Rule):
    by_word: dict[str, str] = Field(default_factory=dict)
    by_competency: dict[str, str] = Field(default_factory=dict)
    by_lever: dict[str, str] = Field(default_factory=dict)
    no_consequence: str
    default: str


class RuleSet(Rule):
    weak_phrases: list[WeakPhrase]
    strong_verbs: list[str]
    subjects: list[str] = Field(default_factory=list)  # "I led …": the verb is the next word
    verbs: Verbs
    absolute_metrics: list[str] = Field(default_factory=list)
    verb_upgrades: list[VerbUpgrade] = Field(default_factory=list)
    connectors: list[Connector]
    templates: list[Template]
    questions: Questions

    def weak_matches(self, text: str) -> list[str]:
        return [w.id for w in self.weak_phrases if re.search(w.pattern, text, re.IGNORECASE)]

    def is_absolute(self, metric: str) -> bool:
        """Bounded scores (AUC, NDCG…) change by an absolute amount, not a relative percent."""
        name = metric.lower()
        return any(word.lower() in name for word in self.absolute_metrics)


class RuleSetPatch(Rule):
    """A user rules file: any subset of the kinds, validated on its own before merging."""

    weak_phrases: list[WeakPhrase] | None = None
    strong_verbs: list[str] | None = None
    subjects: list[str] | None = None
    verbs: dict[str, Any] | None = None
    absolute_metrics: list[str] | None = None
    verb_upgrades: list[VerbUpgrade] | None = None
    connectors: list[Connector] | None = None
    templates: list[Template] | None = None
    questions: dict[str, Any] | None = None
