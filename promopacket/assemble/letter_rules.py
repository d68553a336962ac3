"""templates/rules/letters.yaml as typed rules: every sentence a follow-up letter is made of."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from promopacket.assemble.rules import RuleModel, load
from promopacket.core.sentence_template import (  # noqa: F401  (re-exported for the letter)
    DETERMINERS,
    check,
    fill,
    placeholders,
)

Outcome = Literal["development plan", "not yet", "needed here now", "vague"]
# A sentence template ({name} or {name:filter}), checked when the file loads.
Template = Annotated[str, AfterValidator(check)]


def _check_variants(sentence: str | list[str]) -> str | list[str]:
    for text in [sentence] if isinstance(sentence, str) else sentence:
        check(text)
    return sentence


# A sentence, or variants of one: the first whose placeholders are all known is used.
Sentence = Annotated[str | list[str], AfterValidator(_check_variants)]

NAME_SLOTS = ("{candidate}", "{recipient}")


def variants(sentence: Sentence) -> list[str]:
    return [sentence] if isinstance(sentence, str) else list(sentence)


class NoteExample(RuleModel):
    note: str
    expect: str
    candidate: str = "Chen Li"
    recipient: str = "Marcus Webb"
    earlier_with: str | None = None  # a commitment restated to someone other than its recipient


class NoteRule(RuleModel):
    """One way a meeting note is said in a letter: a whole-clause pattern and its sentence."""

    id: str
    kind: Literal["strength", "concern", "dependency", "opening", "status", "horizon", "other"] = (
        "other"
    )
    pattern: str
    sentence: Sentence  # "" when the next step says it (a horizon)
    examples: list[NoteExample] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value.replace("{candidate}", "x").replace("{recipient}", "y"))
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value

    def regex(self, candidate: str, recipient: str) -> re.Pattern:
        return _compile(self.pattern, candidate, recipient)


@lru_cache(maxsize=4096)
def _compile(pattern: str, candidate: str, recipient: str) -> re.Pattern:
    text = pattern.replace("{candidate}", candidate).replace("{recipient}", recipient)
    return re.compile(text, re.IGNORECASE)


class GreetingExample(RuleModel):
    with_name: str
    greeting: str | None = None
    expect: str


class GreetingRules(RuleModel):
    honorifics: list[str]
    examples: list[GreetingExample] = Field(min_length=1)


class EarlierExample(RuleModel):
    same: bool
    earlier_date: str
    earlier_with: str | None = None
    expect: str


class EarlierRules(RuleModel):
    same: Template
    other: Template
    examples: list[EarlierExample] = Field(min_length=1)


class AchievementExample(RuleModel):
    text: str
    expect: str
    seed: str | None = None  # person_id + meeting date; None: the first phrasing


class AchievementRules(RuleModel):
    sentence: Sentence
    # More phrasings of the same sentence: a letter uses one chosen by a stable hash of the
    # person and the meeting, so letters vary between people and meetings, never between runs.
    alternatives: list[Sentence] = Field(default_factory=list)
    examples: list[AchievementExample] = Field(min_length=1)

    def phrasings(self) -> list[Sentence]:
        return [self.sentence, *self.alternatives]


class Topic(RuleModel):
    id: str
    words: list[str]
    levers: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=1)


class RelevanceRules(RuleModel):
    ignore: list[str] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)


class HorizonExample(RuleModel):
    text: str
    meeting: dt.date
    expect: dt.date
    phrase: str


class HorizonRule(RuleModel):
    """A date a note gives ("in 6 months", "until March", "mid-2027") for the next step."""

    id: str
    pattern: str
    phrase: Template
    months: int | None = Field(default=None, ge=1)  # a fixed horizon ("next quarter")
    until: Literal["year_end", "next_year"] | None = None  # 31 December, or 1 January after
    edge: Literal["start", "end"] = "end"  # a named month or season: its start or its end
    examples: list[HorizonExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> HorizonRule:
        groups = set(re.compile(self.pattern).groupindex)
        kinds = [
            bool(self.months),
            bool(self.until),
            "count" in groups,
            "quarter" in groups,
            "month" in groups,
            "season" in groups,
            "part" in groups,
        ]
        if sum(kinds) != 1 or ("count" in groups) != ("unit" in groups):
            raise ValueError(
                "a horizon is one of: months, until, (?P<count>)+(?P<unit>), (?P<quarter>), "
                "(?P<month>), (?P<season>) or (?P<part>)+(?P<year>)"
            )
        if "part" in groups and "year" not in groups:
            raise ValueError("(?P<part>) needs (?P<year>)")
        return self

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class QuotedRules(RuleModel):
    """A clause no rule restates, quoted word for word ({clause})."""

    concern: Template
    concern_more: Template
    other_first: Template
    other: Template


class OutcomeMeeting(RuleModel):
    date: dt.date
    key_points: str
    commitments: str | None = None
    follow_up_date: dt.date | None = None


class OutcomeExpect(RuleModel):
    subject: str | None = None
    next_step: str
    follow_up_date: dt.date


class OutcomeExample(RuleModel):
    meeting: OutcomeMeeting
    expect: OutcomeExpect


class OutcomeRules(RuleModel):
    subject: Sentence
    thanks: Sentence
    # More phrasings of the opening: a letter uses one chosen by a stable hash of the person and
    # the meeting (like the achievement sentence), so letters do not all open alike.
    thanks_alternatives: list[Sentence] = Field(default_factory=list)
    next_step: list[Sentence]
    closing: Sentence
    propose_after_days: int = Field(default=14, ge=1)
    checkpoint_after_months: int | None = Field(default=None, ge=1)
    default_horizon_months: int | None = Field(default=None, ge=1)
    follow_up: Literal["propose_date", "checkpoint_date", "horizon_date"] = "propose_date"
    examples: list[OutcomeExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_known(self) -> OutcomeRules:
        if self.follow_up == "checkpoint_date" and not self.checkpoint_after_months:
            raise ValueError("follow_up: checkpoint_date needs checkpoint_after_months")
        if self.follow_up == "horizon_date" and not self.default_horizon_months:
            raise ValueError("follow_up: horizon_date needs default_horizon_months")
        return self

    def sentences(self) -> list[str]:
        """Every variant of every sentence of this outcome (for checks and the meta-test)."""
        out = []
        for sentence in (self.subject, *self.openings(), *self.next_step, self.closing):
            out.extend(variants(sentence))
        return out

    def openings(self) -> list[Sentence]:
        return [self.thanks, *self.thanks_alternatives]


class LetterRules(RuleModel):
    max_copied_words: int = Field(default=8, ge=1)
    letter_after_days: int = Field(default=1, ge=0)
    weekdays_only: bool = True
    greeting: GreetingRules
    key_points: list[NoteRule]
    quoted: QuotedRules
    commitments: list[NoteRule]
    commitment_as_written: Template
    earlier: EarlierRules
    achievement: AchievementRules
    relevance: RelevanceRules = Field(default_factory=RelevanceRules)
    horizons: list[HorizonRule] = Field(default_factory=list)
    outcomes: dict[Outcome, OutcomeRules]
    # The packet's plan section intro by outcome (read by assemble/packet.py).
    plans: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_outcome(self) -> LetterRules:
        missing = sorted(set(Outcome.__args__) - set(self.outcomes))
        if missing:
            raise ValueError(f"outcomes: missing {', '.join(missing)}")
        for name, outcome in self.outcomes.items():
            for text in outcome.sentences():
                if any(slot in text for slot in NAME_SLOTS):
                    raise ValueError(f"outcomes.{name}: names are not placeholders here")
        return self


def letters(rules_dir: Path) -> LetterRules:
    """letters.yaml as LetterRules (read once per file version)."""
    return load(rules_dir, "letters.yaml", LetterRules)
