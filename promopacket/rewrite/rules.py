"""Rewrite rules as data: a closed set of rule kinds in strict pydantic models.

Kinds: weak_phrases, strong_verbs, subjects, verbs (by kind of change), absolute_metrics,
tidy, openings (how a person's sentence starts), ownership (verbs the role column grants),
partial_credit, verb_upgrades,
connectors (joins by grammatical kind), scope, period_words, templates, questions. Loading and
merging live in `loading.py`; the statement model that uses them in `statement.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from promopacket.core.rulefiles import RuleFileError
from promopacket.core.sentence_template import literal_text, placeholders

Has = Literal["metric", "baseline", "result", "outcome", "unit", "better", "scope"]
Direction = Literal["improved", "worsened", "unchanged", "unknown"]
ChangeKind = Literal["percent", "points", "absolute", "multiple", "from_to"]
# How the person's own words can carry a measured change (statement.py):
#   own: their verb and object ("Rebuilt the batch scoring job"); supported: a weak opening
#   replaced by a verb a fact supports; same: their verb already states the metric's change
#   ("Reduced p99 latency on the serving path"); contribution: a weak opening with no fact for
#   ownership ("Contributed to …"); none: no verb and object found in the words.
#   partial: a participation opening with no role that grants ownership, or role contributed or
#   supported: the person's part in the change ("Helped reduce …", `partial_credit`).
ActionKind = Literal["own", "supported", "same", "contribution", "partial", "none"]
# How a single value joins the action (statement.py): predicate ("adopted by"), participle
# ("notebooks migrated"), stated (the words already hold the number), plain.
ValueKind = Literal[
    "predicate", "participle", "participle-same-verb", "counted", "stated", "named", "plain"
]
Grammar = Literal["gerund", "adverb-gerund", "finite-clause", "noun-phrase"]

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
        "action",
        "change",
        "verb_lower",
        "verb_ing",
        "count",
        "counted",
        "noun",
        "participle_ing",
        "participle_past",
        "work",
    }
)
_DIGIT = re.compile(r"\d")


class RulesError(RuleFileError):
    """A rules file that cannot be used, located by file, line, rule id and field; `lines`
    holds every error of the file (the attributes describe the first)."""

    def __init__(
        self,
        file: Path | str,
        rule_id: str | None,
        field: str | None,
        message: str,
        line: int | None = None,
        more: Sequence[str] = (),
    ):
        self.file, self.rule_id, self.field = str(file), rule_id, field
        where = ", ".join(
            x
            for x in (
                f"rule '{rule_id}'" if rule_id else None,
                f"field '{field}'" if field else None,
            )
            if x
        )
        head = f"{file}:{line}" if line else f"{file}"
        super().__init__([f"{head}: {where + ': ' if where else ''}{message}", *more])


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
    literal = literal_text(value)
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
    # A quality named for what is good but measured as a lag (index freshness in hours): lower
    # is better, and the change is "Improved … from X to Y", never "Reduced freshness".
    lower_quality: str = "Improved"
    lag_quality_words: list[str] = Field(default_factory=list)
    lag_words: list[str] = Field(default_factory=list)
    # The person's own verb already states the change ("Reduced p99 latency …"): lemmas.
    change_lemmas: list[str] = Field(default_factory=list)
    # Of those, the ones that say which way the value went: "Reduced GPU hours per run" with no
    # better direction given still reads "… from 40 to 25" when the value fell.
    falling_lemmas: list[str] = Field(default_factory=list)
    rising_lemmas: list[str] = Field(default_factory=list)


class When(Rule):
    has: list[Has] = Field(default_factory=list)
    lacks: list[Has] = Field(default_factory=list)
    # one direction or a list of them (the JSON Schema says so too: editors accept both)
    direction: list[Direction] | None = Field(
        default=None,
        json_schema_extra=lambda s: s["anyOf"].insert(0, {"enum": list(Direction.__args__)}),
    )
    change: list[ChangeKind] | None = None
    metric_like: list[str] | None = None  # the metric name contains one of these words
    action: list[ActionKind] | None = None
    value: list[ValueKind] | None = None

    @field_validator("direction", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Template(Rule):
    id: str
    # The rule in plain words, as the brief names it ("your part in the measured change"):
    # readers never see a rule id.
    label: str = "a rewrite rule"
    when: When
    template: str
    review: str | None = None
    needs_metric: bool = False
    examples: list[Example] = Field(default_factory=list)

    @field_validator("template")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        names = set(placeholders(value))
        unknown = sorted(names - PLACEHOLDERS)
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}}; use one of {sorted(PLACEHOLDERS)}"
            )
        return _no_digits(value)


class RoleWhen(Rule):
    """Credit follows the person's words and the `role` column: no lever, ever."""

    role: list[str] = Field(min_length=1)
    competency: list[str] | None = None


class VerbUpgrade(Rule):
    """A weak opening replaced by a stronger verb, only when the role column grants it."""

    id: str
    pattern: str
    when: RoleWhen
    replace: str
    examples: list[Example] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))
    _literal = field_validator("replace")(lambda cls, v: _no_digits(v))


class Connector(Rule):
    """How an outcome joins the sentence: ', enabling …', ', so …'. First match wins.

    `pattern` (a regular expression) and `grammar` (the outcome's grammatical kind, read with
    lemminflect in grammar.py) must both hold when given.
    """

    id: str
    pattern: str = "."
    grammar: list[Grammar] | None = None
    format: str
    examples: list[Example] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))
    _literal = field_validator("format")(lambda cls, v: _no_digits(v))


class OpeningExample(Rule):
    text: str
    kind: Literal["vague", "contribution", "enabling", "attempt"]
    object: str
    verb: str | None = None


class Opening(Rule):
    """How a person's sentence starts: a weak phrase, what follows it (object, verb, who).

    kind: vague ("Worked on"), contribution ("Contributed to": honest partial credit),
    attempt ("Tried to"). Groups: object (required), verb (a bare verb: "Helped cut …"),
    who ("Helped ML team with …"). `verb_required`: the verb group must be a bare verb.
    """

    id: str
    pattern: str
    kind: Literal["vague", "contribution", "enabling", "attempt"]
    verb_required: bool = False
    examples: list[OpeningExample] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _has_object(cls, value: str) -> str:
        _regex(value)
        if "(?P<object>" not in value:
            raise ValueError("an opening pattern needs an (?P<object>…) group")
        return value


class OwnershipExample(Rule):
    row: dict[str, Any]
    expect: str  # the action phrase


class Ownership(Rule):
    """A verb that replaces a participation opening when the row's role says it was theirs."""

    id: str
    when: RoleWhen
    verb: str
    examples: list[OwnershipExample] = Field(default_factory=list)

    _literal = field_validator("verb")(lambda cls, v: _no_digits(v))


class PartialCredit(Rule):
    """The person's part in a measured change they did not own: 'Helped reduce … in <work>'."""

    helped: str = "Helped {verb}"
    contributed: str = "Contributed to {verb_ing}"
    contributed_openings: list[str] = Field(default_factory=list)
    contributed_roles: list[str] = Field(default_factory=list)
    activity: str = " through {work}"
    system: str = " in {work}"
    people: str = " for {work}"
    bare: str = " through work on {work}"  # an object written without an article
    # A statement written without a verb ("Data pipeline improvements") opens with the least
    # it can claim, then reads like any participation opening.
    fragment: str = "Worked on {words}"
    fragment_adjective: str = "Was {words}"  # "Responsible for …" → "Was responsible for …"
    activity_words: list[str] = Field(default_factory=list)
    group_words: list[str] = Field(default_factory=list)

    _literal = field_validator(
        "helped",
        "contributed",
        "activity",
        "system",
        "people",
        "bare",
        "fragment",
        "fragment_adjective",
    )(lambda cls, v: _no_digits(v))


class TidyExample(Rule):
    text: str
    expect: str


class Tidy(Rule):
    """An informal abbreviation or a common typo, put right before the words are read."""

    id: str
    pattern: str
    replace: str
    examples: list[TidyExample] = Field(default_factory=list)

    _check = field_validator("pattern")(lambda cls, v: _regex(v))

    @field_validator("replace")
    @classmethod
    def _no_literal_digits(cls, value: str) -> str:
        _no_digits(re.sub(r"\\\d", "", value))  # a group reference (\1) is not a number
        return value


class ScopeJoins(Rule):
    """How a scope joins: ' across 3 teams', ' for the fraud team', ' org-wide'."""

    plural: str = " across {scope}"
    singular: str = " for {scope}"
    as_written: str = " {scope}"
    as_written_words: list[str] = Field(default_factory=list)  # scope starting so joins as is


def _change_phrase(value: str) -> str:
    names = set(placeholders(value))
    unknown = sorted(names - {"amount", "before", "after"})
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; use amount, before, after")
    return _no_digits(value)


class Changes(Rule):
    """How a measured change reads, by its kind ({change} in templates)."""

    percent: str = "by {amount} ({before} → {after})"
    points: str = "by {amount} ({before} → {after})"
    absolute: str = "by {amount} ({before} → {after})"
    multiple: str = "{amount} ({before} → {after})"
    from_to: str = "from {before} to {after}"
    lag_quality: str = "from {before} to {after}"

    _check = field_validator("*")(lambda cls, v: _change_phrase(v))


class Questions(Rule):
    by_word: dict[str, str] = Field(default_factory=dict)
    by_competency: dict[str, str] = Field(default_factory=dict)
    by_lever: dict[str, str] = Field(default_factory=dict)
    no_consequence: str
    no_consequence_unnamed: str = "What did this work make possible for the team or the business?"
    default: str
    # Every other question asks for a figure the row already gives ("for 25 analysts").
    no_figure_needed: str = (
        "What changed for them because of this work, and what could they not do before?"
    )
    # The statement's verb claims more than the person wrote ("Worked on" → "Owned").
    confirm_part: str = (
        "You wrote “{original}”; the statement now opens with “{verb}”. Is that your part as "
        "your team would describe it? If not, set the role column to contributed or supported."
    )


class RuleSet(Rule):
    tidy: list[Tidy] = Field(default_factory=list)
    weak_phrases: list[WeakPhrase]
    strong_verbs: list[str]
    subjects: list[str] = Field(default_factory=list)  # "I led …": the verb is the next word
    verbs: Verbs
    absolute_metrics: list[str] = Field(default_factory=list)
    openings: list[Opening] = Field(default_factory=list)
    ownership_verbs: list[str] = Field(default_factory=list)
    ownership: list[Ownership] = Field(default_factory=list)
    partial_credit: PartialCredit = Field(default_factory=PartialCredit)
    verb_upgrades: list[VerbUpgrade] = Field(default_factory=list)
    connectors: list[Connector]
    scope: ScopeJoins = Field(default_factory=ScopeJoins)
    # A unit's trailing period ("$ per year") is dropped when the metric already names it.
    period_words: dict[str, list[str]] = Field(default_factory=dict)
    changes: Changes = Field(default_factory=lambda: Changes())
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

    tidy: list[Tidy] | None = None
    weak_phrases: list[WeakPhrase] | None = None
    strong_verbs: list[str] | None = None
    subjects: list[str] | None = None
    verbs: dict[str, Any] | None = None
    absolute_metrics: list[str] | None = None
    openings: list[Opening] | None = None
    ownership_verbs: list[str] | None = None
    ownership: list[Ownership] | None = None
    partial_credit: dict[str, Any] | None = None
    verb_upgrades: list[VerbUpgrade] | None = None
    connectors: list[Connector] | None = None
    scope: dict[str, Any] | None = None
    period_words: dict[str, list[str]] | None = None
    changes: dict[str, Any] | None = None
    templates: list[Template] | None = None
    questions: dict[str, Any] | None = None
