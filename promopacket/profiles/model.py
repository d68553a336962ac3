"""A role profile: one ladder's competencies, levers, expectations, signals, archetypes,
objections, question wording, plan and timelines, level names and title rules, as a strict model.

Every rule that decides something carries its own examples (a title that picks the profile, a
row that counts as evidence); `loading.py` runs them when a profile is loaded, so a profile
whose examples fail is refused with a located error, never used.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from promopacket.core.contract import normalise_name
from promopacket.profiles import ladder_rules as doc_rules

# The profile a person gets when nothing else chooses one.
SHIPPED_DEFAULT = "ml-engineering"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, ignoring case ("ml" matches "ML Engineer", not "HTML")."""
    alternatives = "|".join(re.escape(w.strip()) for w in words if w.strip())
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)


class TitleExample(Strict):
    title: str
    chosen: bool = True  # False: a title that must NOT pick this profile


class Matching(Strict):
    """Which job titles pick this profile: a phrase from `words` in the target, else current title.

    When several profiles match one title, the highest priority wins (a specific ladder such as
    SRE outranks the general software ladder).
    """

    words: list[str] = Field(min_length=1)
    priority: int = 0
    examples: list[TitleExample] = Field(min_length=1)

    def matches(self, title: str | None) -> bool:
        return bool(title) and word_pattern(self.words).search(title) is not None


class LevelRule(Strict):
    name: str = Field(min_length=1)  # Lead, Staff, Principal, Manager…
    words: list[str] = Field(min_length=1)
    role: str = Field(min_length=1)  # how the documents name the role, e.g. "Staff engineer"
    # The level leads a team (Lead, Manager); otherwise it is an individual-contributor level
    # (Staff, Principal) and the documents never say the person "would lead the team".
    leads_team: bool = False


class LevelExample(Strict):
    target_title: str
    level: str


class Levels(Strict):
    """The level's name from the target title: the first rule whose words appear, else default."""

    rules: list[LevelRule] = Field(min_length=1)
    default: str
    examples: list[LevelExample] = Field(min_length=1)

    def rule_for(self, target_title: str | None) -> LevelRule:
        for rule in self.rules:
            if target_title and word_pattern(rule.words).search(target_title):
                return rule
        return next(r for r in self.rules if r.name == self.default)


class ExampleRow(Strict):
    """An achievement row as far as evidence matching reads it."""

    statement: str
    project: str = ""
    competency: str | None = None
    lever: str | None = None
    outcome: str | None = None
    scope: str | None = None


class MatchExample(Strict):
    row: ExampleRow
    matches: bool = True


# The ladder-specific parts of the documents' rules, in the documents' own shapes
# (promopacket/assemble/rules.py); a profile adds the examples that show each matcher at work.


class Expectation(doc_rules.Expectation):
    description: str = ""
    # The levels this expectation applies to (empty: every level of the ladder).
    levels: list[str] = Field(default_factory=list)
    examples: list[MatchExample] = Field(min_length=1)


class Archetype(doc_rules.Archetype):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    examples: list[MatchExample] = Field(min_length=1)


class Objection(doc_rules.Objection):
    # Raised only for people with fewer months in role (or unknown tenure), e.g. "too early?".
    max_tenure_months: int | None = None
    examples: list[MatchExample] = Field(default_factory=list)


FlagCheck = Literal[
    "many_small", "no_leverage", "unmeasured_leadership", "worsened", "competencies_absent"
]


class Flag(doc_rules.Flag):
    check: dict[FlagCheck, dict | bool | list[str]]


class Plan(doc_rules.RuleModel):
    """What each lever gives the team, unmeasured work worth a highlight, what to hand over,
    checkpoints and timelines by meeting outcome (the documents' LadderRules, minus the level,
    which comes from the person's target title)."""

    lever_benefits: dict[str, str]
    highlight_unmeasured: doc_rules.HighlightRule
    delegation: doc_rules.Delegation
    horizon_days: dict[str, int]
    timelines: dict[str, list[doc_rules.Phase]]


class Questions(Strict):
    """The question asked of an entry without a metric, by its competency or lever."""

    by_competency: dict[str, str] = Field(default_factory=dict)
    by_lever: dict[str, str] = Field(default_factory=dict)


class StarterPerson(Strict):
    current_title: str
    target_title: str
    team: str
    mission: str = ""
    priorities: str = ""


class StarterAchievement(Strict):
    period: str
    project: str
    statement: str
    competency: str | None = None
    lever: str | None = None
    metric: str | None = None
    baseline: float | None = None
    result: float | None = None
    unit: str | None = None
    better: Literal["higher", "lower"] | None = None
    outcome: str | None = None
    scope: str | None = None


class StarterFeedback(Strict):
    """An example Feedback row, written for the ladder (its expectation: an id of the profile)."""

    from_name: str
    from_role: str | None = None
    relationship: Literal["peer", "stakeholder", "report", "manager", "skip-level"]
    date: dt.date
    quote: str
    expectation: str | None = None


class Starter(Strict):
    """Example rows for `promopacket init --profile NAME`: two people, one achievement each,
    and one quote each (Feedback) when given."""

    people: list[StarterPerson] = Field(min_length=2, max_length=2)
    achievements: list[StarterAchievement] = Field(min_length=2, max_length=2)
    feedback: list[StarterFeedback] = Field(default_factory=list, max_length=2)


class Profile(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    match: Matching
    levels: Levels
    competencies: list[Named] = Field(min_length=1)
    levers: list[Named] = Field(min_length=1)
    expectations: list[Expectation] = Field(min_length=1)
    leverage_levers: list[str] = Field(min_length=1)
    signals: list[doc_rules.Signal] = Field(min_length=1)
    flags: list[Flag] = Field(default_factory=list)
    archetypes: list[Archetype] = Field(min_length=1)
    objections: list[Objection] = Field(min_length=1)
    questions: Questions = Field(default_factory=Questions)
    plan: Plan
    starter: Starter | None = None

    @model_validator(mode="after")
    def _starter_expectations(self):
        ids = {normalise_name(e.id) for e in self.expectations}
        for i, row in enumerate(self.starter.feedback if self.starter else []):
            if row.expectation and normalise_name(row.expectation) not in ids:
                raise ValueError(
                    f"starter.feedback[{i}]: expectation '{row.expectation}' is not an "
                    "expectation id of this profile"
                )
        return self

    @field_validator("competencies", "levers", "archetypes")
    @classmethod
    def _unique_names(cls, items):
        _no_duplicates([i.name for i in items], "name")
        return items

    @field_validator("expectations", "signals", "flags")
    @classmethod
    def _unique_ids(cls, items):
        _no_duplicates([i.id for i in items], "id")
        return items

    @cached_property
    def competency_names(self) -> list[str]:
        return [c.name for c in self.competencies]

    @cached_property
    def lever_names(self) -> list[str]:
        return [lever.name for lever in self.levers]

    @cached_property
    def archetype_names(self) -> list[str]:
        return [a.name for a in self.archetypes]

    def vocabulary(self, name: str) -> list[str]:
        """The profile's allowed values for a People/Achievements column."""
        return {
            "competency": self.competency_names,
            "lever": self.lever_names,
            "archetype": self.archetype_names,
            "expectation": [e.label for e in self.expectations],  # Feedback.expectation
        }[name]

    def level(self, target_title: str | None) -> LevelRule:
        return self.levels.rule_for(target_title)

    def expectations_for(self, level: str) -> list[Expectation]:
        return [e for e in self.expectations if not e.levels or level in e.levels]


def _no_duplicates(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        key = normalise_name(name)
        if key in seen:
            raise ValueError(f"duplicate {what} '{name}'")
        seen.add(key)
